import { passroleWildcard } from '../../../../server/src/rules/iam/passrole-wildcard';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/passrole-wildcard';
ruleTester(passroleWildcard, {
  valid: [{ file: `${D}/good-template.json` }, { file: `${D}/good-policy.yaml` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [24, 43, 46, 56],
      messages: ["iam:PassRole on Resource '*': Role 'Deployer'", "'iam:Pass*' grants iam:PassRole on Resource 'arn:aws:iam::123456789012:role/*'", "'iam:*' grants iam:PassRole on Resource 'arn:aws:iam::*:role/*'", "Role 'Builder'"],
      severity: 'error',
    },
    { file: `${D}/bad-policy.json`, count: 1, lines: [6], messages: ['This policy can pass any role'] },
    {
      name: 'star.yaml',
      text: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n',
      count: 1,
      messages: ["'*' grants iam:PassRole"],
    },
  ],
});
