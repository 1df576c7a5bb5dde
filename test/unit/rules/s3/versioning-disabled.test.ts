import assert from 'node:assert/strict';
import { test } from 'node:test';
import { versioningDisabled } from '../../../../server/src/rules/s3/versioning-disabled';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/s3/versioning-disabled';
ruleTester(versioningDisabled, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-missing.yaml`, count: 1, lines: [2], severity: 'info', messages: ['no VersioningConfiguration'], output: fixture(`${D}/bad-missing.fixed.yaml`) },
    { file: `${D}/bad-suspended.json`, count: 2, lines: [6, 9], messages: ['Status is Suspended', 'no VersioningConfiguration'], output: fixture(`${D}/bad-suspended.fixed.json`) },
    { file: `${D}/bad-intrinsics.yaml`, count: 3, lines: [12, 16, 20], messages: ['Status is Suspended (parameter default)', 'dropped in one !If branch', 'Status is missing'] },
  ],
});

test('s3/versioning-disabled: fixes only literal values', () => {
  const [param, cond, empty] = findingsOf(fixture(`${D}/bad-intrinsics.yaml`), 'x.yaml', 's3/versioning-disabled');
  assert.equal(param.fixes.length, 0);
  assert.equal(cond.fixes.length, 0);
  assert.equal(empty.fixes[0].edits[0].newText, ' Status: Enabled ');
});
