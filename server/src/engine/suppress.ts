import type { Node, ObjectNode } from '../model/node';
import { get, getEntry, isArray, isObject, isString, scalarString } from '../model/node';
import type { TemplateModel } from '../model/template';
import { positionAt } from '../parse/lines';
import { insertEntry, appendItem, lineStart } from '../fixes/edits';
import { ruleById } from '../rules/registry';
import { peerRules, type PeerMapping } from './peer-ids';
import type { Settings } from './settings';
import type { Finding, Fix, ParsedDocument } from './types';
import { remember } from '../util/memo';

/**
 * Suppression, in every syntax teams already use:
 * - ours: `Metadata: leastpriv: suppress: [{rule, reason}]` on a resource or the template, an
 *   inline `# leastpriv-ignore <rule>[, <rule>]: <reason>` on or above the line, and settings
 *   entries `{path, rule, reason}` (for JSON policy files, which have no comments);
 * - cfn-lint `Metadata: cfn-lint: config: ignore_checks`, cfn_nag `Metadata: cfn_nag:
 *   rules_to_suppress`, Checkov `Metadata: checkov: skip` and `# checkov:skip=ID:reason`, with
 *   the peers' ids mapped to ours (peer-ids.ts).
 * Suppressed findings stay in the result (SARIF `suppressions`) and are hidden in the editor.
 */
export interface SuppressionEntry {
  rules: string[] | '*';
  reason?: string;
  via: string;
  /** Where it was written (for "without a reason" and unknown-rule reports). */
  at?: { start: number; end: number };
  own: boolean;
}

export const SUPPRESSION_WITHOUT_REASON = 'leastpriv/suppression-without-reason';
export const UNKNOWN_SUPPRESSED_RULE = 'leastpriv/unknown-rule-id';

export function applySuppressions(
  findings: Finding[],
  doc: ParsedDocument,
  template: TemplateModel | undefined,
  settings: Settings,
  fileName: string | undefined,
): void {
  const fileLevel: SuppressionEntry[] = [];
  const byResource = new Map<string, SuppressionEntry[]>();
  if (template) {
    fileLevel.push(...fromMetadata(template.metadata, 'template Metadata'));
    for (const r of template.resources.values()) {
      const list = fromMetadata(r.metadata, `Metadata of ${r.id}`);
      if (list.length) byResource.set(r.id, list);
    }
  }
  for (const s of settings.suppressions ?? []) {
    if (fileName && s.path && globMatchesPath(s.path, fileName)) {
      fileLevel.push({ rules: s.rule === '*' ? '*' : [s.rule], reason: s.reason, via: `setting leastpriv.suppressions (${s.path})`, own: true });
    }
  }
  const inline = inlineSuppressions(doc);

  const extra: Finding[] = [];
  const report = (ruleId: string, at: { start: number; end: number }, message: string) =>
    extra.push({ ruleId, severity: 'info', securitySeverity: 'low', message, start: at.start, end: at.end, related: [], fixes: [] });
  for (const e of [...fileLevel, ...[...byResource.values()].flat(), ...inline.map((i) => i.entry)]) {
    if (!e.own || !e.at) continue;
    if (!e.reason?.trim()) report(SUPPRESSION_WITHOUT_REASON, e.at, `Suppression (${e.via}) has no reason: say why the risk is accepted, so that reviewers can judge it.`);
    if (e.rules !== '*') for (const id of e.rules) if (!ruleById(id)) report(UNKNOWN_SUPPRESSED_RULE, e.at, `'${id}' is not a leastpriv rule id: this suppression has no effect.`);
  }

  for (const f of findings) {
    if (f.ruleId.startsWith('parse/') || f.ruleId.startsWith('internal/')) continue;
    const matches = (e: SuppressionEntry) => e.rules === '*' || e.rules.includes(f.ruleId);
    let hit = fileLevel.find(matches) ?? (f.resourceId ? byResource.get(f.resourceId)?.find(matches) : undefined);
    if (!hit && inline.length) {
      const line = positionAt(doc.lineStarts, f.start).line;
      const resource = f.resourceId ? template?.resources.get(f.resourceId) : undefined;
      const rStart = resource ? positionAt(doc.lineStarts, resource.entry.start).line : -1;
      const rEnd = resource ? positionAt(doc.lineStarts, resource.entry.end).line : -1;
      hit = inline.find(
        (i) =>
          matches(i.entry) &&
          (i.line === line || (i.ownLine && i.line === line - 1) || (i.resourceWide && i.line >= rStart - 1 && i.line <= rEnd)),
      )?.entry;
    }
    if (hit) f.suppression = { kind: 'inSource', justification: hit.reason?.trim() || `suppressed by ${hit.via} (no reason given)`, via: hit.via };
  }
  findings.push(...extra);
}

