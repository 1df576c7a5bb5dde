import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionPatternCovers, redundantAction } from '../../../../server/src/rules/iam/redundant-action';
import { applyEdits } from '../../../../server/src/fixes/edits';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/redundant-action';
ruleTester(redundantAction, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 3,
      lines: [21, 25, 25],
      messages: ["'s3:ListBuckets' is listed twice", "'s3:GetObject' is already covered by 's3:Get*'", "'S3:get*' is listed twice"],
      output: fixture(`${D}/bad-template.fixed.yaml`),
    },
    { file: `${D}/bad-policy.json`, count: 1, lines: [6], severity: 'info', messages: ["covered by 'iam:*' in this NotAction list"], output: fixture(`${D}/bad-policy.fixed.json`) },
  ],
});

test('iam/redundant-action: duplicates are warnings, wildcard-covered entries info; both fixes apply together', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const got = findingsOf(text, 'bad-template.yaml', 'iam/redundant-action');
  assert.deepEqual(got.map((f) => f.severity), ['warning', 'info', 'warning']);
  const out = applyEdits(text, [...got[1].fixes[0].edits, ...got[2].fixes[0].edits]);
  assert.ok(out.includes('Action: [s3:Get*, s3:PutObject]'), out);
});

test('iam/redundant-action: the Capital One policy lists s3:ListBuckets twice', () => {
  const got = findingsOf(fixture('../../examples/capital-one-2019.yaml'), 'capital-one-2019.yaml', 'iam/redundant-action');
  assert.equal(got.length, 1);
  assert.match(got[0].message, /'s3:ListBuckets' is listed twice/);
});

test('iam/redundant-action: pattern coverage', () => {
  assert.ok(actionPatternCovers('s3:Get*', 's3:GetObject'));
  assert.ok(actionPatternCovers('s3:*', 's3:Get*'));
  assert.ok(actionPatternCovers('*', 'iam:PassRole'));
  assert.ok(actionPatternCovers('S3:GET*', 's3:getobject'));
  assert.ok(!actionPatternCovers('s3:GetObject', 's3:GetObject'));
  assert.ok(!actionPatternCovers('s3:Get*', 's3:*'));
  assert.ok(!actionPatternCovers('s3:Get*', 's3:PutObject'));
  assert.ok(!actionPatternCovers('s3:?etObject', 's3:GetObject'));
});
