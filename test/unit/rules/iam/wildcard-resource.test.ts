import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeholderArn, wildcardResource } from '../../../../server/src/rules/iam/wildcard-resource';
import { REPO, findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';
import * as fs from 'node:fs';
import * as path from 'node:path';

const D = 'rules/iam/wildcard-resource';
ruleTester(wildcardResource, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 8,
      lines: [33, 38, 41, 44, 47, 50, 53, 59],
      messages: [
        "Resource '*' lets s3:PutObject (Write)",
        'dynamodb:PutItem',
        "Resource 'arn:aws:iam::*:role/*' (every resource of its type) lets iam:PassRole",
        "Resource 'arn:aws:s3:::*/*' (every resource of its type) lets s3:DeleteObject",
        'sqs:SendMessage',
        "Resource '*' (parameter default) lets sns:Publish",
        "condition on 'aws:ResourceTag/team'",
        's3:GetObject (Read)',
      ],
      output: fixture(`${D}/bad-template.fixed.yaml`),
      fixTitle: 'Scope to DataBucket',
    },
    { file: `${D}/bad-template.json`, count: 1, severity: 'warning', output: fixture(`${D}/bad-template.fixed.json`), fixTitle: 'Scope to DataBucket' },
    { file: `${D}/bad-policy.json`, count: 1, lines: [9], messages: ["'xray:PutTraceSegments' only supports '*'"], output: fixture(`${D}/bad-policy.fixed.json`) },
    { file: `${D}/info-levels.yaml`, count: 3, severity: 'info', lines: [24, 27, 30] },
  ],
});

test('iam/wildcard-resource: severities (Write warns; tag-scoped, Read and admin inform)', () => {
  const f = findingsOf(fixture(`${D}/bad-template.yaml`), 'bad-template.yaml', 'iam/wildcard-resource');
  assert.deepEqual(
    f.map((x) => x.severity),
    ['warning', 'warning', 'warning', 'warning', 'warning', 'warning', 'info', 'info'],
  );
});

test('iam/wildcard-resource: one choice per candidate resource, in the file style', () => {
  const yaml = findingsOf(fixture(`${D}/bad-template.yaml`), 'bad-template.yaml', 'iam/wildcard-resource');
  assert.deepEqual(yaml[0].fixes.map((x) => x.edits[0].newText), ['!Sub "${DataBucket.Arn}/*"']);
  assert.ok(yaml[0].fixes.every((x) => x.kind === 'choice'));
  assert.equal(yaml[1].fixes[0].edits[0].newText, '!GetAtt Table.Arn', 'list item replaced alone');
  assert.equal(yaml[5].fixes.length, 0, 'no fix on a parameter default');
  const sqs = yaml[4].fixes[0].edits[0].newText;
  assert.equal(sqs, '!Sub "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:QUEUE_NAME"', '!If branch, no candidate');
  const json = findingsOf(fixture(`${D}/bad-template.json`), 'bad-template.json', 'iam/wildcard-resource');
  assert.deepEqual(
    json[0].fixes.map((x) => x.title.split(':')[0]),
    ['Scope to DataBucket', 'Scope to ArchiveBucket'],
  );
});

test('iam/wildcard-resource: Capital One WafRole — s3:GetObject but not s3:ListAllMyBuckets, bucket candidate', () => {
  const text = fs.readFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), 'utf8');
  const f = findingsOf(text, 'capital-one-2019.yaml', 'iam/wildcard-resource');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /s3:GetObject/);
  assert.match(f[0].message, /'s3:ListAllMyBuckets' only supports '\*' and is fine/);
  assert.ok(f[0].fixes.some((x) => x.edits[0].newText === '!Sub "${CreditApplicationsBucket.Arn}/*"'));
});

test('iam/wildcard-resource: placeholder ARNs from the catalog format', () => {
  assert.equal(placeholderArn('arn:${Partition}:s3:::${BucketName}/${ObjectName}', true), 'arn:${AWS::Partition}:s3:::BUCKET_NAME/*');
  assert.equal(placeholderArn('arn:${Partition}:sqs:${Region}:${Account}:${QueueName}', false), 'arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE_NAME');
});
