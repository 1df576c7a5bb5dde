import type { FormattingOptions } from 'jsonc-parser';
import type { ArrayNode, Entry, Node, ObjectNode, StringNode } from '../model/node';
import { intrinsicName, walk } from '../model/node';
import type { ParsedDocument, TextEdit } from '../engine/types';

/**
 * Small text edits that keep the user's file as it is: quoting, indentation, block vs flow
 * style, key order and comments. JSON structure edits go through jsonc-parser's `modify` with
 * the file's own indentation; YAML edits are computed on the text, never by re-serialising.
 */

export type JsValue = string | number | boolean | null | JsValue[] | { [k: string]: JsValue };

/** Replace a scalar's content keeping its quotes (`"s3:ListBuckets"` → `"s3:ListBucket"`). */
export function replaceScalar(doc: ParsedDocument, node: Node, value: string): TextEdit {
  const raw = doc.text.slice(node.start, node.end);
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length >= 2 && raw[raw.length - 1] === q) {
    const escaped = q === '"' ? JSON.stringify(value).slice(1, -1) : value.replace(/'/g, "''");
    return { start: node.start + 1, end: node.end - 1, newText: escaped };
  }
  if (doc.format === 'json') return { start: node.start, end: node.end, newText: JSON.stringify(value) };
  return { start: node.start, end: node.end, newText: yamlScalar(value) };
}

/** Rename a key keeping its quotes. */
export function renameKey(doc: ParsedDocument, entry: Entry, newKey: string): TextEdit {
  return replaceScalar(doc, entry.keyNode, newKey);
}

/** Remove the `index`-th item of a list, with its line (block YAML) or its comma (flow/JSON). */
export function removeItem(doc: ParsedDocument, arr: ArrayNode, index: number): TextEdit {
  const item = arr.items[index];
  const text = doc.text;
  if (doc.format === 'yaml' && !arr.flow) {
    const ls = lineStart(text, item.start);
    const prefix = text.slice(ls, item.start);
    if (/^\s*-\s*$/.test(prefix)) {
      const le = lineEndAfter(text, Math.max(item.end - 1, item.start));
      return { start: ls, end: le, newText: '' };
    }
  }
  // Flow list / JSON: remove the item with the separator on one side.
  if (index < arr.items.length - 1) {
    return { start: item.start, end: arr.items[index + 1].start, newText: '' };
  }
  if (index > 0) {
    const prev = arr.items[index - 1];
    return { start: prev.end, end: item.end, newText: '' };
  }
  return { start: item.start, end: item.end, newText: '' };
}

/** Remove a whole `key: value` entry. */
export function removeEntry(doc: ParsedDocument, obj: ObjectNode, entry: Entry): TextEdit {
  const text = doc.text;
  const idx = obj.entries.indexOf(entry);
  if (doc.format === 'yaml' && !obj.flow) {
    const ls = lineStart(text, entry.start);
    if (/^\s*(-\s*)?$/.test(text.slice(ls, entry.start)) && !/-/.test(text.slice(ls, entry.start))) {
      return { start: ls, end: lineEndAfter(text, Math.max(entry.end - 1, entry.start)), newText: '' };
    }
  }
  if (idx < obj.entries.length - 1) return { start: entry.start, end: obj.entries[idx + 1].start, newText: '' };
  if (idx > 0) return { start: obj.entries[idx - 1].end, end: entry.end, newText: '' };
  // The only entry: leave `{}`.
  const open = doc.text.indexOf('{', obj.start);
  const close = doc.text.lastIndexOf('}', obj.end - 1);
  if (open >= obj.start && close > open) return { start: open + 1, end: close, newText: '' };
  return { start: entry.start, end: entry.end, newText: '' };
}

/**
 * Insert `key: value` as the last entry of an object, in the object's style. Returns the edits
 * (usually one).
 */
