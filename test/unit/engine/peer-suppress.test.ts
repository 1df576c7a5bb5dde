import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { PEER_MAPPINGS, peerRules } from '../../../server/src/engine/peer-ids';
import type { Finding } from '../../../server/src/engine/types';
import { allRules, ruleById } from '../../../server/src/rules/registry';
import { suppressionDocPage } from '../../../server/src/rules/suppression-doc';

/**
 * Suppressions written for cfn-lint, cfn_nag and Checkov, on a template whose findings come from
 * rules that exist today: iam/unknown-action, iam/data-exfiltration and iam/wildcard-resource
 * (AppRole), ec2/imds-v1 (Web), s3/access-logging-disabled, s3/public-access-block and
 * s3/versioning-disabled (Uploads).
 */
const TEMPLATE = ({ top = '', role = '', web = '', webProps = '', bucket = '' } = {}) => `AWSTemplateFormatVersion: "2010-09-09"
${top}Resources:
  AppRole:
    Type: AWS::IAM::Role
${role}    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObjekt
                Resource: "*"
              - Effect: Allow
                Action: dynamodb:GetItem
                Resource: "*"
  Web:
    Type: AWS::EC2::Instance
${web}    Properties:
${webProps}      ImageId: ami-1
  Uploads:
    Type: AWS::S3::Bucket
${bucket}`;

const scan = (text: string, fileName = 't.yaml') => analyze(text, { fileName }).findings;
const one = (fs: Finding[], ruleId: string, resourceId: string) => {
  const hits = fs.filter((f) => f.ruleId === ruleId && f.resourceId === resourceId);
  assert.equal(hits.length, 1, `expected one ${ruleId} on ${resourceId}, got ${hits.length}`);
  return hits[0];
};
const suppressedIds = (fs: Finding[]) => fs.filter((f) => f.suppression).map((f) => `${f.resourceId}:${f.ruleId}`).sort();

test('baseline: the template has the findings the peer suppressions target, none suppressed', () => {
  const fs = scan(TEMPLATE());
  for (const [rule, res] of [
    ['iam/unknown-action', 'AppRole'],
    ['iam/wildcard-resource', 'AppRole'],
    ['iam/data-exfiltration', 'AppRole'],
    ['ec2/imds-v1', 'Web'],
    ['s3/access-logging-disabled', 'Uploads'],
    ['s3/public-access-block', 'Uploads'],
    ['s3/versioning-disabled', 'Uploads'],
  ]) one(fs, rule, res);
  assert.deepEqual(suppressedIds(fs), []);
});

test('cfn-lint ignore_checks in resource Metadata suppresses the mapped rule for that resource only', () => {
  const fs = scan(TEMPLATE({ role: '    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [W3037]\n' }));
  const f = one(fs, 'iam/unknown-action', 'AppRole');
  assert.equal(f.suppression?.kind, 'inSource');
  assert.match(f.suppression!.justification, /cfn-lint ignore_checks W3037 in Metadata of AppRole/);
  assert.deepEqual(suppressedIds(fs), ['AppRole:iam/unknown-action']);
  // Peer suppressions are not ours: no "without a reason" report for cfn-lint, which has no reason field.
  assert.equal(fs.filter((x) => x.ruleId === 'leastpriv/suppression-without-reason').length, 0);
});

test('cfn-lint ignore_checks in template Metadata suppresses in the whole file', () => {
  const top = 'Metadata:\n  cfn-lint:\n    config:\n      ignore_checks:\n        - W3037\n        - E3510\n';
  const fs = scan(TEMPLATE({ top }));
  assert.match(one(fs, 'iam/unknown-action', 'AppRole').suppression!.justification, /template Metadata/);
  // E3510 (policy grammar) does not stand for the security rules.
  assert.deepEqual(suppressedIds(fs), ['AppRole:iam/unknown-action']);
});

test('cfn_nag rules_to_suppress carries its reason as the justification (YAML and JSON)', () => {
  const role = '    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W11\n            reason: DynamoDB table is created per tenant at run time\n';
  const bucket = '    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - {id: W35, reason: "access logged by CloudTrail data events"}\n';
  const fs = scan(TEMPLATE({ role, bucket }));
  assert.equal(one(fs, 'iam/wildcard-resource', 'AppRole').suppression?.justification, 'DynamoDB table is created per tenant at run time');
  assert.equal(one(fs, 's3/access-logging-disabled', 'Uploads').suppression?.justification, 'access logged by CloudTrail data events');
  // W11 is "* resource": it does not hide the data-exfiltration finding on the same statement.
  assert.deepEqual(suppressedIds(fs), ['AppRole:iam/wildcard-resource', 'Uploads:s3/access-logging-disabled']);

  const json = JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Web: {
          Type: 'AWS::EC2::Instance',
          Metadata: { cfn_nag: { rules_to_suppress: [{ id: 'w33', reason: 'lowercase id' }] } },
          Properties: { ImageId: 'ami-1', NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: true, SubnetId: 'subnet-1' }] },
        },
      },
    },
    null,
    2,
  );
  const jf = scan(json, 't.json');
  assert.equal(one(jf, 'ec2/public-ip', 'Web').suppression?.justification, 'lowercase id');
  assert.equal(one(jf, 'ec2/imds-v1', 'Web').suppression, undefined);
});

