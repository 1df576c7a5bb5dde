import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../engine/analyze';
import type { Fix } from '../engine/types';
import { offsetAt } from '../parse/lines';
import { toDiagnostic, toLspEdits } from './convert';

type ToAction = (uri: string, result: AnalysisResult, fix: Fix, d: Diagnostic | undefined) => CodeAction;

/** Quick fixes for the findings under the cursor, plus `source.fixAll.leastpriv`. */
export function codeActions(doc: TextDocument, result: AnalysisResult, params: CodeActionParams, toAction: ToAction): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const ls = result.parsed.lineStarts;
  const len = result.parsed.text.length;
  const start = offsetAt(ls, params.range.start, len);
  const end = offsetAt(ls, params.range.end, len);
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix) || wants(CodeActionKind.RefactorRewrite)) {
    result.findings.forEach((f, i) => {
      if (f.suppression || !f.fixes.length) return;
      if (f.end < start || f.start > end) return;
      const d = toDiagnostic(doc.uri, result, f, i, doc.version);
      for (const fix of f.fixes) {
        const kind = fix.kind === 'refactor' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix;
        if (wants(kind)) actions.push(toAction(doc.uri, result, fix, d));
      }
    });
  }

  if (only?.some((o) => 'source.fixAll.leastpriv'.startsWith(o) && o.startsWith('source'))) {
    // Every finding's single safe fix, non-overlapping, as one edit.
    const edits: Fix['edits'] = [];
    const taken: [number, number][] = [];
    for (const f of result.findings) {
      if (f.suppression) continue;
      const safe = f.fixes.filter((x) => x.kind === 'safe');
      if (safe.length !== 1) continue;
      if (safe[0].edits.some((e) => taken.some(([s, en]) => e.start < en && s < e.end || e.start === s))) continue;
      for (const e of safe[0].edits) {
        edits.push(e);
        taken.push([e.start, e.end]);
      }
    }
    if (edits.length) {
      actions.push({ title: 'Fix all auto-fixable leastpriv problems', kind: 'source.fixAll.leastpriv', edit: { changes: { [doc.uri]: toLspEdits(ls, edits) } } });
    }
  }
  return actions;
}
