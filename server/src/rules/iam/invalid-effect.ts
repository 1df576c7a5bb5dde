import type { Fix, ParsedDocument, Rule } from '../../engine/types';
import { replaceScalar } from '../../fixes/edits';
import type { Node } from '../../model/node';
import { editDistance } from '../../catalog/distance';
import { statementLabel } from './missing-element';

/**
 * Can a scalar be rewritten in place? Not inside a policy embedded in a double-quoted / JSON
 * string, where the policy's own quotes are escaped in the file.
 */
export function editableScalar(doc: ParsedDocument, n: Node): boolean {
  if (n.kind === 'object' || n.kind === 'array') return false;
  const outer = n.embeddedIn;
  if (outer && outer.style !== 'block' && outer.style !== 'plain' && outer.style !== 'single') return false;
  return n.end > n.start && doc.text.slice(n.start, n.end).trim().length > 0;
}

/** `Allow`/`Deny` the value was surely meant as (case, spaces, one or two typos), else undefined. */
export function intendedEffect(raw: string): 'Allow' | 'Deny' | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'allow') return 'Allow';
  if (v === 'deny') return 'Deny';
  const da = editDistance(v, 'allow');
  const dd = editDistance(v, 'deny');
  if (da <= 2 && da < dd && v.length >= 3) return 'Allow';
  if (dd <= 1 && dd < da && v.length >= 3) return 'Deny';
  return undefined;
}

export const invalidEffect: Rule = {
  meta: {
    id: 'iam/invalid-effect',
    title: "Effect other than 'Allow' or 'Deny'",
    severity: 'error',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'safe',
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        "The `Effect` element accepts exactly two values, `Allow` and `Deny`, and they are case-sensitive. `allow`, `ALLOW`, `Alow` or `Permit` make IAM reject the whole policy, so the deployment fails — and a `Deny` that never deploys protects nothing. Values that come from a parameter's default are checked too; values that leastpriv cannot resolve (an `Fn::ImportValue`, a parameter without default) are not.",
      fix: 'When the value is a case, whitespace or small typing variant of `Allow` or `Deny`, replaces it with the correct spelling (in the parameter default when it comes from one). Other values have no automatic fix.',
      bad: { format: 'yaml', text: 'Statement:\n  - Effect: allow\n    Action: s3:GetObject\n    Resource: !Sub "${Bucket.Arn}/*"\n' },
      good: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub "${Bucket.Arn}/*"\n' },
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html'],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      for (const s of p.statements) {
        if (!s.has('Effect')) continue;
        const seen = new Set<number>();
        for (const v of s.effects()) {
          if (!v.known || v.value === 'Allow' || v.value === 'Deny') continue;
          if (seen.has(v.node.start)) continue;
          seen.add(v.node.start);
          const intended = intendedEffect(v.value);
          const target = v.origin ?? v.node;
          const fixes: Fix[] =
            intended && editableScalar(ctx.doc, target)
              ? [{ title: `Change Effect to '${intended}'`, kind: 'safe', isPreferred: true, edits: [replaceScalar(ctx.doc, target, intended)] }]
              : [];
          const from = v.origin ? ' (from a parameter default)' : '';
          const message = intended
            ? `Effect '${v.value}'${from} in ${statementLabel(s)} is not valid: IAM accepts exactly 'Allow' or 'Deny' (case-sensitive) and rejects the policy; did you mean '${intended}'?`
            : `Effect '${v.value}'${from} in ${statementLabel(s)} is not valid: IAM accepts exactly 'Allow' or 'Deny' and rejects the policy.`;
          ctx.report({ node: v.node, message, fixes });
        }
      }
    }
  },
};
