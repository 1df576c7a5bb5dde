import { notActionAllow } from '../../../../server/src/rules/iam/not-action-allow';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/not-action-allow';
ruleTester(notActionAllow, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 2,
      lines: [20, 25],
      severity: 'warning',
      messages: ["except 'iam:*', 'organizations:*' on Resource '*'", "except 's3:DeleteBucket'"],
    },
    { file: `${D}/bad.json`, count: 1, lines: [4], messages: ["except 'iam:*'"] },
  ],
});
