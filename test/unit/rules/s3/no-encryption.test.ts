import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../../server/src/engine/analyze';
import { noEncryption } from '../../../../server/src/rules/s3/no-encryption';
import { sensitiveReason } from '../../../../server/src/rules/s3/bucket';
import { fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/s3/no-encryption';
ruleTester(noEncryption, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-sensitive-name.yaml`, count: 1, lines: [2], severity: 'info', messages: ["no BucketEncryption"], output: fixture(`${D}/bad-sensitive-name.fixed.yaml`) },
    { file: `${D}/bad-aes256.json`, count: 1, lines: [10], messages: ['tagged DataClassification: Confidential'], output: fixture(`${D}/bad-aes256.fixed.json`) },
    { file: `${D}/bad-aes256.yaml`, count: 1, lines: [8], messages: ["'patient'"], output: fixture(`${D}/bad-aes256.fixed.yaml`) },
    { file: `${D}/bad-intrinsics.yaml`, count: 2, lines: [14, 21], messages: ['AES256 (parameter default)', 'SSEAlgorithm AES256'] },
  ],
});

const ids = (text: string, name: string, s3KmsRequired: 'always' | 'sensitive' | 'never') =>
  analyze(text, { fileName: name, settings: { s3KmsRequired } })
    .findings.filter((f) => f.ruleId === 's3/no-encryption')
    .map((f) => f.resourceId);

test("s3/no-encryption: s3KmsRequired 'always' checks every bucket, 'never' none", () => {
  const text = fixture(`${D}/bad-sensitive-name.yaml`);
  assert.deepEqual(ids(text, 'x.yaml', 'sensitive'), ['CreditApplicationsBucket']);
  assert.deepEqual(ids(text, 'x.yaml', 'always'), ['CreditApplicationsBucket', 'Plain']);
  assert.deepEqual(ids(text, 'x.yaml', 'never'), []);
  assert.deepEqual(ids(fixture(`${D}/good.json`), 'x.json', 'always'), ['Healthcheck', 'Accessories']);
});

test('s3/no-encryption: the sensitive heuristic', () => {
  const t = (props: string, id = 'B') => {
    const res = analyze(`Resources:\n  ${id}:\n    Type: AWS::S3::Bucket\n    Properties:\n${props}`, { fileName: 'x.yaml' });
    return sensitiveReason(res.template!, res.template!.resources.get(id)!);
  };
  assert.ok(t('      BucketName: !Sub "${AWS::AccountId}-credit-applications"\n'));
  assert.ok(t('      BucketName: acme-customers\n'));
  assert.ok(t('      BucketName: hr_SSN_exports\n'));
  assert.ok(t('      Tags: [{Key: data_classification, Value: PII}]\n'));
  assert.ok(t('      Tags: [{Key: Sensitivity, Value: highly-confidential}]\n'));
  assert.ok(t('      Tags: []\n', 'CustomerUploads'));
  assert.equal(t('      BucketName: acme-assets\n'), undefined);
  assert.equal(t('      BucketName: phishing-sim\n'), undefined);
  assert.equal(t('      Tags: [{Key: DataClassification, Value: internal}]\n'), undefined);
  assert.equal(t('      Tags: [{Key: Owner, Value: confidential}]\n'), undefined);
});
