/**
 * A fast, single-pass, non-recursive parser for strict JSON (RFC 8259), producing exactly the node
 * tree `parseJson`'s jsonc-parser path produces — same kinds, values, offsets, key order, links
 * (parent / keyInParent / entry) and the same own properties, added in the same order, on every
 * node, key node and entry.
 *
 * Anything it is not sure to reproduce exactly makes it return `undefined`; the caller then falls
 * back to jsonc-parser. Never trust it to report errors: it only ever returns an empty problem
 * list, which is what jsonc-parser reports for valid strict JSON without duplicate keys.
 *
 * Accepted: objects, arrays, strings, numbers, `true`, `false`, `null`, at the root too; whitespace
 * made of spaces, tabs, LF and CR (lone or in CRLF); strings with the JSON escapes `\" \\ \/ \b
 * \f \n \r \t \uXXXX` (a `\uD800`–`\uDBFF` escape only when a `\uDC00`–`\uDFFF` escape follows it),
 * and any unescaped character from U+0020 on, lone surrogates included (copied as they are, like
 * jsonc-parser does); numbers in the JSON grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
 * (value `Number(raw)`, as jsonc-parser computes it; `1e400` is `Infinity` on both paths);
 * empty or whitespace-only text (no root, as jsonc-parser with `allowEmptyContent`).
 *
 * Bails on: comments, trailing commas, duplicate keys (jsonc-parser's path reports them), a BOM
 * or any other whitespace character, control characters in strings, unknown escapes, short
 * `\u` escapes, lone surrogate escapes, any other number form (`01`, `.5`, `1.`, `+1`, `-`, `1e`,
 * `NaN`, hex), anything after the root value, any other syntax error (truncated input, missing
 * commas or colons, single quotes, unquoted keys…), and nesting deeper than `LIMITS.maxDepth`
 * (left to `parseJson`'s depth check, which reports it).
 */
import type { ArrayNode, Entry, Node, ObjectNode, StringNode } from '../model/node';
import type { JsonParseResult } from './json';
import { LIMITS } from './limits';
import { bail, unlessBailed } from './bail';

// Parser states: what the next token must be.
const VALUE = 0;
const KEY = 1;
const AFTER = 2;

// Kinds of values.
const T_STRING = 0;
const T_OBJECT = 1;
const T_ARRAY = 2;
const T_NUMBER = 3;
const T_TRUE = 4;
const T_FALSE = 5;
const T_NULL = 6;

const TAB = 9;
const NL = 10;
const CR = 13;
const SP = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** A run of JSON whitespace (sticky: matched at lastIndex). */
const WS = /[ \n\r\t]*/y;

/** A run of string characters that need no decoding (sticky). */
const STRING_CHARS = /[^"\\\x00-\x1f]*/y;

/** A key without escapes, its colon and the whitespace around it (sticky). */
const PLAIN_KEY = /"([^"\\\x00-\x1f]*)"[ \n\r\t]*:[ \n\r\t]*/y;

/** Objects with more entries than this get a key set for the duplicate check. */
const LINEAR_KEYS = 8;

/**
 * Parse strict JSON into the shared node model, or `undefined` when the text is not strict JSON or
 * is anything the jsonc-parser path might not turn into the identical tree (see the header).
 */
export function parseJsonFast(text: string): JsonParseResult | undefined {
  return unlessBailed(() => {
    const root = parse(text);
    return root === undefined ? { problems: [] } : { root, problems: [] };
  });
}

/** End offset (exclusive, after the closing quote) of the string `scanString` last read. */
let stringEnd = 0;

/** The decoded value of the string whose opening quote is at `q`; sets `stringEnd`. */
function scanString(text: string, q: number): string {
  STRING_CHARS.lastIndex = q + 1;
  STRING_CHARS.test(text);
  const e = STRING_CHARS.lastIndex;
  if (e < text.length && text.charCodeAt(e) === QUOTE) {
    stringEnd = e + 1;
    return text.slice(q + 1, e);
  }
  return scanEscaped(text, q + 1);
}

