import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { arnSnippet, completeAt, type CompletionResult } from '../../../server/src/features/completion';
import { hoverAt } from '../../../server/src/features/hover';
import { analyze } from '../../../server/src/engine/analyze';
import { REPO } from '../catalog/data-dir';
import { applyEdit, at, freshCatalog, JSON_POLICY, JSON_TEMPLATE, testCatalog, YAML_POLICY, YAML_TEMPLATE } from './helpers';

const complete = (src: string, file: string) => {
  const c = at(src, file);
  const r = completeAt(c.result, c.offset, testCatalog());
  return { r, text: c.text };
};
/** The text after accepting the item with this label. */
const accept = (r: CompletionResult | undefined, text: string, label: string) => {
  const item = r?.items.find((i) => i.label === label);
  assert.ok(item, `${label} not offered (${r?.items.length ?? 0} items: ${r?.items.slice(0, 5).map((i) => i.label).join(', ')})`);
  return applyEdit(text, r!.start, r!.end, item.insertText);
};

describe('completion: actions', () => {
  test('no `:` yet: service prefixes with titles, without reading any service file', () => {
    const catalog = freshCatalog();
    const c = at(YAML_POLICY + '    Action:\n      - s|\n', 'p.yaml');
    const r = completeAt(c.result, c.offset, catalog)!;
    assert.equal(r.site, 'action');
    const s3 = r.items.find((i) => i.label === 's3')!;
    assert.equal(s3.detail, 'Amazon S3');
    assert.equal(s3.insertText, 's3:');
    assert.equal(s3.retrigger, true);
    assert.ok(r.items.length > 300);
    assert.deepEqual(catalog.loadedServices(), []);
    assert.ok(applyEdit(c.text, r.start, r.end, s3.insertText).includes('      - s3:\n'));
  });

  test('after `s3:Get` (YAML plain scalar): s3 actions, access level as detail, the whole token replaced', () => {
    const { r, text } = complete(YAML_POLICY + '    Action: s3:Get|\n    Resource: "*"\n', 'p.yaml');
    const item = r!.items.find((i) => i.label === 's3:GetObject')!;
    assert.equal(item.detail, 'Read');
    assert.match(item.documentation!, /retrieve objects/);
    assert.ok(accept(r, text, 's3:GetObject').includes('    Action: s3:GetObject\n    Resource'));
    // The cursor in the middle of a token replaces all of it.
    const mid = complete(YAML_POLICY + '    Action: s3:Get|Objekt\n', 'p.yaml');
    assert.ok(accept(mid.r, mid.text, 's3:GetObject').endsWith('    Action: s3:GetObject\n'));
  });

  test('JSON strings: only the content is replaced; a new JSON position gets quotes', () => {
    const s = complete(JSON_POLICY + '"Action": "s3:Get|", "Resource": "*"}]}', 'p.json');
    assert.ok(accept(s.r, s.text, 's3:GetObject').includes('"Action": "s3:GetObject", "Resource"'));
    const list = complete(JSON_POLICY + '"Action": ["s3:GetObject", |], "Resource": "*"}]}', 'p.json');
    assert.ok(accept(list.r, list.text, 's3').includes('["s3:GetObject", "s3:"]'));
    const quotedYaml = complete(YAML_POLICY + "    Action: ['s3:Put|']\n", 'p.yaml');
    assert.ok(accept(quotedYaml.r, quotedYaml.text, 's3:PutObject').includes("['s3:PutObject']"));
  });

  test('while typing: unterminated JSON string, `- ` with nothing after it', () => {
    const j = complete(JSON_POLICY + '"Action": ["s3:Get|\n', 'p.json');
    assert.ok(accept(j.r, j.text, 's3:GetObject').includes('["s3:GetObject\n'));
    const y = complete(YAML_POLICY + '    Action:\n      - s3:GetObject\n      - |\n    Resource: "*"\n', 'p.yaml');
    assert.equal(y.r?.site, 'action');
    assert.ok(accept(y.r, y.text, 'iam').includes('      - iam:\n'));
  });

  test('YAML reads a value ending in `:` as a mapping: `Action: s3:` still completes s3 actions', () => {
    for (const src of [
      YAML_POLICY + '    Action: s3:|\n    Resource: "*"\n',
      YAML_POLICY + '    Action:\n      - s3:|\n    Resource: "*"\n',
      YAML_POLICY + '    Action: [s3:|]\n',
    ]) {
      const { r, text } = complete(src, 'p.yaml');
      assert.equal(r?.site, 'action', src);
      assert.ok(accept(r, text, 's3:GetObject').includes('s3:GetObject'), src);
      assert.ok(!accept(r, text, 's3:GetObject').includes('s3:s3:'), src);
    }
    const key = complete(YAML_POLICY + '    Action: s3:GetObject\n    Condition:\n      StringEquals:\n        aws:|\n', 'p.yaml');
    assert.equal(key.r?.site, 'condition-key');
    assert.ok(accept(key.r, key.text, 'aws:SourceVpc').endsWith('        aws:SourceVpc:\n'));
    // A finished key followed by `:` (the trigger character) offers nothing.
    assert.equal(complete(YAML_POLICY + '    Action: s3:GetObject\n    Condition:\n      StringEquals:|\n', 'p.yaml').r, undefined);
  });

  test('a wildcard item says what it would grant', () => {
    const { r } = complete(YAML_POLICY + '    Action: s3:Get|\n', 'p.yaml');
    const w = r!.items.find((i) => i.label === 's3:Get*')!;
    assert.equal(w.kind, 'wildcard');
    assert.match(w.detail!, /^\d+ actions: Read \d+/);
    const star = complete(YAML_POLICY + '    Action: s3:Get*|\n', 'p.yaml');
    assert.equal(star.r!.items.find((i) => i.kind === 'wildcard')?.label, 's3:Get*');
  });

  test('nothing for unknown services, after `Action:` with no space, or outside policies', () => {
    assert.equal(complete(YAML_POLICY + '    Action: s4:Get|\n', 'p.yaml').r, undefined);
    assert.equal(complete(YAML_POLICY + '    Action:|\n', 'p.yaml').r, undefined);
    assert.equal(complete(YAML_TEMPLATE.replace('PolicyName: p', 'PolicyName: p|'), 't.yaml').r, undefined);
  });
});

