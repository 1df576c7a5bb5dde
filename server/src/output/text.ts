import type { Finding } from '../engine/types';
import { positionAt } from '../parse/lines';

/** `file:line:col severity rule message`, one finding a line. */
export function formatTextLine(file: string, lineStarts: number[], f: Finding): string {
  const p = positionAt(lineStarts, f.start);
  const suppressed = f.suppression ? ` [suppressed: ${f.suppression.justification}]` : '';
  return `${file}:${p.line + 1}:${p.character + 1} ${f.severity} ${f.ruleId} ${f.message}${suppressed}`;
}
