import { classify } from '../model/classify';
import { extractPolicies, type ExtractedPolicies } from '../model/extract';
import type { ObjectNode } from '../model/node';
import { PolicyModel } from '../model/policy';
import { TemplateModel } from '../model/template';
import { detectFormat, parseDocument } from '../parse';
import { allRules } from '../rules/registry';
import { expandSamPolicyTemplate } from '../model/sam';
import { RuleContext } from './context';
import { applySuppressions } from './suppress';
import { DEFAULT_SETTINGS, mergeSettings, type Settings } from './settings';
import type { DocumentKind, Finding, Format, ParsedDocument, Rule } from './types';
import { laps } from '../util/laps';

export interface AnalyzeOptions {
  fileName?: string;
  languageId?: string;
  settings?: Partial<Settings>;
  /** Restrict to these rules (tests); default: the registry. */
  rules?: Rule[];
  /** When given, milliseconds per phase and per rule are added to it (`LEASTPRIV_TIMING=1`). */
  timings?: Map<string, number>;
}

export interface AnalysisResult {
  kind: DocumentKind;
  format: Format;
  parsed: ParsedDocument;
  /** Findings, parse problems included (as `parse/*` ids), sorted by position. */
  findings: Finding[];
  /** Set when the file was not analysed (too large, binary). */
  skipped?: string;
  template?: TemplateModel;
  extracted?: ExtractedPolicies;
}

const AWS_HINT = /AWSTemplateFormatVersion|"?Type"?\s*:\s*["']?(AWS|Custom)::|"?Statement"?\s*:|AWS::Serverless/;

/** The whole pipeline: text → tree → kind → policies/resources → rules → findings. */
export function analyze(text: string, opts: AnalyzeOptions = {}): AnalysisResult {
  const { lap } = laps(opts.timings);
  const settings = mergeSettings(DEFAULT_SETTINGS, opts.settings);
  const format = detectFormat(opts.fileName, text, opts.languageId);
  const skip = skipReason(text, settings);
  if (skip) {
    const parsed: ParsedDocument = { text, format, problems: [], lineStarts: [0], comments: [] };
    const looksAws = AWS_HINT.test(text.slice(0, 65536));
    const findings: Finding[] = looksAws
      ? [{ ruleId: 'parse/skipped', severity: 'info', securitySeverity: 'low', message: skip, start: 0, end: 0, related: [], fixes: [] }]
      : [];
    return { kind: 'none', format, parsed, findings, skipped: skip };
  }
  const parsed = parseDocument(text, format);
  lap('parse');
  const cls = classify(parsed.root, opts.fileName);
  lap('classify');
  const findings: Finding[] = [];
  // A file that looks like a template or policy but does not parse (or parses into something that
  // no longer classifies) still shows its parse problems.
  const problemsMatter = cls.kind !== 'none' || (parsed.problems.length > 0 && AWS_HINT.test(text));
  if (problemsMatter) {
    for (const p of parsed.problems) {
      findings.push({ ruleId: p.code, severity: p.severity, securitySeverity: 'low', message: p.message, start: p.start, end: p.end, related: [], fixes: [] });
    }
  }
  if (cls.kind === 'none') return { kind: problemsMatter ? 'template' : 'none', format, parsed, findings };

  let template: TemplateModel | undefined;
  let extracted: ExtractedPolicies;
  if (cls.kind === 'template') {
    template = new TemplateModel(cls.root);
    extracted = extractPolicies(template, {
      text,
      expandSamTemplate: (name, params, at) => expandSamPolicyTemplate(name, params, at),
    });
  } else {
    const kind = settings.policyKind ?? cls.policyKind;
    extracted = { policies: [new PolicyModel(cls.root as ObjectNode, { kind, label: 'policy', principals: [] })], principals: new Map() };
  }
  lap('model and policy extraction');
  const ctx = new RuleContext(parsed, cls.kind, template, extracted, settings, findings, opts.fileName);
  for (const rule of opts.rules ?? allRules()) {
    const sev = settings.rules[rule.meta.id];
    if (sev === 'off') continue;
    if (!rule.meta.scope.includes(cls.kind)) continue;
    ctx.rule = rule;
    const before = findings.length;
    try {
      rule.check(ctx);
    } catch (e) {
      // A rule bug must not take the other rules (or the server) down with it.
      findings.push({
        ruleId: 'internal/rule-error',
        severity: 'info',
        securitySeverity: 'low',
        message: `leastpriv: rule ${rule.meta.id} failed on this document (${(e as Error).message}). Please report it.`,
        start: 0,
        end: 0,
        related: [],
        fixes: [],
      });
    }
    if (sev) for (let i = before; i < findings.length; i++) findings[i].severity = sev;
    lap(`rule ${rule.meta.id}`);
  }
  applySuppressions(findings, parsed, template, settings, opts.fileName);
  findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  lap('suppression and sorting');
  return { kind: cls.kind, format, parsed, findings, template, extracted };
}

function skipReason(text: string, settings: Settings): string | undefined {
  if (text.length > settings.maxFileSizeKb * 1024) {
    return `leastpriv skipped this file: ${Math.round(text.length / 1024)} KB is over the ${settings.maxFileSizeKb} KB limit (setting leastpriv.maxFileSizeKb).`;
  }
  // Binary content: NUL bytes or a high share of replacement characters from invalid UTF-8.
  const sample = text.slice(0, 8192);
  if (sample.indexOf('\0') < 0 && sample.indexOf('\ufffd') < 0) return undefined; // the usual case, natively
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || c === 0xfffd) bad++;
  }
  if (bad > 0 && bad / Math.max(sample.length, 1) > 0.01) return 'leastpriv skipped this file: it looks binary (NUL bytes or invalid UTF-8).';
  return undefined;
}
