import type { Node, StringNode } from './node';
import { walk } from './node';
import { parseJson } from '../parse/json';

/**
 * Parse a policy document written as a JSON string inside a template (common in older templates
 * and in `!Sub |` blocks) and map every offset back to the outer text, so diagnostics land on
 * the right characters.
 */
export function parseEmbeddedJson(str: StringNode, outerText: string): Node | undefined {
  const inner = str.value;
  const first = inner.match(/^\s*(\S)/)?.[1];
  if (first !== '{') return undefined;
  const { root } = parseJson(inner);
  if (!root) return undefined;
  const map = buildOffsetMap(str, outerText);
  const mapOff = (o: number) => map[Math.min(Math.max(o, 0), map.length - 1)];
  walk(root, (n) => {
    n.start = mapOff(n.start);
    n.end = Math.max(mapOff(n.end - 1) + 1, n.start);
    n.embeddedIn = str;
    if (n.kind === 'object') {
      for (const e of n.entries) {
        e.keyNode.start = mapOff(e.keyNode.start);
        e.keyNode.end = Math.max(mapOff(e.keyNode.end - 1) + 1, e.keyNode.start);
        e.keyNode.embeddedIn = str;
      }
    }
  });
  // Entry ranges need their values' mapped offsets: a second pass, after every node moved.
  walk(root, (n) => {
    if (n.kind === 'object') {
      for (const e of n.entries) {
        e.start = e.keyNode.start;
        e.end = Math.max(e.value.end, e.keyNode.end);
      }
    }
  });
  return root;
}

/**
 * For each index into the decoded string value, the offset in the outer text. The decoded value
 * is aligned greedily with the raw source: this handles JSON/YAML double-quote escapes, YAML
 * block-scalar indentation and line folding without re-implementing each grammar.
 */
function buildOffsetMap(str: StringNode, outer: string): number[] {
  const value = str.value;
  const map = new Array<number>(value.length + 1);
  let j = str.start;
  const end = str.end;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    let k = j;
    // Look ahead a bounded distance for the character (skipping indentation, quotes, escapes).
    const limit = Math.min(end, j + 256);
    while (k < limit && outer[k] !== ch) {
      if (outer[k] === '\\' && k + 1 < limit) {
        const esc = outer[k + 1];
        const decoded = esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : esc === '"' || esc === '\\' || esc === '/' ? esc : undefined;
        if (decoded === ch) break;
      }
      k++;
    }
    if (k >= limit) k = j; // could not align: keep the last good position
    map[i] = k;
    j = outer[k] === '\\' && outer[k] !== ch ? k + 2 : k + 1;
  }
  map[value.length] = Math.min(j, end);
  return map;
}
