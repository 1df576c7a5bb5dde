import assert from 'node:assert/strict';
import { test } from 'node:test';
import { principalNotAllowed } from '../../../../server/src/rules/iam/principal-not-allowed';
import { applyEdits } from '../../../../server/src/fixes/edits';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/principal-not-allowed';
ruleTester(principalNotAllowed, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 3,
      lines: [14, 21, 36],
      messages: ["'Resource' is not allowed", "'Principal' is not allowed", "'NotPrincipal' is not allowed"],
      severity: 'error',
      output: fixture(`${D}/bad-template.fixed.yaml`),
    },
    // The file name says "trust": a standalone trust policy.
    { file: `${D}/bad-policy-trust.json`, count: 1, lines: [8], messages: ["'NotResource'"], output: fixture(`${D}/bad-policy-trust.fixed.json`) },
    { file: `${D}/bad-managed.json`, count: 1, lines: [12], output: fixture(`${D}/bad-managed.fixed.json`) },
  ],
});

test('iam/principal-not-allowed: the fix on a SAM function statement removes the flow-style NotPrincipal line', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const f = findingsOf(text, 'bad-template.yaml', 'iam/principal-not-allowed')[2];
  const out = applyEdits(text, f.fixes[0].edits);
  assert.ok(!out.includes('NotPrincipal'));
  assert.ok(out.includes('            - Effect: Allow\n              Action: sqs:SendMessage\n'));
});
