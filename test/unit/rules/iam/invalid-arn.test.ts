import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getCatalog } from '../../../../server/src/catalog/catalog';
import { arnProblem, invalidArn } from '../../../../server/src/rules/iam/invalid-arn';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/invalid-arn';
ruleTester(invalidArn, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 9,
      lines: [19, 20, 21, 22, 23, 27, 28, 32, 33],
      messages: [
        "has a region ('us-east-1') but Amazon S3 ARNs",
        "Service 'S3'",
        "'my-bucket' (from a parameter default or mapping) is not an ARN",
        "'amazon' (from a parameter default or mapping) is not an AWS partition",
        'has no resource part',
        "has a region ('us-east-1') but AWS Identity and Access Management (IAM) ARNs",
        'is not a complete ARN',
        'has neither region nor account',
        'has no account',
      ],
      severity: 'error',
    },
    { file: `${D}/bad-policy.json`, count: 3, messages: ['5 of the 6', "lower-case 'arn:'", "has an account ('123456789012')"] },
  ],
});

test('iam/invalid-arn: placeholders are some specific value, `*` is never flagged', () => {
  const cat = getCatalog();
  assert.equal(arnProblem('*', cat), undefined);
  assert.equal(arnProblem('{{Bucket.Arn}}', cat), undefined);
  assert.equal(arnProblem('arn:aws:s3:::{{Bucket}}/*', cat), undefined);
  assert.equal(arnProblem('arn:{{Partition}}:s3:::b', cat), undefined);
  assert.equal(arnProblem('arn:aws:sqs:{{Region}}:{{Account}}:q', cat), undefined);
  assert.equal(arnProblem('arn:aws:s3:*', cat), undefined);
  assert.equal(arnProblem('arn:aws:unknownsvc:x:y:z', cat), undefined);
  assert.equal(arnProblem('arn:aws-iso-b:s3:::b', cat), undefined);
  assert.equal(arnProblem('arn:aws-eusc:s3:::b', cat), undefined);
  assert.match(arnProblem('arn:AWS:s3:::b', cat)!.message, /partitions are lower case/);
  assert.match(arnProblem('arn:aws:s3:::b ', cat)!.message, /spaces/);
});
