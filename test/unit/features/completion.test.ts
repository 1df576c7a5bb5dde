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
