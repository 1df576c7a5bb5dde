import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessLoggingDisabled } from '../../../../server/src/rules/s3/access-logging-disabled';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/s3/access-logging-disabled';
ruleTester(accessLoggingDisabled, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad.yaml`, count: 2, lines: [2, 9], severity: 'info', messages: ['no LoggingConfiguration', 'off in one branch'] },
    { file: `${D}/bad.json`, count: 1, lines: [3], messages: ["'Exports' has no LoggingConfiguration"] },
  ],
});

test('s3/access-logging-disabled: no fix (the target bucket is a choice)', () => {
  for (const f of findingsOf(fixture(`${D}/bad.yaml`), 'x.yaml', 's3/access-logging-disabled')) assert.equal(f.fixes.length, 0);
});
