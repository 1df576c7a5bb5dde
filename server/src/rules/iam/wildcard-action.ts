import type { AccessLevel, ActionInfo, IamCatalog } from '../../catalog/catalog';
import type { Fix, Rule, Severity } from '../../engine/types';
import type { Node } from '../../model/node';
import { isString } from '../../model/node';
import type { PolicyModel, StatementModel } from '../../model/policy';
import { ACCESS_RANK, accountRootOnly, actionLevel, hasStarResource, highestLevel, replaceWithValues, securityFor, severityFor } from './scope-util';

/** Above this many actions the explicit list is no help for pruning by hand. */
export const MAX_EXPANDED_ACTIONS = 200;

/** What a wildcard reaches, for the message: its highest access level, a count, examples. */
interface Summary {
  level: AccessLevel;
  /** `12 Amazon S3 actions`, `40 actions of 3 services`. */
  what: string;
  /** ` (such as s3:DeleteBucket, s3:PutBucketPolicy)`, empty for Read / List. */
  example: string;
}

function summarize(cat: IamCatalog, actions: readonly ActionInfo[]): Summary {
  const level = highestLevel(actions)!;
  const services = new Set(actions.map((a) => a.service));
  const what =
    services.size === 1
      ? `${actions.length} ${cat.serviceTitle(actions[0].service) ?? actions[0].service} action${actions.length === 1 ? '' : 's'}`
      : `${actions.length} actions of ${services.size} services`;
  const worst = actions.filter((a) => actionLevel(a) === level).map((a) => a.fullName);
  const example = level === 'Read' || level === 'List' ? '' : ` (such as ${worst.slice(0, 2).join(', ')})`;
  return { level, what, example };
}

export const wildcardAction: Rule = {
  meta: {
    id: 'iam/wildcard-action',
    title: 'Action wildcard (`*`, `service:*`, `s3:Get*`) in an Allow statement',
    severity: 'warning',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'refactor',
    tags: ['iam', 'least-privilege'],
    docs: {
      rationale:
        'A wildcard in `Action` grants every action that matches it — today and every action AWS adds to the service later. `s3:*` is 180 actions including `s3:PutBucketPolicy` and `s3:DeleteBucket`; `ec2:*Instances` includes `ec2:TerminateInstances`. The message says how many actions the pattern grants and the highest access level among them (Permissions management > Write > Tagging > Read > List, from the IAM service authorization reference). Severity follows that level: **warning** when the pattern reaches Write or Permissions management actions, **info** when it only reaches Tagging, Read or List actions (`s3:Get*`, `ec2:Describe*` — read-only wildcards are common and accepted by peers such as Checkov\'s write/permissions-management checks). `Action: "*"` on `Resource: "*"` is administrator access and is reported at error by `iam/full-admin`; this rule then reports it at info only, so the same node is not reported twice at error. `Action: "*"` on a scoped resource is a warning. In resource policies (bucket, key, queue policies) the resource is the policy\'s own, so findings there are info, and the key-policy default (`kms:*` for the account root, which delegates to IAM) is not reported. Deny statements, trust policies, VPC endpoint policies and SAM policy templates are not reported.',
      fix: 'A refactor (never applied automatically): replaces the wildcard with the explicit list of the actions it grants today — block list items at the same indentation in YAML, a flow list when `Action` is a single value, array items in JSON — so that you can delete the ones the workload does not need. Not offered for `*`, for patterns that match more than 200 actions, for values that come from parameters, and inside policies written as JSON strings.',
      bad: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action: s3:*\n    Resource: !Sub "${DataBucket.Arn}/*"\n' },
      good: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - s3:PutObject\n    Resource: !Sub "${DataBucket.Arn}/*"\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html',
        'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      ],
    },
  },
  check(ctx) {
    const cat = ctx.catalog;
    /** By pattern: the same wildcard recurs across a template's policies. */
    const summaries = new Map<string, Summary>();
    for (const p of ctx.policies) {
      if (!reportable(p)) continue;
      for (const s of p.statements) {
        if (!s.allows) continue;
        if (p.kind === 'resource' && accountRootOnly(s, p)) continue;
        const starResource = hasStarResource(s);
        for (const v of s.values('Action')) {
          const pattern = v.value.trim();
          if (!v.known || !/[*?]/.test(pattern)) continue;
          const actions = cat.expand(pattern);
          if (actions.length === 0) continue; // iam/unknown-action reports it
          let summary = summaries.get(pattern);
          if (!summary) summaries.set(pattern, (summary = summarize(cat, actions)));
          const { level, what, example } = summary;
          let severity: Severity = severityFor(level);
          let note = '';
          if (pattern === '*') {
            severity = starResource ? 'info' : 'warning';
            if (starResource) note = ' With Resource \'*\' this is administrator access (see iam/full-admin).';
          }
          if (p.kind === 'resource') severity = 'info';
          const message =
            `'${pattern}'${v.origin ? ' (parameter default)' : ''} grants ${what}, up to ${level}${example}, including any action AWS adds later. List the actions the workload needs.` + note;
          ctx.report({
            node: v.node,
            message,
            severity,
            securitySeverity: pattern === '*' ? 'high' : securityFor(level),
            fixes: () => expandFix(ctx.doc, s, v.node, v.origin, pattern, actions),
          });
        }
      }
    }
  },
};

function reportable(p: PolicyModel): boolean {
  if (p.context.expandedFrom) return false; // SAM's own templates, not the user's text
  return p.kind === 'identity' || p.kind === 'resource';
}

function expandFix(
  doc: import('../../engine/types').ParsedDocument,
  s: StatementModel,
  node: Node,
  origin: Node | undefined,
  pattern: string,
  actions: ActionInfo[],
): Fix[] {
  if (pattern === '*' || actions.length > MAX_EXPANDED_ACTIONS) return [];
  if (origin || !isString(node) || node.embeddedIn || s.policy.context.subStrings) return [];
  const list = s.get('Action');
  // Keep the actions the statement already names once; most powerful first helps pruning.
  const already = new Set(
    s
      .values('Action')
      .filter((x) => x.node !== node && x.node.parent === list && list !== undefined && !/[*?]/.test(x.value))
      .map((x) => x.value.trim().toLowerCase()),
  );
  const names = actions
    .filter((a) => !already.has(a.fullName.toLowerCase()))
    .sort((a, b) => ACCESS_RANK[actionLevel(b)] - ACCESS_RANK[actionLevel(a)] || (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0))
    .map((a) => ({ kind: 'string' as const, value: a.fullName }));
  if (names.length === 0) return [];
  const edit = replaceWithValues(doc, node, list, names);
  if (!edit) return [];
  return [
    {
      title: `Expand '${pattern}' into the ${names.length} action${names.length === 1 ? '' : 's'} it grants (then delete the ones not needed)`,
      kind: 'refactor',
      edits: [edit],
    },
  ];
}
