import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { AnalysisResult } from '../engine/analyze';
import { hoverAt } from '../features/hover';
import { offsetAt } from '../parse/lines';
import { toRange } from './convert';

/** textDocument/hover: the engine's hover, as LSP markdown. */
export function hover(result: AnalysisResult, params: HoverParams): Hover | null {
  const ls = result.parsed.lineStarts;
  const offset = offsetAt(ls, params.position, result.parsed.text.length);
  const h = hoverAt(result, offset);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(ls, h.start, h.end) };
}
