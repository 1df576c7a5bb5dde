import { invalidElement } from '../../../../server/src/rules/iam/invalid-element';
import { fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/invalid-element';
ruleTester(invalidElement, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }, { file: `${D}/good-string-policy.json` }],
  invalid: [
    { file: `${D}/bad-template.yaml`, count: 1, lines: [19], messages: ["'Actions'"], output: fixture(`${D}/bad-template.fixed.yaml`) },
    { file: `${D}/bad-policy.json`, count: 3, lines: [5, 7, 8], messages: ["did you mean 'Effect'", "'Resource'", "'Sid'"], output: fixture(`${D}/bad-policy.fixed.json`) },
    { file: `${D}/bad-unknown-key.json`, count: 1, messages: ["'Comment' is not an IAM statement element"] },
    { file: `${D}/bad-if-branch.yaml`, count: 1, lines: [15] },
    // A policy inside a `!Sub |` JSON string: the finding lands on the key inside the string.
    { file: `${D}/bad-string-policy.yaml`, count: 1, lines: [15], messages: ["'Actions'"] },
  ],
});
