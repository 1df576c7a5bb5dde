import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trustAnyPrincipal } from '../../../../server/src/rules/iam/trust-any-principal';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/trust-any-principal';
const ID = 'iam/trust-any-principal';
ruleTester(trustAnyPrincipal, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }, { file: `${D}/sam-good.yaml` }, { file: `${D}/sam-good.json` }],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 3,
      lines: [15, 23, 35],
      messages: ["Trust policy of 'OpenRole' allows Principal {AWS: \"*\"}", "Trust policy of 'ExternalIdOnly' allows Principal \"*\"", "'FromParameter'"],
      severity: 'error',
      output: fixture(`${D}/bad.fixed.yaml`),
    },
    { file: `${D}/bad.json`, count: 2, lines: [10, 21], messages: ['arn:aws:iam::*:root', "'StringDoc'"], output: fixture(`${D}/bad.fixed.json`), fixTitle: 'aws:PrincipalAccount' },
    { file: `${D}/bad-trust-policy.json`, count: 1, lines: [4], messages: ['Trust policy allows Principal {AWS: "*"}'] },
    // SAM: the function's AssumeRolePolicyDocument is the trust policy of the role SAM creates.
    { file: `${D}/sam-bad.yaml`, count: 1, lines: [15], messages: ["Trust policy of 'EdgeFunction' allows Principal {AWS: \"*\"}"] },
    { file: `${D}/sam-bad.json`, count: 1, lines: [12], messages: ["Trust policy of 'EdgeFunction' allows Principal \"*\""] },
  ],
});

test('iam/trust-any-principal is critical and its fixes are choices', () => {
  const f = findingsOf(fixture(`${D}/bad.yaml`), 'bad.yaml', ID);
  assert.ok(f.every((x) => x.securitySeverity === 'critical'));
  assert.ok(f.every((x) => x.fixes.length === 2 && x.fixes.every((fx) => fx.kind === 'choice')));
});
