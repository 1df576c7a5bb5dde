import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminManagedPolicy, adminPolicyName } from '../../../../server/src/rules/iam/admin-managed-policy';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/admin-managed-policy';
ruleTester(adminManagedPolicy, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 7,
      lines: [20, 21, 22, 23, 24, 33, 40],
      messages: [
        'AdministratorAccess is attached',
        'PowerUserAccess',
        'IAMFullAccess',
        'IAMFullAccess (parameter default)',
        'AdministratorAccess',
        "the role SAM creates for 'Fn'",
        "'Admins'",
      ],
    },
    { file: `${D}/bad.json`, count: 2, lines: [9, 15], messages: ['PowerUserAccess', 'AdministratorAccess'] },
  ],
});

test('iam/admin-managed-policy: error for AdministratorAccess / IAMFullAccess, warning for PowerUserAccess', () => {
  const f = findingsOf(fixture(`${D}/bad.yaml`), 'bad.yaml', 'iam/admin-managed-policy');
  assert.deepEqual(
    f.map((x) => x.severity),
    ['error', 'warning', 'error', 'error', 'error', 'error', 'error'],
  );
});

test('iam/admin-managed-policy: only AWS managed ARNs (and bare names where SAM takes them)', () => {
  assert.equal(adminPolicyName('arn:aws-us-gov:iam::aws:policy/AdministratorAccess', false), 'AdministratorAccess');
  assert.equal(adminPolicyName('arn:aws:iam::123456789012:policy/AdministratorAccess', false), undefined);
  assert.equal(adminPolicyName('AdministratorAccess', false), undefined);
  assert.equal(adminPolicyName('AdministratorAccess', true), 'AdministratorAccess');
  assert.equal(adminPolicyName('arn:aws:iam::aws:policy/ReadOnlyAccess', true), undefined);
});
