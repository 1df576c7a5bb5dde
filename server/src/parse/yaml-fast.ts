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
import { bail, unlessBailed } from './bail';

/** Deeper documents go to the `yaml` library (which reports them). */
const MAX_DEPTH = 200;

const MAP = 0;
const SEQ = 1;
const PENDING_NONE = 0;
const PENDING_KEY = 1;
const PENDING_ITEM = 2;

/** "No limit" for columns (a small integer: the interpreter compares those fastest). */
const NO_COL = 0x3fffffff;

const SP = 32;
const NL = 10;
const CR = 13;
const TAB = 9;
const HASH = 35;

/**
 * A block collection being read. Every field is set when it is made, so that frames keep one
 * shape: their fields are read on every line.
 */
interface Frame {
  kind: number; // MAP | SEQ
  indent: number;
  node: ObjectNode | ArrayNode;
  /** The node as the parent sees it: `node` or its short-form wrapper. */
  outer: Node;
  /** Short-form wrapper's entry (end fixed at close). */
  innerEntry: Entry | undefined;
  /** Entry of the parent map holding `outer` (end fixed at close). */
  parentEntry: Entry | undefined;
  /** Node end (range[2]) of the last value. */
  lastEnd2: number;
  pending: number;
  pendingKey: StringNode | undefined;
  pendingTag: string | undefined;
  pendingNullPos: number;
  /** The keys of a map past 8 entries (smaller ones are searched). */
  keySet: Set<string> | undefined;
}

/** A flow collection being read (every field set when it is made, as for Frame). */
interface FlowFrame {
  node: ObjectNode | ArrayNode;
  isMap: boolean;
  tag: string | undefined;
  /** Key waiting for its value (flow maps). */
  key: StringNode | undefined;
  /**
   * A pair in a flow sequence (`[0, Fn::GetAZs: !Ref R]`): `yaml` makes it a one-entry flow map
   * from its key to its value, closed as soon as the value is in.
   */
  pair: boolean;
}

export interface FastYamlResult {
  root?: Node;
  problems: ParseProblem[];
  /** `#` comments in document order, as parseYaml's `comments()` returns them. */
  comments: { start: number; end: number; text: string }[];
}

