import type { Entry, Node, ObjectNode } from './node';
import { isArray, isObject, intrinsicName, scalarString } from './node';
import type { PolicyKind } from '../engine/types';
import type { TemplateModel } from './template';
import { editDistance } from '../catalog/distance';
import { resolveList, resolveScalar, type ResolveOptions, type Value } from './values';

export const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
export type StatementElement = (typeof STATEMENT_ELEMENTS)[number];

/**
 * The canonical element a misspelt key most likely means (`Actions` → `Action`, `effect` →
 * `Effect`), or undefined when the key is not close to any element.
 */
export function closestElement(key: string, elements: readonly string[]): string | undefined {
  const k = key.toLowerCase().replace(/[\s_-]/g, '');
  for (const el of elements) {
    const e = el.toLowerCase();
    if (k === e || k === e + 's' || k === e + 'es') return el;
  }
  let best: string | undefined;
  let bestD = Infinity;
  for (const el of elements) {
    const d = editDistance(k, el.toLowerCase(), 8);
    if (d < bestD) {
      bestD = d;
      best = el;
    }
  }
  return best && bestD <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}

/** A key of a policy or statement, resolved to the element it stands for. */
export interface ElementKey {
  entry: Entry;
  /** The element the key means; undefined for keys IAM does not know and that are not close to one. */
  element?: string;
  /** True when the key is spelt exactly as IAM expects. */
  exact: boolean;
}

function classifyKeys(obj: ObjectNode, elements: readonly string[]): { byElement: Map<string, Entry>; keys: ElementKey[] } {
  const byElement = new Map<string, Entry>();
  const keys: ElementKey[] = [];
  const known = elementSets.get(elements) ?? elementSets.set(elements, new Set(elements)).get(elements)!;
  // Exact spellings win over near-misses when both are present.
  let inexact = 0;
  const entries = obj.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (known.has(e.key)) {
      keys.push({ entry: e, element: e.key, exact: true });
      if (!byElement.has(e.key)) byElement.set(e.key, e);
    } else inexact++;
  }
  if (!inexact) return { byElement, keys }; // the usual case: already in document order
  for (const e of obj.entries) {
    if (known.has(e.key)) continue;
    const el = closestElement(e.key, elements);
    keys.push({ entry: e, element: el, exact: false });
    if (el && !byElement.has(el)) byElement.set(el, e);
  }
  keys.sort((a, b) => a.entry.start - b.entry.start);
  return { byElement, keys };
}
const elementSets = new Map<readonly string[], ReadonlySet<string>>();

/** Is every key spelt exactly as an IAM element (the usual case: nothing to report)? */
export function allKeysExact(keys: readonly ElementKey[]): boolean {
  for (let i = 0; i < keys.length; i++) if (!keys[i].exact) return false;
  return true;
}

export class StatementModel {
  readonly keys: ElementKey[];
  private readonly byElement: Map<string, Entry>;
  private cache = new Map<string, Value[]>();

  constructor(
    readonly node: ObjectNode,
    readonly index: number,
    readonly policy: PolicyModel,
  ) {
    const c = classifyKeys(node, STATEMENT_ELEMENTS);
    this.keys = c.keys;
    this.byElement = c.byElement;
  }

  /** The entry for an element, as the user meant it (a misspelt `Actions` counts as `Action`). */
  entry(el: StatementElement): Entry | undefined {
    return this.byElement.get(el);
  }
  get(el: StatementElement): Node | undefined {
    return this.byElement.get(el)?.value;
  }
  has(el: StatementElement): boolean {
    return this.byElement.has(el);
  }

  /** All alternatives of the Effect (`!If` may give both). */
  effects(): Value[] {
    return this.values('Effect');
  }
  /** Whether some alternative of the effect is Allow (worst case). */
  get allows(): boolean {
    const e = this.effects();
    return e.some((v) => v.value === 'Allow');
  }
  get sid(): string | undefined {
    return scalarString(this.get('Sid'));
  }