/** A string with escapes (or worse), from `start`, just after its opening quote; sets `stringEnd`. */
function scanEscaped(text: string, start: number): string {
  let out = '';
  let plain = start;
  let i = start;
  for (;;) {
    STRING_CHARS.lastIndex = i;
    STRING_CHARS.test(text);
    i = STRING_CHARS.lastIndex;
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c === QUOTE) {
      stringEnd = i + 1;
      return out + text.slice(plain, i);
    }
    if (c !== BACKSLASH) bail(); // a control character or the end of the text
    out += text.slice(plain, i);
    const e = text.charCodeAt(i + 1);
    i += 2;
    switch (e) {
      case QUOTE:
        out += '"';
        break;
      case BACKSLASH:
        out += '\\';
        break;
      case 47: // /
        out += '/';
        break;
      case 98: // b
        out += '\b';
        break;
      case 102: // f
        out += '\f';
        break;
      case 110: // n
        out += '\n';
        break;
      case 114: // r
        out += '\r';
        break;
      case 116: // t
        out += '\t';
        break;
      case 117: {
        // u
        const u = hex4(text, i);
        i += 4;
        if (u >= 0xdc00 && u <= 0xdfff) bail(); // lone low surrogate
        if (u >= 0xd800 && u <= 0xdbff) {
          if (text.charCodeAt(i) !== BACKSLASH || text.charCodeAt(i + 1) !== 117) bail(); // lone high surrogate
          const lo = hex4(text, i + 2);
          if (lo < 0xdc00 || lo > 0xdfff) bail();
          i += 6;
          out += String.fromCharCode(u, lo);
        } else {
          out += String.fromCharCode(u);
        }
        break;
      }
      default:
        bail(); // an unknown escape, or the end of the text
    }
    plain = i;
  }
}

/** Four hex digits at `i` as a number; bails unless all four are there. */
function hex4(text: string, i: number): number {
  let v = 0;
  for (let k = i; k < i + 4; k++) {
    const c = text.charCodeAt(k);
    if (c >= ZERO && c <= NINE) v = v * 16 + c - ZERO;
    else if (c >= 97 && c <= 102) v = v * 16 + c - 87; // a-f
    else if (c >= 65 && c <= 70) v = v * 16 + c - 55; // A-F
    else bail();
  }
  return v;
}

/**
 * The end of the whitespace run at `i`, where the character is at most a space: whitespace, or a
 * control character, which is invalid anywhere outside strings. Most runs are one space, or a line
 * break and indentation, which the sticky regex skips faster than a loop in unoptimised code.
 */
function skipWhitespace(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c !== SP && c !== NL && c !== CR && c !== TAB) bail();
  if (++i >= text.length || text.charCodeAt(i) > SP) return i;
  WS.lastIndex = i;
  WS.test(text);
  return WS.lastIndex;
}

/** Skips a run of digits from `i`; returns the offset after it. */
function digits(text: string, i: number): number {
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    i++;
  }
  return i;
}

