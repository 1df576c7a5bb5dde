/**
 * Where the cursor is, in policy terms: the node under an offset (fast, iterative look-up over the
 * node tree) and the policy context around it — an Action/NotAction value, a Resource/NotResource
 * value, a Condition operator key, a condition key, a condition value, an Effect value, a policy's
 * Version value, a Principal/NotPrincipal value, a principal type key (`AWS`, `Service`, …) or a
 * value under one, or somewhere else. Works for templates and standalone policies, JSON and YAML,
 * and for incomplete text while the user types (the partial tree of a document with syntax errors,
 * empty values, blank lines). Pure: no LSP types.
 */
import type { AnalysisResult } from '../engine/analyze';
import { positionAt } from '../parse/lines';
import type { Entry, Node, ObjectNode } from '../model/node';
import { intrinsicName } from '../model/node';
import { closestElement, POLICY_ELEMENTS, PolicyModel, STATEMENT_ELEMENTS, StatementModel } from '../model/policy';

export interface NodeHit {
  /** Deepest node containing the offset (a key hit gives the entry's key node). */
  node: Node;
  /** The node is the key of {@link NodeHit.entry}. */
  isKey: boolean;
  entry?: Entry;
}

const contains = (n: { start: number; end: number }, off: number) => n.start <= off && off <= n.end;

/**
 * The deepest node whose range contains `offset` (both ends inclusive, so a cursor right after a
 * token still hits it). Iterative, with a binary search over each container's children.
 * Policies embedded as JSON strings (`PolicyDocument: '{"Statement": …}'`) are entered through
 * `embedded` (`start:end` of the string node → parsed policy root).
 */
export function nodeAtOffset(root: Node | undefined, offset: number, embedded?: Map<string, Node>): NodeHit | undefined {
  if (!root || !contains(root, offset)) return undefined;
  let cur: Node = root;
  for (;;) {
    if (cur.kind === 'object') {
      const es = cur.entries;
      const i = lastStartingAtOrBefore(es, offset, (e) => e.keyNode.start);
      let next: Node | undefined;
      // Adjacent siblings may share a boundary: prefer the later one, fall back to the earlier.
      // (Key and value ranges only: an entry's own range is not reliable for embedded policies.)
      for (let j = i; j >= 0 && j >= i - 1 && !next; j--) {
        const e = es[j];
        if (contains(e.keyNode, offset)) return { node: e.keyNode, isKey: true, entry: e };
        if (contains(e.value, offset)) next = e.value;
      }
      if (!next) return { node: cur, isKey: false };
      cur = next;
      continue;
    }
    if (cur.kind === 'array') {
      const items = cur.items;
      const i = lastStartingAtOrBefore(items, offset, (n) => n.start);
      let next: Node | undefined;
      for (let j = i; j >= 0 && j >= i - 1; j--) {
        if (contains(items[j], offset)) {
          next = items[j];
          break;
        }
      }
      if (!next) return { node: cur, isKey: false };
      cur = next;
      continue;
    }
    const inner = embedded?.get(`${cur.start}:${cur.end}`);
    if (inner && contains(inner, offset)) {
      cur = inner;
      continue;
    }
    return { node: cur, isKey: false };
  }
  return { node: cur, isKey: false };
}

