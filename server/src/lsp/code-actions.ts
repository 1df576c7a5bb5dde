import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../engine/analyze';
import type { Fix } from '../engine/types';
import { offsetAt } from '../parse/lines';
import { suppressionFixes } from '../engine/suppress';
import { unambiguousFixes } from '../fixes/fix-all';
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
    // "Fix all <rule> in file" when the rule has more than one safe fix in the document.
    const rulesHere = new Set(result.findings.filter((f) => !f.suppression && f.end >= start && f.start <= end && f.fixes.some((x) => x.kind === 'safe')).map((f) => f.ruleId));
    for (const ruleId of rulesHere) {
      const edits = safeEdits(result, (f) => f.ruleId === ruleId);
      const count = result.findings.filter((f) => f.ruleId === ruleId && !f.suppression && f.fixes.filter((x) => x.kind === 'safe').length === 1).length;
      if (count > 1 && wants(CodeActionKind.QuickFix)) {
        actions.push({ title: `Fix all ${ruleId} problems in this file (${count})`, kind: CodeActionKind.QuickFix, edit: { changes: { [doc.uri]: toLspEdits(ls, edits) } } });
      }
    }
    // Suppressions, last: they accept a risk rather than remove it.
    if (wants(CodeActionKind.QuickFix)) {
      result.findings.forEach((f, i) => {
        if (f.suppression || f.end < start || f.start > end || !/^(iam|ec2|s3|chain)\//.test(f.ruleId)) return;
        const d = toDiagnostic(doc.uri, result, f, i, doc.version);
        for (const fix of suppressionFixes(result.parsed, result.template, f)) actions.push(toAction(doc.uri, result, fix, d));
      });
    }
  }

  if (only?.some((o) => 'source.fixAll.leastpriv'.startsWith(o) && o.startsWith('source'))) {
    const edits = safeEdits(result, () => true);
    if (edits.length) {
      actions.push({ title: 'Fix all auto-fixable leastpriv problems', kind: 'source.fixAll.leastpriv', edit: { changes: { [doc.uri]: toLspEdits(ls, edits) } } });
    }
  }
  return actions;
}

/** Every matching finding's single safe fix, without overlapping edits. */
function safeEdits(result: AnalysisResult, which: (f: AnalysisResult['findings'][number]) => boolean): Fix['edits'] {
  return unambiguousFixes(result, which).flatMap((x) => x.edits);
}
