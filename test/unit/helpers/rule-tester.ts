/**
 * ESLint-style rule tester: each rule lists fixture files that must produce no finding of the
 * rule (`valid`) and files that must (`invalid`), with the expected count, lines and message
 * parts, and — for fixes — the text after applying the rule's preferred (or named) fix. Every
 * fix is checked for the invariants: the result parses, the finding is gone, and nothing outside
 * the edit ranges changed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze, type AnalysisResult } from '../../../server/src/engine/analyze';
import type { Finding, Fix, Rule } from '../../../server/src/engine/types';
import { applyEdits } from '../../../server/src/fixes/edits';
import { positionAt } from '../../../server/src/parse/lines';

export const REPO = path.resolve(__dirname, '../../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures');

export function fixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

export function run(text: string, fileName: string, rules?: Rule[]): AnalysisResult {
  return analyze(text, { fileName, rules });
}

export function findingsOf(text: string, fileName: string, ruleId: string): Finding[] {
  return analyze(text, { fileName }).findings.filter((f) => f.ruleId === ruleId);
}

export interface InvalidCase {
  /** Fixture path relative to test/fixtures, or inline `{name, text}`. */
  file?: string;
  name?: string;
  text?: string;
  /** Expected number of findings of this rule. */
  count?: number;
  /** 1-based lines where findings start (in order). */
  lines?: number[];
  /** Substrings each finding message must contain (all of them, in order of findings). */
  messages?: string[];
  /** Expected severity of every finding of the rule. */
  severity?: Finding['severity'];
  /** Expected text after applying the fix chosen by `fixTitle` (default: preferred/first) to the first finding. */
  output?: string;
  fixTitle?: string | RegExp;
}

export interface ValidCase {
  file?: string;
  name?: string;
  text?: string;
}

function load(c: { file?: string; name?: string; text?: string }): { name: string; text: string } {
  if (c.file) return { name: c.file, text: fixture(c.file) };
  return { name: c.name ?? 'inline.yaml', text: c.text ?? '' };
}

export function pickFix(f: Finding, title?: string | RegExp): Fix | undefined {
  if (title === undefined) return f.fixes.find((x) => x.isPreferred) ?? f.fixes[0];
  return f.fixes.find((x) => (typeof title === 'string' ? x.title.includes(title) : title.test(x.title)));
}

/** Apply a fix and check the invariants; returns the new text. */
export function applyAndCheck(text: string, fileName: string, finding: Finding, fix: Fix): string {
  const out = applyEdits(text, fix.edits);
  const after = analyze(out, { fileName });
  const parseErrors = after.findings.filter((x) => x.ruleId.startsWith('parse/'));
  assert.deepEqual(parseErrors.map((x) => x.message), [], `fix "${fix.title}" produced parse errors`);
  // Unchanged outside the edit ranges: prefix before the first edit and suffix after the last.
  const starts = fix.edits.map((e) => e.start);
  const ends = fix.edits.map((e) => e.end);
  const first = Math.min(...starts);
  const lastEnd = Math.max(...ends);
  assert.equal(out.slice(0, first), text.slice(0, first), 'text before the edit changed');
  assert.equal(out.slice(out.length - (text.length - lastEnd)), text.slice(lastEnd), 'text after the edit changed');
  const before = analyze(text, { fileName }).findings.filter((x) => x.ruleId === finding.ruleId).length;
  const remaining = after.findings.filter((x) => x.ruleId === finding.ruleId).length;
  assert.ok(remaining < before, `fix "${fix.title}" did not remove the ${finding.ruleId} finding`);
  return out;
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const id = rule.meta.id;
  for (const c of cases.valid) {
    const { name, text } = load(c);
    test(`${id} valid: ${name}`, () => {
      const got = findingsOf(text, name, id);
      assert.deepEqual(
        got.map((f) => `${positionAt(analyze(text, { fileName: name }).parsed.lineStarts, f.start).line + 1}: ${f.message}`),
        [],
        `expected no ${id} finding`,
      );
    });
  }
  for (const c of cases.invalid) {
    const { name, text } = load(c);
    test(`${id} invalid: ${name}`, () => {
      const res = analyze(text, { fileName: name });
      const got = res.findings.filter((f) => f.ruleId === id);
      assert.ok(got.length > 0, `expected ${id} findings, got none (all: ${res.findings.map((f) => f.ruleId).join(', ')})`);
      if (c.count !== undefined) assert.equal(got.length, c.count, got.map((f) => f.message).join('\n'));
      if (c.lines) assert.deepEqual(got.map((f) => positionAt(res.parsed.lineStarts, f.start).line + 1), c.lines);
      if (c.messages) c.messages.forEach((m, i) => assert.ok(got[i]?.message.includes(m), `finding ${i} message "${got[i]?.message}" lacks "${m}"`));
      if (c.severity) for (const f of got) assert.equal(f.severity, c.severity);
      for (const f of got) {
        assert.ok(f.end >= f.start);
        if (res.kind === 'template' && !id.startsWith('parse/')) assert.ok(f.resourceId, `finding without resourceId: ${f.message}`);
      }
      if (c.output !== undefined) {
        const fix = pickFix(got[0], c.fixTitle);
        assert.ok(fix, `no fix on the first ${id} finding`);
        const out = applyAndCheck(text, name, got[0], fix);
        assert.equal(out, c.output);
      }
    });
  }
}