export function insertEntry(doc: ParsedDocument, obj: ObjectNode, key: string, value: JsValue): TextEdit[] {
  if (doc.format === 'json' || obj.embeddedIn) return jsonInsert(doc, obj, obj.entries, '}', `${JSON.stringify(key)}: `, value);
  const text = doc.text;
  if (obj.flow || obj.entries.length === 0) {
    const close = text.lastIndexOf('}', obj.end - 1);
    if (close < obj.start) return [];
    const rendered = `${yamlScalar(key)}: ${yamlFlow(value, usesShortForms(doc))}`;
    if (obj.entries.length) return [{ start: obj.entries[obj.entries.length - 1].end, end: obj.entries[obj.entries.length - 1].end, newText: ', ' + rendered }];
    return [{ start: close, end: close, newText: ' ' + rendered + ' ' }];
  }
  const first = obj.entries[0];
  const indent = first.start - lineStart(text, first.start);
  const unit = detectYamlIndentUnit(doc);
  const last = obj.entries[obj.entries.length - 1];
  const at = insertionPointAfter(text, last);
  const eol = detectEol(text);
  const block = yamlBlockEntry(key, value, indent, unit, eol, usesShortForms(doc));
  return [{ start: at, end: at, newText: eol + block }];
}

/** Set `key` of an object to a value: replace the existing value, or insert the entry. */
export function setEntry(doc: ParsedDocument, obj: ObjectNode, key: string, value: JsValue): TextEdit[] {
  const e = obj.entries.find((x) => x.key === key);
  if (!e) return insertEntry(doc, obj, key, value);
  if (typeof value === 'string' && e.value.kind !== 'object' && e.value.kind !== 'array') return [replaceScalar(doc, e.value, value)];
  if (doc.format === 'json' || obj.embeddedIn) {
    const text = doc.text;
    const oneLine = !/[\r\n]/.test(text.slice(e.value.start, e.value.end)) || value === null || typeof value !== 'object';
    const indent = /^[ \t]*/.exec(text.slice(lineStart(text, e.start)))![0];
    return [{ start: e.value.start, end: e.value.end, newText: oneLine ? compactJson(value) : renderJson(value, indent, jsonUnit(text), detectEol(text)) }];
  }
  return [{ start: e.value.start, end: e.value.end, newText: yamlFlow(value, usesShortForms(doc)) }];
}

/**
 * Insert into a JSON object or array without touching anything else: a one-line container
 * gets `, "k": v` on its line; a multi-line one gets a new line at its entries' indentation.
 * (jsonc-parser's `modify` re-indents the neighbouring entries, which is not a minimal edit.)
 */
function jsonInsert(doc: ParsedDocument, container: Node, members: { start: number; end: number }[], closeChar: '}' | ']', prefix: string, value: JsValue): TextEdit[] {
  // Inside a policy written as a quoted string the text is escaped: no safe insertion there
  // (a `!Sub |` block scalar holds the JSON as is).
  if (container.embeddedIn && container.embeddedIn.style !== 'block') return [];
  const text = doc.text;
  const eol = detectEol(text);
  const unit = jsonUnit(text);
  const close = text.lastIndexOf(closeChar, container.end - 1);
  if (close < container.start) return [];
  const oneLine = !/[\r\n]/.test(text.slice(container.start, container.end));
  if (members.length === 0) {
    if (oneLine) return [{ start: close, end: close, newText: prefix + compactJson(value) }];
    const outer = /^[ \t]*/.exec(text.slice(lineStart(text, container.start)))![0];
    const inner = outer + unit;
    const open = text.indexOf(closeChar === '}' ? '{' : '[', container.start);
    return [{ start: open + 1, end: close, newText: `${eol}${inner}${prefix}${renderJson(value, inner, unit, eol)}${eol}${outer}` }];
  }
  const last = members[members.length - 1];
  if (oneLine) return [{ start: last.end, end: last.end, newText: `, ${prefix}${compactJson(value)}` }];
  const first = members[0];
  const indent = /^[ \t]*/.exec(text.slice(lineStart(text, first.start)))![0];
  return [{ start: last.end, end: last.end, newText: `,${eol}${indent}${prefix}${renderJson(value, indent, unit, eol)}` }];
}

