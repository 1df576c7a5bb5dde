import type { Rule } from '../../engine/types';
import { policyWhere } from './public-resource-policy';

export const notPrincipalAllow: Rule = {
  meta: {
    id: 'iam/not-principal-allow',
    title: 'Allow with NotPrincipal grants everyone except the listed principals',
    severity: 'warning',
    securitySeverity: 'high',
    scope: ['template', 'policy'],
    tags: ['iam', 'exposure'],
    docs: {
      rationale:
        '`NotPrincipal` with `Effect: Allow` grants the statement\'s actions to every principal that is not listed — every other AWS account, every other role and user, and anonymous callers. AWS recommends against combining `NotPrincipal` with `Allow`. The intent is almost always the opposite: allow only the listed principals. Resource and trust policies are checked; in an identity policy any principal element is invalid (`iam/principal-not-allowed`).',
      fix: 'No automatic fix: turning `NotPrincipal` into `Principal` changes the meaning from "everyone except these" to "only these", which may not be what the policy needs. Decide who must have access and list them under `Principal` (or keep `NotPrincipal` only in a `Deny` statement).',
      bad: {
        format: 'json',
        text: '{\n  "Effect": "Allow",\n  "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Auditor"},\n  "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:::reports/*"\n}\n',
      },
      good: {
        format: 'json',
        text: '{\n  "Effect": "Allow",\n  "Principal": {"AWS": "arn:aws:iam::111122223333:role/Auditor"},\n  "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:::reports/*"\n}\n',
      },
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html'],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      // Identity policies cannot have a principal at all: iam/principal-not-allowed reports that.
      if (p.context.expandedFrom || p.kind === 'identity') continue;
      for (const s of p.statements) {
        const e = s.entry('NotPrincipal');
        if (!e || !s.allows) continue;
        const listed = s
          .principals('NotPrincipal')
          .map((x) => (x.type === '*' ? '"*"' : `'${x.value.value}'`))
          .slice(0, 3);
        const except = listed.length ? `except ${listed.join(', ')}` : 'except the listed principals';
        const who = policyWhere(p);
        ctx.report({
          node: e.keyNode,
          resourceId: p.context.resourceId,
          message: `${who} uses Allow with NotPrincipal: it grants its actions to every principal ${except} — other accounts and anonymous callers included. List the intended principals under Principal instead.`,
        });
      }
    }
  },
};