describe('completion: conditions', () => {
  test('operators under Condition (YAML blank line and typed key; JSON key)', () => {
    const base = YAML_POLICY + '    Action: s3:GetObject\n    Condition:\n';
    const blank = complete(base + '      |\n', 'p.yaml');
    assert.equal(blank.r?.site, 'condition-operator');
    assert.ok(accept(blank.r, blank.text, 'StringEquals').endsWith('    Condition:\n      StringEquals:\n'));
    const typed = complete(base + '      IpAdd|\n', 'p.yaml');
    assert.ok(accept(typed.r, typed.text, 'IpAddress').endsWith('      IpAddress:\n'));
    assert.ok(typed.r!.items.some((i) => i.label === 'StringLikeIfExists'));
    assert.ok(!typed.r!.items.some((i) => i.label.startsWith('ForAllValues:')));
    const qual = complete(base + '      For|\n', 'p.yaml');
    assert.ok(qual.r!.items.some((i) => i.label === 'ForAllValues:StringEquals'));
    const j = complete(JSON_POLICY + '"Action": "s3:GetObject", "Condition": {"Str|"}}]}', 'p.json');
    assert.ok(accept(j.r, j.text, 'StringEquals').includes('"Condition": {"StringEquals"}'));
  });

  test('condition keys: the statement actions\' keys first, their services\' keys, the global aws: keys', () => {
    const base = YAML_POLICY + '    Action: s3:ListBucket\n    Condition:\n      StringLike:\n';
    const { r, text } = complete(base + '        s3:pre|\n', 'p.yaml');
    assert.equal(r?.site, 'condition-key');
    const labels = r!.items.map((i) => i.label);
    assert.ok(labels.includes('s3:prefix'));
    assert.ok(labels.includes('aws:SourceIp'));
    assert.ok(labels.includes('aws:PrincipalOrgID'));
    assert.ok(!labels.includes('ec2:InstanceType'));
    const sorted = r!.items.slice().sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.ok(sorted.findIndex((i) => i.label === 's3:prefix') < sorted.findIndex((i) => i.label === 'aws:SourceIp'));
    assert.ok(accept(r, text, 's3:prefix').endsWith('        s3:prefix:\n'));
    const tag = r!.items.find((i) => i.label === 'aws:RequestTag/${TagKey}')!;
    assert.equal(tag.snippet, true);
    assert.equal(tag.insertText, 'aws:RequestTag/${1:TagKey}:');
  });

  test('condition keys in JSON, with an incomplete document', () => {
    const { r, text } = complete(JSON_POLICY + '"Action": "ec2:RunInstances", "Condition": {"StringEquals": {"aws:Sou|', 'p.json');
    assert.ok(r!.items.some((i) => i.label === 'ec2:InstanceType'));
    assert.ok(accept(r, text, 'aws:SourceVpc').endsWith('{"aws:SourceVpc'));
    const bare = complete(JSON_POLICY + '"Action": "ec2:RunInstances", "Condition": {"Bool": {|}}}]}', 'p.json');
    assert.ok(accept(bare.r, bare.text, 'aws:SecureTransport').includes('{"Bool": {"aws:SecureTransport"}}'));
    // Bool-typed keys rank first under Bool.
    const first = bare.r!.items.slice().sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0];
    assert.match(first.detail!, /^Bool/);
  });
});

