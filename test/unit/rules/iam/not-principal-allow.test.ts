import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notPrincipalAllow } from '../../../../server/src/rules/iam/not-principal-allow';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/not-principal-allow';
ruleTester(notPrincipalAllow, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 2,
      lines: [14, 19],
      messages: ["Bucket policy of 'BucketPolicy' uses Allow with NotPrincipal: it grants its actions to every principal except 'arn:aws:iam::111122223333:role/Auditor'", 'every principal except'],
      severity: 'warning',
    },
    { file: `${D}/bad-policy.json`, count: 1, lines: [7], messages: ['Resource policy uses Allow with NotPrincipal'] },
  ],
});

test('iam/not-principal-allow offers no fix', () => {
  const f = findingsOf(fixture(`${D}/bad-policy.json`), 'bad-policy.json', 'iam/not-principal-allow');
  assert.equal(f[0].fixes.length, 0);
});
