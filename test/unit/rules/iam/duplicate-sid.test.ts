import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicateSid } from '../../../../server/src/rules/iam/duplicate-sid';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/duplicate-sid';
ruleTester(duplicateSid, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    { file: `${D}/bad-template.yaml`, count: 2, lines: [17, 35], messages: ["Sid 'ReadOnly'", "Sid 'CrossAccount'"] },
    { file: `${D}/bad-policy.json`, count: 1, lines: [6], severity: 'error', messages: ["Sid 'S1'"] },
  ],
});

test('iam/duplicate-sid points at the first statement; error in identity policies, warning in resource policies', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const [identity, resource] = findingsOf(text, 'bad-template.yaml', 'iam/duplicate-sid');
  assert.equal(identity.severity, 'error');
  assert.equal(resource.severity, 'warning');
  assert.equal(text.slice(identity.related[0].start, identity.related[0].end), 'ReadOnly');
  assert.equal(text.slice(identity.start, identity.end), '!Ref ReadSid');
});
