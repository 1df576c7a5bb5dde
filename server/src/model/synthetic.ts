import type { ArrayNode, Node, ObjectNode } from './node';

/**
 * Build nodes from a plain JS value, all spanning one source range. Used for content that exists
 * only after expansion (SAM policy templates), so findings on it point at what the user wrote.
 */
export function fromJs(value: unknown, start: number, end: number, depth = 0): Node {
  if (depth > 64) return { kind: 'null', value: null, start, end };
  if (Array.isArray(value)) {
    const arr: ArrayNode = { kind: 'array', start, end, items: [], flow: true };
    value.forEach((v, i) => {
      const n = fromJs(v, start, end, depth + 1);
      n.parent = arr;
      n.keyInParent = i;
      arr.items.push(n);
    });
    return arr;
  }
  if (value && typeof value === 'object') {
    const obj: ObjectNode = { kind: 'object', start, end, entries: [], flow: true };
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const n = fromJs(v, start, end, depth + 1);
      const entry = { key: k, keyNode: { kind: 'string' as const, value: k, start, end, parent: obj }, value: n, start, end };
      n.parent = obj;
      n.keyInParent = k;
      n.entry = entry;
      obj.entries.push(entry);
    }
    return obj;
  }
  if (typeof value === 'string') return { kind: 'string', value, start, end };
  if (typeof value === 'number') return { kind: 'number', value, raw: String(value), start, end };
  if (typeof value === 'boolean') return { kind: 'boolean', value, start, end };
  return { kind: 'null', value: null, start, end };
}
