import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { ArrayNode, Entry, Node, ObjectNode, StringNode } from '../model/node';
import type { ParseProblem } from '../engine/types';
import { parseJsonFast } from './json-fast';
import { LIMITS, maxBracketDepth } from './limits';

export interface JsonParseResult {
  root?: Node;
  problems: ParseProblem[];
}

/** Parse JSON (comments and trailing commas tolerated, as in JSONC) into the shared node model. */
export function parseJson(text: string): JsonParseResult {
  return parse(text, true);
}

/**
 * `parseJson` without the fast path: jsonc-parser only. For the differential tests of
 * `parseJsonFast` (which must give the same result whenever it does not bail out) and benchmarks.
 */
export function parseJsonLibrary(text: string): JsonParseResult {
  return parse(text, false);
}

function parse(text: string, fast: boolean): JsonParseResult {
  if (fast) {
    // Strict JSON (what almost every file is) parses several times faster by hand, in one pass
    // and without jsonc-parser's intermediate tree; comments, trailing commas, duplicate keys,
    // errors and anything unusual fall back to jsonc-parser below. Both give the same tree:
    // test/unit/engine/json-fast.test.ts and test/shared/corpus.test.ts compare them. The fast
    // path bails beyond LIMITS.maxDepth, which for strict JSON is the depth the check below
    // counts, so it may run first and spare the common case that extra pass over the text.
    const r = parseJsonFast(text);
    if (r) return r;
  }
  const problems: ParseProblem[] = [];
  const depth = maxBracketDepth(text, LIMITS.maxDepth);
  if (depth > LIMITS.maxDepth) {
    problems.push({
      code: 'parse/too-deep',
      severity: 'warning',
      start: 0,
      end: 0,
      message: `Nesting deeper than ${LIMITS.maxDepth} levels: the file is not analysed.`,
    });
    return { problems };
  }
  const errors: ParseError[] = [];
  let tree: JNode | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    // Not expected after the depth check; never let a parser failure escape.
    problems.push({
      code: e instanceof RangeError ? 'parse/too-deep' : 'parse/syntax-error',
      severity: 'warning',
      start: 0,
      end: 0,
      message: `The JSON parser could not read this file (${String((e as Error)?.message ?? e).split('\n')[0]}); it is not analysed.`,
    });
    return { problems };
  }
  for (const e of errors) {
    problems.push({
      code: 'parse/syntax-error',
      severity: 'error',
      start: e.offset,
      end: e.offset + Math.max(e.length, 1),
      message: `JSON syntax error: ${describe(printParseErrorCode(e.error))}`,
    });
  }
  if (!tree) return { problems };
  const root = convert(tree, problems, text);
  return { root, problems };
}

function describe(code: string): string {
  // 'CloseBraceExpected' -> 'close brace expected'
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function convert(j: JNode, problems: ParseProblem[], text: string): Node {
  switch (j.type) {
    case 'object': {
      const obj: ObjectNode = { kind: 'object', start: j.offset, end: j.offset + j.length, entries: [], flow: true };
      const seen = new Set<string>();
      for (const prop of j.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key = String(k.value);
        const keyNode: StringNode = { kind: 'string', start: k.offset, end: k.offset + k.length, value: key, style: 'json' };
        const value: Node = v
          ? convert(v, problems, text)
          : { kind: 'null', value: null, start: k.offset + k.length, end: k.offset + k.length };
        if (seen.has(key)) {
          problems.push({
            code: 'parse/duplicate-key',
            severity: 'error',
            start: keyNode.start,
            end: keyNode.end,
            message: `Duplicate key "${key}": CloudFormation and IAM reject documents with duplicate keys.`,
          });
        }
        seen.add(key);
        const entry: Entry = { key, keyNode, value, start: prop.offset, end: prop.offset + prop.length };
        keyNode.parent = obj;
        value.parent = obj;
        value.keyInParent = key;
        value.entry = entry;
        obj.entries.push(entry);
      }
      return obj;
    }
    case 'array': {
      const arr: ArrayNode = { kind: 'array', start: j.offset, end: j.offset + j.length, items: [], flow: true };
      (j.children ?? []).forEach((c, i) => {
        const item = convert(c, problems, text);
        item.parent = arr;
        item.keyInParent = i;
        arr.items.push(item);
      });
      return arr;
    }
    case 'string':
      return { kind: 'string', start: j.offset, end: j.offset + j.length, value: String(j.value), style: 'json' };
    case 'number':
      return {
        kind: 'number',
        start: j.offset,
        end: j.offset + j.length,
        value: Number(j.value),
        raw: text.slice(j.offset, j.offset + j.length),
      };
    case 'boolean':
      return { kind: 'boolean', start: j.offset, end: j.offset + j.length, value: Boolean(j.value) };
    default:
      return { kind: 'null', start: j.offset, end: j.offset + j.length, value: null };
  }
}
