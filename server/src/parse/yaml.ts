import { CST, Composer, Lexer, Parser, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Alias, type Document, type Node as YNode } from 'yaml';
import type { ArrayNode, Entry, Node, ObjectNode, StringNode } from '../model/node';
import type { ParseProblem } from '../engine/types';
import { LIMITS } from './limits';
import { parseYamlFast } from './yaml-fast';
import { shortFormNode } from './short-form';

/**
 * CloudFormation short-form tags and the long-form key each one stands for. The Rules-section
 * functions (`Fn::Contains`, `Fn::EachMemberEquals`, `Fn::EachMemberIn`, `Fn::RefAll`,
 * `Fn::ValueOf`, `Fn::ValueOfAll`; intrinsic-function-reference-rules.html) are documented in long
 * form, but CloudFormation's YAML reader takes their short forms too: AWS's own samples write
 * `!ValueOf` (aws-cloudformation-templates, AWSSupplyChain/SapPrivateLink) and AWS's StackSet
 * resource provider registers `!` + each of them next to `!Ref` and `!Sub`.
 */
export const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
  '!ForEach': 'Fn::ForEach',
  '!Contains': 'Fn::Contains',
  '!EachMemberEquals': 'Fn::EachMemberEquals',
  '!EachMemberIn': 'Fn::EachMemberIn',
  '!RefAll': 'Fn::RefAll',
  '!ValueOf': 'Fn::ValueOf',
  '!ValueOfAll': 'Fn::ValueOfAll',
};

/**
 * The short-form tags declared to the library for scalars, sequences and mappings, so that it
 * keeps them on the nodes without building a "tag not resolved" warning (an Error with a stack
 * trace) for each of the thousands of `!Ref`/`!Sub` in a large template.
 */
const CFN_TAGS = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, identify: () => false, resolve: (v: unknown) => v },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq, identify: () => false, resolve: (v: unknown) => v },
  { tag, collection: 'map' as const, nodeClass: YAMLMap, identify: () => false, resolve: (v: unknown) => v },
]);

export interface YamlParseResult {
  root?: Node;
  problems: ParseProblem[];
  /** Lazily computed comments (only suppression needs them). */
  comments: () => { start: number; end: number; text: string }[];
}

export function parseYaml(text: string): YamlParseResult {
  // The common CloudFormation subset parses ~10× faster by hand; anything else (anchors, `!!`
  // tags, multi-line scalars, syntax errors…) falls back to the yaml library below. Both give the
  // same tree and problems: test/unit/engine/yaml-fast.test.ts compares them (fast path against
  // parseYamlWithLibrary) over every fixture, the corpus and generated documents.
  const fast = parseYamlFast(text);
  if (fast) return { root: fast.root, problems: fast.problems, comments: () => fast.comments };
  return parseYamlWithLibrary(text);
}

/**
 * The reference path: the `yaml` library and the converter below, for any input. parseYaml only
 * comes here when the fast path bails; the differential tests call it directly.
 */
