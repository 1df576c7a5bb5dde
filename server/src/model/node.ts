/**
 * One position-aware node model for JSON and YAML documents.
 *
 * Both parsers (jsonc-parser and eemeli/yaml) are converted into these nodes so that every
 * later stage — classification, policy extraction, rules, fixes — works on a single shape.
 * Offsets are UTF-16 code-unit offsets into the original text, which is also what LSP uses.
 * CloudFormation short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) are represented exactly like
 * their long forms (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`) with `shortForm` set, so that no
 * rule has to know which syntax the user wrote.
 */

export type NodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

interface BaseNode {
  readonly kind: NodeKind;
  /** Start offset (inclusive) of the node's text. */
  start: number;
  /** End offset (exclusive) of the node's text. */
  end: number;
  parent?: ObjectNode | ArrayNode;
  /** The key under which this node sits in its parent object, or index in its parent array. */
  keyInParent?: string | number;
  /** The entry that owns this node as its value (objects only). */
  entry?: Entry;
  /**
   * For documents parsed out of a string value (a policy given as a JSON string), the node of the
   * enclosing document that holds the string. Offsets are already mapped to the outer text.
   */
  embeddedIn?: StringNode;
}

export interface Entry {
  key: string;
  keyNode: StringNode;
  value: Node;
  /** Start of the key, end of the value. */
  start: number;
  end: number;
}

export interface ObjectNode extends BaseNode {
  readonly kind: 'object';
  entries: Entry[];
  /** YAML: flow style `{a: 1}` vs block style. JSON: always flow. */
  flow: boolean;
  /**
   * Set when the object is an intrinsic written in YAML short form (`!Ref X`). The single entry's
   * key node then spans the tag itself.
   */
  shortForm?: string;
}

export interface ArrayNode extends BaseNode {
  readonly kind: 'array';
  items: Node[];
  flow: boolean;
}

export interface StringNode extends BaseNode {
  readonly kind: 'string';
  value: string;
  /** How the scalar was written, for fixes that must keep the style. */
  style?: 'plain' | 'single' | 'double' | 'block' | 'json';
}

export interface NumberNode extends BaseNode {
  readonly kind: 'number';
  value: number;
  /** The source text, e.g. `"0"` vs `0` in YAML or `1e3` in JSON. */
  raw: string;
}

export interface BooleanNode extends BaseNode {
  readonly kind: 'boolean';
  value: boolean;
}

export interface NullNode extends BaseNode {
  readonly kind: 'null';
  value: null;
}

export type ScalarNode = StringNode | NumberNode | BooleanNode | NullNode;
export type Node = ObjectNode | ArrayNode | ScalarNode;

export function isObject(n: Node | undefined): n is ObjectNode {
  return n !== undefined && n.kind === 'object';
}
export function isArray(n: Node | undefined): n is ArrayNode {
  return n !== undefined && n.kind === 'array';
}
export function isString(n: Node | undefined): n is StringNode {
  return n !== undefined && n.kind === 'string';
}
export function isScalar(n: Node | undefined): n is ScalarNode {
  return n !== undefined && n.kind !== 'object' && n.kind !== 'array';
}

/** The entry with exactly this key (first one if duplicated). */
export function getEntry(obj: Node | undefined, key: string): Entry | undefined {
  if (!isObject(obj)) return undefined;
  // Indexed: called for nearly every property lookup, mostly before the JIT has warmed up, where
  // a for-of loop allocates an iterator result per entry.
  const entries = obj.entries;
  for (let i = 0; i < entries.length; i++) if (entries[i].key === key) return entries[i];
  return undefined;
}

/** The value under exactly this key. */
export function get(obj: Node | undefined, key: string): Node | undefined {
  return getEntry(obj, key)?.value;
}

/** Walk a chain of keys. */
export function getPath(obj: Node | undefined, ...keys: string[]): Node | undefined {
  let cur = obj;
  for (const k of keys) {
    cur = get(cur, k);
    if (!cur) return undefined;
  }
  return cur;
}

/** A scalar's value as a string (numbers and booleans as written), else undefined. */
export function scalarString(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  switch (n.kind) {
    case 'string':
      return n.value;
    case 'number':
      return n.raw;
    case 'boolean':
      return String(n.value);
    default:
      return undefined;
  }
}

/** Path of keys/indices from the root to this node. */
export function nodePath(n: Node): (string | number)[] {
  const path: (string | number)[] = [];
  let cur: Node | undefined = n;
  while (cur && cur.parent) {
    path.push(cur.keyInParent as string | number);
    cur = cur.parent;
  }
  return path.reverse();
}

/** Intrinsic function name of an object like `{"Fn::Sub": ...}` / `{"Ref": ...}`, else undefined. */
export function intrinsicName(n: Node | undefined): string | undefined {
  if (!isObject(n) || n.entries.length !== 1) return undefined;
  const k = n.entries[0].key;
  if (k === 'Ref' || k === 'Condition' || k.startsWith('Fn::')) return k;
  return undefined;
}

/** Iterative (stack-safe) pre-order walk. Return false from `visit` to skip a node's children. */
export function walk(root: Node, visit: (n: Node) => boolean | void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    if (n.kind === 'object') {
      for (let i = n.entries.length - 1; i >= 0; i--) stack.push(n.entries[i].value);
    } else if (n.kind === 'array') {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    }
  }
}
