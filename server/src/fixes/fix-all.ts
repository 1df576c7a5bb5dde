import type { AnalysisResult } from '../engine/analyze';
import type { Finding, TextEdit } from '../engine/types';

/**
 * The fixes that can be applied without a human choosing: each unsuppressed finding's single
 * `safe` fix (never a choice between candidates, never a refactor), skipping any whose edits
 * overlap one already taken. Used by fix-all in the editor and by `leastpriv scan --fix`.
 */
export function unambiguousFixes(result: AnalysisResult, which: (f: Finding) => boolean = () => true): { finding: Finding; title: string; edits: TextEdit[] }[] {
  const out: { finding: Finding; title: string; edits: TextEdit[] }[] = [];
  const taken: [number, number][] = [];
  for (const f of result.findings) {
    if (f.suppression || !which(f)) continue;
    const safe = f.fixes.filter((x) => x.kind === 'safe');
    if (safe.length !== 1) continue;
    const overlaps = safe[0].edits.some((e) => taken.some(([s, en]) => (e.start < en && s < e.end) || e.start === s));
    if (overlaps) continue;
    out.push({ finding: f, title: safe[0].title, edits: safe[0].edits });
    for (const e of safe[0].edits) taken.push([e.start, e.end]);
  }
  return out;
}