export function parseYamlFast(text: string): FastYamlResult | undefined {
  return unlessBailed(() => {
    LONG_FORMS ??= new Map(Object.entries(SHORT_FORM_TAGS));
    const p = new FastYamlParser(text);
    const root = p.run();
    return { root, problems: p.problems, comments: p.comments };
  }, RangeError);
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
  // Only a digit, a sign or a dot can start a number (or `.inf` / `.nan`)…
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
    if (INT_RE.test(s)) return parseInt(s, 10);
    if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
    if (NAN_RE.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (EXP_RE.test(s)) return parseFloat(s);
    if (FLOAT_RE.test(s)) return parseFloat(s);
    return s;
  }
  // … and only these (or nothing) a null or a boolean, at most five characters long.
  if ((c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 126 || c !== c) && s.length <= 5) {
    if (NULL_RE.test(s)) return null;
    if (BOOL_RE.test(s)) return c === 116 || c === 84;
  }
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

/**
 * SHORT_FORM_TAGS as a Map: one lookup answers both "is it a short form" and its long form. Made
 * on first use (`./yaml` imports this module: SHORT_FORM_TAGS is not there yet when it loads).
 */
let LONG_FORMS: Map<string, string> | undefined;

/**
 * First characters of a plain scalar the core schema may resolve to something other than a
 * string (a digit, sign or dot: numbers, `.inf`, `.nan`; `~`, n, N, t, T, f, F: null, booleans).
 * Any other (non-empty) plain scalar is its own text: callers skip `resolvePlain` for those.
 */
const MAY_RESOLVE = new Uint8Array(128);
for (const ch of '0123456789+-.~nNtTfF') MAY_RESOLVE[ch.charCodeAt(0)] = 1;

// Sticky scanners. The CLI parses once per process, so this code mostly runs in V8's
// interpreter / baseline tier, where a loop over charCodeAt costs a few hundred instructions per
// character while a native RegExp match costs about as much as two or three characters: runs of
// characters (indentation, plain scalars and keys, tags, quoted text) are matched with these,
// from `lastIndex`. Callers set `lastIndex`, call test(), and read `lastIndex` after a match
// (a failed sticky test resets it to 0). The parser is not reentrant, so they can be shared.

/** A run of spaces (always matches: `lastIndex` is the first non-space). */
const SPACES = / */y;

/**
 * A plain scalar or key in block context, as far as it certainly goes. No match unless its first
 * character can start one: not a blank nor one of ! & * # | > ' " % @ ` , [ ] { } ?, and a `:`
 * or `-` only if no blank (nor the end of the input) follows. Then anything up to a `:`
 * followed by a blank or the end of the line, a tab, or spaces followed by `#`, a tab, the end
 * of the line or such a `:`. It never takes trailing spaces; `\r` and `\n` (the line end) stop
 * it.
 */
const PLAIN = /(?=[^!&*#|>'"%@`,[\]{}? \t\r\n:-]|[:-][^ \t\r\n])(?:[^: \t\r\n]+|:(?=[^ \t\r\n])| +(?=[^ #\t\r\n:]|:[^ \t\r\n]))*/y;

/**
 * A plain scalar in a flow collection: as PLAIN, but no `:` may start it, a `-` only if neither
 * a blank nor a flow indicator (`,[]{}`) follows, and a flow indicator ends it, as does a `:`
 * followed by one.
 */
const FLOW_PLAIN = /(?=[^!&*#|>'"%@`,[\]{}? \t\r\n:-]|-[^ \t\r\n,[\]{}])(?:[^:,[\]{} \t\r\n]+|:(?=[^ \t\r\n,[\]{}])| +(?=[^ #\t\r\n:,[\]{}]|:[^ \t\r\n,[\]{}]))*/y;

/** Characters of a double-quoted scalar that stand for themselves (not `"`, `\\`, a line end). */
const DQ_RUN = /[^"\\\r\n]*/y;

/** Blank lines (and the next line's indentation): spaces and line breaks. */
const BLANKS = /[ \r\n]*/y;

/** `yaml`'s tag characters (after the `!`). */
const TAG_CHARS = /[\w\-#;/?:@&=+$.!~*'()%]*/y;

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
  private commentCol = NO_COL;
  /**
   * A plain scalar ended the last content line: the next non-blank line must not be indented
   * more than this unless it is a comment (it would continue the scalar). NO_COL: no check.
   * Checked by `run` when it reaches that line, which it scans anyway.
   */
  private contLimit = NO_COL;
  /**
   * Some trivia state above (commentCol, pMaxCol, pendingComment, commentBefore) was set since
   * the last content line: only then does the next one reset it.
   */
  private trivia = false;
  // Current line.
  private contentEnd = 0;
  private next = 0;
  // Results of the scanners, in fields rather than in objects the interpreter would allocate.
  /** Where the last `quoted` / `tagAt` / `flow` / `blockScalar` / `flowPlain` scan ended. */
  private end = 0;
  /** The key `scanKey` found, and the offset just past its colon. */
  private key: StringNode | undefined = undefined;
  private keyAfter = 0;
  /**
   * The last plain scalar `scanKey` found not to be a key, from `plainFrom` to `plainEnd`: `value`
   * reads it next (`- value`, a value on a line of its own) without matching it again.
   */
  private plainFrom = -1;
  private plainEnd = 0;
  /** Frames of the flow collection being read (reused: one flow collection at a time). */
  private readonly flowStack: FlowFrame[] = [];
  /** The finished flow collection, once its outermost frame closes. */
  private flowResult: Node | undefined = undefined;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  run(): Node | undefined {
    const text = this.text;
    const len = this.len;
    // A lone CR is content for `yaml`; a BOM anywhere but first is unusual: leave both to it.
    let hasCR = false;
    for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
      if (text.charCodeAt(i + 1) !== NL) bail();
      hasCR = true;
    }
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
      const ce = hasCR && eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
      this.contentEnd = ce;
      this.next = eol < len ? eol + 1 : len;
      SPACES.lastIndex = pos;
      SPACES.test(text);
      const i = SPACES.lastIndex;
      if (i === ce) {
        pos = this.next; // blank line
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === TAB) bail();
      const col = i - pos;
      if (c === HASH) {
        this.contLimit = NO_COL;
        this.addComment(i);
        this.comment(col);
        pos = this.next;
        continue;
      }
      // A more indented line after a plain scalar would continue it (a multi-line scalar).
      if (col > this.contLimit) bail();
      this.contLimit = NO_COL;
      if (col === 0 && (c === 45 || c === 46) && text.startsWith(c === 45 ? '---' : '...', i) && isBlankOrEnd(text.charCodeAt(i + 3))) {
        if (c === 46 || docStart || this.root) bail();
        docStart = true;
        this.trailing(i + 3);
        pos = this.next;
        continue;
      }
      if (c === 37 /* % */) bail();
      pos = this.content(i, col, c);
    }
    // End of input: a pending value is null; close everything.
    this.completePendingNull();
    while (this.stack.length) this.close(len);
    if (docStart && !this.root) bail(); // `---` and nothing: `yaml` makes that a null node
    return this.root;
  }

  /** A comment-only line at column `col`. */
  private comment(col: number): void {
    this.trivia = true;
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
    const from = p;
    let c = text.charCodeAt(p);
    while (c === SP) c = text.charCodeAt(++p); // (the line end is no space)
    if (p === this.contentEnd) return;
    if (c === HASH && p > from) {
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
    const pe = f.parentEntry;
    if (pe) pe.end = Math.max(f.outer.end, pe.keyNode.end);
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
      const ve = value.end;
      const ke = keyNode.end;
      const entry: Entry = { key, keyNode, value, start: keyNode.start, end: ve > ke ? ve : ke };
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
    // The lists are made apart: a literal holding a literal is copied by the runtime, slowly.
    const list: never[] = [];
    const node: ObjectNode | ArrayNode =
      kind === MAP ? { kind: 'object', start, end: start, entries: list, flow: false } : { kind: 'array', start, end: start, items: list, flow: false };
    const f: Frame = {
      kind,
      indent,
      node,
      outer: node,
      innerEntry: undefined,
      parentEntry: undefined,
      lastEnd2: start,
      pending: PENDING_NONE,
      pendingKey: undefined,
      pendingTag: undefined,
      pendingNullPos: 0,
      keySet: undefined,
    };
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
    const long = LONG_FORMS!.get(tag);
    if (long === undefined) return value;
    return shortFormNode(this.text, tag, long, value, this.text.lastIndexOf(tag, value.start));
  }

  /**
   * The tag at `j` (its `!`): a short form, or a local tag `yaml` reports as unknown (the same
   * warning is recorded here, in document order); anything else bails. Returns it; its end is
   * left in `this.end`.
   */
  private tagAt(j: number): string {
    const text = this.text;
    TAG_CHARS.lastIndex = j + 1;
    TAG_CHARS.test(text);
    const t = TAG_CHARS.lastIndex; // tag characters never include the line end
    const tag = text.slice(j, t);
    if (!LONG_FORMS!.has(tag)) {
      if (!LOCAL_TAG.test(tag)) bail();
      this.problems.push(unknownTagProblem(tag, j, t));
    }
    this.end = t;
    return tag;
  }

  /**
   * A content line whose first character `c` is at `i` (column `col`). Returns the offset of the
   * next line to read.
   */
  private content(i: number, col: number, c: number): number {
    const isItem = c === 45 && isBlankOrEnd(this.text.charCodeAt(i + 1));
    const kind = isItem ? SEQ : MAP;
    let key: StringNode | undefined;
    let afterKey = 0;
    if (!isItem) {
      if (!this.scanKey(i, c)) return this.nextLineValue(i, col, c);
      key = this.key;
      afterKey = this.keyAfter;
    }
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
    this.absorbing = false;
    // Comments before a `-` can become the props of an empty item, which then ends elsewhere.
    let commentBefore = false;
    if (this.trivia) {
      this.trivia = false;
      commentBefore = this.commentBefore;
      this.commentBefore = false;
      this.commentCol = NO_COL;
      this.pMaxCol = -1;
      this.pendingComment = false;
    }
    if (isItem) return this.item(target!, i, commentBefore);
    return this.keyValue(target, key!, afterKey);
  }

  /**
   * A line that is neither `key:` nor `- `: the value of the pending key or item above, on a
   * line of its own and more indented (`Arn:` / `  !Join [...]`); anything else bails. A block
   * scalar there takes its indentation from its own line, not from its owner: left to `yaml`.
   */
  private nextLineValue(i: number, col: number, c: number): number {
    const f = this.stack[this.stack.length - 1];
    if (!f || f.pending === PENDING_NONE || col <= f.indent) bail();
    if (c === 124 /* | */ || c === 62 /* > */) bail();
    this.pMaxCol = -1;
    this.absorbing = false;
    // pendingComment stays: it matters if the value is a tag alone, still empty.
    this.commentBefore = false;
    return this.value(f, i, c, f.indent, f.pendingTag, Math.min(f.indent, this.commentCol - 1));
  }

  /** `- ...` in sequence `f`; `i` is the dash. */
  private item(f: Frame, i: number, commentBefore: boolean): number {
    const text = this.text;
    const ce = this.contentEnd;
    const lineStart = i - f.indent; // the dash is at its sequence's column
    let j = i + 1;
    let c: number;
    for (;;) {
      // Past the spaces (never past the line end: it is not a space).
      c = text.charCodeAt(j);
      while (c === SP) c = text.charCodeAt(++j);
      if (c === TAB) bail();
      if (j === ce || c === HASH) {
        f.pending = PENDING_ITEM;
        f.pendingNullPos = j;
        f.pendingTag = undefined;
        if (j < ce) this.addComment(j);
        if (j < ce || commentBefore) this.pendingComment = this.trivia = true;
        return this.next;
      }
      // `- - x`: a sequence in a sequence, indented at its own dash.
      if (c !== 45 || !isBlankOrEnd(text.charCodeAt(j + 1))) break;
      f.pending = PENDING_ITEM;
      f = this.open(SEQ, j - lineStart, j, undefined);
      j++;
    }
    if (c !== 33 /* ! */ && this.scanKey(j, c)) {
      // Compact map `- key: value`.
      const key = this.key!;
      f.pending = PENDING_ITEM;
      const m = this.open(MAP, j - lineStart, j, undefined);
      return this.keyValue(m, key, this.keyAfter);
    }
    f.pending = PENDING_ITEM;
    if (commentBefore) this.pendingComment = this.trivia = true; // only matters if the value is a tag alone
    return this.value(f, j, c, f.indent);
  }

  /** `key:` in map `f`; `after` is just past the colon. */
  private keyValue(f: Frame, key: StringNode, after: number): number {
    const text = this.text;
    const ce = this.contentEnd;
    // Duplicate keys (`yaml` reports them) and `<<`: leave to the library. Small maps are
    // searched; a map that grows past 8 keys gets a set.
    const k = key.value;
    if (k === '<<') bail();
    const obj = f.node as ObjectNode;
    const keySet = f.keySet;
    if (keySet) {
      if (keySet.has(k)) bail();
      keySet.add(k);
    } else {
      const entries = obj.entries;
      const n = entries.length;
      for (let i = 0; i < n; i++) if (entries[i].key === k) bail();
      if (n >= 8) {
        const set = new Set<string>();
        for (let i = 0; i < n; i++) set.add(entries[i].key);
        set.add(k);
        f.keySet = set;
      }
    }
    key.parent = obj;
    f.pendingKey = key;
    f.pending = PENDING_KEY;
    f.pendingTag = undefined;
    let j = after;
    let c = text.charCodeAt(j);
    while (c === SP) c = text.charCodeAt(++j);
    if (c === TAB) bail();
    f.pendingNullPos = j;
    if (j === ce || c === HASH) {
      if (j < ce) {
        this.pendingComment = this.trivia = true;
        this.addComment(j);
      }
      return this.next;
    }
    return this.value(f, j, c, f.indent);
  }

  /**
   * A value starting with `c` at `j` on the current line, for the pending key/item of `f` (whose
   * indentation is `owner`); `pendingTag` is a tag given alone on a line above; a plain scalar
   * must not continue on lines indented more than `cont`. Returns the offset of the next line.
   */
  private value(f: Frame, j: number, c: number, owner: number, pendingTag?: string, cont = owner): number {
    const text = this.text;
    const ce = this.contentEnd;
    let tag = pendingTag;
    if (c === 33 /* ! */) {
      if (tag !== undefined) bail(); // two tags
      tag = this.tagAt(j);
      j = this.end;
      c = text.charCodeAt(j);
      if (j < ce && c !== SP) bail();
      while (c === SP) c = text.charCodeAt(++j);
      if (c === TAB) bail();
      if (j === ce || c === HASH) {
        // Tag alone on the line: a block collection follows, or the value is an empty string.
        f.pendingTag = tag;
        f.pendingNullPos = j;
        if (j < ce) {
          this.pendingComment = this.trivia = true;
          this.addComment(j);
        }
        return this.next;
      }
    }
    let node: Node;
    let next = this.next;
    let absorbs = true;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      node = this.quoted(j, ce);
      this.trailing(this.end);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      const fl = this.flow(j, ce, tag);
      this.trailing(this.end);
      this.attach(f, fl);
      f.lastEnd2 = next;
      this.absorbing = true;
      return next;
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      node = this.blockScalar(j, owner);
      next = this.end;
      absorbs = false;
    } else {
      let q: number;
      if (this.plainFrom === j) q = this.plainEnd; // matched already by `scanKey`
      else {
        PLAIN.lastIndex = j;
        if (!PLAIN.test(text)) bail(); // cannot start a plain scalar
        q = PLAIN.lastIndex;
      }
      // PLAIN stopped at the line end, or at spaces, a tab or a `:` followed by a blank.
      let p = q;
      let ch = text.charCodeAt(p);
      while (ch === SP) ch = text.charCodeAt(++p);
      if (p === ce) this.contLimit = cont; // the next lines must not continue it
      else if (ch === HASH && p > q) this.addComment(p);
      else bail(); // `a: b: c`, a tab
      const raw = text.slice(j, q);
      node = tag !== undefined || c >= 128 || MAY_RESOLVE[c] === 0 ? { kind: 'string', value: raw, start: j, end: q, style: 'plain' } : this.plainNode(raw, j, q);
    }
    this.attach(f, tag !== undefined ? this.wrap(tag, node) : node);
    f.lastEnd2 = next;
    this.absorbing = absorbs;
    return next;
  }

  private plainNode(raw: string, start: number, end: number): Node {
    const v = resolvePlain(raw);
    if (typeof v === 'string') return { kind: 'string', value: v, start, end, style: 'plain' };
    if (typeof v === 'number') return { kind: 'number', value: v, raw, start, end };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, start, end };
    return { kind: 'null', value: null, start, end };
  }

  /**
   * A block-map key starting with `c` at `i`, followed by `:` and a blank or the end of the line:
   * true with the key in `this.key` and the offset past the colon in `this.keyAfter`; false if
   * the line is not `key:` (the caller decides whether that is an error).
   */
  private scanKey(i: number, c: number): boolean {
    const text = this.text;
    if (c === 34 || c === 39) {
      const key = this.quoted(i, this.contentEnd);
      let p = this.end;
      let ch = text.charCodeAt(p);
      while (ch === SP) ch = text.charCodeAt(++p);
      if (ch !== 58 /* : */) return false;
      const n = text.charCodeAt(p + 1);
      if (n === TAB) bail();
      if (!isBlankOrEnd(n)) return false; // `"a":b`
      this.key = key;
      this.keyAfter = p + 1;
      return true;
    }
    PLAIN.lastIndex = i;
    if (!PLAIN.test(text)) return false;
    const q = PLAIN.lastIndex;
    // PLAIN took every `:` but one followed by a blank or the line end: the end of a key.
    let p = q;
    let ch = text.charCodeAt(p);
    while (ch === SP) ch = text.charCodeAt(++p);
    if (ch !== 58 /* : */) {
      if (ch === TAB) bail();
      // Not a key: the caller may read the same plain scalar as a value next.
      this.plainFrom = i;
      this.plainEnd = q;
      return false;
    }
    if (text.charCodeAt(p + 1) === TAB) bail();
    const raw = text.slice(i, q);
    const v = c < 128 && MAY_RESOLVE[c] === 1 ? resolvePlain(raw) : raw;
    // `parent` (set by keyValue) is there from the start: no property added later, no extra storage.
    this.key = { kind: 'string', value: typeof v === 'string' ? v : String(v), start: i, end: q, style: 'plain', parent: undefined };
    this.keyAfter = p + 1;
    return true;
  }

  /** A single-line quoted scalar at `i`; its end is left in `this.end`. */
  private quoted(i: number, ce: number): StringNode {
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
        this.end = k + 1;
        return { kind: 'string', value, start: i, end: k + 1, style: 'single' };
      }
    }
    let value = '';
    let from = p;
    for (;;) {
      DQ_RUN.lastIndex = p;
      DQ_RUN.test(text);
      p = DQ_RUN.lastIndex;
      if (p >= ce) bail();
      const ch = text.charCodeAt(p);
      if (ch === 34) {
        value += text.slice(from, p);
        this.end = p + 1;
        return { kind: 'string', value, start: i, end: p + 1, style: 'double' };
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
    }
  }

  /**
   * From `p` past spaces to the next character of a flow collection, returned; bails if that is
   * the line end (it spans lines), a tab or a comment.
   */
  private flowSkip(p: number, ce: number): number {
    const text = this.text;
    let c = text.charCodeAt(p);
    while (c === SP) c = text.charCodeAt(++p);
    if (p >= ce || c === TAB || c === HASH) bail(); // spans lines, or a comment inside
    return p;
  }

  /** Push a flow collection opening at `p` (`[` or `{`). */
  private flowOpen(p: number, isMap: boolean, tag: string | undefined): void {
    if (this.flowStack.length + this.stack.length > MAX_DEPTH) bail();
    const list: never[] = []; // apart, as in `open`
    const node: ObjectNode | ArrayNode = isMap ? { kind: 'object', start: p, end: p, entries: list, flow: true } : { kind: 'array', start: p, end: p, items: list, flow: true };
    this.flowStack.push({ node, isMap, tag, key: undefined, pair: false });
  }

  /**
   * Add a finished value to the innermost flow frame; true if there is none: the value is the
   * whole collection, left in `this.flowResult`.
   */
  private flowAdd(value: Node): boolean {
    const stack = this.flowStack;
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        this.flowResult = value;
        return true;
      }
      if (top.isMap) {
        const obj = top.node as ObjectNode;
        const keyNode = top.key!;
        const key = keyNode.value;
        const ve = value.end;
        const ke = keyNode.end;
        const entry: Entry = { key, keyNode, value, start: keyNode.start, end: ve > ke ? ve : ke };
        keyNode.parent = obj;
        value.parent = obj;
        value.keyInParent = key;
        value.entry = entry;
        obj.entries.push(entry);
        top.key = undefined;
        if (top.pair) {
          // The pair's map ends with its value; it is the sequence's item.
          stack.pop();
          obj.end = ve;
          value = obj;
          continue;
        }
      } else {
        const arr = top.node as ArrayNode;
        value.parent = arr;
        value.keyInParent = arr.items.length;
        arr.items.push(value);
      }
      return false;
    }
  }

  /** A single-line flow collection at `j` (explicit stack); its end is left in `this.end`. */
  private flow(j: number, ce: number, outerTag: string | undefined): Node {
    const text = this.text;
    const stack = this.flowStack;
    stack.length = 0;
    this.flowOpen(j, text.charCodeAt(j) === 123, outerTag);
    let p = j + 1;
    // state: 0 = expecting first item or close, 1 = expecting item (after comma), 2 = expecting comma or close
    let state = 0;
    for (;;) {
      let c = text.charCodeAt(p);
      while (c === SP) c = text.charCodeAt(++p);
      if (p >= ce || c === TAB || c === HASH) bail(); // spans lines, or a comment
      const top = stack[stack.length - 1];
      if (state !== 1 && (c === 93 || c === 125)) {
        if ((c === 125) !== top.isMap) bail();
        stack.pop();
        top.node.end = ++p;
        if (this.flowAdd(top.tag !== undefined ? this.wrap(top.tag, top.node) : top.node)) break;
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
          key = this.quoted(p, ce);
          p = this.flowSkip(this.end, ce);
          if (text.charCodeAt(p) !== 58) bail();
          p++;
        } else {
          const last = this.flowPlain(p, ce);
          const e = this.end;
          if (text.charCodeAt(e) !== 58 || text.charCodeAt(e + 1) !== SP) bail();
          const raw = text.slice(p, last);
          const v = c < 128 && MAY_RESOLVE[c] === 1 ? resolvePlain(raw) : raw;
          key = { kind: 'string', value: typeof v === 'string' ? v : String(v), start: p, end: last, style: 'plain', parent: undefined };
          p = e + 1;
        }
        const k = key.value;
        if (k === '<<') bail();
        const entries = (top.node as ObjectNode).entries;
        for (let i = 0; i < entries.length; i++) if (entries[i].key === k) bail();
        top.key = key;
        p = this.flowSkip(p, ce);
        c = text.charCodeAt(p);
        if (c === 44 || c === 125 || c === 93) bail(); // empty value
      }
      let tag: string | undefined;
      if (c === 33) {
        tag = this.tagAt(p);
        const t = this.end;
        if (text.charCodeAt(t) !== SP) bail();
        p = this.flowSkip(t, ce);
        c = text.charCodeAt(p);
        if (c === 44 || c === 125 || c === 93) bail(); // empty tagged value
      }
      if (c === 91 || c === 123) {
        this.flowOpen(p, c === 123, tag);
        p++;
        state = 0;
        continue;
      }
      let node: Node;
      let raw: string | undefined; // a plain scalar's text
      if (c === 34 || c === 39) {
        node = this.quoted(p, ce);
        p = this.end;
      } else {
        const last = this.flowPlain(p, ce);
        raw = text.slice(p, last);
        node = tag !== undefined || c >= 128 || MAY_RESOLVE[c] === 0 ? { kind: 'string', value: raw, start: p, end: last, style: 'plain' } : this.plainNode(raw, p, last);
        p = this.end;
      }
      let after = p;
      while (text.charCodeAt(after) === SP) after++;
      if (text.charCodeAt(after) === 58) {
        // `{a: b: c}`, a tagged key: leave to the library. `[a: b]`, `["a":b]`: a pair, whose key
        // is read as in flow maps (a plain key's `:` must be followed by a space here).
        if (top.isMap || tag !== undefined) bail();
        if (raw !== undefined && text.charCodeAt(after + 1) !== SP) bail();
        if (stack.length + this.stack.length >= MAX_DEPTH) bail();
        const key: StringNode = raw !== undefined ? { kind: 'string', value: String(resolvePlain(raw)), start: node.start, end: node.end, style: 'plain' } : (node as StringNode);
        const entries: Entry[] = [];
        const pairMap: ObjectNode = { kind: 'object', start: key.start, end: key.start, entries, flow: true };
        stack.push({ node: pairMap, isMap: true, tag: undefined, key, pair: true });
        p = this.flowSkip(after + 1, ce);
        c = text.charCodeAt(p);
        if (c === 44 || c === 125 || c === 93) bail(); // empty value
        state = 1;
        continue;
      }
      this.flowAdd(tag !== undefined ? this.wrap(tag, node) : node);
      state = 2;
    }
    this.end = p;
    return this.flowResult!;
  }

  /**
   * A plain scalar in a flow collection at `p`: returns the end of its text (exclusive) and
   * leaves where scanning stopped in `this.end` (a flow indicator, `:` + blank, or the line end;
   * spaces skipped). Bails if no plain scalar starts there, or at a tab or a comment.
   */
  private flowPlain(p: number, ce: number): number {
    const text = this.text;
    FLOW_PLAIN.lastIndex = p;
    if (!FLOW_PLAIN.test(text)) bail();
    const last = FLOW_PLAIN.lastIndex;
    if (last === p) bail();
    let q = last;
    let ch = text.charCodeAt(q);
    while (ch === SP) ch = text.charCodeAt(++q);
    if (ch === HASH || ch === TAB) bail();
    this.end = q < ce ? q : ce;
    return last;
  }

  /**
   * A block scalar whose header is at `h`, owned by a collection at indentation `owner`; ports
   * `yaml`'s lexer (extent) and resolveBlockScalar (value), bailing where those report errors.
   * The header is `|` or `>`, then at most one chomping indicator (`-` / `+`) and at most one
   * indentation indicator (`1`–`9`) in either order: `yaml` reports anything else.
   */
  private blockScalar(h: number, owner: number): StringNode {
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
    // Lexer: extent of the body. Past the blank lines to the first content (every CR is part of
    // a CRLF here): `nl` is the last line break before it, `indent` its indentation.
    let indentNext = owner + 1;
    BLANKS.lastIndex = bodyStart;
    BLANKS.test(text);
    const i = BLANKS.lastIndex;
    let nl = text.lastIndexOf('\n', i - 1); // bodyStart - 1 at least: the header's line break
    const indent = i - nl - 1;
    if (text.charCodeAt(i) === TAB) bail();
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
    this.end = end;
    return { kind: 'string', value, start: h, end, style: 'block' };
  }

  /** The lexer's continueScalar for block scalars (indentNext > 0, whole input available). */
  private continueBlock(offset: number, indentNext: number): number {
    const text = this.text;
    SPACES.lastIndex = offset;
    SPACES.test(text);
    const ind = SPACES.lastIndex - offset;
    const ch = text.charCodeAt(offset + ind);
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
