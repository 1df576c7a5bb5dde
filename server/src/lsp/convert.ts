import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { AnalysisResult } from '../engine/analyze';
import type { Finding, Fix, Severity, TextEdit } from '../engine/types';
import { positionAt } from '../parse/lines';
import { ruleDocsUrl } from '../rules/docs-url';

/** Conversions between engine findings/fixes and LSP types. Nothing else lives here. */
export function toRange(lineStarts: number[], start: number, end: number): Range {
  return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, Math.max(start, end)) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface DiagnosticData {
  /** Index of the finding in the cached analysis of this document version. */
  index: number;
  version: number;
}

export function toDiagnostic(uri: string, result: AnalysisResult, f: Finding, index: number, version: number): Diagnostic {
  const ls = result.parsed.lineStarts;
  return {
    range: toRange(ls, f.start, f.end),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    source: 'leastpriv',
    message: f.message,
    relatedInformation: f.related.length
      ? f.related.map((r) => ({ location: { uri, range: toRange(ls, r.start, r.end) }, message: r.message }))
      : undefined,
    data: { index, version } satisfies DiagnosticData,
  };
}

export function toLspEdits(lineStarts: number[], edits: TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(lineStarts, e.start, e.end), newText: e.newText }));
}

export function fixToCodeAction(uri: string, result: AnalysisResult, fix: Fix, diagnostic: Diagnostic | undefined): CodeAction {
  const action = CodeAction.create(fix.title, { changes: { [uri]: toLspEdits(result.parsed.lineStarts, fix.edits) } }, fix.kind === 'refactor' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.isPreferred) action.isPreferred = true;
  return action;
}
