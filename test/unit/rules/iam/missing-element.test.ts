import { missingElement } from '../../../../server/src/rules/iam/missing-element';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/missing-element';
ruleTester(missingElement, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 6,
      lines: [9, 16, 26, 26, 36, 47],
      messages: [
        "no 'Principal' (or 'NotPrincipal'): a trust policy",
        "Statement 'ReadObjects' in Policies[0] (read) has no 'Resource'",
        "no 'Effect'",
        "no 'Action' (or 'NotAction')",
        'a resource-based policy must say whom',
        "has no 'Statement'",
      ],
      severity: 'error',
    },
    { file: `${D}/bad-policy.json`, count: 2, lines: [5, 10], messages: ["Statement 'NoResource' has no 'Resource'", "Statement 2 has no 'Effect'"] },
    { file: `${D}/bad-queue-policy.json`, count: 1, lines: [13], messages: ["no 'Principal'"] },
    // AWS documents that an endpoint policy must contain a Principal: reported as a warning.
    { file: `${D}/bad-endpoint.yaml`, count: 1, lines: [11], severity: 'warning', messages: ['endpoint policy must contain a Principal'] },
  ],
});
