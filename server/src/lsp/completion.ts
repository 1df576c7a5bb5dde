import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver';
import type { AnalysisResult } from '../engine/analyze';
import { completeAt, type CompletionKind } from '../features/completion';
import { offsetAt } from '../parse/lines';
import { toRange } from './convert';

export interface CompletionOptions {
  /** The client understands snippets (`${1:BUCKET_NAME}`); otherwise placeholders become plain text. */
  snippets: boolean;
  /** The client runs `editor.action.triggerSuggest` (VS Code): re-open the list after a service prefix. */
  retrigger: boolean;
}

export const TRIGGER_CHARACTERS = [':', '"', '*'];

const KIND: Record<CompletionKind, CompletionItemKind> = {
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  wildcard: CompletionItemKind.Constant,
  operator: CompletionItemKind.Operator,
  'condition-key': CompletionItemKind.Property,
  arn: CompletionItemKind.Reference,
  value: CompletionItemKind.Value,
  'principal-type': CompletionItemKind.Property,
};

/** textDocument/completion: the engine's items with a replace range over the token under the cursor. */
export function completion(result: AnalysisResult, params: CompletionParams, opts: CompletionOptions): CompletionList | null {
  const ls = result.parsed.lineStarts;
  const offset = offsetAt(ls, params.position, result.parsed.text.length);
  const r = completeAt(result, offset);
  if (!r || !r.items.length) return null;
  const range = toRange(ls, r.start, r.end);
  const items: CompletionItem[] = r.items.map((it) => {
    const snippet = it.snippet && opts.snippets;
    const item: CompletionItem = {
      label: it.label,
      kind: KIND[it.kind],
      detail: it.detail,
      documentation: it.documentation ? { kind: MarkupKind.Markdown, value: it.documentation } : undefined,
      sortText: it.sortText,
      filterText: it.filterText,
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: it.snippet && !snippet ? snippetToPlain(it.insertText) : it.insertText },
    };
    if (it.retrigger && opts.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    return item;
  });
  return { isIncomplete: r.isIncomplete, items };
}

/** `arn:aws:s3:::${1:BUCKET_NAME}` → `arn:aws:s3:::BUCKET_NAME` (escapes undone). */
export function snippetToPlain(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      out += s[++i];
    } else if (c === '$' && s[i + 1] === '{') {
      const m = /^\$\{\d+:([^}]*)\}/.exec(s.slice(i));
      if (m) {
        out += m[1];
        i += m[0].length - 1;
      } else out += c;
    } else if (c === '$' && /\d/.test(s[i + 1] ?? '')) {
      while (/\d/.test(s[i + 1] ?? '')) i++;
    } else out += c;
  }
  return out;
}
