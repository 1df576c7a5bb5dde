import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fullAdmin } from '../../../../server/src/rules/iam/full-admin';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/full-admin';
ruleTester(fullAdmin, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [22, 37, 46, 56],
      messages: ["Role 'AdminRole' is a full administrator", "Role 'BranchRole'", "'*' (parameter default)", "User 'Ops' is a full administrator: Action '*:*'"],
      severity: 'error',
    },
    { file: `${D}/bad-policy.json`, count: 1, lines: [7], messages: ['This policy is a full administrator'] },
    { file: `${D}/bad-template.json`, count: 1, lines: [10], messages: ["Function 'Fn' is a full administrator"] },
  ],
});

test('iam/full-admin is critical and a full administrator is not re-reported by the narrower rules', () => {
  const text = fixture(`${D}/bad-policy.json`);
  const [f] = findingsOf(text, 'p.json', 'iam/full-admin');
  assert.equal(f.securitySeverity, 'critical');
  for (const id of ['iam/data-exfiltration', 'iam/credentials-exposure', 'iam/privilege-escalation']) {
    assert.equal(findingsOf(text, 'p.json', id).length, 0, id);
  }
});
