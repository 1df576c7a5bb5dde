import type { ArrayNode, Entry, Node, ObjectNode, StringNode } from '../model/node';

/**
 * `!Tag value` → `{LongForm: value}`, the one construction both YAML parsers use so that their
 * trees are identical: the object and its key span the tag text (`tagStart`); `!GetAtt A.B.C`
 * becomes `["A", "B.C"]` with exact sub-ranges.
 */
export function shortFormNode(text: string, tag: string, longKey: string, value: Node, tagStart: number): ObjectNode {
  const ts = tagStart >= 0 ? tagStart : value.start;
  // The lists are made apart: V8 copies a literal holding another literal in its runtime, slowly.
  const entries: Entry[] = [];
  const obj: ObjectNode = { kind: 'object', start: ts, end: value.end, entries, flow: true, shortForm: tag };
  const keyNode: StringNode = { kind: 'string', value: longKey, start: ts, end: ts + tag.length, style: 'plain', parent: obj };
  let v: Node = value;
  if (longKey === 'Fn::GetAtt' && value.kind === 'string') {
    const dot = value.value.indexOf('.');
    if (dot > 0) {
      const items: Node[] = [];
      const arr: ArrayNode = { kind: 'array', start: value.start, end: value.end, items, flow: true };
      const off = text.indexOf(value.value, value.start);
      const base = off >= 0 && off < value.end ? off : value.start;
      const a: StringNode = { kind: 'string', value: value.value.slice(0, dot), start: base, end: base + dot, style: value.style };
      const b: StringNode = { kind: 'string', value: value.value.slice(dot + 1), start: base + dot + 1, end: base + value.value.length, style: value.style };
      a.parent = arr;
      a.keyInParent = 0;
      b.parent = arr;
      b.keyInParent = 1;
      arr.items.push(a, b);
      v = arr;
    }
  }
  const entry: Entry = { key: longKey, keyNode, value: v, start: ts, end: v.end };
  v.parent = obj;
  v.keyInParent = longKey;
  v.entry = entry;
  obj.entries.push(entry);
  return obj;
}