describe('completion: resource ARNs', () => {
  test('standalone policy: literal ARN templates of the statement actions\' resource types', () => {
    const { r, text } = complete(YAML_POLICY + '    Action: [s3:GetObject, s3:PutObject]\n    Resource: |\n', 'p.yaml');
    assert.equal(r?.site, 'resource');
    const first = r!.items[0];
    assert.equal(first.label, 'arn:aws:s3:::BUCKET_NAME/OBJECT_NAME');
    assert.equal(first.insertText, 'arn:aws:s3:::${1:BUCKET_NAME}/${2:OBJECT_NAME}');
    assert.match(first.detail!, /s3:GetObject/);
    assert.ok(accept(r, text, 'arn:aws:s3:::BUCKET_NAME/OBJECT_NAME').endsWith('Resource: arn:aws:s3:::${1:BUCKET_NAME}/${2:OBJECT_NAME}\n'));
    const j = complete(JSON_POLICY + '"Action": "kms:Decrypt", "Resource": ["|"]}]}', 'p.json');
    assert.equal(j.r!.items[0].insertText, 'arn:aws:kms:${1:REGION}:${2:ACCOUNT_ID}:key/${3:KEY_ID}');
  });

  test('templates: `!Sub` with pseudo parameters in YAML, `Fn::Sub` strings, an `Fn::Sub` object in JSON', () => {
    const y = complete(YAML_TEMPLATE + '                Action: kms:Decrypt\n                Resource:\n                  - |\n', 't.yaml');
    assert.equal(y.r!.items[0].label, '!Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/KEY_ID');
    assert.equal(y.r!.items[0].insertText, '!Sub arn:\\${AWS::Partition\\}:kms:\\${AWS::Region\\}:\\${AWS::AccountId\\}:key/${1:KEY_ID}');
    assert.ok(y.r!.items.some((i) => i.label === 'arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID'));
    const sub = complete(YAML_TEMPLATE + '                Action: s3:GetObject\n                Resource: !Sub "arn:|"\n', 't.yaml');
    assert.equal(sub.r!.items[0].label, 'arn:${AWS::Partition}:s3:::BUCKET_NAME/OBJECT_NAME');
    assert.ok(sub.r!.items.every((i) => !i.label.startsWith('!Sub')));
    const j = complete(JSON_TEMPLATE + '"Action": "s3:GetObject", "Resource": |}]}}]}}}}', 't.json');
    assert.equal(j.r!.items[0].label, '{"Fn::Sub": "arn:${AWS::Partition}:s3:::BUCKET_NAME/OBJECT_NAME"}');
    assert.equal(j.r!.items[1].insertText, '"arn:aws:s3:::${1:BUCKET_NAME}/${2:OBJECT_NAME}"');
  });

  test('wildcard actions contribute their resource types; none without actions', () => {
    const { r } = complete(YAML_POLICY + '    Action: s3:Get*\n    Resource: |\n', 'p.yaml');
    assert.ok(r!.items.some((i) => i.label === 'arn:aws:s3:::BUCKET_NAME'));
    assert.equal(complete(YAML_POLICY + '    Resource: |\n', 'p.yaml').r, undefined);
  });

  test('arnSnippet escapes literal `$` and `}` and numbers placeholders', () => {
    assert.deepEqual(arnSnippet('arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', 'sub'), {
      snippet: 'arn:\\${AWS::Partition\\}:iam::\\${AWS::AccountId\\}:role/${1:ROLE_NAME_WITH_PATH}',
      label: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ROLE_NAME_WITH_PATH',
    });
  });
});