export function parseYamlWithLibrary(text: string): YamlParseResult {
  const problems: ParseProblem[] = [];
  let tokens: CST.Token[] = [];
  let doc: Document.Parsed | undefined;
  try {
    // The `yaml` library composes recursively and its parser slows down on very deep input:
    // lex first, estimate the nesting as we go and stop before handing a too-deep file to it.
    const lexed = lexWithDepthLimit(text, LIMITS.maxDepth);
    if (lexed.tooDeep !== undefined) {
      problems.push({
        code: 'parse/too-deep',
        severity: 'warning',
        start: lexed.tooDeep,
        end: Math.min(lexed.tooDeep + 1, text.length),
        message: `Nesting deeper than ${LIMITS.maxDepth} levels: the file is not analysed.`,
      });
      return { problems, comments: () => [] };
    }
    tokens = lexed.tokens;
    // uniqueKeys is checked by the converter: the library's check is quadratic in the mapping size.
    const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: false, customTags: CFN_TAGS });
    for (const d of composer.compose(tokens, true)) {
      if (!doc) doc = d as Document.Parsed;
      else break; // CloudFormation templates and policies are single-document files.
    }
  } catch (e) {
    const overflow = e instanceof RangeError;
    problems.push({
      code: overflow ? 'parse/too-deep' : 'parse/syntax-error',
      severity: overflow ? 'warning' : 'error',
      start: 0,
      end: 0,
      message: overflow
        ? `Nesting too deep for the YAML parser: the file is not analysed.`
        : `The YAML parser could not read this file (${String((e as Error)?.message ?? e).split('\n')[0]}); it is not analysed.`,
    });
    return { problems, comments: () => [] };
  }
  if (!doc) return { problems, comments: () => [] };
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    // The library catches its own stack overflows and reports them as errors.
    const overflow = /call stack/i.test(err.message);
    problems.push({
      code: err.code === 'DUPLICATE_KEY' ? 'parse/duplicate-key' : overflow ? 'parse/too-deep' : 'parse/syntax-error',
      severity: overflow ? 'warning' : 'error',
      start: s,
      end: Math.max(e, s + 1),
      message:
        err.code === 'DUPLICATE_KEY'
          ? 'Duplicate key: CloudFormation rejects templates with duplicate keys.'
          : overflow
            ? 'Nesting too deep for the YAML parser: the content below is not analysed.'
            : `YAML syntax error: ${err.message.split('\n')[0]}`,
    });
  }
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    const [s, e] = w.pos;
    const tag = text.slice(s, Math.max(e, s + 1)).trim();
    if (SHORT_FORM_TAGS[tag]) continue; // CloudFormation's own tags: converted below
    problems.push(unknownTagProblem(tag, s, Math.max(e, s + 1)));
  }
  const conv = new YamlConverter(text, problems, doc);
  const root = doc.contents ? conv.convert(doc.contents as YNode, 0) : undefined;
  let comments: { start: number; end: number; text: string }[] | undefined;
  return {
    root,
    problems,
    comments: () => (comments ??= collectComments(tokens)),
  };
}

/**
 * The warning for a tag CloudFormation does not define (`!Rain::Embed file.py`, `!ValueOf`): both
 * YAML paths read the value as if it were not tagged and report the tag with this problem.
 */
export function unknownTagProblem(tag: string, start: number, end: number): ParseProblem {
  return {
    code: 'parse/unknown-tag',
    severity: 'warning',
    start,
    end,
    message: `Unknown YAML tag ${tag.slice(0, 80)}: CloudFormation does not define it. leastpriv reads the value as if it were not tagged.`,
  };
}

/**
 * Lex the text and feed the CST parser, estimating the nesting depth from the lexemes without
 * recursion: flow depth is exact (`[`/`{` versus `]`/`}`, the lexer already skips quoted and
 * plain scalars, comments and block scalars); block depth is the number of increasing
 * indentation columns in effect, counting each compact indicator (`- - - x`) as a column of its
 * own, as the parser does. Stops at the first lexeme deeper than `limit` (the offset is returned)
 * so that hostile input costs time proportional to `limit`, not to its size.
 */
