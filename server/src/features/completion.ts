/**
 * Completion from the IAM catalog: `service:Action` names in Action/NotAction (service prefixes
 * first, then the service's actions — one service file read, never all), condition operators
 * under Condition, condition keys under an operator (global `aws:` keys plus the keys of the
 * statement's services), ARN templates in Resource for the statement's actions' resource types.
 * Pure: offsets in, items with a replace range (the token under the cursor) out.
 */
import type { AnalysisResult } from '../engine/analyze';
import type { AccessLevel, ActionInfo, ConditionKeyInfo, IamCatalog, ResourceTypeInfo } from '../catalog/catalog';
import { getCatalog, servicePrefix } from '../catalog/catalog';
import { describeConditionKey } from './hover';
import { siteAt, statementActions, type Site, type Token } from './locate';
import { baseOperators, describeOperator, parseOperator } from './operators';

export type CompletionKind = 'service' | 'action' | 'wildcard' | 'operator' | 'condition-key' | 'arn';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces the range [start, end) of the result. */
  insertText: string;
  /** insertText is a snippet (`${1:BUCKET_NAME}` placeholders). */
  snippet: boolean;
  filterText?: string;
  sortText?: string;
  /** Ask the client to complete again after inserting (a service prefix → its actions). */
  retrigger?: boolean;
}

export interface CompletionResult {
  /** Replace range (offsets): the token under the cursor, without quotes. */
  start: number;
  end: number;
  items: CompletionEntry[];
  isIncomplete: boolean;
  /** What was completed (for tests and logs). */
  site: Site['kind'];
}

const LEVEL_ORDER: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export function completeAt(result: AnalysisResult, offset: number, catalog: IamCatalog = getCatalog()): CompletionResult | undefined {
  if (result.skipped) return undefined;
  const site = siteAt(result, offset);
  // YAML `Action:|` — the user is still writing the key (`:` is a trigger character).
  if (result.parsed.format === 'yaml' && site.token.style === 'none' && result.parsed.text[offset - 1] === ':') return undefined;
  // YAML `StringEquals:|`, `aws:SourceIp:|`: a finished key, not a value ending in `:`.
  const p = site.token.prefix;
  if (site.kind === 'condition-operator' && p.endsWith(':') && !/^for(all|any)values?:$/i.test(p)) return undefined;
  if (site.kind === 'condition-key' && /:.*:$/.test(p)) return undefined;
  switch (site.kind) {
    case 'action':
      return completeAction(catalog, site);
    case 'resource':
      return completeResource(result, catalog, site);
    case 'condition-operator':
      return completeOperator(site);
    case 'condition-key':
      return completeConditionKey(result, catalog, site);
    default:
      return undefined;
  }
}

function out(site: Site, items: CompletionEntry[], start = site.token.start, end = site.token.end): CompletionResult {
  return { start, end, items, isIncomplete: false, site: site.kind };
}

/** Wrap a value for the position: quotes for a new JSON string, `:` after a new YAML key. */
function wrap(token: Token, text: string, key: boolean): string {
  if (token.needsQuotes) return `"${text}"`;
  if (key && token.needsColon) return `${text}:`;
  return text;
}

// ---------------------------------------------------------------------------------------------
// Actions

