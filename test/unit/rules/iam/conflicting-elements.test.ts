import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conflictingElements } from '../../../../server/src/rules/iam/conflicting-elements';
import { applyEdits } from '../../../../server/src/fixes/edits';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/conflicting-elements';
ruleTester(conflictingElements, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 2,
      lines: [12, 23],
      messages: ["has both 'Principal' and 'NotPrincipal'", "has both 'Action' and 'NotAction'"],
      output: fixture(`${D}/bad-template.fixed.yaml`),
      fixTitle: "Keep 'Principal'",
    },
    {
      file: `${D}/bad-policy.json`,
      count: 1,
      lines: [8],
      messages: ["has both 'Resource' and 'NotResource'"],
      output: fixture(`${D}/bad-policy.fixed.json`),
      fixTitle: "Keep 'NotResource'",
    },
  ],
});

test('iam/conflicting-elements offers two choices, never a safe fix', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const [, f] = findingsOf(text, 'bad-template.yaml', 'iam/conflicting-elements');
  assert.deepEqual(
    f.fixes.map((x) => [x.kind, x.title]),
    [
      ['choice', "Keep 'Action', remove 'NotAction'"],
      ['choice', "Keep 'NotAction', remove 'Action'"],
    ],
  );
  const out = applyEdits(text, f.fixes[1].edits);
  assert.ok(!out.includes('- s3:GetObject') && out.includes('NotAction: s3:DeleteObject   # which one?'));
  assert.equal(findingsOf(out, 'bad-template.yaml', 'iam/conflicting-elements').length, 1);
});
