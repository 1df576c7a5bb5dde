/**
 * Grouping of grants for reporting: one finding per Action item (the node), naming every scope
 * (principal / policy) that reaches it, so a managed policy attached to three roles is reported
 * once, not three times.
 */
import type { RuleContext } from '../engine/context';
import type { Node } from '../model/node';
import { riskScopes, scopeRisks, type Grant, type PrincipalRisk, type RiskCategory, type RiskScope } from './permissions';

export interface NodeGroup {
  node: Node;
  grants: Grant[];
  scopes: RiskScope[];
  /** The risk (of the first scope) the grants come from. */
  risks: PrincipalRisk[];
}

/**
 * Grants of one category, grouped by the Action item that grants them (document order).
 * `skipAdmins`: leave out scopes that are full administrators (reported once by iam/full-admin;
 * listing every read or credential action a `*` grants again adds noise, not information).
 */
export function grantsByActionItem(ctx: RuleContext, category: RiskCategory, skipAdmins = false): NodeGroup[] {
  const groups = new Map<number, NodeGroup>();
  for (const scope of riskScopes(ctx)) {
    const risks = scopeRisks(ctx, scope);
    if (skipAdmins && isAdmin(risks)) continue;
    for (const risk of risks) {
      if (risk.category !== category) continue;
      for (const g of risk.grants) {
        const node = g.actionValue.node;
        let grp = groups.get(node.start);
        if (!grp) groups.set(node.start, (grp = { node, grants: [], scopes: [], risks: [] }));
        if (!grp.grants.some((x) => x.action === g.action)) grp.grants.push(g);
        if (!grp.scopes.includes(scope)) grp.scopes.push(scope);
        if (!grp.risks.includes(risk)) grp.risks.push(risk);
      }
    }
  }
  return [...groups.values()].sort((a, b) => a.node.start - b.node.start);
}

/** "Role 'A'", "Role 'A' and Role 'B'", "Role 'A', Role 'B' and 2 more". */
export function scopeNames(scopes: RiskScope[]): string {
  const l = scopes.map((s) => s.label);
  if (l.length <= 1) return l[0] ?? 'This policy';
  if (l.length <= 3) return `${l.slice(0, -1).join(', ')} and ${l[l.length - 1]}`;
  return `${l.slice(0, 2).join(', ')} and ${l.length - 2} more`;
}

/** `'iam:*'` or `'*' (parameter default)` / `'*' (!If branch)` for an Action item. */
export function itemText(g: Grant): string {
  const v = g.actionValue;
  const via = v.origin ? ' (parameter default)' : v.node.kind === 'object' ? ' (through an intrinsic)' : '';
  return `'${v.value.trim()}'${via}`;
}

/** Names of granted actions, at most `max`. */
export function actionNames(grants: Grant[], max = 4): string {
  const names = [...new Set(grants.map((g) => g.action))];
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}

/** The Resource item text, for messages: `Resource '*'` or `Resource 'arn:aws:s3:::*'`. */
export function resourceText(g: Grant): string {
  const r = g.resourceValue;
  if (!r) return 'NotResource (every other resource)';
  return `Resource '${r.value.trim()}'${r.origin ? ' (parameter default)' : ''}`;
}

/** True when the Action item is exactly the action (no wildcard). */
export function isExact(g: Grant): boolean {
  return g.actionValue.value.trim().toLowerCase() === g.action.toLowerCase();
}

/** Whether the risks include full administrator access. */
export function isAdmin(risks: PrincipalRisk[]): boolean {
  return risks.some((r) => r.category === 'full-admin');
}