/** JSON: insert `"key": value` right after `after` (another entry of the same object). */
export function insertJsonEntryAfter(doc: ParsedDocument, obj: ObjectNode, after: Entry, key: string, value: JsValue): TextEdit[] {
  const idx = obj.entries.indexOf(after);
  if (idx < 0) return [];
  return jsonInsert(doc, obj, obj.entries.slice(0, idx + 1), '}', `${JSON.stringify(key)}: `, value);
}

function jsonUnit(text: string): string {
  const f = jsonFormatting(text);
  return f.insertSpaces ? ' '.repeat(f.tabSize ?? 2) : '\t';
}

/** `{"a": 1, "b": [1, 2]}`: JSON on one line, spaced like people write it. */
export function compactJson(v: JsValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(compactJson).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${compactJson(x)}`)
    .join(', ')}}`;
}

/** Pretty JSON whose continuation lines start at `indent`. */
function renderJson(v: JsValue, indent: string, unit: string, eol: string): string {
  return JSON.stringify(v, null, unit).split('\n').join(eol + indent);
}

/** The file's own indentation: tabs or N spaces, from its first indented line. */
export function jsonFormatting(text: string): FormattingOptions {
  const m = text.match(/\n([ \t]+)\S/);
  const eol = detectEol(text);
  if (m && m[1][0] === '\t') return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: m ? Math.min(m[1].length, 8) : 2, eol };
}

export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

