/**
 * Helpers shared by the scope rules (iam/wildcard-action, iam/wildcard-resource, …): access-level
 * ranking, severities, and text rendering of list splices and CloudFormation intrinsics in the
 * file's own style.
 */
import type { AccessLevel, ActionInfo } from '../../catalog/catalog';
import type { ParsedDocument, Severity, SecuritySeverity, TextEdit } from '../../engine/types';
import { compactJson, detectEol, jsonFormatting, lineStart, usesShortForms, yamlFlow, type JsValue } from '../../fixes/edits';
import type { Node } from '../../model/node';
import { isArray } from '../../model/node';
import type { PolicyModel, StatementModel } from '../../model/policy';
import { PSEUDO } from '../../model/values';

/** Highest first: what an action can do at worst (Permissions management > Write > Tagging > Read > List). */
export const ACCESS_RANK: Record<AccessLevel, number> = { 'Permissions management': 4, Write: 3, Tagging: 2, Read: 1, List: 0 };

/** The highest access level of one action (the data marks some with two). */
export function actionLevel(a: ActionInfo): AccessLevel {
  const levels = a.accessLevels;
  let best: AccessLevel = levels[0] ?? a.accessLevel;
  // Indexed: this runs for every action a wildcard expands to, often before the JIT warms up.
  for (let i = 1; i < levels.length; i++) if (ACCESS_RANK[levels[i]] > ACCESS_RANK[best]) best = levels[i];
  return best;
}

/** The highest access level among actions (undefined for none). */
export function highestLevel(actions: Iterable<ActionInfo>): AccessLevel | undefined {
  let best: AccessLevel | undefined;
  for (const a of actions) {
    const l = actionLevel(a);
    if (!best || ACCESS_RANK[l] > ACCESS_RANK[best]) best = l;
  }
  return best;
}

export function securityFor(level: AccessLevel | undefined): SecuritySeverity {
  if (level === 'Permissions management') return 'high';
  if (level === 'Write') return 'medium';
  return 'low';
}

/** Severity by access level: Permissions management and Write warn; Tagging, Read and List inform. */
export function severityFor(level: AccessLevel | undefined): Severity {
  return level === 'Permissions management' || level === 'Write' ? 'warning' : 'info';
}

/** Identity policies (and standalone policy files read as identity policies) grant to their principal. */
export function isIdentity(p: PolicyModel): boolean {
  return p.kind === 'identity';
}

/** Does the statement have `Action` including the literal `*` (every action)? */
export function hasStarAction(s: StatementModel): boolean {
  return s.values('Action').some((v) => v.known && v.value.trim() === '*');
}

/** Does the statement have `Resource` including the literal `*`? */
export function hasStarResource(s: StatementModel): boolean {
  return s.values('Resource').some((v) => v.known && v.value.trim() === '*');
}

/** Which list to show: `a, b, c and 4 more`. */
export function namesList(names: string[], max = 3): string {
  const shown = names.slice(0, max).map((n) => `'${n}'`);
  const more = names.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

// ---------------------------------------------------------------------------------------------
// Rendering values in the file's style

/** A value to write: a plain string, or an intrinsic (`GetAtt B.Arn`, `Sub "${B.Arn}/*"`, `Ref T`). */
export type Rendered = { kind: 'string'; value: string } | { kind: 'intrinsic'; fn: 'Ref' | 'GetAtt' | 'Sub'; arg: string };

/** One value as inline text (a flow/JSON item), in the file's style of intrinsics. */
export function renderInline(doc: ParsedDocument, r: Rendered): string {
  let v: JsValue;
  if (r.kind === 'string') v = r.value;
  else if (r.fn === 'GetAtt') {
    const i = r.arg.indexOf('.');
    v = { 'Fn::GetAtt': [r.arg.slice(0, i), r.arg.slice(i + 1)] };
  } else v = r.fn === 'Ref' ? { Ref: r.arg } : { 'Fn::Sub': r.arg };
  return doc.format === 'json' ? compactJson(v) : yamlFlow(v, usesShortForms(doc));
}

/**
 * Replace one list item or scalar value `node` with several values, keeping the style:
 * - an item of a block YAML list → more `- item` lines at the same indentation;
 * - an item of a flow YAML list or a JSON array → more items (one per line when the array is);
 * - a scalar value (`Action: s3:*`, or a `!If` branch) → a list: flow in YAML, an array in JSON.
 * `list` is the array that holds the statement's values (only its direct items are spliced).
 */
export function replaceWithValues(doc: ParsedDocument, node: Node, list: Node | undefined, values: Rendered[]): TextEdit | undefined {
  if (values.length === 0) return undefined;
  const text = doc.text;
  const eol = detectEol(text);
  const items = values.map((v) => renderInline(doc, v));
  if (isArray(list) && node.parent === list) {
    const ls = lineStart(text, node.start);
    const prefix = text.slice(ls, node.start);
    if (doc.format === 'yaml' && !list.flow) {
      const m = /^(\s*)-\s+$/.exec(prefix);
      if (!m) return undefined;
      const pad = m[1];
      return { start: node.start, end: node.end, newText: items.join(`${eol}${pad}- `) };
    }
    // Flow list / JSON array: one per line when the item sits on its own line.
    if (/^\s*$/.test(prefix)) return { start: node.start, end: node.end, newText: items.join(`,${eol}${prefix}`) };
    return { start: node.start, end: node.end, newText: items.join(', ') };
  }
  if (items.length === 1) return { start: node.start, end: node.end, newText: items[0] };
  if (doc.format === 'json' && items.length > 4) {
    // A long JSON array: one item per line, indented one level deeper than the key's line.
    const ls = lineStart(text, node.start);
    const pad = /^\s*/.exec(text.slice(ls, node.start))![0];
    const f = jsonFormatting(text);
    const unit = f.insertSpaces ? ' '.repeat(f.tabSize ?? 2) : '\t';
    return { start: node.start, end: node.end, newText: `[${eol}${pad}${unit}${items.join(`,${eol}${pad}${unit}`)}${eol}${pad}]` };
  }
  return { start: node.start, end: node.end, newText: `[${items.join(', ')}]` };
}

/**
 * Is every principal of a resource-policy statement this template's own account root
 * (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, `!Ref AWS::AccountId`)? That is the
 * key-policy default: it delegates access to IAM policies in the account, granting nothing by itself.
 */
export function accountRootOnly(s: StatementModel, p: PolicyModel): boolean {
  if (!p.template) return false;
  const own = PSEUDO['AWS::AccountId'];
  const ps = s.principals();
  return ps.length > 0 && ps.every((x) => x.type === 'AWS' && x.value.known && (x.value.value === own || new RegExp(`^arn:[^:]+:iam::${own}:root$`).test(x.value.value)));
}