/** The root node (undefined for empty text); bails as described in the header. */
function parse(text: string): Node | undefined {
  const len = text.length;
  const maxDepth = LIMITS.maxDepth;
  /** Open containers, outermost first; `keySets[i]` is `stack[i]`'s key set (large objects). */
  const stack: (ObjectNode | ArrayNode)[] = [];
  const keySets: (Set<string> | undefined)[] = [];
  let top: ObjectNode | ArrayNode | undefined;
  let topIsObject = false;
  /** The key waiting for its value in `top`. */
  let keyNode: StringNode | undefined;
  let root: Node | undefined;
  let state = VALUE;
  let pos = 0;
  for (;;) {
    // Reads are bounds-checked (-1 at the end): reading past the end would deoptimise.
    let c = pos < len ? text.charCodeAt(pos) : -1;
    if (c <= SP && c !== -1) {
      pos = skipWhitespace(text, pos);
      c = pos < len ? text.charCodeAt(pos) : -1;
    }

    if (state === AFTER) {
      if (top === undefined) {
        if (pos < len) bail(); // content after the root value
        return root;
      }
      if (c === COMMA) {
        pos++;
        state = topIsObject ? KEY : VALUE;
        continue;
      }
      if (c !== (topIsObject ? CLOSE_BRACE : CLOSE_BRACKET)) bail();
      const end = ++pos;
      top.end = end;
      if (top.entry !== undefined) top.entry.end = end;
      stack.pop();
      top = stack.length === 0 ? undefined : stack[stack.length - 1];
      topIsObject = top !== undefined && top.kind === 'object';
      continue;
    }

    if (state === KEY) {
      if (c !== QUOTE) bail();
      // Most keys are plain: the key, the colon and the whitespace around it in one match.
      PLAIN_KEY.lastIndex = pos;
      const m = PLAIN_KEY.exec(text);
      let key: string;
      if (m !== null) {
        key = m[1];
        keyNode = { kind: 'string', start: pos, end: pos + key.length + 2, value: key, style: 'json' };
        pos = PLAIN_KEY.lastIndex;
      } else {
        key = scanString(text, pos);
        keyNode = { kind: 'string', start: pos, end: stringEnd, value: key, style: 'json' };
        pos = stringEnd;
        c = pos < len ? text.charCodeAt(pos) : -1;
        if (c <= SP && c !== -1) {
          pos = skipWhitespace(text, pos);
          c = pos < len ? text.charCodeAt(pos) : -1;
        }
        if (c !== COLON) bail();
        pos++;
      }
      // Duplicate keys: jsonc-parser's path reports them.
      const entries = (top as ObjectNode).entries;
      const n = entries.length;
      if (n < LINEAR_KEYS) {
        for (let i = 0; i < n; i++) if (entries[i].key === key) bail();
      } else {
        let set = keySets[stack.length - 1];
        if (set === undefined) {
          set = new Set<string>();
          for (let i = 0; i < n; i++) set.add(entries[i].key);
          keySets[stack.length - 1] = set;
        }
        if (set.has(key)) bail();
        set.add(key);
      }
      state = VALUE;
      continue;
    }

    // A value: read it…
    const start = pos;
    let t: number;
    let str = '';
    let num = 0;
    let raw = '';
    if (c === QUOTE) {
      t = T_STRING;
      str = scanString(text, pos);
      pos = stringEnd;
    } else if (c === OPEN_BRACE) {
      t = T_OBJECT;
      pos++;
    } else if (c === OPEN_BRACKET) {
      t = T_ARRAY;
      pos++;
    } else if ((c >= ZERO && c <= NINE) || c === MINUS) {
      let i = c === MINUS ? pos + 1 : pos;
      c = i < len ? text.charCodeAt(i) : -1;
      if (c === ZERO) i++;
      else if (c > ZERO && c <= NINE) i = digits(text, i + 1);
      else bail();
      c = i < len ? text.charCodeAt(i) : -1;
      if (c === DOT) {
        const f = digits(text, i + 1);
        if (f === i + 1) bail();
        i = f;
        c = i < len ? text.charCodeAt(i) : -1;
      }
      if (c === 101 || c === 69) {
        // e E
        i++;
        c = i < len ? text.charCodeAt(i) : -1;
        if (c === 43 || c === MINUS) i++;
        const x = digits(text, i);
        if (x === i) bail();
        i = x;
      }
      t = T_NUMBER;
      raw = text.slice(pos, i);
      num = Number(raw);
      pos = i;
    } else if (c === 116 && text.startsWith('true', pos)) {
      t = T_TRUE;
      pos += 4;
    } else if (c === 102 && text.startsWith('false', pos)) {
      t = T_FALSE;
      pos += 5;
    } else if (c === 110 && text.startsWith('null', pos)) {
      t = T_NULL;
      pos += 4;
    } else {
      if (c === -1 && top === undefined) return undefined; // blank text: no root, no problem
      bail();
    }

    // …and build its node. Every property is set by the literal, in the order json.ts's convert()
    // adds them (the node's own, then parent, keyInParent, entry). Unlike properties added after
    // the literal, these are stored in the object itself: the nodes are smaller and quicker to
    // build and collect (only V8 tells them apart: their hidden classes are not those of the
    // other parsers' nodes). A container's end (and its entry's) is fixed when it closes.
    const end = pos;
    let value: Node;
    if (topIsObject) {
      const parent = top as ObjectNode;
      const k = keyNode as StringNode;
      const keyInParent = k.value;
      k.parent = parent;
      const entry: Entry = { key: keyInParent, keyNode: k, value: k, start: k.start, end };
      if (t === T_STRING) value = { kind: 'string', start, end, value: str, style: 'json', parent, keyInParent, entry };
      else if (t === T_OBJECT) value = { kind: 'object', start, end, entries: [], flow: true, parent, keyInParent, entry };
      else if (t === T_ARRAY) value = { kind: 'array', start, end, items: [], flow: true, parent, keyInParent, entry };
      else if (t === T_NUMBER) value = { kind: 'number', start, end, value: num, raw, parent, keyInParent, entry };
      else if (t === T_NULL) value = { kind: 'null', start, end, value: null, parent, keyInParent, entry };
      else value = { kind: 'boolean', start, end, value: t === T_TRUE, parent, keyInParent, entry };
      entry.value = value;
      parent.entries.push(entry);
    } else if (top !== undefined) {
      const parent = top as ArrayNode;
      const keyInParent = parent.items.length;
      if (t === T_STRING) value = { kind: 'string', start, end, value: str, style: 'json', parent, keyInParent };
      else if (t === T_OBJECT) value = { kind: 'object', start, end, entries: [], flow: true, parent, keyInParent };
      else if (t === T_ARRAY) value = { kind: 'array', start, end, items: [], flow: true, parent, keyInParent };
      else if (t === T_NUMBER) value = { kind: 'number', start, end, value: num, raw, parent, keyInParent };
      else if (t === T_NULL) value = { kind: 'null', start, end, value: null, parent, keyInParent };
      else value = { kind: 'boolean', start, end, value: t === T_TRUE, parent, keyInParent };
      parent.items.push(value);
    } else {
      if (t === T_STRING) value = { kind: 'string', start, end, value: str, style: 'json' };
      else if (t === T_OBJECT) value = { kind: 'object', start, end, entries: [], flow: true };
      else if (t === T_ARRAY) value = { kind: 'array', start, end, items: [], flow: true };
      else if (t === T_NUMBER) value = { kind: 'number', start, end, value: num, raw };
      else if (t === T_NULL) value = { kind: 'null', start, end, value: null };
      else value = { kind: 'boolean', start, end, value: t === T_TRUE };
      root = value;
    }
    const open = t === T_OBJECT || t === T_ARRAY;
    if (!open) {
      state = AFTER;
      continue;
    }

    // A new container: empty, or its first key / item next.
    top = value as ObjectNode | ArrayNode;
    topIsObject = t === T_OBJECT;
    stack.push(top);
    if (stack.length > maxDepth) bail(); // left to parseJson's depth check, which reports it
    keySets[stack.length - 1] = undefined;
    c = pos < len ? text.charCodeAt(pos) : -1;
    if (c <= SP && c !== -1) {
      pos = skipWhitespace(text, pos);
      c = pos < len ? text.charCodeAt(pos) : -1;
    }
    if (c === (topIsObject ? CLOSE_BRACE : CLOSE_BRACKET)) state = AFTER;
    else state = topIsObject ? KEY : VALUE;
  }
}