test('Checkov Metadata skip carries its comment as the justification', () => {
  const bucket = '    Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_21\n            comment: scratch bucket, objects are reproducible\n          - id: CKV_AWS_53\n            comment: public website\n';
  const fs = scan(TEMPLATE({ bucket }));
  assert.equal(one(fs, 's3/versioning-disabled', 'Uploads').suppression?.justification, 'scratch bucket, objects are reproducible');
  assert.equal(one(fs, 's3/public-access-block', 'Uploads').suppression?.justification, 'public website');
  assert.deepEqual(suppressedIds(fs), ['Uploads:s3/public-access-block', 'Uploads:s3/versioning-disabled']);
});

test('# checkov:skip=ID:reason inside a resource suppresses the mapped rule for that resource', () => {
  const fs = scan(TEMPLATE({ webProps: '      # checkov:skip=CKV_AWS_79:Vendor AMI without IMDSv2 support\n' }));
  const f = one(fs, 'ec2/imds-v1', 'Web');
  assert.equal(f.suppression?.justification, 'Vendor AMI without IMDSv2 support');
  assert.match(f.suppression!.via, /checkov:skip=CKV_AWS_79/);
  assert.deepEqual(suppressedIds(fs), ['Web:ec2/imds-v1']);
});

test('an unrelated or unknown peer id suppresses nothing', () => {
  const fs = scan(
    TEMPLATE({
      top: 'Metadata:\n  cfn-lint:\n    config:\n      ignore_checks: [W3005, E3012]\n',
      role: '    Metadata:\n      checkov:\n        skip:\n          - {id: CKV_AWS_18, comment: wrong resource type}\n',
      web: '    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - {id: W35, reason: bucket rule on an instance}\n          - {id: W9999, reason: no such rule}\n',
      webProps: '      # checkov:skip=CKV_AWS_20:ACL rule on an instance\n',
      bucket: '    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - {id: F3, reason: IAM rule on a bucket}\n',
    }),
  );
  assert.deepEqual(suppressedIds(fs), []);
  // And a mapped id written on another resource does not leak: W35 on Web leaves Uploads reported.
  assert.equal(one(fs, 's3/access-logging-disabled', 'Uploads').suppression, undefined);
});

test('every rule id in PEER_MAPPINGS is a registered rule; peer ids are unique per tool', () => {
  // Read at run time, so that the test follows the registry as rules are added.
  const registered = new Set(allRules().map((r) => r.meta.id));
  const unknown = [...new Set(PEER_MAPPINGS.flatMap((m) => m.rules))].filter((id) => !registered.has(id) || !ruleById(id));
  assert.deepEqual(unknown, [], `PEER_MAPPINGS names rules that do not exist: ${unknown.join(', ')}`);
  const keys = PEER_MAPPINGS.map((m) => `${m.tool}:${m.id.toUpperCase()}`);
  assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
  for (const m of PEER_MAPPINGS) {
    assert.ok(m.rules.length > 0 && m.title.trim(), `${m.tool} ${m.id}`);
    assert.ok(/^(E|W|I)\d{4}$/.test(m.id) || m.tool !== 'cfn-lint', m.id);
    assert.ok(/^[FW]\d+$/.test(m.id) || m.tool !== 'cfn_nag', m.id);
    assert.ok(/^CKV2?_AWS_\d+$/.test(m.id) || m.tool !== 'checkov', m.id);
  }
});

test('peerRules: case-insensitive lookup, empty for unmapped ids', () => {
  assert.deepEqual(peerRules('cfn_nag', 'w11'), ['iam/wildcard-resource']);
  assert.ok(peerRules('cfn_nag', 'F3').includes('iam/full-admin'));
  assert.ok(peerRules('checkov', 'ckv_aws_63').includes('iam/wildcard-action'));
  assert.deepEqual(peerRules('checkov', 'CKV_AWS_99999'), []);
  assert.deepEqual(peerRules('cfn-lint', 'W11'), []);
});

test('docs/suppression.md lists every peer mapping', () => {
  const page = suppressionDocPage(allRules());
  for (const m of PEER_MAPPINGS) assert.ok(page.includes(`| ${m.id} |`), `${m.tool} ${m.id} missing from the page`);
  for (const s of ['leastpriv-ignore', 'suppressions', 'inSource', '--show-suppressed', 'leastpriv/suppression-without-reason', 'leastpriv/unknown-rule-id', 'on this line']) {
    assert.ok(page.includes(s), s);
  }
});
