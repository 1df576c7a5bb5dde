import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wildcardAction } from '../../../../server/src/rules/iam/wildcard-action';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/wildcard-action';
ruleTester(wildcardAction, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 6,
      lines: [29, 33, 36, 39, 42, 45],
      messages: [
        "'dynamodb:*Item' grants 7 Amazon DynamoDB actions, up to Write",
        "'sqs:*Message' grants 3 Amazon SQS actions",
        "'s3:Get*' grants 63 Amazon S3 actions, up to Read",
        "'logs:*' grants 133 Amazon CloudWatch Logs actions, up to Permissions management",
        "'s3:Put*' (parameter default) grants",
        "'*' grants",
      ],
      output: fixture(`${D}/bad-template.fixed.yaml`),
    },
    {
      file: `${D}/bad-policy.json`,
      count: 3,
      lines: [9, 16, 22],
      output: fixture(`${D}/bad-policy.fixed.json`),
    },
    { file: `${D}/scalar-action.json`, count: 1, severity: 'warning', output: fixture(`${D}/scalar-action.fixed.json`) },
    { file: `${D}/star-admin.json`, count: 1, severity: 'info', messages: ['administrator access (see iam/full-admin)'] },
  ],
});

test('iam/wildcard-action: severity follows the highest access level', () => {
  const f = findingsOf(fixture(`${D}/bad-template.yaml`), 'bad-template.yaml', 'iam/wildcard-action');
  assert.deepEqual(
    f.map((x) => x.severity),
    ['warning', 'warning', 'info', 'warning', 'warning', 'warning'],
  );
});

test('iam/wildcard-action: no refactor for *, parameter defaults; flow list for a !If branch', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const f = findingsOf(text, 'bad-template.yaml', 'iam/wildcard-action');
  assert.equal(f[4].fixes.length, 0, 'parameter default');
  assert.equal(f[5].fixes.length, 0, "'*'");
  const ifFix = f[3].fixes[0];
  assert.equal(ifFix.kind, 'refactor');
  assert.ok(ifFix.edits[0].newText.startsWith('[logs:'), ifFix.edits[0].newText.slice(0, 40));
  // The other branch's action is not dropped from this branch's list.
  assert.ok(ifFix.edits[0].newText.includes('logs:PutLogEvents'));
});

test('iam/wildcard-action: a block-list expansion keeps the item indentation', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const [f] = findingsOf(text, 'bad-template.yaml', 'iam/wildcard-action');
  assert.match(f.fixes[0].edits[0].newText, /\n {18}- dynamodb:DeleteItem\n/);
});