function completeAction(catalog: IamCatalog, site: Site): CompletionResult | undefined {
  const t = site.token;
  const prefix = t.prefix;
  if (prefix.includes('${') || prefix.startsWith('*')) return undefined;
  const colon = prefix.indexOf(':');
  if (colon < 0) {
    // Service prefixes (reads services.json and serviceNames.json only).
    const after = t.text.slice(prefix.length);
    const c = after.indexOf(':');
    const end = c >= 0 ? t.start + prefix.length + c + 1 : t.end;
    const items: CompletionEntry[] = catalog.serviceNames().map((s) => ({
      label: s,
      kind: 'service',
      detail: catalog.serviceTitle(s),
      insertText: wrap(t, `${s}:`, false),
      snippet: false,
      filterText: t.needsQuotes ? `"${s}:` : `${s}:`,
      sortText: s,
      retrigger: !t.needsQuotes,
    }));
    return out(site, items, t.start, end);
  }
  const svc = prefix.slice(0, colon).trim().toLowerCase();
  if (!catalog.hasService(svc)) return undefined;
  const typed = prefix.slice(colon + 1);
  const actions = catalog.actions(svc).sort((a, b) => a.name.localeCompare(b.name));
  const items: CompletionEntry[] = actions.map((a) => ({
    label: a.fullName,
    kind: 'action',
    detail: a.accessLevels.join(', '),
    documentation: actionDoc(a),
    insertText: wrap(t, a.fullName, false),
    snippet: false,
    sortText: `1${a.name}`,
  }));
  // `s3:Get` → also offer the wildcard `s3:Get*` with what it would grant.
  // (`s3:Get*` typed — `*` is a trigger character — shows the same item for what it grants.)
  const stem = typed.endsWith('*') ? typed.slice(0, -1) : typed;
  if (stem && !/[*?]/.test(stem)) {
    const lower = stem.toLowerCase();
    const matched = actions.filter((a) => a.name.toLowerCase().startsWith(lower));
    if (matched.length > 1) {
      const counts = new Map<AccessLevel, number>();
      for (const a of matched) counts.set(a.accessLevel, (counts.get(a.accessLevel) ?? 0) + 1);
      const levels = LEVEL_ORDER.filter((l) => counts.has(l)).map((l) => `${l} ${counts.get(l)}`);
      const name = `${svc}:${stem}*`;
      items.push({
        label: name,
        kind: 'wildcard',
        detail: `${matched.length} actions: ${levels.join(', ')}`,
        documentation: `Wildcard: grants **${matched.length} actions** (${levels.join(' · ')}). Prefer listing only the actions needed.`,
        insertText: wrap(t, name, false),
        snippet: false,
        sortText: `2${name}`,
      });
    }
  }
  return out(site, items);
}

function actionDoc(a: ActionInfo): string {
  const rts = a.resourceTypes.map((r) => `\`${r.name}\`${r.required ? '*' : ''}`);
  return `**${a.fullName}** — ${a.accessLevels.join(', ')}\n\n${a.description}` + (rts.length ? `\n\nResource types: ${rts.join(', ')}` : '\n\nResource: `*` only');
}

// ---------------------------------------------------------------------------------------------
// Condition operators and keys

function completeOperator(site: Site): CompletionResult {
  const t = site.token;
  const items: CompletionEntry[] = [];
  const ops = baseOperators();
  const qualified = /^f/i.test(t.prefix);
  ops.forEach((o, i) => {
    const idx = String(i).padStart(2, '0');
    const add = (name: string, sort: string) =>
      items.push({
        label: name,
        kind: 'operator',
        detail: `${o.family} condition operator`,
        documentation: describeOperator(name),
        insertText: wrap(t, name, true),
        snippet: false,
        sortText: sort,
      });
    add(o.name, `0${idx}`);
    if (o.name !== 'Null') add(`${o.name}IfExists`, `1${idx}`);
    if (qualified && o.name !== 'Null' && o.name !== 'Bool') {
      add(`ForAnyValue:${o.name}`, `2${idx}`);
      add(`ForAllValues:${o.name}`, `3${idx}`);
    }
  });
  return out(site, items);
}

/** Key types an operator family is meant for (the others still show, ranked lower). */
const FAMILY_TYPES: Record<string, string[]> = {
  String: ['string', 'arrayofstring', 'arn', 'arrayofarn'],
  Numeric: ['numeric', 'arrayofnumeric', 'long', 'integer'],
  Date: ['date', 'arrayofdate'],
  Boolean: ['bool', 'boolean', 'arrayofbool'],
  Binary: ['binary'],
  'IP address': ['ipaddress', 'arrayofipaddress'],
  ARN: ['arn', 'arrayofarn', 'string'],
};

