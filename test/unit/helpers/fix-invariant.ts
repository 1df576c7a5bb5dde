/**
 * The fix invariant, checked for every fix of every finding of a document: after the fix the file
 * parses, the finding is gone, nothing outside the edit ranges changed (byte-identical), and no
 * rule has more error-level findings than before.
 */
import { analyze, type AnalysisResult } from '../../../server/src/engine/analyze';
import type { Finding, Fix } from '../../../server/src/engine/types';
import { applyEdits } from '../../../server/src/fixes/edits';

export interface InvariantFailure {
  file: string;
  ruleId: string;
  fix: string;
  problem: string;
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.ruleId === b.ruleId && a.message === b.message && a.resourceId === b.resourceId;
}

export function outsideEditsUnchanged(before: string, after: string, fix: Fix): boolean {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  let delta = 0;
  let prevEnd = 0;
  for (const e of edits) {
    if (before.slice(prevEnd, e.start) !== after.slice(prevEnd + delta, e.start + delta)) return false;
    delta += e.newText.length - (e.end - e.start);
    prevEnd = e.end;
  }
  return before.slice(prevEnd) === after.slice(prevEnd + delta);
}

export function checkFixes(file: string, text: string, result?: AnalysisResult, kinds: Fix['kind'][] = ['safe', 'choice', 'refactor']): { checked: number; failures: InvariantFailure[] } {
  const res = result ?? analyze(text, { fileName: file });
  const failures: InvariantFailure[] = [];
  let checked = 0;
  const errorsBefore = new Map<string, number>();
  for (const f of res.findings) if (f.severity === 'error') errorsBefore.set(f.ruleId, (errorsBefore.get(f.ruleId) ?? 0) + 1);
  for (const f of res.findings) {
    for (const fix of f.fixes) {
      if (!kinds.includes(fix.kind)) continue;
      checked++;
      const fail = (problem: string) => failures.push({ file, ruleId: f.ruleId, fix: fix.title, problem });
      const out = applyEdits(text, fix.edits);
      if (!outsideEditsUnchanged(text, out, fix)) fail('text outside the edit ranges changed');
      const after = analyze(out, { fileName: file });
      const parse = after.findings.filter((x) => x.ruleId.startsWith('parse/') && x.severity === 'error');
      const parseBefore = res.findings.filter((x) => x.ruleId.startsWith('parse/') && x.severity === 'error').length;
      if (parse.length > parseBefore) fail(`does not parse after the fix: ${parse[0].message}`);
      const countBefore = res.findings.filter((x) => sameFinding(x, f)).length;
      const countAfter = after.findings.filter((x) => sameFinding(x, f)).length;
      if (countAfter >= countBefore && fix.kind !== 'refactor') fail('the finding is still there after the fix');
      const errorsAfter = new Map<string, number>();
      for (const x of after.findings) if (x.severity === 'error') errorsAfter.set(x.ruleId, (errorsAfter.get(x.ruleId) ?? 0) + 1);
      // A refactor (e.g. expanding `s3:Get*` into its actions) legitimately turns one finding on
      // the wildcard into one per action; it must still parse and keep the rest of the file.
      for (const [id, n] of fix.kind === 'refactor' ? [] : errorsAfter) {
        if (n > (errorsBefore.get(id) ?? 0)) fail(`new ${id} error after the fix`);
      }
    }
  }
  return { checked, failures };
}