export function lexWithDepthLimit(text: string, limit: number): { tokens: CST.Token[]; tooDeep?: number } {
  const lexer = new Lexer();
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  const columns: number[] = []; // block collections' indentation, increasing
  let flow = 0;
  let indent = 0;
  let atNewLine = true;
  let atScalar = false;
  let offset = 0;
  const open = (col: number) => {
    while (columns.length && columns[columns.length - 1] >= col) columns.pop();
    columns.push(col);
  };
  for (const lexeme of lexer.lex(text, false)) {
    const at = offset;
    if (atScalar) {
      atScalar = false;
      offset += lexeme.length;
    } else {
      const type = CST.tokenType(lexeme);
      switch (type) {
        case 'scalar':
          if (flow === 0) open(indent);
          atNewLine = false;
          atScalar = true;
          break;
        case 'newline':
          atNewLine = true;
          indent = 0;
          break;
        case 'space':
          if (atNewLine && lexeme[0] === ' ') indent += lexeme.length;
          break;
        case 'seq-item-ind':
        case 'explicit-key-ind':
        case 'map-value-ind':
          if (flow === 0) open(indent);
          if (atNewLine) indent += lexeme.length;
          break;
        case 'flow-map-start':
        case 'flow-seq-start':
          if (flow === 0) open(indent);
          flow++;
          atNewLine = false;
          break;
        case 'flow-map-end':
        case 'flow-seq-end':
          if (flow > 0) flow--;
          atNewLine = false;
          break;
        case 'flow-error-end':
          flow = 0;
          break;
        case 'doc-start':
        case 'doc-end':
          columns.length = 0;
          flow = 0;
          atNewLine = false;
          break;
        case 'doc-mode':
        case 'byte-order-mark':
        case 'comment':
          if (type === 'comment') atNewLine = false;
          break;
        default:
          if (flow === 0) open(indent);
          atNewLine = false;
      }
      if (type !== 'doc-mode' && type !== 'flow-error-end' && type !== 'scalar') offset += lexeme.length;
    }
    if (columns.length + flow > limit) return { tokens, tooDeep: Math.min(at, text.length) };
    for (const t of parser.next(lexeme)) tokens.push(t);
  }
  for (const t of parser.end()) tokens.push(t);
  return { tokens };
}

/**
 * For every alias, the node its anchor names (the last anchor of that name before it), found in
 * one pass in document order. `Alias.resolve()` walks the whole document for each alias, which is
 * quadratic on a document with many aliases.
 */
function anchorTargets(doc: Document.Parsed): Map<Alias, YNode> {
  const out = new Map<Alias, YNode>();
  const current = new Map<string, YNode>();
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    const y = n as YNode;
    if (isAlias(y)) {
      const t = current.get(y.source);
      if (t) out.set(y, t);
      continue;
    }
    const anchor = (y as { anchor?: string }).anchor;
    if (anchor) current.set(anchor, y);
    if (isMap(y) || isSeq(y)) for (let i = y.items.length - 1; i >= 0; i--) stack.push(y.items[i]);
  }
  return out;
}

class YamlConverter {
  private aliasNodes = 0;
  private depthReported = false;
  private aliasReported = false;
  constructor(
    private readonly text: string,
    private readonly problems: ParseProblem[],
    private readonly doc: Document.Parsed,
  ) {}

