import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unknownAction } from '../../../../server/src/rules/iam/unknown-action';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/unknown-action';
ruleTester(unknownAction, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [15, 16, 17, 18],
      messages: ["'s3:ListBuckets' is not an IAM action", 'ec2:DescribeInstancez', "Unknown service prefix 's4'", "'s3:GetObjekt'"],
    },
    {
      file: `${D}/bad-policy.json`,
      count: 3,
      messages: ["'s3:GetObjekt'", "'s3:Nothing*' matches no IAM action", "'GetObject' is not an IAM action"],
      output: fixture(`${D}/bad-policy.fixed.json`),
      fixTitle: "'s3:GetObject'",
    },
  ],
});

test('iam/unknown-action offers one fix per candidate for an ambiguous name', () => {
  const [f] = findingsOf(fixture(`${D}/bad-template.yaml`), 'bad-template.yaml', 'iam/unknown-action');
  const titles = f.fixes.map((x) => x.title);
  assert.ok(titles.includes("Replace with 's3:ListBucket'"), titles.join());
  assert.ok(titles.includes("Replace with 's3:ListAllMyBuckets'"), titles.join());
  assert.ok(f.fixes.every((x) => x.kind === 'choice' && x.edits.length === 1));
});

test('iam/unknown-action fix on a parameter default edits the default', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const f = findingsOf(text, 'bad-template.yaml', 'iam/unknown-action')[3];
  const fix = f.fixes.find((x) => x.title.includes('s3:GetObject'))!;
  assert.equal(text.slice(fix.edits[0].start, fix.edits[0].end), 's3:GetObjekt');
});