export function detectYamlIndentUnit(doc: ParsedDocument): number {
  // The smallest positive indentation of a mapping key in the file.
  const m = doc.text.match(/\n( +)[^\s#-]/);
  return m ? Math.min(m[1].length, 8) : 2;
}

export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Offset just past the end of the line containing `offset` (past its line break). */
export function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n') i++;
  return Math.min(i + 1, text.length);
}

/** Where to insert a new sibling after an entry: the end of the entry's last line, before any break. */
export function insertionPointAfter(text: string, entry: Entry): number {
  let end = entry.end;
  // Block scalars and nested blocks may end after their trailing line break.
  while (end > entry.start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  let i = end;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

const PLAIN_OK = /^[A-Za-z0-9_./:@$()=+-][A-Za-z0-9_ ./:@$()=+*-]*$/;
const YAML_RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

export function yamlScalar(s: string): string {
  if (
    s === '' ||
    !PLAIN_OK.test(s) ||
    YAML_RESERVED.test(s) ||
    (/^[\d.+-]/.test(s) && !Number.isNaN(Number(s))) ||
    /^\d{4}-\d{2}-\d{2}/.test(s) || // dates (`2012-10-17`) stay strings for every YAML reader
    /: | #|:$/.test(s) ||
    s.trim() !== s
  ) {
    return JSON.stringify(s);
  }
  return s;
}

/**
 * Whether a YAML file writes intrinsics as tags (`!Ref X`), so that fixes write them the same way;
 * true when it writes none at all. Memoised per document (fixes ask once per finding).
 */
export function usesShortForms(doc: ParsedDocument): boolean {
  let known = shortFormsCache.get(doc);
  if (known === undefined) {
    let short = 0;
    let long = 0;
    if (doc.root) {
      walk(doc.root, (n) => {
        if (n.kind === 'object' && intrinsicName(n)) {
          if (n.shortForm) short++;
          else long++;
        }
      });
    }
    known = short > 0 || long === 0;
    shortFormsCache.set(doc, known);
  }
  return known;
}
const shortFormsCache = new WeakMap<ParsedDocument, boolean>();

/** `{"Ref": X}` / `{"Fn::Sub": ...}` as a value: the intrinsic's name and argument. */
function intrinsicOf(v: JsValue): { fn: string; arg: JsValue } | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  return k === 'Ref' || k.startsWith('Fn::') ? { fn: k, arg: v[k] } : undefined;
}

/**
 * A value on one line, in flow style; intrinsics as tags (`!Ref X`, `!GetAtt A.B`, `!Sub "…"`)
 * when `short`, else in long form. Undefined for a non-empty collection that is not an intrinsic
 * (the block renderers lay those out over several lines).
 */
function yamlInline(v: JsValue, short: boolean): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return yamlScalar(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const fn = intrinsicOf(v);
  if (fn && short) {
    const tag = fn.fn.replace(/^Fn::/, '');
    if (tag === 'GetAtt' && Array.isArray(fn.arg) && fn.arg.length === 2) return `!GetAtt ${fn.arg[0]}.${fn.arg[1]}`;
    if (typeof fn.arg === 'string') return `!${tag} ${fn.fn === 'Fn::Sub' ? JSON.stringify(fn.arg) : yamlScalar(fn.arg)}`;
  }
  if (fn) return yamlFlow(v, short);
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (!Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

/** Any value on one line (flow collections). */
export function yamlFlow(v: JsValue, short = false): string {
  if (v === null || typeof v !== 'object') return yamlInline(v, short)!;
  const fn = intrinsicOf(v);
  if (fn && short) {
    const inline = yamlInline(v, short);
    if (inline !== undefined && !inline.startsWith('{')) return inline;
  }
  if (Array.isArray(v)) return `[${v.map((x) => yamlFlow(x, short)).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${yamlScalar(k)}: ${yamlFlow(x, short)}`)
    .join(', ')}}`;
}

/** `key: value` as YAML block lines at `indent`, nested with `unit` spaces. */
export function yamlEntryLines(key: string, v: JsValue, indent: number, unit: number, short = false): string[] {
  const pad = ' '.repeat(indent);
  const inline = yamlInline(v, short);
  if (inline !== undefined) return [`${pad}${yamlScalar(key)}: ${inline}`];
  const lines = [`${pad}${yamlScalar(key)}:`];
  if (Array.isArray(v)) for (const it of v) lines.push(...yamlItemLines(it, indent + unit, unit, short));
  else for (const [k, x] of Object.entries(v as Record<string, JsValue>)) lines.push(...yamlEntryLines(k, x, indent + unit, unit, short));
  return lines;
}

/** `- value` as YAML block lines with the dash at `indent`. */
export function yamlItemLines(v: JsValue, indent: number, unit: number, short = false): string[] {
  const pad = ' '.repeat(indent);
  const inline = yamlInline(v, short);
  if (inline !== undefined) return [`${pad}- ${inline}`];
  if (Array.isArray(v)) return [`${pad}- ${yamlFlow(v, short)}`];
  const lines: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, JsValue>)) lines.push(...yamlEntryLines(k, x, indent + 2, unit, short));
  lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
  return lines;
}

/** `key: value` rendered as a YAML block at `indent` (lines joined with `eol`). */
export function yamlBlockEntry(key: string, value: JsValue, indent: number, unit: number, eol = '\n', short = false): string {
  return yamlEntryLines(key, value, indent, unit, short).join(eol);
}

/** Apply edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.end > lastStart) continue; // overlapping edit: skip (callers avoid this)
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

export type { StringNode };

/** Append an item to a list, in the list's style. */
export function appendItem(doc: ParsedDocument, arr: ArrayNode, value: JsValue): TextEdit[] {
  if (doc.format === 'json' || arr.embeddedIn) return jsonInsert(doc, arr, arr.items, ']', '', value);
  const text = doc.text;
  if (arr.flow || arr.items.length === 0) {
    const close = text.lastIndexOf(']', arr.end - 1);
    if (close < arr.start) return [];
    const rendered = yamlFlow(value, usesShortForms(doc));
    if (arr.items.length) return [{ start: arr.items[arr.items.length - 1].end, end: arr.items[arr.items.length - 1].end, newText: ', ' + rendered }];
    return [{ start: close, end: close, newText: rendered }];
  }
  const first = arr.items[0];
  const ls = lineStart(text, first.start);
  const dash = text.indexOf('-', ls);
  const indent = dash >= ls && dash < first.start ? dash - ls : first.start - ls;
  const last = arr.items[arr.items.length - 1];
  let end = last.end;
  while (end > last.start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  let at = end;
  while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
  const eol = detectEol(text);
  const unit = detectYamlIndentUnit(doc);
  const block = yamlItemLines(value, indent, unit, usesShortForms(doc)).join(eol);
  return [{ start: at, end: at, newText: eol + block }];
}
