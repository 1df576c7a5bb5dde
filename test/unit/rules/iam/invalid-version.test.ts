import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidVersion, policyVariablesIn } from '../../../../server/src/rules/iam/invalid-version';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/invalid-version';
ruleTester(invalidVersion, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [6, 15, 22, 34],
      messages: ["has no 'Version'", "'2008-10-17' is the legacy policy language, where this policy's variables", "'2012-10-18' is not a policy language version", "'2008-10-17' is the legacy"],
      output: fixture(`${D}/bad-template.fixed.yaml`),
    },
    { file: `${D}/bad-policy.json`, count: 1, severity: 'error', messages: ["'2012-10-17 '"], output: fixture(`${D}/bad-policy.fixed.json`) },
    { file: `${D}/bad-missing.json`, count: 1, severity: 'info', output: fixture(`${D}/bad-missing.fixed.json`) },
    { file: `${D}/bad-missing-vars.json`, count: 1, severity: 'warning', messages: ['${aws:username}'] },
    // Policy JSON inside `!Sub |`: `${AWS::AccountId}` and `${Queue.Arn}` are substitutions, not policy variables.
    { file: `${D}/bad-sub-string.yaml`, count: 1, severity: 'info', output: fixture(`${D}/bad-sub-string.fixed.yaml`) },
  ],
});

test('iam/invalid-version: severities and no fix when policy variables would change meaning', () => {
  const got = findingsOf(fixture(`${D}/bad-template.yaml`), 'bad-template.yaml', 'iam/invalid-version');
  assert.deepEqual(
    got.map((f) => [f.severity, f.fixes.length]),
    [
      ['info', 1],
      ['warning', 0],
      ['error', 1],
      ['info', 1],
    ],
  );
  assert.deepEqual(findingsOf(fixture(`${D}/bad-missing-vars.json`), 'x.json', 'iam/invalid-version')[0].fixes, []);
});

test('iam/invalid-version: policy variables vs CloudFormation substitutions', () => {
  assert.deepEqual(policyVariablesIn('arn:aws:s3:::b/${aws:username}/*', false), ['${aws:username}']);
  assert.deepEqual(policyVariablesIn('arn:${AWS::Partition}:s3:::${Bucket}/*', true), []);
  assert.deepEqual(policyVariablesIn('arn:${AWS::Partition}:s3:::${Bucket}/${!aws:PrincipalTag/team}/*', true), ['${aws:PrincipalTag/team}']);
  assert.deepEqual(policyVariablesIn('${*}', false), ['${*}']);
  assert.deepEqual(policyVariablesIn('${AWS::Region}', false), []);
});
