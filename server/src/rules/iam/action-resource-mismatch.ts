import type { Rule } from '../../engine/types';
import { servicePrefix, type ActionInfo, type IamCatalog, type ResourceTypeInfo } from '../../catalog/catalog';
import { hasWildcard, splitArnFields } from '../../catalog/arn';
import { arnProblem, usesEmptyDefault } from './invalid-arn';
import type { TemplateModel } from '../../model/template';
import { replacePlaceholders, type Value } from '../../model/values';
import { statementLabel } from './missing-element';

/** At most this many actions of a wildcard are checked (`ec2:Describe*` is fine, `*:*` is skipped). */
const MAX_EXPANSION = 400;

/**
 * The statement's resources in a form the ARN matcher can use, or undefined when some resource
 * may match anything (`*`, a value leastpriv cannot resolve at all).
 */
function matchableResources(cat: IamCatalog, values: Value[], t: TemplateModel | undefined): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    const s = v.value.trim();
    if (usesEmptyDefault(v.node, t)) return undefined; // an optional parameter: cannot tell
    if (s !== '*' && arnProblem(v.value, cat)) continue; // reported by iam/invalid-arn
    if (s === '*' || s === '' || s.startsWith('{{')) return undefined;
    if (s.slice(0, 4).toLowerCase() !== 'arn:') return undefined; // not an ARN: iam/invalid-arn's business
    // Placeholders are "some specific value" (a bucket name, a table name): one literal character,
    // so `!GetAtt Bucket.Arn` is a bucket and not an object (and every bucket's ARN is the same
    // string to the memoised matcher). A placeholder in the first five fields, or one that may
    // stand for several of them, could be anything: cannot tell.
    const f = splitArnFields(s);
    if (!f) return undefined;
    if (f.slice(1, 5).some((x) => x.includes('{{') && !/^\{\{[^}]*\}\}$/.test(x))) return undefined;
    if (f[2].includes('{{')) return undefined;
    out.push(replacePlaceholders(s, 'x'));
  }
  return out;
}

function matches(cat: IamCatalog, a: ActionInfo, resources: string[]): boolean {
  const rts = cat.actionResourceTypes(a);
  return resources.some((r) => rts.some((rt) => cat.arnMatchesResourceType(r, rt)));
}

function describe(rts: readonly ResourceTypeInfo[]): string {
  return rts
    .slice(0, 3)
    .map((rt) => `${rt.name} (${rt.arn})`)
    .join(', ') + (rts.length > 3 ? ', …' : '');
}

export const actionResourceMismatch: Rule = {
  meta: {
    id: 'iam/action-resource-mismatch',
    title: "Action whose resource types match none of the statement's resources",
    severity: 'warning',
    securitySeverity: 'low',
    scope: ['template', 'policy'],
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        'Each action applies to specific resource types, each with its ARN format (service authorization reference): `s3:GetObject` applies to objects, `arn:aws:s3:::bucket/key`; `s3:ListBucket` to buckets, `arn:aws:s3:::bucket`. When none of the statement\'s resources has a format the action accepts — `s3:GetObject` on `arn:aws:s3:::bucket` without `/*`, `s3:ListBucket` on `arn:aws:s3:::bucket/*`, `kms:Decrypt` on an alias ARN — an Allow grants nothing and a Deny protects nothing, and the author typically "fixes" the AccessDenied with `"Resource": "*"`. Not checked: actions that only accept `*`, statements with `*` or `NotResource`, resources leastpriv cannot resolve, and wildcards unless every action they match mismatches.',
      fix: 'No automatic fix: add the resource in the format the action needs (e.g. both `arn:aws:s3:::bucket` for `s3:ListBucket` and `arn:aws:s3:::bucket/*` for `s3:GetObject`), or move the action to a statement with the right resources.',
      bad: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action: [s3:GetObject, s3:ListBucket]\n    Resource: !GetAtt Bucket.Arn\n' },
      good: {
        format: 'yaml',
        text: 'Statement:\n  - Effect: Allow\n    Action: s3:ListBucket\n    Resource: !GetAtt Bucket.Arn\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub "${Bucket.Arn}/*"\n',
      },
      references: [
        'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html',
      ],
    },
  },
  check(ctx) {
    const cat = ctx.catalog;
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      for (const s of p.statements) {
        if (s.has('NotResource') || !s.has('Resource')) continue;
        const resources = matchableResources(cat, s.resources(), p.template);
        if (!resources || resources.length === 0) continue;
        const shownText = () => {
          const shown = [...new Set(s.resources().map((v) => v.value.trim()))];
          return shown.slice(0, 3).map((r) => `'${r}'`).join(', ') + (shown.length > 3 ? ', …' : '');
        };
        const seen = new Set<string>();
        for (const v of s.actions()) {
          const a = v.value.trim();
          if (!v.known || a === '' || seen.has(a.toLowerCase())) continue;
          seen.add(a.toLowerCase());
          const svc = servicePrefix(a);
          if (!svc || hasWildcard(svc)) continue;
          if (!hasWildcard(a)) {
            const info = cat.getAction(a);
            if (!info || info.resourceTypes.length === 0) continue;
            if (matches(cat, info, resources)) continue;
            const rts = cat.actionResourceTypes(info);
            if (!rts.length) continue;
            ctx.report({
              node: v.node,
              message: `'${info.fullName}' applies to ${describe(rts)}, but no resource of ${statementLabel(s)} has that format (${shownText()}): the ${s.allows ? 'Allow grants' : 'Deny blocks'} nothing for it.`,
            });
            continue;
          }
          const expanded = cat.expand(a);
          if (!expanded.length || expanded.length > MAX_EXPANSION) continue;
          const scoped = expanded.filter((x) => x.resourceTypes.length > 0);
          if (!scoped.length || scoped.some((x) => matches(cat, x, resources))) continue;
          ctx.report({
            node: v.node,
            message: `None of the ${scoped.length} actions matched by '${a}' applies to a resource of ${statementLabel(s)} (${shownText()}) — e.g. '${scoped[0].fullName}' applies to ${describe(cat.actionResourceTypes(scoped[0]))}: the ${s.allows ? 'Allow grants' : 'Deny blocks'} nothing.`,
          });
        }
      }
    }
  },
};
