import { userAttachedPolicy } from '../../../../server/src/rules/iam/user-attached-policy';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/user-attached-policy';
ruleTester(userAttachedPolicy, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 5,
      lines: [6, 14, 30, 31, 35],
      severity: 'warning',
      messages: ["'Alice' has inline policies", "'Alice' has managed policies", "to IAM user 'Bob'", "to IAM user 'carol'", "UserPolicy 'BobInline'"],
    },
    { file: `${D}/bad.json`, count: 1, lines: [10], messages: ["Policy 'DeployPolicy' is attached directly to IAM user 'Deployer'"] },
  ],
});
