import type { Node, ObjectNode } from './node';
import { isObject } from './node';
import { fromJs } from './synthetic';
import { samPolicyTemplate } from '../catalog/sam';

/** A node as a plain JS value (for substitution into SAM policy templates). */
export function toJs(n: Node | undefined, depth = 0): unknown {
  if (!n || depth > 64) return null;
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.entries.map((e) => [e.key, toJs(e.value, depth + 1)]));
    case 'array':
      return n.items.map((i) => toJs(i, depth + 1));
    default:
      return n.value;
  }
}

/**
 * Expand `S3ReadPolicy: {BucketName: !Ref B}` into the policy document SAM would generate, with
 * the template's `{"Ref": "BucketName"}` placeholders replaced by the user's values. All nodes
 * point at the template's name, where findings should appear.
 */
export function expandSamPolicyTemplate(name: string, params: ObjectNode | undefined, at: Node): ObjectNode | undefined {
  const tpl = samPolicyTemplate(name);
  if (!tpl) return undefined;
  const values = new Map<string, unknown>();
  if (params) for (const e of params.entries) values.set(e.key, toJs(e.value));
  const substituted = substitute(tpl.statements, values, 0);
  const doc = fromJs({ Version: '2012-10-17', Statement: substituted }, at.start, at.end);
  return isObject(doc) ? doc : undefined;
}

function substitute(v: unknown, values: Map<string, unknown>, depth: number): unknown {
  if (depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => substitute(x, values, depth + 1));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof o.Ref === 'string' && values.has(o.Ref)) return values.get(o.Ref);
    return Object.fromEntries(keys.map((k) => [k, substitute(o[k], values, depth + 1)]));
  }
  return v;
}