function completeConditionKey(result: AnalysisResult, catalog: IamCatalog, site: Site): CompletionResult {
  const t = site.token;
  const actions = site.statement ? resolveActions(catalog, statementActions(result, site.statement)) : { exact: [], services: [] };
  const family = site.operator ? parseOperator(site.operator).base?.family : undefined;
  const fits = (info: ConditionKeyInfo) => !family || family === 'Null' || (FAMILY_TYPES[family] ?? []).includes(info.type.toLowerCase());
  const seen = new Set<string>();
  const items: CompletionEntry[] = [];
  const add = (info: ConditionKeyInfo, rank: number, why: string) => {
    const l = info.key.toLowerCase();
    if (seen.has(l)) return;
    seen.add(l);
    const { text, snippet } = keySnippet(info.key);
    items.push({
      label: info.key,
      kind: 'condition-key',
      detail: `${info.type} · ${why}`,
      documentation: describeConditionKey(catalog, info.key),
      insertText: wrap(t, text, true),
      snippet,
      sortText: `${fits(info) ? 0 : 1}${rank}${info.key}`,
    });
  };
  for (const a of actions.exact) {
    for (const k of catalog.supportedConditionKeys(a)) {
      const info = catalog.conditionKey(k);
      if (info) add(info, 0, `${a.fullName}`);
    }
  }
  for (const s of actions.services) for (const info of catalog.conditionKeys(s)) add(info, 1, catalog.serviceTitle(s) ?? s);
  for (const info of catalog.globalConditionKeys()) add(info, 2, `global${info.category ? ` (${info.category})` : ''}`);
  return out(site, items);
}

/** `aws:RequestTag/${TagKey}` → snippet `aws:RequestTag/${1:TagKey}`. */
function keySnippet(key: string): { text: string; snippet: boolean } {
  if (!/\$\{[^}]*\}|<[^>]*>/.test(key)) return { text: key, snippet: false };
  let n = 0;
  let text = '';
  let last = 0;
  for (const m of key.matchAll(/\$\{([^}]*)\}|<([^>]*)>/g)) {
    text += escapeSnippet(key.slice(last, m.index));
    text += `\${${++n}:${escapeSnippet(m[1] ?? m[2])}}`;
    last = m.index! + m[0].length;
  }
  text += escapeSnippet(key.slice(last));
  return { text, snippet: true };
}

function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** Actions named exactly, and the services of all literal-service patterns (wildcards expanded within one service). */
function resolveActions(catalog: IamCatalog, patterns: string[]): { exact: ActionInfo[]; services: string[]; expanded: ActionInfo[] } {
  const exact: ActionInfo[] = [];
  const expanded: ActionInfo[] = [];
  const services: string[] = [];
  for (const p of patterns) {
    const svc = servicePrefix(p);
    if (!svc || /[*?]/.test(svc) || !catalog.hasService(svc)) continue;
    if (!services.includes(svc)) services.push(svc);
    if (/[*?]/.test(p)) expanded.push(...catalog.expand(p));
    else {
      const a = catalog.getAction(p);
      if (a) {
        exact.push(a);
        expanded.push(a);
      }
    }
  }
  return { exact, services, expanded };
}

// ---------------------------------------------------------------------------------------------
// Resource ARNs

type ArnForm = 'literal' | 'sub' | 'yaml-sub-tag' | 'json-sub-object';