function lastStartingAtOrBefore<T>(list: T[], offset: number, startOf: (x: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(list[mid]) <= offset) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

// ---------------------------------------------------------------------------------------------

export type SiteKind =
  | 'action'
  | 'resource'
  | 'condition-operator'
  | 'condition-key'
  /** A value under a condition key: `Condition: {Bool: {aws:SecureTransport: <here>}}`. */
  | 'condition-value'
  /** The value of a statement's `Effect`. */
  | 'effect'
  /** The value of a policy's `Version`. */
  | 'version'
  /** The whole value of `Principal`/`NotPrincipal` (`"*"`); in YAML, on the key's own line. */
  | 'principal'
  /** A key of a `Principal`/`NotPrincipal` mapping: the principal type (`AWS`, `Service`, …). */
  | 'principal-type'
  /** A value under a principal type: `Principal: {Federated: <here>}`. */
  | 'principal-value'
  | 'other';

/** The text the cursor is in: what a completion replaces. */
export interface Token {
  /** Replace range (the content, without quotes). */
  start: number;
  end: number;
  /** Content from start to the cursor (what the user typed so far). */
  prefix: string;
  /** The whole content. */
  text: string;
  /** No token yet and the format needs quotes around a new string (JSON). */
  needsQuotes: boolean;
  /** How the token is written. `none`: a new, empty position. */
  style: 'plain' | 'double' | 'single' | 'json' | 'none';
  /** YAML: a key position with no `:` after the token yet. */
  needsColon: boolean;
}

export interface Site {
  kind: SiteKind;
  element?: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal';
  /** The statement object (every site but `version` and `other`). */
  statement?: ObjectNode;
  /** Condition keys and values: the operator they sit under. */
  operator?: string;
  /** Condition values: the condition key, as written. */
  conditionKey?: string;
  /** Principal values: the principal type key they sit under, as written (`AWS`, `Federated`, …). */
  principalType?: string;
  /** The scalar (or key) under the cursor, when there is one. */
  node?: Node;
  /** The cursor is on (or at the place of) a key. */
  isKey: boolean;
  /** The string is (part of) a `Fn::Sub` template. */
  inSub: boolean;
  token: Token;
}

/** How the cursor relates to the anchor entry: inside its value, or at a key of its (mapping) value. */
type Relation = 'value' | 'key-in-value';

/** Embedded policy roots by the string node that holds them (cached per analysis). */
const embeddedCache = new WeakMap<AnalysisResult, Map<string, Node>>();
function embeddedOf(result: AnalysisResult): Map<string, Node> {
  let m = embeddedCache.get(result);
  if (!m) {
    m = new Map();
    for (const p of result.extracted?.policies ?? []) if (p.node.embeddedIn) m.set(`${p.node.embeddedIn.start}:${p.node.embeddedIn.end}`, p.node);
    embeddedCache.set(result, m);
  }
  return m;
}

/** The policy site at `offset` (never throws; `other` when the cursor is not in a policy element). */
export function siteAt(result: AnalysisResult, offset: number): Site {
  const parsed = result.parsed;
  const text = parsed.text;
  const empty: Token = { start: offset, end: offset, prefix: '', text: '', needsQuotes: parsed.format === 'json', style: 'none', needsColon: false };
  const other: Site = { kind: 'other', isKey: false, inSub: false, token: empty };
  try {
    const hit = nodeAtOffset(parsed.root, offset, embeddedOf(result));
    if (hit && hit.node.kind !== 'object' && hit.node.kind !== 'array') {
      const n = hit.node;
      const quirk = parsed.format === 'yaml' ? colonQuirk(result, n, offset) : undefined;
      if (quirk) return quirk;
      const token = tokenOf(text, n, offset);
      if (!token) return other;
      if (n.kind === 'null') {
        token.needsQuotes = parsed.format === 'json';
        token.style = 'none';
      }
      if (hit.isKey && hit.entry) {
        const owner = hit.entry.keyNode.parent as ObjectNode | undefined;
        if (parsed.format === 'yaml' && !n.embeddedIn) token.needsColon = !/^\s*:/.test(text.slice(token.end, token.end + 3));
        return classify(result, owner?.entry, 'key-in-value', { node: n, isKey: true, token, inSub: false });
      }
      const up = climb(n);
      if (parsed.format === 'yaml' && !n.embeddedIn && n.kind !== 'null') token.needsColon = !/^\s*:/.test(text.slice(token.end, token.end + 3));
      return classify(result, up.entry, 'value', { node: n, isKey: false, token, inSub: up.inSub });
    }
    // Whitespace: a new value, list item or key is about to be typed.
    const flow = hit && (hit.node.kind === 'object' || hit.node.kind === 'array') && hit.node.flow;
    const place = parsed.format === 'json' || flow ? jsonPlace(result, offset, hit?.node) : yamlPlace(result, offset);
    if (!place) return other;
    if (parsed.format === 'yaml' && place.relation === 'key-in-value') empty.needsColon = true;
    return classify(result, place.entry, place.relation, { isKey: place.relation === 'key-in-value', token: empty, inSub: false });
  } catch {
    return other;
  }
}

/**
 * YAML reads `Action: s3:` (a value being typed that ends in `:`) as a mapping `{s3: null}`.
 * Undo that: the token is `s3:`, at the place of the invented mapping.
 */
function colonQuirk(result: AnalysisResult, n: Node, offset: number): Site | undefined {
  const text = result.parsed.text;
  const e = n.entry;
  if (n.kind !== 'null' || !e || text[offset - 1] !== ':' || e.keyNode.end !== offset - 1 || e.keyNode.style !== 'plain') return undefined;
  const map = e.keyNode.parent as ObjectNode | undefined;
  if (!map || text.slice(e.keyNode.start, offset).includes('\n')) return undefined;
  const prefix = text.slice(e.keyNode.start, offset);
  const token: Token = { start: e.keyNode.start, end: offset, prefix, text: prefix, needsQuotes: false, style: 'plain', needsColon: false };
  // The first key of the invented mapping stands where the value goes (the mapping may have
  // swallowed the keys that follow: `Action: s3:` + `Resource: x` → {s3: null, Resource: x}).
  let site: Site;
  if (map.entries[0] === e) {
    const up = climb(map);
    // The parser drops a `!Sub` tag on the invented mapping.
    const inSub = up.inSub || /!Sub\s+$/.test(text.slice(text.lastIndexOf('\n', token.start) + 1, token.start));
    site = classify(result, up.entry, 'value', { node: n, isKey: false, token, inSub });
  } else {
    site = classify(result, map.entry, 'key-in-value', { node: n, isKey: true, token, inSub: false });
  }
  // `aws:` typed as a condition key: the replacement is a whole key again.
  if (site.isKey) token.needsColon = true;
  return site;
}

/** The replaceable content of a scalar at the cursor; undefined when the cursor is outside it (before a quote). */
function tokenOf(text: string, n: Node, offset: number): Token | undefined {
  let s = n.start;
  let e = n.end;
  const first = text[s];
  let style: Token['style'] = 'plain';
  if (n.kind === 'string' && n.style === 'block') return undefined;
  if ((first === '"' || first === "'") && e > s) {
    style = n.kind === 'string' && n.style === 'json' ? 'json' : first === '"' ? 'double' : 'single';
    s += 1;
    if (e - 1 >= s && text[e - 1] === first && !(e - 1 === s - 1)) e -= 1;
    // Unterminated JSON string: content runs to the end of the token.
  }
  if (offset < s || offset > e) return undefined;
  if (style === 'plain') {
    // A multi-line plain scalar (YAML folds `Str` and the next line into one): keep to the cursor's line.
    const nl = text.lastIndexOf('\n', offset - 1);
    if (nl >= s) s = nl + 1 + /^[ \t]*/.exec(text.slice(nl + 1, offset))![0].length;
    const next = text.indexOf('\n', offset);
    if (next >= 0 && next < e) e = next;
    while (e > offset && /\s/.test(text[e - 1])) e--;
  }
  return { start: s, end: e, prefix: text.slice(s, offset), text: text.slice(s, e), needsQuotes: false, style, needsColon: false };
}

/** From a value node up to the entry that owns it, through lists and intrinsic functions. */
function climb(n: Node): { entry?: Entry; inSub: boolean } {
  let cur: Node | undefined = n;
  let inSub = false;
  for (let guard = 0; cur && guard < 64; guard++) {
    const e: Entry | undefined = cur.entry;
    if (e) {
      const owner: Node | undefined = e.keyNode.parent;
      if (owner && intrinsicName(owner)) {
        if (e.key === 'Fn::Sub') inSub = true;
        cur = owner;
        continue;
      }
      return { entry: e, inSub };
    }
    if (cur.parent?.kind === 'array') {
      cur = cur.parent;
      continue;
    }
    return { inSub };
  }
  return { inSub };
}

const ACTION_ELS = new Set(['Action', 'NotAction']);
const RESOURCE_ELS = new Set(['Resource', 'NotResource']);
const PRINCIPAL_ELS = new Set(['Principal', 'NotPrincipal']);

function classify(result: AnalysisResult, anchor: Entry | undefined, relation: Relation, base: Omit<Site, 'kind'>): Site {
  const other: Site = { ...base, kind: 'other' };
  if (!anchor) return other;
  const owner = anchor.keyNode.parent as ObjectNode | undefined;
  if (!owner) return other;
  const el = closestElement(anchor.key, STATEMENT_ELEMENTS);
  if (el && isStatement(owner)) {
    if (relation === 'value' && ACTION_ELS.has(el)) return { ...base, kind: 'action', element: el as Site['element'], statement: owner };
    if (relation === 'value' && RESOURCE_ELS.has(el)) return { ...base, kind: 'resource', element: el as Site['element'], statement: owner };
    // `Condition:` then a plain scalar below it: YAML reads the operator being typed as the value.
    if (el === 'Condition' && (relation === 'key-in-value' || isTypedScalar(base.node))) {
      return { ...base, isKey: true, kind: 'condition-operator', statement: owner };
    }
    if (el === 'Effect' && relation === 'value' && !inList(base.node) && isEffectStatement(owner)) return { ...base, kind: 'effect', statement: owner };
    if (PRINCIPAL_ELS.has(el)) {
      const element = el as Site['element'];
      // `Principal:` then a scalar on a later line (YAML): the principal type being typed, read as the value.
      const below = result.parsed.format === 'yaml' && isTypedScalar(base.node) && result.parsed.text.slice(anchor.keyNode.end, base.node!.start).includes('\n');
      if (relation === 'key-in-value' || below) return { ...base, isKey: true, kind: 'principal-type', element, statement: owner };
      if (relation === 'value' && !inList(base.node)) return { ...base, kind: 'principal', element, statement: owner };
    }
    return other;
  }
  // The policy language version: `Version` of a policy document.
  if (relation === 'value' && closestElement(anchor.key, POLICY_ELEMENTS) === 'Version' && isPolicyObject(result, owner) && !inList(base.node)) {
    return { ...base, kind: 'version' };
  }
  const up = owner.entry;
  if (!up) return other;
  const upEl = closestElement(up.key, STATEMENT_ELEMENTS);
  const upOwner = up.keyNode.parent as ObjectNode | undefined;
  // An operator entry: `Condition: {StringEquals: {<here>}}`.
  if (upEl === 'Condition') {
    if (upOwner && isStatement(upOwner) && (relation === 'key-in-value' || isTypedScalar(base.node))) {
      return { ...base, isKey: true, kind: 'condition-key', statement: upOwner, operator: anchor.key };
    }
    return other;
  }
  // Values (not keys) below a key: a scalar, or a blank position (also a blank line below the key).
  const valuePlace = relation === 'value' || !base.node;
  // A principal type entry: `Principal: {Federated: <here>}`.
  if (upEl && PRINCIPAL_ELS.has(upEl)) {
    if (valuePlace && upOwner && isStatement(upOwner)) {
      return { ...base, isKey: false, kind: 'principal-value', element: upEl as Site['element'], statement: upOwner, principalType: anchor.key };
    }
    return other;
  }
  // A condition key entry: `Condition: {Bool: {aws:SecureTransport: <here>}}`.
  const cond = upOwner?.entry;
  if (valuePlace && cond && closestElement(cond.key, STATEMENT_ELEMENTS) === 'Condition') {
    const stmt = cond.keyNode.parent as ObjectNode | undefined;
    if (stmt && isStatement(stmt)) {
      return { ...base, isKey: false, kind: 'condition-value', statement: stmt, operator: up.key, conditionKey: anchor.key };
    }
  }
  return other;
}

function inList(n: Node | undefined): boolean {
  return n?.parent?.kind === 'array';
}

/** A policy document: one the analysis extracted, or an object with a `Statement`. */
function isPolicyObject(result: AnalysisResult, o: ObjectNode): boolean {
  if (result.extracted?.policies.some((p) => p.node === o)) return true;
  return o.entries.some((e) => closestElement(e.key, POLICY_ELEMENTS) === 'Statement');
}

function isTypedScalar(n: Node | undefined): boolean {
  return !!n && (n.kind === 'string' || n.kind === 'null') && n.parent?.kind !== 'array';
}

/** A statement: an object under a policy's `Statement` (directly, in a list, or in `Fn::If`), or one with `Effect`. */
export function isStatement(o: ObjectNode): boolean {
  return underStatement(o) || o.entries.some((e) => e.key === 'Effect' || closestElement(e.key, STATEMENT_ELEMENTS) === 'Effect');
}

/** An object under a policy's `Statement` (directly, in a list, or in `Fn::If`). */
function underStatement(o: ObjectNode): boolean {
  let n: Node | undefined = o;
  for (let i = 0; n && i < 8; i++) {
    const e: Entry | undefined = n.entry;
    if (e) {
      if (closestElement(e.key, POLICY_ELEMENTS) === 'Statement') return true;
      const owner: Node | undefined = e.keyNode.parent;
      if (!owner || !intrinsicName(owner)) break;
      n = owner;
      continue;
    }
    n = n.parent;
  }
  return false;
}

const STATEMENT_BODY = new Set(['Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/**
 * The statement an `Effect` value belongs to: an object under `Statement`, or one with another
 * statement element (`Effect` alone is not enough: EKS taints have an `Effect` too).
 */
function isEffectStatement(o: ObjectNode): boolean {
  return underStatement(o) || o.entries.some((e) => STATEMENT_BODY.has(closestElement(e.key, STATEMENT_ELEMENTS) ?? ''));
}

// ---------------------------------------------------------------------------------------------
// Whitespace positions

interface Place {
  entry: Entry;
  relation: Relation;
}

/** JSON: after `:` → the value of the entry before it; after `{`/`,` in an object → a key; in a list → an item. */
function jsonPlace(result: AnalysisResult, offset: number, container: Node | undefined): Place | undefined {
  const text = result.parsed.text;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  const ch = text[i];
  if (!container) return undefined;
  if (container.kind === 'object') {
    if (ch === ':') {
      let best: Entry | undefined;
      for (const e of container.entries) if (e.keyNode.end <= i + 1) best = e;
      return best ? { entry: best, relation: 'value' } : undefined;
    }
    if ((ch === '{' || ch === ',') && container.entry) return { entry: container.entry, relation: 'key-in-value' };
    return undefined;
  }
  if (container.kind === 'array' && (ch === '[' || ch === ',')) {
    const up = climb(container);
    return up.entry ? { entry: up.entry, relation: 'value' } : undefined;
  }
  return undefined;
}

const YAML_KEY_LINE = /^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[^\s#'"][^#]*?)\s*:(?:\s+(.*))?$/;

/**
 * YAML: the cursor is on whitespace. `Key: |` → the value of Key; `- |` → an item of the list
 * owned by the nearest key above; a blank line → a key of the mapping owned by the nearest key
 * above with less indentation.
 */
function yamlPlace(result: AnalysisResult, offset: number): Place | undefined {
  const { text, lineStarts, root } = result.parsed;
  const line = lineIndex(lineStarts, offset);
  const ls = lineStarts[line];
  const before = text.slice(ls, offset);
  const m = YAML_KEY_LINE.exec(before);
  if (m && (m[4] ?? '') === '' && /\s$/.test(before)) {
    const keyStart = ls + m[1].length + m[2].length;
    const hit = nodeAtOffset(root, keyStart, embeddedOf(result));
    if (hit?.isKey && hit.entry) return { entry: hit.entry, relation: 'value' };
    return undefined;
  }
  const dash = /^(\s*)-(?:\s+-)*\s*$/.exec(before);
  if (dash) {
    const owner = ownerKeyAbove(result, line, dash[1].length, true);
    return owner ? { entry: owner, relation: 'value' } : undefined;
  }
  if (/^\s*$/.test(before)) {
    const owner = ownerKeyAbove(result, line, before.length, false);
    return owner ? { entry: owner, relation: 'key-in-value' } : undefined;
  }
  return undefined;
}

function lineIndex(lineStarts: number[], offset: number): number {
  return positionAt(lineStarts, offset).line;
}

/**
 * The entry whose key line owns a line indented to `col`: the nearest line above that is a
 * `key:` with less indentation (a list may also sit at the key's own indentation).
 */
function ownerKeyAbove(result: AnalysisResult, line: number, col: number, isItem: boolean): Entry | undefined {
  const { text, lineStarts, root } = result.parsed;
  for (let l = line - 1, seen = 0; l >= 0 && seen < 400; l--, seen++) {
    const s = lineStarts[l];
    const e = l + 1 < lineStarts.length ? lineStarts[l + 1] : text.length;
    const raw = text.slice(s, e).replace(/\r?\n$/, '');
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const m = YAML_KEY_LINE.exec(raw);
    const indent = /^\s*/.exec(raw)![0].length;
    const keyCol = m ? m[1].length + m[2].length : indent;
    if (m && (keyCol < col || (isItem && keyCol === col && !m[4]))) {
      if (m[4] && !/^[|>]/.test(m[4])) return undefined; // `Key: value` cannot own anything below.
      const hit = nodeAtOffset(root, s + keyCol, embeddedOf(result));
      return hit?.isKey ? hit.entry : undefined;
    }
    if (indent < col) return undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/** The statement model for a statement object: the analysed one when it exists, else a fresh one. */
export function statementModel(result: AnalysisResult, stmt: ObjectNode): StatementModel {
  for (const p of result.extracted?.policies ?? []) for (const s of p.statements) if (s.node === stmt) return s;
  const policyNode: ObjectNode = { kind: 'object', entries: [], flow: true, start: stmt.start, end: stmt.start };
  const policy = new PolicyModel(policyNode, { kind: 'identity', label: 'policy', principals: [] }, result.template);
  return new StatementModel(stmt, 0, policy);
}

/** The literal action patterns of a statement's Action element (worst case through intrinsics). */
export function statementActions(result: AnalysisResult, stmt: ObjectNode): string[] {
  const st = statementModel(result, stmt);
  const out: string[] = [];
  for (const v of st.values('Action')) if (typeof v.value === 'string' && v.value.includes(':')) out.push(v.value);
  return out;
}

