import type { Rule } from '../../engine/types';
import { removeItem } from '../../fixes/edits';
import type { StringNode } from '../../model/node';
import { isArray } from '../../model/node';
import { globToRegExp, hasWildcard } from '../../catalog/arn';

/** Does the IAM action pattern `wide` match every action the pattern (or name) `narrow` matches? */
export function actionPatternCovers(wide: string, narrow: string): boolean {
  const w = wide.trim();
  const n = narrow.trim();
  if (w === '*') return true;
  if (w.includes('?') || n.includes('?')) return false;
  if (!hasWildcard(w)) return false;
  // A `*` in `wide` absorbs any run of characters of `narrow`, its own `*` included; literal
  // characters of `wide` must match literal characters of `narrow`.
  return globToRegExp(w).test(n);
}

export const redundantAction: Rule = {
  meta: {
    id: 'iam/redundant-action',
    title: 'Action listed twice or already covered by a wildcard in the same list',
    severity: 'warning',
    securitySeverity: 'low',
    scope: ['template', 'policy'],
    fixable: 'safe',
    tags: ['iam', 'grammar', 'capital-one'],
    docs: {
      rationale:
        'An action that appears twice in one `Action` (or `NotAction`) list (IAM compares action names case-insensitively), or that a wildcard in the same list already matches (`s3:GetObject` next to `s3:Get*`), changes nothing: the list means the same without it. It does cost something — the reader believes the list is as narrow as its explicit entries while the wildcard grants more, and a copied duplicate often hides the entry the author meant to write instead (the policy quoted in the 2019 Capital One breach lists `s3:ListBuckets` twice). Exact duplicates are warnings; entries covered by a wildcard are reported as info, since the list is harmless but misleading.',
      fix: 'Removes the redundant entry (the later duplicate, or the entry the wildcard covers), keeping the rest of the list as written.',
      bad: { format: 'yaml', text: 'Action:\n  - s3:Get*\n  - s3:GetObject\n  - s3:PutObject\n  - s3:PutObject\n' },
      good: { format: 'yaml', text: 'Action:\n  - s3:Get*\n  - s3:PutObject\n' },
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html'],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      for (const s of p.statements) {
        for (const el of ['Action', 'NotAction'] as const) {
          const list = s.get(el);
          if (!isArray(list)) continue;
          const items = list.items
            .map((n, index) => ({ n, index }))
            .filter((x): x is { n: StringNode; index: number } => x.n.kind === 'string' && x.n.value.trim() !== '');
          const removed = new Set<number>();
          for (const it of items) {
            const a = it.n.value.trim();
            const dup = items.find((o) => o.index < it.index && !removed.has(o.index) && o.n.value.trim().toLowerCase() === a.toLowerCase());
            if (dup) {
              removed.add(it.index);
              ctx.report({
                node: it.n,
                message: `'${a}' is listed twice in this ${el} list: the second entry changes nothing — was another action meant here?`,
                related: [{ start: dup.n.start, end: dup.n.end, message: 'first occurrence' }],
                fixes: [{ title: `Remove the duplicate '${a}'`, kind: 'safe', isPreferred: true, edits: [removeItem(ctx.doc, list, it.index)] }],
              });
              continue;
            }
            const wide = items.find(
              (o) => o.index !== it.index && !removed.has(o.index) && o.n.value.trim().toLowerCase() !== a.toLowerCase() && actionPatternCovers(o.n.value, a),
            );
            if (wide) {
              removed.add(it.index);
              ctx.report({
                node: it.n,
                message: `'${a}' is already covered by '${wide.n.value.trim()}' in this ${el} list: the entry changes nothing, and the list grants more than its explicit entries suggest.`,
                severity: 'info',
                related: [{ start: wide.n.start, end: wide.n.end, message: 'the covering wildcard' }],
                fixes: [{ title: `Remove '${a}' (covered by '${wide.n.value.trim()}')`, kind: 'safe', isPreferred: true, edits: [removeItem(ctx.doc, list, it.index)] }],
              });
            }
          }
        }
      }
    }
  },
};