function completeResource(result: AnalysisResult, catalog: IamCatalog, site: Site): CompletionResult | undefined {
  if (!site.statement) return undefined;
  const t = site.token;
  const { expanded } = resolveActions(catalog, statementActions(result, site.statement));
  if (!expanded.length) return undefined;
  // Resource types used by the actions, most used first; required ones before optional ones.
  const types = new Map<string, { rt: ResourceTypeInfo; actions: string[]; required: number }>();
  for (const a of expanded) {
    for (const r of a.resourceTypes) {
      const rt = catalog.resourceType(a.service, r.name);
      if (!rt) continue;
      const k = `${rt.service}:${rt.name}`;
      let e = types.get(k);
      if (!e) types.set(k, (e = { rt, actions: [], required: 0 }));
      if (e.actions.length < 50) e.actions.push(a.fullName);
      if (r.required) e.required++;
    }
  }
  if (!types.size) return undefined;
  const holes = (arn: string) => (arn.match(/\$\{/g) ?? []).length;
  const ranked = [...types.values()].sort(
    (a, b) => b.actions.length - a.actions.length || b.required - a.required || holes(a.rt.arn) - holes(b.rt.arn) || a.rt.name.localeCompare(b.rt.name),
  );

  const forms: ArnForm[] = [];
  const isTemplate = result.kind === 'template';
  const yamlFresh = result.parsed.format === 'yaml' && (t.style === 'none' || t.style === 'plain') && !t.prefix.includes('${');
  if (isTemplate && site.inSub) forms.push('sub');
  else if (isTemplate && yamlFresh && !(site.node && site.node.parent?.kind === 'object' && site.node.parent.shortForm)) forms.push('yaml-sub-tag', 'literal');
  else if (isTemplate && t.needsQuotes) forms.push('json-sub-object', 'literal');
  else forms.push('literal');

  const items: CompletionEntry[] = [];
  ranked.slice(0, 60).forEach((e, i) => {
    const used = e.actions.slice(0, 5).join(', ') + (e.actions.length > 5 ? `, … (${e.actions.length})` : '');
    forms.forEach((form, fi) => {
      const arn = arnSnippet(e.rt.arn, form === 'literal' ? 'literal' : 'sub');
      let insert = arn.snippet;
      let label = arn.label;
      if (form === 'yaml-sub-tag') {
        insert = `!Sub ${insert}`;
        label = `!Sub ${label}`;
      } else if (form === 'json-sub-object') {
        insert = `{"Fn::Sub": "${insert}"\\}`;
        label = `{"Fn::Sub": "${label}"}`;
      } else if (t.needsQuotes) {
        insert = `"${insert}"`;
      }
      items.push({
        label,
        kind: 'arn',
        detail: `${e.rt.service} ${e.rt.name} — ${used}`,
        documentation: `ARN format of \`${e.rt.service}\` resource type \`${e.rt.name}\`:\n\n\`${e.rt.arn}\`\n\nUsed by: ${used}`,
        insertText: insert,
        snippet: true,
        filterText: form === 'yaml-sub-tag' || form === 'json-sub-object' ? arn.label : undefined,
        sortText: `${String(i).padStart(3, '0')}${fi}`,
      });
    });
  });
  return out(site, items);
}

const PSEUDO: Record<string, string> = { partition: 'AWS::Partition', region: 'AWS::Region', account: 'AWS::AccountId' };

/**
 * Snippet and label for an ARN template. `literal`: `arn:aws:s3:::${1:BUCKET_NAME}`;
 * `sub` (inside `Fn::Sub`): partition/region/account become `${AWS::…}` pseudo parameters.
 */
export function arnSnippet(template: string, form: 'literal' | 'sub'): { snippet: string; label: string } {
  let snippet = '';
  let label = '';
  let last = 0;
  let n = 0;
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    const lit = template.slice(last, m.index);
    snippet += escapeSnippet(lit);
    label += lit;
    last = m.index! + m[0].length;
    const name = m[1];
    const lower = name.toLowerCase();
    if (lower === 'partition' && form === 'literal') {
      snippet += 'aws';
      label += 'aws';
    } else if (form === 'sub' && PSEUDO[lower]) {
      snippet += escapeSnippet(`\${${PSEUDO[lower]}}`);
      label += `\${${PSEUDO[lower]}}`;
    } else {
      const ph = lower === 'account' ? 'ACCOUNT_ID' : upperSnake(name);
      snippet += `\${${++n}:${ph}}`;
      label += ph;
    }
  }
  const rest = template.slice(last);
  snippet += escapeSnippet(rest);
  label += rest;
  return { snippet, label };
}

function upperSnake(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
