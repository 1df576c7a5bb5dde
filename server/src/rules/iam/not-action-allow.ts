import type { Rule } from '../../engine/types';
import { namesList } from './scope-util';

export const notActionAllow: Rule = {
  meta: {
    id: 'iam/not-action-allow',
    title: 'Allow with NotAction (grants every other action)',
    severity: 'warning',
    securitySeverity: 'high',
    scope: ['template', 'policy'],
    tags: ['iam', 'least-privilege'],
    docs: {
      rationale:
        '`"Effect": "Allow"` with `NotAction` allows every action of every service except the ones listed — including every action AWS adds in the future. Authors often mean "everything but IAM" and get far more than intended: `NotAction: iam:*` on `Resource: "*"` still allows `organizations:*`, `sts:AssumeRole` into other roles, and every data-plane action. IAM\'s documentation recommends using `NotAction` with `Deny` (to carve exceptions out of a guardrail), not with `Allow`. cfn-nag reports the same pattern (W15–W17).',
      fix: 'No automatic fix: the actions the workload needs cannot be derived from the list of actions it should not have. Replace `NotAction` with an `Action` list of the needed actions, or turn the statement into a `Deny` guardrail next to a narrow `Allow`.',
      bad: { format: 'json', text: '{\n  "Effect": "Allow",\n  "NotAction": "iam:*",\n  "Resource": "*"\n}\n' },
      good: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": ["s3:GetObject", "s3:PutObject"],\n  "Resource": "arn:aws:s3:::example-bucket/*"\n}\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      for (const s of p.statements) {
        const e = s.entry('NotAction');
        if (!e || !s.allows) continue;
        const listed = s.values('NotAction').filter((v) => v.known).map((v) => v.value);
        const res = s.values('Resource').some((v) => v.known && v.value.trim() === '*') ? " on Resource '*'" : '';
        const except = listed.length ? `except ${namesList(listed, 3)}` : 'except the listed ones';
        ctx.report({
          node: e.keyNode,
          message: `Allow with NotAction grants every action of every service ${except}${res}, including actions AWS adds later. List the needed actions with Action, or use NotAction only with Deny.`,
        });
      }
    }
  },
};
