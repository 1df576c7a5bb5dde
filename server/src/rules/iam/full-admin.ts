import type { Rule } from '../../engine/types';
import { grantsByActionItem, itemText, scopeNames } from '../../analysis/group';

export const fullAdmin: Rule = {
  meta: {
    id: 'iam/full-admin',
    title: 'Identity policy grants every action on every resource',
    severity: 'error',
    securitySeverity: 'critical',
    scope: ['template', 'policy'],
    tags: ['iam', 'security', 'least-privilege'],
    docs: {
      rationale:
        'An identity policy that allows `"Action": "*"` (or `"*:*"`) on `"Resource": "*"` makes the role, user or group a full administrator of the account: it can read every secret, delete every resource, and create new users and keys for itself. Stolen credentials of such a principal (an SSRF against the instance metadata service, a leaked CI key) hand over the whole account. The `*` also counts when it hides behind `!If` or comes from a parameter `Default`. Conditions (MFA, source IP) do not lower this finding: the principal is still an administrator whenever the condition holds. Only an unconditional `Deny` of `*` on `*` in the same principal removes it.',
      fix: 'No automatic fix: list the services and actions the workload really calls (CloudTrail or IAM Access Analyzer policy generation help) and scope the resources.',
      bad: { format: 'yaml', text: 'PolicyDocument:\n  Version: "2012-10-17"\n  Statement:\n    - Effect: Allow\n      Action: "*"\n      Resource: "*"\n' },
      good: { format: 'yaml', text: 'PolicyDocument:\n  Version: "2012-10-17"\n  Statement:\n    - Effect: Allow\n      Action: [s3:GetObject]\n      Resource: !Sub "${Bucket.Arn}/*"\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_administrator',
      ],
    },
  },
  check(ctx) {
    for (const g of grantsByActionItem(ctx, 'full-admin')) {
      const grant = g.grants[0];
      ctx.report({
        node: g.node,
        message: `${scopeNames(g.scopes)} is a full administrator: Action ${itemText(grant)} on Resource '*' allows every action on every resource. Grant only the actions and resources it needs.`,
      });
    }
  },
};
