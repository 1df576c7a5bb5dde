import type { Rule } from '../../engine/types';
import { namesList } from './scope-util';

export const notResourceAllow: Rule = {
  meta: {
    id: 'iam/not-resource-allow',
    title: 'Allow with NotResource (applies to every other resource)',
    severity: 'warning',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    tags: ['iam', 'least-privilege'],
    docs: {
      rationale:
        '`"Effect": "Allow"` with `NotResource` applies the allowed actions to every resource except the ones listed — in every service the actions reach, in every account a role can act on, and to every resource created later. A statement meant to say "everything but the audit bucket" grants the actions on all other buckets, tables and keys. IAM\'s documentation warns that combining `NotResource` with `Allow` can grant more than intended; it is meant for `Deny` statements. cfn-nag reports the same pattern (W21–W23).',
      fix: 'No automatic fix: the resources the workload needs cannot be derived from the ones it should not touch. Replace `NotResource` with a `Resource` list of the needed ARNs, or express the exception as a `Deny` statement.',
      bad: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action: s3:*\n    NotResource: !Sub "${AuditBucket.Arn}/*"\n' },
      good: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub "${DataBucket.Arn}/*"\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      for (const s of p.statements) {
        const e = s.entry('NotResource');
        if (!e || !s.allows) continue;
        const listed = s.values('NotResource').map((v) => (v.known ? v.value : ctx.text.slice(v.node.start, v.node.end).replace(/\s+/g, ' ')));
        const acts = s.values(s.has('NotAction') ? 'NotAction' : 'Action').filter((v) => v.known).map((v) => v.value);
        const what = s.has('NotAction') ? 'every action but the listed ones' : acts.length ? namesList(acts, 3) : 'the allowed actions';
        ctx.report({
          node: e.keyNode,
          message: `Allow with NotResource applies ${what} to every resource except ${listed.length ? namesList(listed, 2) : 'the listed ones'}, including resources created later. List the needed ARNs with Resource, or use NotResource only with Deny.`,
        });
      }
    }
  },
};