function fromMetadata(meta: Node | undefined, where: string): SuppressionEntry[] {
  const out: SuppressionEntry[] = [];
  if (!isObject(meta)) return out;
  // Ours.
  const ours = get(get(meta, 'leastpriv'), 'suppress');
  for (const item of isArray(ours) ? ours.items : ours ? [ours] : []) {
    if (isString(item)) out.push({ rules: [item.value], via: `leastpriv suppress in ${where}`, at: item, own: true });
    else if (isObject(item)) {
      const rule = get(item, 'rule');
      const rules = isArray(rule) ? rule.items.map((r) => scalarString(r) ?? '') : [scalarString(rule) ?? ''];
      out.push({ rules: rules.includes('*') ? '*' : rules.filter(Boolean), reason: scalarString(get(item, 'reason')), via: `leastpriv suppress in ${where}`, at: item, own: true });
    }
  }
  // cfn-lint: Metadata: cfn-lint: config: ignore_checks: [W3005, ...]
  const cfnLint = get(get(get(meta, 'cfn-lint'), 'config'), 'ignore_checks');
  for (const item of isArray(cfnLint) ? cfnLint.items : []) {
    const id = scalarString(item);
    if (id) out.push(peer('cfn-lint', id, `cfn-lint ignore_checks ${id} in ${where}`));
  }
  // cfn_nag: Metadata: cfn_nag: rules_to_suppress: [{id: W12, reason: ...}]
  const nag = get(get(meta, 'cfn_nag'), 'rules_to_suppress');
  for (const item of isArray(nag) ? nag.items : []) {
    const id = scalarString(get(item, 'id'));
    if (id) out.push({ ...peer('cfn_nag', id, `cfn_nag rules_to_suppress ${id} in ${where}`), reason: scalarString(get(item, 'reason')) });
  }
  // Checkov: Metadata: checkov: skip: [{id: CKV_AWS_20, comment: ...}]
  const ck = get(get(meta, 'checkov'), 'skip');
  for (const item of isArray(ck) ? ck.items : []) {
    const id = scalarString(get(item, 'id'));
    if (id) out.push({ ...peer('checkov', id, `checkov skip ${id} in ${where}`), reason: scalarString(get(item, 'comment')) });
  }
  return out;
}

function peer(tool: PeerMapping['tool'], id: string, via: string): SuppressionEntry {
  return { rules: peerRules(tool, id), via, own: false };
}

interface InlineSuppression {
  entry: SuppressionEntry;
  line: number;
  /** The comment stands alone on its line (so it applies to the next line too). */
  ownLine: boolean;
  /** Checkov comments apply anywhere inside the resource they are written in. */
  resourceWide: boolean;
}

const OURS = /^#\s*leastpriv-ignore\s+([\w/*,\s-]+?)(?:\s*:\s*(.*))?$/;
const CHECKOV = /^#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?$/;

function inlineSuppressions(doc: ParsedDocument): InlineSuppression[] {
  if (doc.format !== 'yaml' || !/leastpriv-ignore|checkov:skip/.test(doc.text)) return [];
  const out: InlineSuppression[] = [];
  for (const c of doc.comments) {
    const line = positionAt(doc.lineStarts, c.start).line;
    const ownLine = doc.text.slice(lineStart(doc.text, c.start), c.start).trim() === '';
    const m = OURS.exec(c.text.trim());
    if (m) {
      const ids = m[1].split(/[\s,]+/).filter(Boolean);
      out.push({ entry: { rules: ids.includes('*') ? '*' : ids, reason: m[2], via: 'leastpriv-ignore comment', at: c, own: true }, line, ownLine, resourceWide: false });
      continue;
    }
    const k = CHECKOV.exec(c.text.trim());
    if (k) out.push({ entry: { ...peer('checkov', k[1], `checkov:skip=${k[1]} comment`), reason: k[2] }, line, ownLine, resourceWide: true });
  }
  return out;
}

/** `policies/**\/*.json`-style globs against a path (matched at the end of the path). */
export function globMatchesPath(glob: string, file: string): boolean {
  return pathGlob(glob).test(file.split('\\').join('/'));
}

/** Compiled once per glob: settings globs are checked for every file and finding. */
const pathGlobs = new Map<string, RegExp>();
function pathGlob(glob: string): RegExp {
  let re = pathGlobs.get(glob);
  if (!re) {
    const src = glob
      .split('\\').join('/')
      .replace(/[.+^${}()|[\]]/g, '\\$&')
      .replace(/\*\*\//g, '\u0000')
      .replace(/\*\*/g, '\u0001')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')
      .replace(/\u0000/g, '(?:.*/)?')
      .replace(/\u0001/g, '.*');
    re = remember(pathGlobs, glob, new RegExp(`(^|/)${src}$`), 1000);
  }
  return re;
}

/** Code actions that write a suppression: resource Metadata, and (YAML) an inline comment. */
export function suppressionFixes(doc: ParsedDocument, template: TemplateModel | undefined, f: Finding): Fix[] {
  const fixes: Fix[] = [];
  const item = { rule: f.ruleId, reason: 'TODO: explain why this risk is accepted' };
  const r = f.resourceId ? template?.resources.get(f.resourceId) : undefined;
  if (r) {
    const meta = getEntry(r.node, 'Metadata')?.value;
    let edits: Fix["edits"] | undefined;
    if (!meta) edits = insertEntry(doc, r.node, 'Metadata', { leastpriv: { suppress: [item] } });
    else if (isObject(meta)) {
      const lp = get(meta, 'leastpriv');
      const list = get(lp, 'suppress');
      if (isArray(list)) edits = appendItem(doc, list, item);
      else if (isObject(lp) && !list) edits = insertEntry(doc, lp, 'suppress', [item]);
      else if (!lp) edits = insertEntry(doc, meta as ObjectNode, 'leastpriv', { suppress: [item] });
    }
    if (edits?.length) fixes.push({ title: `Suppress ${f.ruleId} for ${r.id}`, kind: 'choice', edits });
  }
  if (doc.format === 'yaml') {
    const ls = lineStart(doc.text, f.start);
    const indent = /^[ \t]*/.exec(doc.text.slice(ls))![0].replace(/-/g, ' ');
    const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
    fixes.push({
      title: `Suppress ${f.ruleId} on this line`,
      kind: 'choice',
      edits: [{ start: ls, end: ls, newText: `${indent}# leastpriv-ignore ${f.ruleId}: TODO: explain why this risk is accepted${eol}` }],
    });
  }
  return fixes;
}
