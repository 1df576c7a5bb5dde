import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidCondition, parseOperator, suggestOperator } from '../../../../server/src/rules/iam/invalid-condition';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/invalid-condition';
ruleTester(invalidCondition, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 9,
      lines: [18, 24, 31, 33, 34, 46, 48, 50, 52],
      messages: [
        "'Bool' compares with true or false, not 'no'",
        "'stringNotEquals' is not a condition operator; did you mean 'StringNotEquals'?",
        "'NullIfExists' is not a condition operator",
        "'ForAnyValue:' is for multivalued keys, but 'aws:SourceIp' is single-valued",
        "'10.0.0.0/33' is neither",
        "'s3:prefix' is not a condition key of the statement's actions (ec2)",
        "'aws:PrincipalTagg/team' is not a known global condition key",
        "'one-hour' is not a number",
        "'tomorrow' is neither",
      ],
    },
    {
      file: `${D}/bad-policy.json`,
      count: 2,
      lines: [9, 10],
      messages: ["'StringEqual' is not a condition operator", "'aws:PrincipalOrgID' is single-valued"],
      output: fixture(`${D}/bad-policy.fixed.json`),
    },
    { file: `${D}/bad-operator.yaml`, count: 1, lines: [17], severity: 'error', output: fixture(`${D}/bad-operator.fixed.yaml`) },
  ],
});

test('iam/invalid-condition: operators are errors, keys and values warnings', () => {
  const got = findingsOf(fixture(`${D}/bad-template.yaml`), 'bad-template.yaml', 'iam/invalid-condition');
  assert.deepEqual(got.map((f) => f.severity), ['warning', 'error', 'error', 'warning', 'warning', 'warning', 'warning', 'warning', 'warning']);
});

test('iam/invalid-condition: operator grammar', () => {
  assert.deepEqual(parseOperator('ForAnyValue:StringLikeIfExists'), { set: 'ForAnyValue', base: 'StringLike', ifExists: true });
  assert.deepEqual(parseOperator('Null'), { set: undefined, base: 'Null', ifExists: false });
  assert.equal(parseOperator('NullIfExists'), undefined);
  assert.equal(parseOperator('stringEquals'), undefined);
  assert.equal(parseOperator('StringLikeIgnoreCase'), undefined);
  assert.equal(parseOperator('IfExists'), undefined);
  for (const op of ['BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnNotLikeIfExists', 'DateGreaterThanEquals', 'NumericNotEquals', 'BoolIfExists']) {
    assert.ok(parseOperator(op), op);
  }
  assert.equal(suggestOperator('stringequals'), 'StringEquals');
  assert.equal(suggestOperator('StringEqual'), 'StringEquals');
  assert.equal(suggestOperator('Whatever'), undefined);
});