  convert(y: YNode, depth: number, aliasRange?: [number, number]): Node {
    if (depth > LIMITS.maxDepth) {
      if (!this.depthReported) {
        this.depthReported = true;
        const s = y.range?.[0] ?? 0;
        this.problems.push({
          code: 'parse/too-deep',
          severity: 'warning',
          start: s,
          end: s + 1,
          message: `Nesting deeper than ${LIMITS.maxDepth} levels: the content below is not analysed.`,
        });
      }
      return { kind: 'null', value: null, start: y.range?.[0] ?? 0, end: y.range?.[1] ?? 0 };
    }
    const start = aliasRange ? aliasRange[0] : (y.range?.[0] ?? 0);
    const end = aliasRange ? aliasRange[1] : (y.range?.[1] ?? start);
    if (aliasRange) {
      if (++this.aliasNodes > LIMITS.maxAliasNodes) {
        if (!this.aliasReported) {
          this.aliasReported = true;
          this.problems.push({
            code: 'parse/alias-limit',
            severity: 'warning',
            start,
            end,
            message: `YAML aliases expand to more than ${LIMITS.maxAliasNodes} nodes; the rest is not expanded.`,
          });
        }
        return { kind: 'null', value: null, start, end };
      }
    }
    let node: Node;
    if (isAlias(y)) {
      const target = y.source ? this.findAnchor(y) : undefined;
      const range: [number, number] = aliasRange ?? [y.range?.[0] ?? 0, y.range?.[1] ?? 0];
      node = target ? this.convert(target, depth + 1, range) : { kind: 'null', value: null, start: range[0], end: range[1] };
    } else if (isMap(y)) {
      const obj: ObjectNode = { kind: 'object', start, end, entries: [], flow: !!y.flow };
      const seen = aliasRange ? undefined : new Set<string>();
      for (const pair of y.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YNode | null;
        const keyText = k && isScalar(k) ? String(k.value) : k ? this.text.slice(k.range?.[0] ?? 0, k.range?.[1] ?? 0) : '';
        const ks = aliasRange ? aliasRange[0] : (k?.range?.[0] ?? start);
        const ke = aliasRange ? aliasRange[1] : (k?.range?.[1] ?? ks);
        const keyNode: StringNode = { kind: 'string', value: keyText, start: ks, end: ke, style: styleOf(k) };
        if (seen?.has(keyText)) {
          this.problems.push({
            code: 'parse/duplicate-key',
            severity: 'error',
            start: ks,
            end: Math.max(ke, ks + 1),
            message: 'Duplicate key: CloudFormation rejects templates with duplicate keys.',
          });
        }
        seen?.add(keyText);
        const v = pair.value as YNode | null;
        const value: Node = v
          ? this.convert(v, depth + 1, aliasRange)
          : { kind: 'null', value: null, start: ke, end: ke };
        const entry: Entry = { key: keyText, keyNode, value, start: ks, end: Math.max(value.end, ke) };
        keyNode.parent = obj;
        value.parent = obj;
        value.keyInParent = keyText;
        value.entry = entry;
        obj.entries.push(entry);
      }
      node = obj;
    } else if (isSeq(y)) {
      const arr: ArrayNode = { kind: 'array', start, end, items: [], flow: !!y.flow };
      y.items.forEach((it, i) => {
        const item = it ? this.convert(it as YNode, depth + 1, aliasRange) : ({ kind: 'null', value: null, start, end } as Node);
        item.parent = arr;
        item.keyInParent = i;
        arr.items.push(item);
      });
      node = arr;
    } else {
      node = scalarNode(y as Scalar, start, end, this.text);
    }
    const tag = (y as { tag?: string }).tag;
    if (tag && SHORT_FORM_TAGS[tag]) return this.shortForm(tag, node, aliasRange);
    return node;
  }

  private anchors?: Map<Alias, YNode>;
  private findAnchor(alias: Alias): YNode | undefined {
    this.anchors ??= anchorTargets(this.doc);
    return this.anchors.get(alias);
  }

  /** Turn `!Tag value` into `{LongForm: value}` with the key spanning the tag text. */
  private shortForm(tag: string, value: Node, aliasRange?: [number, number]): ObjectNode {
    const tagStart = aliasRange ? aliasRange[0] : this.text.lastIndexOf(tag, value.start);
    return shortFormNode(this.text, tag, SHORT_FORM_TAGS[tag], value, tagStart);
  }

}

function styleOf(y: YNode | null | undefined): StringNode['style'] {
  if (!y || !isScalar(y)) return 'plain';
  switch (y.type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return 'plain';
  }
}

function scalarNode(y: Scalar, start: number, end: number, text: string): Node {
  const v = y.value;
  const tag = (y as { tag?: string }).tag;
  // A short-form tag's value is always read as a string, as CloudFormation does (`!Ref 123`).
  if (typeof v === 'string' || (tag && SHORT_FORM_TAGS[tag] && v !== null && typeof v !== 'object')) {
    return { kind: 'string', value: String(v), start, end, style: styleOf(y) };
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    return { kind: 'number', value: Number(v), raw: text.slice(start, end), start, end };
  }
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, start, end };
  if (v === null || v === undefined) return { kind: 'null', value: null, start, end };
  return { kind: 'string', value: String(v), start, end, style: styleOf(y) };
}

/** Collect `#` comments from the CST (comments inside block scalars are content, not comments). */
function collectComments(tokens: unknown[]): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const stack: unknown[] = [...tokens];
  while (stack.length) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (const x of t) stack.push(x);
      continue;
    }
    const tok = t as { type?: string; offset?: number; source?: string };
    if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
      out.push({ start: tok.offset, end: tok.offset + tok.source.length, text: tok.source });
      continue;
    }
    for (const v of Object.values(t as Record<string, unknown>)) if (v && typeof v === 'object') stack.push(v);
  }
  return out.sort((a, b) => a.start - b.start);
}