  /** Resolved list values of Action/NotAction/Resource/NotResource/Effect (cached). */
  values(el: StatementElement): Value[] {
    let v = this.cache.get(el);
    if (!v) {
      const n = this.get(el);
      v = el === 'Effect' || el === 'Sid' ? resolveScalar(n, this.policy.resolveOptions) : resolveList(n, this.policy.resolveOptions);
      this.cache.set(el, v);
    }
    return v;
  }
  actions(): Value[] {
    return this.values('Action');
  }
  resources(): Value[] {
    return this.values('Resource');
  }

  /** Principal values as `{type, value}` (`"*"` gives type `*`). */
  principals(el: 'Principal' | 'NotPrincipal' = 'Principal'): { type: string; value: Value }[] {
    const p = this.get(el);
    if (!p) return [];
    const out: { type: string; value: Value }[] = [];
    const opts = this.policy.resolveOptions;
    if (!isObject(p) || intrinsicName(p)) {
      for (const v of resolveScalar(p, opts)) out.push({ type: v.value === '*' ? '*' : 'AWS', value: v });
      return out;
    }
    for (const e of p.entries) for (const v of resolveList(e.value, opts)) out.push({ type: e.key, value: v });
    return out;
  }

  /** Condition operators with their keys: `{StringEquals: {aws:SourceAccount: ...}}`. */
  conditions(): { operator: string; operatorEntry: Entry; key: string; keyEntry: Entry; values: Value[] }[] {
    const c = this.get('Condition');
    const out: { operator: string; operatorEntry: Entry; key: string; keyEntry: Entry; values: Value[] }[] = [];
    if (!isObject(c) || intrinsicName(c)) return out;
    for (const op of c.entries) {
      if (!isObject(op.value) || intrinsicName(op.value)) continue;
      for (const k of op.value.entries) {
        out.push({ operator: op.key, operatorEntry: op, key: k.key, keyEntry: k, values: resolveList(k.value, this.policy.resolveOptions) });
      }
    }
    return out;
  }
}

export interface PolicyContext {
  kind: PolicyKind;
  /** Owning resource (template) — undefined for standalone policy files. */
  resourceId?: string;
  resourceType?: string;
  /** Where in the resource, for messages: `Policies[0] (waf-s3-access)`, `KeyPolicy`. */
  label: string;
  /** Logical ids of the principals (roles/users/groups/functions) the policy attaches to. */
  principals: string[];
  /** Strings are Fn::Sub templates (policy JSON inside `!Sub`). */
  subStrings?: boolean;
  /** Statements come from a SAM policy template expansion. */
  expandedFrom?: string;
}

export class PolicyModel {
  readonly keys: ElementKey[];
  private readonly byElement: Map<string, Entry>;
  readonly statements: StatementModel[] = [];
  readonly resolveOptions: ResolveOptions;

  constructor(
    readonly node: ObjectNode,
    readonly context: PolicyContext,
    readonly template?: TemplateModel,
  ) {
    const c = classifyKeys(node, POLICY_ELEMENTS);
    this.keys = c.keys;
    this.byElement = c.byElement;
    this.resolveOptions = { template, subStrings: context.subStrings };
    const st = this.get('Statement');
    let i = 0;
    for (const s of alternatives(st)) {
      if (isObject(s)) this.statements.push(new StatementModel(s, i++, this));
    }
  }

  get kind(): PolicyKind {
    return this.context.kind;
  }
  entry(el: (typeof POLICY_ELEMENTS)[number]): Entry | undefined {
    return this.byElement.get(el);
  }
  get(el: (typeof POLICY_ELEMENTS)[number]): Node | undefined {
    return this.byElement.get(el)?.value;
  }
}

/**
 * The statement objects a `Statement` value stands for: a single object, a list, and `!If`
 * branches at either level (both branches count; `AWS::NoValue` drops out).
 */
export function alternatives(n: Node | undefined, depth = 0): Node[] {
  if (!n || depth > 10) return [];
  if (isArray(n)) return n.items.flatMap((i) => alternatives(i, depth + 1));
  const fn = intrinsicName(n);
  if (fn === 'Fn::If' && isObject(n)) {
    const args = n.entries[0].value;
    if (isArray(args) && args.items.length === 3) return [...alternatives(args.items[1], depth + 1), ...alternatives(args.items[2], depth + 1)];
    return [];
  }
  if (fn === 'Ref') return [];
  return [n];
}
