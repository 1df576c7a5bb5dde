import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../../server/src/engine/analyze';
import { publicAccessBlock } from '../../../../server/src/rules/s3/public-access-block';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/s3/public-access-block';
ruleTester(publicAccessBlock, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-missing.yaml`, count: 2, lines: [3, 7], severity: 'info', messages: ['no PublicAccessBlockConfiguration', 'April 2023'], output: fixture(`${D}/bad-missing.fixed.yaml`) },
    { file: `${D}/bad-partial.json`, count: 1, lines: [7], severity: 'warning', messages: ['BlockPublicPolicy is false, IgnorePublicAcls is missing (false), RestrictPublicBuckets is missing (false)'], output: fixture(`${D}/bad-partial.fixed.json`) },
    { file: `${D}/bad-partial.yaml`, count: 3, lines: [5, 13, 14], output: fixture(`${D}/bad-partial.fixed.yaml`) },
    { file: `${D}/bad-one-false.yaml`, count: 1, lines: [7], severity: 'warning', output: fixture(`${D}/bad-one-false.fixed.yaml`) },
    { file: `${D}/bad-intrinsics.yaml`, count: 3, lines: [14, 26, 30], severity: 'warning', messages: ['BlockPublicPolicy is false (parameter default)', 'BlockPublicAcls is false', 'is tagged data-classification: Confidential'] },
    { file: `${D}/bad-website.json`, count: 1, lines: [7], output: fixture(`${D}/bad-website.fixed.json`) },
  ],
});

test('s3/public-access-block: no fix for flags from parameters or conditions; a choice on website buckets', () => {
  const [fromParam, fromIf] = findingsOf(fixture(`${D}/bad-intrinsics.yaml`), 'x.yaml', 's3/public-access-block');
  assert.equal(fromParam.fixes.length, 0);
  assert.equal(fromIf.fixes.length, 0);
  const [site] = findingsOf(fixture(`${D}/bad-website.json`), 'x.json', 's3/public-access-block');
  assert.deepEqual(site.fixes.map((f) => f.kind), ['choice']);
});

test('s3/public-access-block: a bucket without Properties gets them', () => {
  const text = 'Resources:\n  Bare:\n    Type: AWS::S3::Bucket\n';
  const [f] = findingsOf(text, 'x.yaml', 's3/public-access-block');
  assert.match(f.fixes[0].edits[0].newText, /\n    Properties:\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true/);
});

test('s3 rules never throw on odd values', () => {
  const text = [
    'Resources:',
    '  A: {Type: AWS::S3::Bucket, Properties: none}',
    '  B:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      PublicAccessBlockConfiguration: 7',
    '      AccessControl: [PublicRead]',
    '      Tags: 5',
    '      BucketName: {Fn::Join: 3}',
    '      BucketEncryption: {ServerSideEncryptionConfiguration: x}',
    '      VersioningConfiguration: [Enabled]',
    '      LoggingConfiguration: {DestinationBucketName: {Ref: 7}}',
    '      WebsiteConfiguration: null',
    '  C: {Type: AWS::S3::Bucket, Properties: {BucketEncryption: {ServerSideEncryptionConfiguration: [7, {ServerSideEncryptionByDefault: 3}]}}}',
    '  P: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: {Ref: B}, PolicyDocument: {Statement: 7}}}',
    '  Q: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: [1], PolicyDocument: 3}}',
    '  D: {Type: AWS::S3::Bucket, Properties: {PublicAccessBlockConfiguration: {Fn::If: [c, 1]}}}',
    '',
  ].join('\n');
  const res = analyze(text, { fileName: 'odd.yaml', settings: { s3KmsRequired: 'always' } });
  assert.deepEqual(res.findings.filter((f) => f.ruleId === 'internal/rule-error').map((f) => f.message), []);
  assert.ok(res.findings.some((f) => f.ruleId.startsWith('s3/')));
});
