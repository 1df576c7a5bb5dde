import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intendedEffect, invalidEffect } from '../../../../server/src/rules/iam/invalid-effect';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/invalid-effect';
ruleTester(invalidEffect, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [15, 24, 27, 30],
      messages: ["Effect 'allow'", "Effect 'ALLOW' (from a parameter default)", "Effect 'Permit'", "'Alow'"],
      severity: 'error',
      output: fixture(`${D}/bad-template.fixed.yaml`),
    },
    { file: `${D}/bad-policy.json`, count: 1, lines: [4], messages: ["Effect ' Deny'"], output: fixture(`${D}/bad-policy.fixed.json`) },
    // A policy embedded in a `!Sub |` JSON string.
    { file: `${D}/bad-sub-string.yaml`, count: 1, lines: [13], messages: ["'DENY'"], output: fixture(`${D}/bad-sub-string.fixed.yaml`) },
  ],
});

test('iam/invalid-effect: the fix of a parameter default edits the default; no fix for an unknown word', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const [, fromParam, permit] = findingsOf(text, 'bad-template.yaml', 'iam/invalid-effect');
  const e = fromParam.fixes[0].edits[0];
  assert.equal(text.slice(e.start, e.end), 'ALLOW');
  assert.equal(fromParam.fixes[0].kind, 'safe');
  assert.deepEqual(permit.fixes, []);
});

test('iam/invalid-effect: intended values', () => {
  assert.equal(intendedEffect('allow'), 'Allow');
  assert.equal(intendedEffect(' ALLOW '), 'Allow');
  assert.equal(intendedEffect('Alow'), 'Allow');
  assert.equal(intendedEffect('Allwo'), 'Allow');
  assert.equal(intendedEffect('deny'), 'Deny');
  assert.equal(intendedEffect('Deni'), 'Deny');
  assert.equal(intendedEffect('Permit'), undefined);
  assert.equal(intendedEffect('Grant'), undefined);
});
