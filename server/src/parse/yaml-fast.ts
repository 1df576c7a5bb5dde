/**
 * A fast, single-pass, non-recursive parser for the subset of YAML that CloudFormation templates
 * and IAM policies use, producing exactly the node tree `parseYaml` (eemeli/yaml + YamlConverter)
 * produces — same kinds, values, offsets, styles, flow flags, short forms and links — and the
 * same problems, which in this subset can only be `parse/unknown-tag` warnings.
 *
 * Anything outside the subset, or anything it is not sure to reproduce exactly, makes it return
 * `undefined`; the caller then falls back to the `yaml` library. Never trust it to report errors:
 * it reports unknown tags only, and must bail wherever the library would report anything else.
 *
 * Supported: block maps and sequences (incl. compact `- key: v` maps, `- - x` sequences and
 * sequences at their key's indentation), single-line flow collections (incl. pairs in flow
 * sequences, `[0, Fn::GetAZs: !Ref R]`, which are one-entry flow maps), single-line plain /
 * single- / double-quoted scalars, block scalars `|` `>` with `-` / `+` chomping and an
 * indentation indicator `1`–`9` (`|2`, `|2-`, `>-1`), a scalar or single-line flow collection
 * on the line after its key or dash (more indented), the CloudFormation short-form tags (also on a
 * line of their own before a block collection, or with an empty value: `!GetAZs`), other local
 * tags (`!Rain::Embed`, `!ValueOf`: read as untagged, with the library's `parse/unknown-tag`
 * warning, in document order), comments, a leading `---`, a BOM, CRLF.
 *
 * Bails on: anchors, aliases, `!!` / `!a!b` / `!<…>` / `%`-escaped / bare `!` tags, two tags on a
 * node, tags on keys, `?` keys, directives, `...`, a second document, `---` with no content, tabs
 * outside quoted/block scalars and comments, lone CRs, multi-line plain/quoted scalars, a block
 * scalar on the line after its key, a plain scalar there after a comment line it could continue
 * past, flow collections spanning lines, trailing commas / empty values in flow collections,
 * duplicate keys (compared as strings, a superset of `yaml`'s check), `<<`, a null or tagged empty
 * value next to a comment, a block scalar whose first line is less indented than its indicator
 * says, a `- ` right after a BOM, a scalar or flow collection at the root, any syntax error it
 * notices, and nesting deeper than MAX_DEPTH.
 *
 * How node ranges are reproduced: a block collection ends where the "node end" (range[2] in
 * `yaml`) of its last value ends. For a scalar or flow collection that is the end of its line
 * plus any following comment lines indented deeper than the collection (the CST parser attaches
 * them to the value) — unless a shallower comment came first. Comment lines left over when
 * collections close are kept by the innermost closing collection with a non-zero indentation
 * that is not deeper than one of them; its node end then extends to the next content (or EOF).
 */
import type { ArrayNode, Entry, Node, ObjectNode, StringNode } from '../model/node';
import type { ParseProblem } from '../engine/types';
import { SHORT_FORM_TAGS, unknownTagProblem } from './yaml';
import { shortFormNode } from './short-form';

/** Deeper documents go to the `yaml` library (which reports them). */
const MAX_DEPTH = 200;

const BAIL: unique symbol = Symbol('bail');
function bail(): never {
  throw BAIL;
}

const MAP = 0;
const SEQ = 1;
const PENDING_NONE = 0;
const PENDING_KEY = 1;
const PENDING_ITEM = 2;

const SP = 32;
const NL = 10;
const CR = 13;
const TAB = 9;
const HASH = 35;

interface Frame {
  kind: number; // MAP | SEQ
  indent: number;
  node: ObjectNode | ArrayNode;
  /** The node as the parent sees it: `node` or its short-form wrapper. */
  outer: Node;
  /** Short-form wrapper's entry (end fixed at close). */
  innerEntry?: Entry;
  /** Entry of the parent map holding `outer` (end fixed at close). */
  parentEntry?: Entry;
  /** Node end (range[2]) of the last value. */
  lastEnd2: number;
  pending: number;
  pendingKey?: StringNode;
  pendingTag?: string;
  pendingNullPos: number;
  keySet?: Set<string>;
}

interface FlowFrame {
  node: ObjectNode | ArrayNode;
  isMap: boolean;
  tag?: string;
  /** Key waiting for its value (flow maps). */
  key?: StringNode;
  /**
   * A pair in a flow sequence (`[0, Fn::GetAZs: !Ref R]`): `yaml` makes it a one-entry flow map
   * from its key to its value, closed as soon as the value is in.
   */
  pair?: boolean;
}

export interface FastYamlResult {
  root?: Node;
  problems: ParseProblem[];
  /** `#` comments in document order, as parseYaml's `comments()` returns them. */
  comments: { start: number; end: number; text: string }[];
}

