import type { Format, ParsedDocument } from '../engine/types';
import { parseJson } from './json';
import { computeLineStarts } from './lines';
import { parseYaml } from './yaml';

/** Decide JSON vs YAML from the file name, falling back to the first non-blank character. */
export function detectFormat(fileName: string | undefined, text: string, languageId?: string): Format {
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'yaml') return 'yaml';
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const first = text.match(/^\uFEFF?\s*(\S)/)?.[1];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

export function parseDocument(text: string, format: Format): ParsedDocument {
  const lineStarts = computeLineStarts(text);
  if (format === 'json') {
    // A BOM is not content; jsonc-parser sees a stray character. Blank it out (keeps offsets).
    const src = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    const r = parseJson(src);
    return { text, format, root: r.root, problems: r.problems, lineStarts, comments: [] };
  }
  const r = parseYaml(text); // the YAML lexer knows the BOM
  const doc: ParsedDocument = { text, format, root: r.root, problems: r.problems, lineStarts, comments: [] };
  Object.defineProperty(doc, 'comments', { get: r.comments, enumerable: true });
  return doc;
}