describe('completion: Effect and Version', () => {
  test('Effect: Allow / Deny with documentation (YAML policy, JSON policy, YAML template)', () => {
    const y = complete(YAML_POLICY.replace('Effect: Allow', 'Effect: |'), 'p.yaml');
    assert.equal(y.r?.site, 'effect');
    assert.deepEqual(y.r!.items.map((i) => i.label), ['Allow', 'Deny']);
    assert.ok(y.r!.items.every((i) => i.kind === 'value' && /Effect/.test(i.documentation!)));
    assert.ok(accept(y.r, y.text, 'Deny').endsWith('  - Effect: Deny\n'));
    const typed = complete(YAML_POLICY.replace('Effect: Allow', 'Effect: Al|') + '    Action: s3:GetObject\n', 'p.yaml');
    assert.ok(accept(typed.r, typed.text, 'Allow').endsWith('  - Effect: Allow\n    Action: s3:GetObject\n'));
    const j = complete('{"Version": "2012-10-17", "Statement": [{"Effect": |}]}', 'p.json');
    assert.equal(accept(j.r, j.text, 'Allow'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}');
    const jq = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "D|"}]}', 'p.json');
    assert.equal(accept(jq.r, jq.text, 'Deny'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny"}]}');
    const t = complete(YAML_TEMPLATE.replace(/- Effect: Allow\n$/, '- Effect: |\n'), 't.yaml');
    assert.ok(accept(t.r, t.text, 'Allow').endsWith('              - Effect: Allow\n'));
    const jt = complete(JSON_TEMPLATE.replace(/"Effect": "Allow", $/, '"Effect": |}]}}]}}}}'), 't.json');
    assert.ok(accept(jt.r, jt.text, 'Deny').includes('{"Effect": "Deny"}'));
  });

  test('Version: only 2012-10-17, quoted in YAML (a plain 2012-10-17 is a date to some YAML readers)', () => {
    const y = complete('Version: |\nStatement:\n  - Effect: Allow\n', 'p.yaml');
    assert.equal(y.r?.site, 'version');
    assert.deepEqual(y.r!.items.map((i) => i.label), ['2012-10-17']);
    assert.match(y.r!.items[0].documentation!, /2008-10-17/);
    assert.equal(accept(y.r, y.text, '2012-10-17'), 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n');
    const typed = complete('Version: 20|\nStatement:\n  - Effect: Allow\n', 'p.yaml');
    assert.ok(accept(typed.r, typed.text, '2012-10-17').startsWith('Version: "2012-10-17"\n'));
    const single = complete("Version: '|'\nStatement: []\n", 'p.yaml');
    assert.ok(accept(single.r, single.text, '2012-10-17').startsWith("Version: '2012-10-17'\n"));
    const j = complete('{"Version": |, "Statement": [{"Effect": "Allow"}]}', 'p.json');
    assert.ok(accept(j.r, j.text, '2012-10-17').startsWith('{"Version": "2012-10-17", "Statement"'));
    const tmpl =
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: |\n';
    const t = complete(tmpl, 't.yaml');
    assert.ok(accept(t.r, t.text, '2012-10-17').endsWith('        Version: "2012-10-17"\n'));
    const jt = complete(JSON_TEMPLATE.replace('"PolicyDocument": {', '"PolicyDocument": {"Version": "|", ') + '}]}}]}}}}', 't.json');
    assert.ok(accept(jt.r, jt.text, '2012-10-17').includes('"PolicyDocument": {"Version": "2012-10-17", "Statement"'));
  });

  test('no Version outside a policy (package.json, a template\'s own keys), no Effect outside a statement', () => {
    assert.equal(complete('{"name": "x", "version": "|"}', 'package.json').r, undefined);
    assert.equal(complete('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  F:\n    Type: AWS::Lambda::Version\n    Properties:\n      Version: |\n', 't.yaml').r, undefined);
    const taint = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  N:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      Taints:\n        - Key: k\n          Effect: |\n';
    assert.equal(complete(taint, 't.yaml').r, undefined);
  });
});

describe('completion: principals', () => {
  const TRUST = YAML_POLICY + '    Action: sts:AssumeRole\n    Principal:\n';
  test('principal types as keys of Principal / NotPrincipal (YAML blank line, typed key; JSON), with documentation', () => {
    const y = complete(TRUST + '      |\n', 'p.yaml');
    assert.equal(y.r?.site, 'principal-type');
    assert.deepEqual(y.r!.items.map((i) => i.label), ['AWS', 'Service', 'Federated', 'CanonicalUser']);
    assert.ok(y.r!.items.every((i) => i.kind === 'principal-type' && i.documentation!.includes('reference_policies_elements_principal.html')));
    assert.ok(accept(y.r, y.text, 'Service').endsWith('    Principal:\n      Service:\n'));
    const typed = complete(TRUST + '      Fed|\n', 'p.yaml');
    assert.ok(accept(typed.r, typed.text, 'Federated').endsWith('    Principal:\n      Federated:\n'));
    // A type already there is not offered again; the key under the cursor is replaced whole.
    const more = complete(TRUST + '      AWS: arn:aws:iam::111122223333:root\n      |\n', 'p.yaml');
    assert.deepEqual(more.r!.items.map((i) => i.label), ['Service', 'Federated', 'CanonicalUser']);
    const onKey = complete(TRUST + '      Ser|vice: ecs.amazonaws.com\n', 'p.yaml');
    assert.ok(accept(onKey.r, onKey.text, 'Service').endsWith('      Service: ecs.amazonaws.com\n'));
    const j = complete(JSON_POLICY + '"Action": "s3:GetObject", "NotPrincipal": {|}}]}', 'p.json');
    assert.equal(j.r?.site, 'principal-type');
    assert.ok(accept(j.r, j.text, 'AWS').includes('"NotPrincipal": {"AWS"}'));
    const jt = complete(JSON_TEMPLATE + '"Action": "s3:GetObject", "Principal": {"Can|"}}]}}]}}}}', 't.json');
    assert.ok(accept(jt.r, jt.text, 'CanonicalUser').includes('"Principal": {"CanonicalUser"}'));
    const yt = complete(YAML_TEMPLATE + '                Principal:\n                  |\n', 't.yaml');
    assert.ok(accept(yt.r, yt.text, 'AWS').endsWith('                Principal:\n                  AWS:\n'));
    // A finished key before `:` (the trigger character) offers nothing.
    assert.equal(complete(TRUST + '      AWS:|\n', 'p.yaml').r, undefined);
  });

  test('no principal types outside a Principal object', () => {
    assert.notEqual(complete(YAML_POLICY + '    |\n', 'p.yaml').r?.site, 'principal-type');
    assert.equal(complete(YAML_POLICY + '    Action: s3:GetObject\n    Condition:\n      |\n', 'p.yaml').r!.items.some((i) => i.label === 'Federated'), false);
    assert.equal(complete(YAML_POLICY + '    Action: s3:GetObject\n    Resource: |\n', 'p.yaml').r!.items.some((i) => i.kind === 'principal-type'), false);
    assert.equal(complete('Resources:\n  Principal:\n    |\n', 'x.yaml').r, undefined);
    // A Lambda permission's Principal property is not a policy element.
    const perm = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      Principal: |\n';
    assert.equal(complete(perm, 't.yaml').r, undefined);
  });

  test('the whole Principal value: "*" (quoted in YAML); not for NotPrincipal', () => {
    const y = complete(YAML_POLICY + '    Principal: |\n    Action: s3:GetObject\n', 'p.yaml');
    assert.equal(y.r?.site, 'principal');
    assert.match(y.r!.items[0].documentation!, /public/);
    assert.ok(accept(y.r, y.text, '*').includes('    Principal: "*"\n'));
    const j = complete(JSON_POLICY + '"Principal": |, "Action": "s3:GetObject"}]}', 'p.json');
    assert.ok(accept(j.r, j.text, '*').includes('"Principal": "*", "Action"'));
    assert.equal(complete(YAML_POLICY + '    NotPrincipal: |\n', 'p.yaml').r, undefined);
  });

  test('Federated: the web identity providers of the IAM documentation, then OIDC and SAML provider ARNs from the catalog', () => {
    const y = complete(TRUST.replace('sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity') + '      Federated: |\n', 'p.yaml');
    assert.equal(y.r?.site, 'principal-value');
    assert.deepEqual(y.r!.items.map((i) => i.label), [
      'cognito-identity.amazonaws.com',
      'www.amazon.com',
      'graph.facebook.com',
      'accounts.google.com',
      'arn:aws:iam::ACCOUNT_ID:oidc-provider/OIDC_PROVIDER_NAME',
      'arn:aws:iam::ACCOUNT_ID:saml-provider/SAML_PROVIDER_NAME',
    ]);
    assert.match(y.r!.items[0].documentation!, /cognito-identity\.amazonaws\.com:aud/);
    assert.ok(accept(y.r, y.text, 'accounts.google.com').endsWith('      Federated: accounts.google.com\n'));
    assert.ok(
      accept(y.r, y.text, 'arn:aws:iam::ACCOUNT_ID:saml-provider/SAML_PROVIDER_NAME').endsWith(
        '      Federated: arn:aws:iam::${1:ACCOUNT_ID}:saml-provider/${2:SAML_PROVIDER_NAME}\n',
      ),
    );
    // `arn:aws:iam::` typed: YAML reads it as a mapping; still a value.
    const typed = complete(TRUST + '      Federated: arn:aws:iam::|\n', 'p.yaml');
    assert.ok(accept(typed.r, typed.text, 'arn:aws:iam::ACCOUNT_ID:oidc-provider/OIDC_PROVIDER_NAME').endsWith('Federated: arn:aws:iam::${1:ACCOUNT_ID}:oidc-provider/${2:OIDC_PROVIDER_NAME}\n'));
    const j = complete(JSON_POLICY + '"Principal": {"Federated": |}, "Action": "sts:AssumeRoleWithWebIdentity"}]}', 'p.json');
    assert.ok(accept(j.r, j.text, 'www.amazon.com').includes('{"Federated": "www.amazon.com"}'));
    // Templates: `!Sub` with pseudo parameters; inside a `!Sub` string only the ARNs.
    const t = complete(YAML_TEMPLATE + '                Principal:\n                  Federated: !Sub "arn:|"\n', 't.yaml');
    assert.deepEqual(t.r!.items.map((i) => i.label), [
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/OIDC_PROVIDER_NAME',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:saml-provider/SAML_PROVIDER_NAME',
    ]);
  });

  test('AWS: account root, role and user ARNs (literal in policies; `!Sub` / `Fn::Sub` first in templates)', () => {
    const y = complete(TRUST + '      AWS: |\n', 'p.yaml');
    assert.deepEqual(y.r!.items.map((i) => i.label), [
      'arn:aws:iam::ACCOUNT_ID:root',
      'arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME_WITH_PATH',
      'arn:aws:iam::ACCOUNT_ID:user/USER_NAME_WITH_PATH',
    ]);
    assert.ok(accept(y.r, y.text, 'arn:aws:iam::ACCOUNT_ID:root').endsWith('      AWS: arn:aws:iam::${1:ACCOUNT_ID}:root\n'));
    const list = complete(JSON_POLICY + '"Principal": {"AWS": ["|"]}, "Action": "sts:AssumeRole"}]}', 'p.json');
    assert.ok(accept(list.r, list.text, 'arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME_WITH_PATH').includes('{"AWS": ["arn:aws:iam::${1:ACCOUNT_ID}:role/${2:ROLE_NAME_WITH_PATH}"]}'));
    const t = complete(YAML_TEMPLATE + '                Principal:\n                  AWS:\n                    - |\n', 't.yaml');
    assert.equal(t.r!.items[0].label, '!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
    assert.ok(accept(t.r, t.text, '!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root').endsWith('                    - !Sub arn:\\${AWS::Partition\\}:iam::\\${AWS::AccountId\\}:root\n'));
    const jt = complete(JSON_TEMPLATE + '"Principal": {"AWS": |}}]}}]}}}}', 't.json');
    assert.equal(jt.r!.items[0].label, '{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}');
    assert.equal(jt.r!.items[1].insertText, '"arn:aws:iam::${1:ACCOUNT_ID}:root"');
    // The argument of an intrinsic is not the value.
    assert.equal(complete(YAML_TEMPLATE + '                Principal:\n                  AWS: !GetAtt Role.Ar|\n', 't.yaml').r, undefined);
  });

  test('Service: only the service principals already used in the document; nothing for CanonicalUser', () => {
    const other = '  - Effect: Allow\n    Action: sts:AssumeRole\n    Principal:\n      Service: [lambda.amazonaws.com, ecs.amazonaws.com]\n';
    const y = complete(TRUST + '      Service: |\n' + other, 'p.yaml');
    assert.deepEqual(y.r!.items.map((i) => i.label), ['ecs.amazonaws.com', 'lambda.amazonaws.com']);
    assert.ok(accept(y.r, y.text, 'lambda.amazonaws.com').includes('    Principal:\n      Service: lambda.amazonaws.com\n'));
    assert.equal(complete(TRUST + '      Service: |\n', 'p.yaml').r, undefined);
    assert.equal(complete(TRUST + '      Service: lamb|\n', 'p.yaml').r, undefined);
    assert.equal(complete(TRUST + '      CanonicalUser: |\n', 'p.yaml').r, undefined);
    // Only principals written out: a `!Sub` would offer leastpriv's stand-in region.
    const sub = '  - Effect: Allow\n    Action: sts:AssumeRole\n    Principal:\n      Service: [!Sub "states.${AWS::Region}.amazonaws.com", ec2.amazonaws.com]\n';
    assert.deepEqual(complete(TRUST + '      Service: |\n' + sub, 'p.yaml').r!.items.map((i) => i.label), ['ec2.amazonaws.com']);
  });
});

describe('completion: condition values', () => {
  const COND = YAML_POLICY + '    Action: s3:GetObject\n    Condition:\n';
  test('Bool / BoolIfExists: "true" / "false", quoted like the fixes and snippets write aws:SecureTransport', () => {
    const y = complete(COND + '      Bool:\n        aws:SecureTransport: |\n', 'p.yaml');
    assert.equal(y.r?.site, 'condition-value');
    assert.deepEqual(y.r!.items.map((i) => i.label), ['true', 'false']);
    assert.match(y.r!.items[0].documentation!, /aws:SecureTransport/);
    assert.ok(accept(y.r, y.text, 'false').endsWith('        aws:SecureTransport: "false"\n'));
    const typed = complete(COND + '      Bool:\n        aws:SecureTransport: fa|\n', 'p.yaml');
    assert.ok(accept(typed.r, typed.text, 'false').endsWith('        aws:SecureTransport: "false"\n'));
    const list = complete(COND + '      BoolIfExists:\n        aws:MultiFactorAuthPresent:\n          - |\n', 'p.yaml');
    assert.ok(accept(list.r, list.text, 'true').endsWith('          - "true"\n'));
    const j = complete(JSON_POLICY + '"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": |}}}]}', 'p.json');
    assert.ok(accept(j.r, j.text, 'false').includes('{"Bool": {"aws:SecureTransport": "false"}}'));
    const jq = complete(JSON_POLICY + '"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "t|"}}}]}', 'p.json');
    assert.ok(accept(jq.r, jq.text, 'true').includes('{"Bool": {"aws:SecureTransport": "true"}}'));
    // A bare JSON boolean becomes a string.
    const bare = complete(JSON_POLICY + '"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": false|}}}]}', 'p.json');
    assert.ok(accept(bare.r, bare.text, 'false').includes('{"Bool": {"aws:SecureTransport": "false"}}'));
    const t = complete(YAML_TEMPLATE + '                Action: s3:GetObject\n                Condition:\n                  Bool:\n                    aws:SecureTransport: |\n', 't.yaml');
    assert.ok(accept(t.r, t.text, 'false').endsWith('                    aws:SecureTransport: "false"\n'));
    const jt = complete(JSON_TEMPLATE + '"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "|"}}}]}}]}}}}', 't.json');
    assert.ok(accept(jt.r, jt.text, 'true').includes('{"aws:SecureTransport": "true"}'));
  });

  test('Null: "true" (absent) / "false" (present) for any key', () => {
    const y = complete(COND + '      Null:\n        aws:TokenIssueTime: |\n', 'p.yaml');
    assert.match(y.r!.items[0].documentation!, /absent/);
    assert.match(y.r!.items[1].documentation!, /present/);
    assert.ok(accept(y.r, y.text, 'true').endsWith('        aws:TokenIssueTime: "true"\n'));
    const j = complete(JSON_POLICY + '"Action": "s3:PutObject", "Condition": {"Null": {"s3:x-amz-server-side-encryption": ["|"]}}}]}', 'p.json');
    assert.ok(accept(j.r, j.text, 'true').includes('"s3:x-amz-server-side-encryption": ["true"]'));
  });

  test('Bool-typed keys under a string operator get true/false; string keys and non-string operators do not', () => {
    const sb = complete(COND + '      StringEquals:\n        aws:SecureTransport: |\n', 'p.yaml');
    assert.deepEqual(sb.r!.items.map((i) => i.label), ['true', 'false']);
    assert.equal(complete(COND + '      StringEquals:\n        aws:SourceVpc: |\n', 'p.yaml').r, undefined);
    assert.equal(complete(JSON_POLICY + '"Action": "s3:*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "|"}}}]}', 'p.json').r, undefined);
    assert.equal(complete(COND + '      NumericLessThan:\n        aws:SecureTransport: |\n', 'p.yaml').r, undefined);
    // The key itself still completes keys, not values.
    assert.equal(complete(COND + '      Bool:\n        aws:Secure|Transport: "true"\n', 'p.yaml').r?.site, 'condition-key');
  });
});

describe('latency', () => {
  test('hover and completion on examples/capital-one-2019.yaml (printed, loosely bounded)', () => {
    const text = fs.readFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), 'utf8');
    const result = analyze(text, { fileName: 'capital-one-2019.yaml' });
    const catalog = freshCatalog();
    const time = (f: () => unknown) => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    };
    const hoverOff = text.indexOf('s3:GetObject') + 3;
    const complOff = text.indexOf('s3:GetObject') + 6;
    const coldHover = time(() => assert.ok(hoverAt(result, hoverOff, catalog)));
    const coldCompl = time(() => assert.ok(completeAt(result, complOff, catalog)));
    const warm: number[] = [];
    for (let i = 0; i < 50; i++) warm.push(time(() => hoverAt(result, hoverOff, catalog)) + time(() => completeAt(result, complOff, catalog)));
    warm.sort((a, b) => a - b);
    const p50 = warm[25];
    console.log(`# features latency: cold hover ${coldHover.toFixed(1)} ms, cold completion ${coldCompl.toFixed(1)} ms, warm hover+completion p50 ${p50.toFixed(2)} ms`);
    assert.ok(p50 < 20, `warm p50 ${p50} ms`);
  });
});