export function parseYamlFast(text: string): FastYamlResult | undefined {
  try {
    const p = new FastYamlParser(text);
    const root = p.run();
    return { root, problems: p.problems, comments: p.comments };
  } catch (e) {
    if (e === BAIL) return undefined;
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The YAML 1.2 core schema, as `yaml` resolves an untagged plain scalar. */
function resolvePlain(s: string): null | boolean | number | string {
  const c = s.charCodeAt(0);
  // Fast path: only these first characters can start a non-string.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) {
    return s;
  }
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return s[0] === 't' || s[0] === 'T';
  if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (NAN_RE.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (EXP_RE.test(s)) return parseFloat(s);
  if (FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

const HEX_ONLY = /^[0-9a-fA-F]+$/;

/**
 * Tags other than the short forms that the fast path takes: local tags (`!Rain::Embed`,
 * `!ValueOf`) that `yaml` resolves to themselves and reports as unresolved (a warning), reading
 * the value as untagged. `!!x`, `!a!b`, `!<…>`, `%` escapes and a bare `!` are left to it.
 */
const LOCAL_TAG = /^![A-Za-z0-9][A-Za-z0-9:._-]*$/;

function isShortForm(tag: string): boolean {
  return Object.prototype.hasOwnProperty.call(SHORT_FORM_TAGS, tag);
}

/** `yaml`'s tag characters (`!` already consumed). */
function isTagChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 45 || c === 35 || c === 59 || c === 47 || c === 63 || c === 58 || c === 64 || c === 38 || c === 61 ||
    c === 43 || c === 36 || c === 95 || c === 46 || c === 33 || c === 126 || c === 42 || c === 39 || c === 40 || c === 41 || c === 37
  );
}

class FastYamlParser {
  private readonly len: number;
  private readonly stack: Frame[] = [];
  readonly comments: { start: number; end: number; text: string }[] = [];
  /** `parse/unknown-tag` warnings, in document order (as `yaml` reports them). */
  readonly problems: ParseProblem[] = [];
  private root?: Node;
  // Trivia (blank and comment lines) since the last content.
  /** Comment lines can still be attached to the last value (it is a scalar or flow collection). */
  private absorbing = false;
  /** Deepest column of a comment not attached to the last value, -1 if none. */
  private pMaxCol = -1;
  /** A comment was seen while a value was pending (`key:` with nothing after it yet). */
  private pendingComment = false;
  /** A comment line came since the last content line. */
  private commentBefore = false;
  /**
   * Lowest column of a comment line since the last `key:` / `- ` line. `yaml`'s lexer lowers its
   * continuation indentation to a less indented comment line's: a plain scalar on a line of its
   * own after such a comment continues on lines indented that far.
   */
  private commentCol = Infinity;
  // Current line.
  private lineStart = 0;
  private contentEnd = 0;
  private next = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  run(): Node | undefined {
    const text = this.text;
    const len = this.len;
    // A lone CR is content for `yaml`; a BOM anywhere but first is unusual: leave both to it.
    for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== NL) bail();
    if (text.indexOf('\uFEFF', 1) !== -1) bail();
    let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (pos === 1) {
      const c = text.charCodeAt(1);
      // After a BOM `yaml` does not count indentation nor a `- ` on the first line as such.
      if (c === SP || c === TAB || (c === 45 && isBlankOrEnd(text.charCodeAt(2)))) bail();
    }
    let docStart = false;
    while (pos < len) {
      let eol = text.indexOf('\n', pos);
      if (eol === -1) eol = len;
      this.lineStart = pos;
      this.contentEnd = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
      this.next = eol < len ? eol + 1 : len;
      const ce = this.contentEnd;
      let i = pos;
      while (i < ce && text.charCodeAt(i) === SP) i++;
      if (i === ce) {
        pos = this.next; // blank line
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === TAB) bail();
      const col = i - pos;
      if (c === HASH) {
        this.addComment(i);
        this.comment(col);
        pos = this.next;
        continue;
      }
      if (col === 0 && (c === 45 || c === 46) && text.startsWith(c === 45 ? '---' : '...', i) && isBlankOrEnd(text.charCodeAt(i + 3))) {
        if (c === 46 || docStart || this.root) bail();
        docStart = true;
        this.trailing(i + 3);
        pos = this.next;
        continue;
      }
      if (c === 37 /* % */) bail();
      pos = this.content(i, col);
    }
    // End of input: a pending value is null; close everything.
    this.completePendingNull();
    while (this.stack.length) this.close(len);
    if (docStart && !this.root) bail(); // `---` and nothing: `yaml` makes that a null node
    return this.root;
  }

  /** A comment-only line at column `col`. */
  private comment(col: number): void {
    this.commentBefore = true;
    if (col < this.commentCol) this.commentCol = col;
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    if (top.pending !== PENDING_NONE) {
      this.pendingComment = true;
      return;
    }
    if (this.absorbing && col > top.indent) {
      top.lastEnd2 = this.next;
      return;
    }
    this.absorbing = false;
    if (col > this.pMaxCol) this.pMaxCol = col;
  }

  /** The rest of a line after a complete value: spaces and an optional comment. */
  private trailing(p: number): void {
    const text = this.text;
    const ce = this.contentEnd;
    const from = p;
    while (p < ce && text.charCodeAt(p) === SP) p++;
    if (p === ce) return;
    if (text.charCodeAt(p) === HASH && p > from) {
      this.addComment(p);
      return;
    }
    bail();
  }

  private addComment(at: number): void {
    this.comments.push({ start: at, end: this.contentEnd, text: this.text.slice(at, this.contentEnd) });
  }

  private depthCheck(extra: number): void {
    if (this.stack.length + extra > MAX_DEPTH) bail();
  }

  /** A value `key:` / `-` was waiting for turns out to be null. */
  private completePendingNull(): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.pending === PENDING_NONE) return;
    if (this.pendingComment) bail();
    const p = top.pendingNullPos;
    const tag = top.pendingTag;
    // A tagged empty value is an empty string (`!GetAZs`), placed after the tag.
    this.attach(top, tag !== undefined ? this.wrap(tag, { kind: 'string', value: '', start: p, end: p, style: 'plain' }) : { kind: 'null', value: null, start: p, end: p });
    top.lastEnd2 = p;
    this.absorbing = false;
    this.pMaxCol = -1;
  }

  /** Close the innermost block collection; `pEnd` is where the trivia after it ends. */
  private close(pEnd: number): void {
    const f = this.stack.pop()!;
    const r1 = f.lastEnd2;
    f.node.end = r1;
    if (f.innerEntry) {
      f.outer.end = r1;
      f.innerEntry.end = r1;
    }
    if (f.parentEntry) f.parentEntry.end = Math.max(f.outer.end, f.parentEntry.keyNode.end);
    let r2 = r1;
    if (this.pMaxCol >= 0 && f.indent !== 0 && this.pMaxCol >= f.indent) {
      r2 = pEnd;
      this.pMaxCol = -1; // kept by this collection: the parents do not see these comments
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.lastEnd2 = r2;
  }

  /** Give the pending key / a new item of `f` its value. */
  attach(f: Frame, value: Node): void {
    if (f.kind === MAP) {
      const obj = f.node as ObjectNode;
      const keyNode = f.pendingKey!;
      const key = keyNode.value;
      const entry: Entry = { key, keyNode, value, start: keyNode.start, end: Math.max(value.end, keyNode.end) };
      value.parent = obj;
      value.keyInParent = key;
      value.entry = entry;
      obj.entries.push(entry);
      f.pendingKey = undefined;
    } else {
      const arr = f.node as ArrayNode;
      value.parent = arr;
      value.keyInParent = arr.items.length;
      arr.items.push(value);
    }
    f.pending = PENDING_NONE;
    f.pendingTag = undefined;
  }

  /** Open a block collection as the pending value of the top frame (or as the root). */
  private open(kind: number, indent: number, start: number, tag: string | undefined): Frame {
    this.depthCheck(1);
    const node: ObjectNode | ArrayNode =
      kind === MAP ? { kind: 'object', start, end: start, entries: [], flow: false } : { kind: 'array', start, end: start, items: [], flow: false };
    const f: Frame = { kind, indent, node, outer: node, lastEnd2: start, pending: PENDING_NONE, pendingNullPos: 0 };
    if (tag !== undefined) {
      const w = this.wrap(tag, node);
      if (w !== node) {
        f.outer = w;
        f.innerEntry = (w as ObjectNode).entries[0];
      }
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      const pk = parent.kind === MAP ? parent.pendingKey : undefined;
      this.attach(parent, f.outer);
      if (pk) f.parentEntry = f.outer.entry;
    } else {
      this.root = f.outer;
    }
    this.stack.push(f);
    return f;
  }

  /**
   * `!Tag value` → `{LongForm: value}`, built by the same function as on the library path; an
   * unknown tag leaves the value as it is (its warning was given by `tagAt`).
   */
  private wrap(tag: string, value: Node): Node {
    if (!isShortForm(tag)) return value;
    return shortFormNode(this.text, tag, SHORT_FORM_TAGS[tag], value, this.text.lastIndexOf(tag, value.start));
  }

  /**
   * The tag at `j` (its `!`): a short form, or a local tag `yaml` reports as unknown (the same
   * warning is recorded here, in document order); anything else bails. Returns its end.
   */
  private tagAt(j: number, ce: number): { tag: string; end: number } {
    const text = this.text;
    let t = j + 1;
    while (t < ce && isTagChar(text.charCodeAt(t))) t++;
    const tag = text.slice(j, t);
    if (!isShortForm(tag)) {
      if (!LOCAL_TAG.test(tag)) bail();
      this.problems.push(unknownTagProblem(tag, j, t));
    }
    return { tag, end: t };
  }

  private checkDuplicate(f: Frame, key: string): void {
    if (key === '<<') bail();
    const entries = (f.node as ObjectNode).entries;
    if (f.keySet) {
      if (f.keySet.has(key)) bail();
      f.keySet.add(key);
      return;
    }
    for (let i = 0; i < entries.length; i++) if (entries[i].key === key) bail();
    if (entries.length >= 8) {
      f.keySet = new Set(entries.map((e) => e.key));
      f.keySet.add(key);
    }
  }

  /**
   * A content line whose first character is at `i` (column `col`). Returns the offset of the
   * next line to read.
   */
  private content(i: number, col: number): number {
    const text = this.text;
    const isItem = text.charCodeAt(i) === 45 && isBlankOrEnd(text.charCodeAt(i + 1));
    const kind = isItem ? SEQ : MAP;
    let key: StringNode | undefined;
    let afterKey = 0;
    if (!isItem) {
      const k = this.scanKey(i);
      if (!k) return this.nextLineValue(i, col);
      key = k.key;
      afterKey = k.after;
    }
    this.commentCol = Infinity;
    // Where does this line go?
    let top = this.stack[this.stack.length - 1];
    let target: Frame | undefined;
    if (!top) {
      if (this.root) bail();
      target = this.open(kind, col, i, undefined);
    } else {
      if (top.pending !== PENDING_NONE) {
        if (col > top.indent || (col === top.indent && isItem && top.kind === MAP)) {
          target = this.open(kind, col, i, top.pendingTag);
        } else {
          this.completePendingNull();
        }
      }
      if (!target) {
        while (top.indent > col || (top.kind === SEQ && top.indent === col && !isItem)) {
          this.close(i);
          top = this.stack[this.stack.length - 1];
          if (!top) bail();
        }
        if (top.indent !== col || top.kind !== kind) bail();
        target = top;
      }
    }
    this.pMaxCol = -1;
    this.absorbing = false;
    this.pendingComment = false;
    // Comments before a `-` can become the props of an empty item, which then ends elsewhere.
    const commentBefore = this.commentBefore;
    this.commentBefore = false;
    if (isItem) return this.item(target!, i, commentBefore);
    return this.keyValue(target, key!, afterKey);
  }

  /**
   * A line that is neither `key:` nor `- `: the value of the pending key or item above, on a
   * line of its own and more indented (`Arn:` / `  !Join [...]`); anything else bails. A block
   * scalar there takes its indentation from its own line, not from its owner: left to `yaml`.
   */
  private nextLineValue(i: number, col: number): number {
    const f = this.stack[this.stack.length - 1];
    if (!f || f.pending === PENDING_NONE || col <= f.indent) bail();
    const c = this.text.charCodeAt(i);
    if (c === 124 /* | */ || c === 62 /* > */) bail();
    this.pMaxCol = -1;
    this.absorbing = false;
    // pendingComment stays: it matters if the value is a tag alone, still empty.
    this.commentBefore = false;
    return this.value(f, i, f.indent, f.pendingTag, Math.min(f.indent, this.commentCol - 1));
  }

  /** `- ...` in sequence `f`; `i` is the dash. */
  private item(f: Frame, i: number, commentBefore: boolean): number {
    const text = this.text;
    const ce = this.contentEnd;
    let j = i + 1;
    for (;;) {
      while (j < ce && text.charCodeAt(j) === SP) j++;
      if (j < ce && text.charCodeAt(j) === TAB) bail();
      if (j === ce || text.charCodeAt(j) === HASH) {
        f.pending = PENDING_ITEM;
        f.pendingNullPos = j;
        f.pendingTag = undefined;
        if (j < ce) this.addComment(j);
        if (j < ce || commentBefore) this.pendingComment = true;
        return this.next;
      }
      // `- - x`: a sequence in a sequence, indented at its own dash.
      if (text.charCodeAt(j) !== 45 || !isBlankOrEnd(text.charCodeAt(j + 1))) break;
      f.pending = PENDING_ITEM;
      f = this.open(SEQ, j - this.lineStart, j, undefined);
      j++;
    }
    const c = text.charCodeAt(j);
    if (c !== 33 /* ! */) {
      const k = this.scanKey(j);
      if (k) {
        // Compact map `- key: value`.
        f.pending = PENDING_ITEM;
        const m = this.open(MAP, j - this.lineStart, j, undefined);
        return this.keyValue(m, k.key, k.after);
      }
    }
    f.pending = PENDING_ITEM;
    if (commentBefore) this.pendingComment = true; // only matters if the value is a tag alone
    return this.value(f, j, f.indent);
  }

  /** `key:` in map `f`; `after` is just past the colon. */
  private keyValue(f: Frame, key: StringNode, after: number): number {
    const text = this.text;
    const ce = this.contentEnd;
    this.checkDuplicate(f, key.value);
    key.parent = f.node as ObjectNode;
    f.pendingKey = key;
    f.pending = PENDING_KEY;
    f.pendingTag = undefined;
    let j = after;
    while (j < ce && text.charCodeAt(j) === SP) j++;
    if (j < ce && text.charCodeAt(j) === TAB) bail();
    f.pendingNullPos = j;
    if (j === ce || text.charCodeAt(j) === HASH) {
      if (j < ce) {
        this.pendingComment = true;
        this.addComment(j);
      }
      return this.next;
    }
    return this.value(f, j, f.indent);
  }

  /**
   * A value starting at `j` on the current line, for the pending key/item of `f` (whose
   * indentation is `owner`); `pendingTag` is a tag given alone on a line above; a plain scalar
   * must not continue on lines indented more than `cont`. Returns the offset of the next line.
   */
  private value(f: Frame, j: number, owner: number, pendingTag?: string, cont = owner): number {
    const text = this.text;
    const ce = this.contentEnd;
    let tag = pendingTag;
    let c = text.charCodeAt(j);
    if (c === 33 /* ! */) {
      if (tag !== undefined) bail(); // two tags
      const tg = this.tagAt(j, ce);
      tag = tg.tag;
      const t = tg.end;
      if (t < ce && text.charCodeAt(t) !== SP) bail();
      j = t;
      while (j < ce && text.charCodeAt(j) === SP) j++;
      if (j < ce && text.charCodeAt(j) === TAB) bail();
      if (j === ce || text.charCodeAt(j) === HASH) {
        // Tag alone on the line: a block collection follows, or the value is an empty string.
        f.pendingTag = tag;
        f.pendingNullPos = j;
        if (j < ce) {
          this.pendingComment = true;
          this.addComment(j);
        }
        return this.next;
      }
      c = text.charCodeAt(j);
    }
    let node: Node;
    let next = this.next;
    let absorbs = true;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const q = this.quoted(j, ce);
      node = q.node;
      this.trailing(q.end);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      const fl = this.flow(j, ce, tag);
      this.trailing(fl.end);
      this.attach(f, fl.node);
      f.lastEnd2 = next;
      this.absorbing = true;
      return next;
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      const b = this.blockScalar(j, owner);
      node = b.node;
      next = b.end;
      absorbs = false;
    } else {
      if (!plainStartOk(c, text.charCodeAt(j + 1))) bail();
      let p = j;
      let last = j;
      for (; p < ce; p++) {
        const ch = text.charCodeAt(p);
        if (ch === 58 /* : */) {
          const n = p + 1 < ce ? text.charCodeAt(p + 1) : SP;
          if (n === SP || n === TAB) bail(); // `a: b: c`
          last = p;
        } else if (ch === SP) {
          if (text.charCodeAt(p + 1) === HASH) break;
        } else if (ch === TAB) {
          bail();
        } else last = p;
      }
      const raw = text.slice(j, last + 1);
      if (p === ce) this.noContinuation(cont);
      else this.trailing(p);
      node = tag !== undefined ? { kind: 'string', value: raw, start: j, end: last + 1, style: 'plain' } : this.plainNode(raw, j, last + 1);
    }
    this.attach(f, tag !== undefined ? this.wrap(tag, node) : node);
    f.lastEnd2 = next;
    this.absorbing = absorbs;
    return next;
  }

  /** After a plain scalar that ends its line: the next lines must not continue it. */
  private noContinuation(owner: number): void {
    const text = this.text;
    const len = this.len;
    let p = this.next;
    while (p < len) {
      let ind = 0;
      while (text.charCodeAt(p + ind) === SP) ind++;
      const c = text.charCodeAt(p + ind);
      if (c === NL || (c === CR && text.charCodeAt(p + ind + 1) === NL)) {
        p = text.indexOf('\n', p + ind) + 1;
        continue;
      }
      if (p + ind >= len) return;
      if (c === TAB) bail();
      if (c === HASH) return;
      if (ind > owner) bail();
      return;
    }
  }

  private plainNode(raw: string, start: number, end: number): Node {
    const v = resolvePlain(raw);
    if (typeof v === 'string') return { kind: 'string', value: v, start, end, style: 'plain' };
    if (typeof v === 'number') return { kind: 'number', value: v, raw, start, end };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, start, end };
    return { kind: 'null', value: null, start, end };
  }

  /**
   * A block-map key at `i` followed by `:` and a blank or the end of the line; undefined if the
   * line is not `key:` (the caller decides whether that is an error).
   */
  private scanKey(i: number): { key: StringNode; after: number } | undefined {
    const text = this.text;
    const ce = this.contentEnd;
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const q = this.quoted(i, ce);
      let p = q.end;
      while (p < ce && text.charCodeAt(p) === SP) p++;
      if (p < ce && text.charCodeAt(p) === 58 && isBlankOrEnd(p + 1 < ce ? text.charCodeAt(p + 1) : SP)) {
        if (p + 1 < ce && text.charCodeAt(p + 1) === TAB) bail();
        const n = q.node;
        return { key: { kind: 'string', value: n.value, start: n.start, end: n.end, style: n.style }, after: p + 1 };
      }
      return undefined;
    }
    if (!plainStartOk(c, text.charCodeAt(i + 1))) return undefined;
    let last = i;
    for (let p = i; p < ce; p++) {
      const ch = text.charCodeAt(p);
      if (ch === 58) {
        const n = p + 1 < ce ? text.charCodeAt(p + 1) : SP;
        if (n === SP) {
          const raw = text.slice(i, last + 1);
          const v = resolvePlain(raw);
          return { key: { kind: 'string', value: String(v), start: i, end: last + 1, style: 'plain' }, after: p + 1 };
        }
        if (n === TAB) bail();
        last = p;
      } else if (ch === SP) {
        if (text.charCodeAt(p + 1) === HASH) return undefined;
      } else if (ch === TAB) {
        bail();
      } else last = p;
    }
    return undefined;
  }

  /** A single-line quoted scalar at `i`. */
  private quoted(i: number, ce: number): { node: StringNode; end: number } {
    const text = this.text;
    const q = text.charCodeAt(i);
    let p = i + 1;
    if (q === 39) {
      let value = '';
      let from = p;
      for (;;) {
        const k = text.indexOf("'", p);
        if (k === -1 || k >= ce) bail();
        if (text.charCodeAt(k + 1) === 39) {
          value += text.slice(from, k + 1);
          p = k + 2;
          from = p;
          continue;
        }
        value += text.slice(from, k);
        return { node: { kind: 'string', value, start: i, end: k + 1, style: 'single' }, end: k + 1 };
      }
    }
    let value = '';
    let from = p;
    for (;;) {
      if (p >= ce) bail();
      const ch = text.charCodeAt(p);
      if (ch === 34) {
        value += text.slice(from, p);
        return { node: { kind: 'string', value, start: i, end: p + 1, style: 'double' }, end: p + 1 };
      }
      if (ch === 92 /* \ */) {
        value += text.slice(from, p);
        const e = text[p + 1];
        const simple = ESCAPES[e];
        if (simple !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
          value += simple;
          p += 2;
        } else if (e === 'x' || e === 'u' || e === 'U') {
          const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const hex = text.substr(p + 2, n);
          if (hex.length !== n || !HEX_ONLY.test(hex) || p + 2 + n > ce) bail();
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) bail();
          value += String.fromCodePoint(code);
          p += 2 + n;
        } else bail();
        from = p;
        continue;
      }
      p++;
    }
  }

  /** A single-line flow collection at `j` (explicit stack). */
  private flow(j: number, ce: number, outerTag: string | undefined): { node: Node; end: number } {
    const text = this.text;
    const stack: FlowFrame[] = [];
    const openAt = (p: number, tag: string | undefined): void => {
      if (stack.length + this.stack.length > MAX_DEPTH) bail();
      const isMap = text.charCodeAt(p) === 123;
      const node: ObjectNode | ArrayNode = isMap
        ? { kind: 'object', start: p, end: p, entries: [], flow: true }
        : { kind: 'array', start: p, end: p, items: [], flow: true };
      stack.push({ node, isMap, tag });
    };
    const skip = (p: number): number => {
      while (p < ce && text.charCodeAt(p) === SP) p++;
      if (p >= ce) bail(); // spans lines
      const c = text.charCodeAt(p);
      if (c === TAB || c === HASH) bail();
      return p;
    };
    let result: Node | undefined;
    // Add a finished value to the innermost frame (or finish).
    const add = (value: Node): void => {
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          result = value;
          return;
        }
        if (top.isMap) {
          const obj = top.node as ObjectNode;
          const keyNode = top.key!;
          const entry: Entry = { key: keyNode.value, keyNode, value, start: keyNode.start, end: Math.max(value.end, keyNode.end) };
          keyNode.parent = obj;
          value.parent = obj;
          value.keyInParent = keyNode.value;
          value.entry = entry;
          obj.entries.push(entry);
          top.key = undefined;
          if (top.pair) {
            // The pair's map ends with its value; it is the sequence's item.
            stack.pop();
            obj.end = value.end;
            value = obj;
            continue;
          }
        } else {
          const arr = top.node as ArrayNode;
          value.parent = arr;
          value.keyInParent = arr.items.length;
          arr.items.push(value);
        }
        return;
      }
    };
    openAt(j, outerTag);
    let p = j + 1;
    // state: 0 = expecting first item or close, 1 = expecting item (after comma), 2 = expecting comma or close
    let state = 0;
    while (result === undefined) {
      p = skip(p);
      const top = stack[stack.length - 1];
      let c = text.charCodeAt(p);
      if (state !== 1 && (c === 93 || c === 125)) {
        if ((c === 125) !== top.isMap) bail();
        stack.pop();
        top.node.end = p + 1;
        add(top.tag !== undefined ? this.wrap(top.tag, top.node) : top.node);
        p++;
        state = 2;
        continue;
      }
      if (state === 2) {
        if (c !== 44 /* , */) bail();
        p++;
        state = 1;
        continue;
      }
      // An item: a key first in flow maps (a sequence's pair frame has its key already).
      if (top.isMap && !top.pair) {
        let key: StringNode;
        if (c === 34 || c === 39) {
          const q = this.quoted(p, ce);
          key = q.node;
          p = skip(q.end);
          if (text.charCodeAt(p) !== 58) bail();
          p++;
        } else {
          if (!plainStartOk(c, text.charCodeAt(p + 1), true)) bail();
          const s = this.flowPlain(p, ce);
          if (text.charCodeAt(s.end) !== 58 || text.charCodeAt(s.end + 1) !== SP) bail();
          const raw = text.slice(p, s.last);
          key = { kind: 'string', value: String(resolvePlain(raw)), start: p, end: s.last, style: 'plain' };
          p = s.end + 1;
        }
        const obj = top.node as ObjectNode;
        if (key.value === '<<') bail();
        for (const e of obj.entries) if (e.key === key.value) bail();
        top.key = key;
        p = skip(p);
        c = text.charCodeAt(p);
        if (c === 44 || c === 125 || c === 93) bail(); // empty value
      }
      let tag: string | undefined;
      if (c === 33) {
        const tg = this.tagAt(p, ce);
        tag = tg.tag;
        const t = tg.end;
        if (text.charCodeAt(t) !== SP) bail();
        p = skip(t);
        c = text.charCodeAt(p);
        if (c === 44 || c === 125 || c === 93) bail(); // empty tagged value
      }
      if (c === 91 || c === 123) {
        openAt(p, tag);
        p++;
        state = 0;
        continue;
      }
      let node: Node;
      let raw: string | undefined; // a plain scalar's text
      if (c === 34 || c === 39) {
        const q = this.quoted(p, ce);
        node = q.node;
        p = q.end;
      } else {
        if (!plainStartOk(c, text.charCodeAt(p + 1), true)) bail();
        const s = this.flowPlain(p, ce);
        raw = text.slice(p, s.last);
        node = tag !== undefined ? { kind: 'string', value: raw, start: p, end: s.last, style: 'plain' } : this.plainNode(raw, p, s.last);
        p = s.end;
      }
      let after = p;
      while (after < ce && text.charCodeAt(after) === SP) after++;
      if (text.charCodeAt(after) === 58) {
        // `{a: b: c}`, a tagged key: leave to the library. `[a: b]`, `["a":b]`: a pair, whose key
        // is read as in flow maps (a plain key's `:` must be followed by a space here).
        if (top.isMap || tag !== undefined) bail();
        if (raw !== undefined && text.charCodeAt(after + 1) !== SP) bail();
        if (stack.length + this.stack.length >= MAX_DEPTH) bail();
        const key: StringNode = raw !== undefined ? { kind: 'string', value: String(resolvePlain(raw)), start: node.start, end: node.end, style: 'plain' } : (node as StringNode);
        stack.push({ node: { kind: 'object', start: key.start, end: key.start, entries: [], flow: true }, isMap: true, key, pair: true });
        p = skip(after + 1);
        c = text.charCodeAt(p);
        if (c === 44 || c === 125 || c === 93) bail(); // empty value
        state = 1;
        continue;
      }
      add(tag !== undefined ? this.wrap(tag, node) : node);
      state = 2;
    }
    return { node: result, end: p };
  }

  /**
   * A plain scalar in a flow collection at `p`: returns the end of its text (`last`, exclusive)
   * and where scanning stopped (`end`: a flow indicator, `:` + blank, or a blank before `#`).
   */
  private flowPlain(p: number, ce: number): { last: number; end: number } {
    const text = this.text;
    let last = p;
    let q = p;
    for (; q < ce; q++) {
      const ch = text.charCodeAt(q);
      if (ch === 58) {
        const n = q + 1 < ce ? text.charCodeAt(q + 1) : SP;
        if (n === SP || n === TAB || n === 44 || n === 91 || n === 93 || n === 123 || n === 125) break;
      } else if (ch === SP) {
        if (text.charCodeAt(q + 1) === HASH) bail();
        continue;
      } else if (ch === TAB) {
        bail();
      } else if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) {
        break;
      }
      last = q + 1;
    }
    if (last === p) bail();
    return { last, end: q };
  }

  /**
   * A block scalar whose header is at `h`, owned by a collection at indentation `owner`; ports
   * `yaml`'s lexer (extent) and resolveBlockScalar (value), bailing where those report errors.
   * The header is `|` or `>`, then at most one chomping indicator (`-` / `+`) and at most one
   * indentation indicator (`1`–`9`) in either order: `yaml` reports anything else.
   */
  private blockScalar(h: number, owner: number): { node: StringNode; end: number } {
    const text = this.text;
    const len = this.len;
    const ce = this.contentEnd;
    const mode = text[h];
    let k = h + 1;
    let chomp = '';
    let explicit = 0;
    for (; k < ce; k++) {
      const ch = text.charCodeAt(k);
      if ((ch === 45 || ch === 43) && !chomp) chomp = text[k];
      else if (ch >= 49 && ch <= 57 && !explicit) explicit = ch - 48;
      else break;
    }
    if (k < ce && text.charCodeAt(k) !== SP) bail(); // `|0`, `|12`, `|-+`, `|#`…
    this.trailing(k);
    if (this.next === this.contentEnd) bail(); // header at the end of input
    const bodyStart = this.next;
    // Lexer: extent of the body.
    let indentNext = owner + 1;
    let nl = bodyStart - 1;
    let indent = 0;
    let i = bodyStart;
    for (; i < len; i++) {
      const ch = text.charCodeAt(i);
      if (ch === SP) indent++;
      else if (ch === NL) {
        nl = i;
        indent = 0;
      } else if (ch === CR && text.charCodeAt(i + 1) === NL) {
        // part of a CRLF
      } else break;
    }
    if (i < len && text.charCodeAt(i) === TAB) bail();
    if (indent >= indentNext) {
      if (explicit) {
        // The lexer's content indentation: the owner's + the indicator.
        indentNext += explicit - 1;
        // A first line less indented than that ends the scalar at once: leave that to `yaml`.
        if (indent < indentNext) bail();
      } else indentNext = indent;
      do {
        const cs = this.continueBlock(nl + 1, indentNext);
        if (cs === -1) break;
        nl = text.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = len;
    }
    {
      let t = nl + 1;
      while (text.charCodeAt(t) === SP) t++;
      if (text.charCodeAt(t) === TAB) bail();
    }
    if (chomp !== '+') {
      for (;;) {
        let q = nl - 1;
        let ch = text.charCodeAt(q);
        if (ch === CR) ch = text.charCodeAt(--q);
        const lastChar = q;
        while (ch === SP) ch = text.charCodeAt(--q);
        if (ch === NL && q >= bodyStart && q + 1 + indent > lastChar) nl = q;
        else break;
      }
    }
    const source = text.slice(bodyStart, nl + 1);
    const end = bodyStart + source.length;
    const value = resolveBlockValue(source, mode, chomp, owner, explicit);
    return { node: { kind: 'string', value, start: h, end, style: 'block' }, end };
  }

  /** The lexer's continueScalar for block scalars (indentNext > 0, whole input available). */
  private continueBlock(offset: number, indentNext: number): number {
    const text = this.text;
    let ind = 0;
    let ch = text.charCodeAt(offset);
    while (ch === SP) ch = text.charCodeAt(++ind + offset);
    if (ch === CR && text.charCodeAt(ind + offset + 1) === NL) return offset + ind + 1;
    if (ch === TAB) bail();
    return ch === NL || ind >= indentNext ? offset + ind : -1;
  }
}

