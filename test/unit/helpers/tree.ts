import assert from 'node:assert/strict';
import type { Node } from '../../../server/src/model/node';

type Rec = Record<string, unknown>;

/** Numbers JSON.stringify would not tell apart (-0 and 0, NaN / Infinity and null) as strings. */
const prim = (v: unknown): unknown => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `number ${Object.is(v, -0) ? '-0' : v}` : v);

/**
 * A cycle-free description of every node, key node and entry of a tree, in document order: own
 * property names in insertion order, scalar properties, and whether parent / entry / keyNode /
 * value links point where they should. Iterative, so deep trees are fine.
 */
export function describeTree(rootNode: Node | undefined): Rec[] {
  const out: Rec[] = [];
  if (!rootNode) return out;
  const stack: [Node, Node | undefined, string][] = [[rootNode, undefined, '$']];
  while (stack.length) {
    const [n, parent, p] = stack.pop()!;
    const rec: Rec = { p, keys: Object.keys(n).join(',') };
    for (const [k, v] of Object.entries(n)) {
      if (k === 'parent') rec.parentOk = v === parent;
      else if (k === 'entry') rec.entryOk = parent?.kind === 'object' && parent.entries.includes(v) && v.value === n;
      else if (k === 'entries' || k === 'items') rec[k] = Array.isArray(v) ? v.length : 'not an array';
      else rec[k] = prim(v);
    }
    out.push(rec);
    if (n.kind === 'object') {
      n.entries.forEach((e, i) => {
        const er: Rec = { p: `${p}/e${i}`, keys: Object.keys(e).join(',') };
        for (const [k, v] of Object.entries(e)) {
          if (k === 'keyNode') er.keyNodeOk = v === e.keyNode && v.value === e.key;
          else if (k === 'value') er.valueOk = v.entry === e && v.parent === n;
          else er[k] = prim(v);
        }
        out.push(er);
        const kr: Rec = { p: `${p}/k${i}`, keys: Object.keys(e.keyNode).join(',') };
        for (const [k, v] of Object.entries(e.keyNode)) kr[k] = k === 'parent' ? v === n : prim(v);
        out.push(kr);
      });
      for (let i = n.entries.length - 1; i >= 0; i--) stack.push([n.entries[i].value, n, `${p}/${n.entries[i].key}`]);
    } else if (n.kind === 'array') {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push([n.items[i], n, `${p}/${i}`]);
    }
  }
  return out;
}

/** Fails with the first difference between two trees (see describeTree). */
export function assertSameTree(actual: Node | undefined, expected: Node | undefined, name: string, text: string): void {
  const a = describeTree(actual);
  const b = describeTree(expected);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
      const shown = JSON.stringify(text.length > 1500 ? text.slice(0, 1500) + '…' : text);
      assert.fail(`${name}: trees differ at record ${i}\n actual:   ${JSON.stringify(a[i])}\n expected: ${JSON.stringify(b[i])}\n text: ${shown}`);
    }
  }
}
