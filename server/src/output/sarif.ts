import type { AnalysisResult } from '../engine/analyze';
import type { Finding, Fix, RuleMeta, Severity } from '../engine/types';
import { positionAt } from '../parse/lines';
import { allRules } from '../rules/registry';
import { ruleDocsUrl } from '../rules/docs-url';

/** SARIF 2.1.0, as GitHub code scanning reads it. */
export interface FileResult {
  /** URI of the artifact relative to the scan root (forward slashes). */
  uri: string;
  result: AnalysisResult;
}

const SECURITY_SCORE: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}

function ruleDescriptor(meta: Pick<RuleMeta, 'id' | 'title' | 'severity' | 'securitySeverity' | 'tags'> & { rationale?: string }) {
  return {
    id: meta.id,
    name: meta.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: meta.title },
    ...(meta.rationale ? { fullDescription: { text: meta.rationale } } : {}),
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: sarifLevel(meta.severity) },
    properties: {
      'security-severity': SECURITY_SCORE[meta.securitySeverity],
      tags: ['security', ...(meta.tags ?? [])],
      precision: 'high',
    },
  };
}

export function toSarif(files: FileResult[], version: string): object {
  const rules = allRules().map((r) => ruleDescriptor({ ...r.meta, rationale: r.meta.docs.rationale }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const extra = new Map<string, number>();
  const results: object[] = [];
  for (const { uri, result } of files) {
    const ls = result.parsed.lineStarts;
    const region = (start: number, end: number) => {
      const s = positionAt(ls, start);
      const e = positionAt(ls, Math.max(end, start));
      return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
    };
    for (const f of result.findings) {
      let idx = ruleIndex.get(f.ruleId);
      if (idx === undefined) {
        // parse/* and internal/* diagnostics get a descriptor on first use.
        idx = extra.get(f.ruleId);
        if (idx === undefined) {
          idx = rules.length;
          rules.push(ruleDescriptor({ id: f.ruleId, title: f.ruleId.startsWith('parse/') ? 'File could not be read completely' : 'Internal problem', severity: f.severity, securitySeverity: 'low', tags: [] }));
          extra.set(f.ruleId, idx);
          ruleIndex.set(f.ruleId, idx);
        }
      }
      const physicalLocation = { artifactLocation: { uri }, region: region(f.start, f.end) };
      results.push({
        ruleId: f.ruleId,
        ruleIndex: idx,
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation,
            ...(f.resourceId ? { logicalLocations: [{ name: f.resourceId, kind: 'resource', fullyQualifiedName: `Resources.${f.resourceId}` }] } : {}),
          },
        ],
        ...(f.related.length
          ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: { artifactLocation: { uri }, region: region(r.start, r.end) } })) }
          : {}),
        ...(sarifFixes(f, uri, region).length ? { fixes: sarifFixes(f, uri, region) } : {}),
        ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind, justification: f.suppression.justification }] } : {}),
        partialFingerprints: { 'leastpriv/v1': fingerprint(f, uri) },
        properties: { 'security-severity': SECURITY_SCORE[f.securitySeverity] },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'leastpriv', informationUri: 'https://github.com/leastpriv/leastpriv', version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** One SARIF fix per safe fix, one per candidate for choices, none for refactors. */
function sarifFixes(f: Finding, uri: string, region: (s: number, e: number) => object): object[] {
  return f.fixes
    .filter((x: Fix) => x.kind !== 'refactor')
    .map((x) => ({
      description: { text: x.title },
      artifactChanges: [{ artifactLocation: { uri }, replacements: x.edits.map((e) => ({ deletedRegion: region(e.start, e.end), insertedContent: { text: e.newText } })) }],
    }));
}

function fingerprint(f: Finding, uri: string): string {
  // Stable across unrelated edits: rule, file, resource and message (not line numbers).
  let h = 2166136261;
  for (const c of `${f.ruleId}|${uri}|${f.resourceId ?? ''}|${f.message}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16);
}