/**
 * resolveBlockScalar of `yaml`, bailing on its errors. `scalarIndent` is the owner's indentation
 * (the CST token's `indent`); `explicit` the indentation indicator, 0 if none.
 */
function resolveBlockValue(source: string, mode: string, chomp: string, scalarIndent: number, explicit: number): string {
  const lines: [string, string][] = [];
  if (source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = /^( *)/.exec(first);
    lines.push(m && m[1] ? [m[1], first.slice(m[1].length)] : ['', first]);
    for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]]);
  }
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i][1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    return chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
  }
  let trimIndent = scalarIndent + explicit;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [ind, content] = lines[i];
    if (content === '' || content === '\r') {
      if (!explicit && ind.length > trimIndent) trimIndent = ind.length;
    } else {
      if (ind.length < trimIndent) bail();
      if (!explicit) trimIndent = ind.length;
      contentStart = i;
      if (trimIndent === 0) bail();
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i][0].slice(trimIndent) + '\n';
  const literal = mode === '|';
  for (let i = contentStart; i < chompStart; ++i) {
    const ind = lines[i][0];
    let content = lines[i][1];
    if (content[content.length - 1] === '\r') content = content.slice(0, -1);
    if (content && ind.length < trimIndent) bail();
    if (literal) {
      value += sep + ind.slice(trimIndent) + content;
      sep = '\n';
    } else if (ind.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + ind.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i][0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp !== '-') value += '\n';
  return value;
}

function isBlankOrEnd(c: number): boolean {
  // NaN: end of input
  return c === SP || c === NL || c === CR || c === TAB || c !== c;
}

/** Can a plain scalar start with `c` (followed by `n`)? Conservative. */
function plainStartOk(c: number, n: number, inFlow = false): boolean {
  switch (c) {
    case 33: // !
    case 38: // &
    case 42: // *
    case 35: // #
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 63: // ?
    case TAB:
    case SP:
      return false;
    case 58: // `:x` is a plain scalar in block context (`::/0`, `:iot`)
      return !inFlow && !isBlankOrEnd(n);
    case 45: // -
      return !isBlankOrEnd(n) && !(inFlow && (n === 44 || n === 91 || n === 93 || n === 123 || n === 125));
    default:
      return c === c; // not NaN
  }
}
