/**
 * Hover: what the thing under the cursor means, from the IAM catalog. Actions (description,
 * access level, resource types with their ARN formats, condition keys, link to the Service
 * Authorization Reference), wildcards (how many actions, per access level, the first few),
 * condition keys (type and meaning) and condition operators. Pure: offsets in, markdown out.
 */
import type { AnalysisResult } from '../engine/analyze';
import type { AccessLevel, ActionInfo, ConditionKeyInfo, IamCatalog } from '../catalog/catalog';
import { getCatalog, servicePrefix } from '../catalog/catalog';
import { siteAt, type Site } from './locate';
import { describeOperator } from './operators';

export interface HoverInfo {
  /** Markdown. */
  markdown: string;
  /** The hovered range (offsets). */
  start: number;
  end: number;
}

export const GLOBAL_KEYS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const LEVEL_ORDER: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
/** How many actions a wildcard hover lists. */
export const WILDCARD_LIST_MAX = 15;

/**
 * The Service Authorization Reference page of a service ("Actions, resources, and condition keys
 * for Amazon S3"): the page name is `list_` + the service title, lower case, letters and digits only.
 */
export function serviceReferenceUrl(catalog: IamCatalog, service: string): string | undefined {
  const title = catalog.serviceTitle(service);
  if (!title) return undefined;
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${title.toLowerCase().replace(/[^a-z0-9]/g, '')}.html`;
}

function serviceLink(catalog: IamCatalog, service: string): string | undefined {
  const url = serviceReferenceUrl(catalog, service);
  const title = catalog.serviceTitle(service);
  return url ? `[${title}: actions, resources and condition keys](${url})` : undefined;
}

export function hoverAt(result: AnalysisResult, offset: number, catalog: IamCatalog = getCatalog()): HoverInfo | undefined {
  const site = siteAt(result, offset);
  if (!site.node || site.node.kind === 'null') return undefined;
  const value = site.token.text.trim();
  if (!value) return undefined;
  const range = { start: site.node.start, end: site.node.end };
  let markdown: string | undefined;
  switch (site.kind) {
    case 'action':
      markdown = describeActionPattern(catalog, value, site);
      break;
    case 'condition-operator':
      markdown = describeOperator(value);
      break;
    case 'condition-key':
      markdown = describeConditionKey(catalog, value);
      break;
    case 'resource': {
      const v = policyVariableAt(site, offset);
      if (v) {
        markdown = describeConditionKey(catalog, v.key, true);
        if (markdown) return { markdown, start: v.start, end: v.end };
      }
      break;
    }
  }
  return markdown ? { markdown, ...range } : undefined;
}

/** `${aws:username}` inside a Resource string, under the cursor. */
function policyVariableAt(site: Site, offset: number): { key: string; start: number; end: number } | undefined {
  const t = site.token;
  for (const m of t.text.matchAll(/\$\{([a-z0-9-]+:[^}]+)\}/gi)) {
    const s = t.start + m.index!;
    const e = s + m[0].length;
    if (offset >= s && offset <= e) return { key: m[1], start: s, end: e };
  }
  return undefined;
}

/** Markdown for an action or an action wildcard (`s3:GetObject`, `s3:Get*`, `iam:*`, `*`). */
export function describeActionPattern(catalog: IamCatalog, pattern: string, site?: Pick<Site, 'element'>): string | undefined {
  const p = pattern.trim();
  if (p.includes('${')) return undefined;
  const not = site?.element === 'NotAction' ? '\n\n_NotAction: the statement applies to every action **except** the ones this matches._' : '';
  if (p === '*') {
    return `\`*\` — **every action of every AWS service** (${catalog.serviceNames().length} services), at every access level.${not}`;
  }
  const colon = p.indexOf(':');
  if (colon <= 0) return undefined;
  const svc = p.slice(0, colon).toLowerCase();
  const name = p.slice(colon + 1);
  const wild = /[*?]/.test(p);
  if (!wild) {
    const a = catalog.getAction(p);
    if (a) return describeAction(catalog, a) + not;
    if (!catalog.hasService(svc)) {
      const s = catalog.suggestServices(svc, 3);
      return `\`${p}\` — unknown service prefix \`${svc}\`.` + (s.length ? ` Did you mean ${s.map((x) => `\`${x}\``).join(', ')}?` : '');
    }
    const s = catalog.suggestActions(p, 3);
    const link = serviceLink(catalog, svc);
    return (
      `\`${p}\` — not an action of ${catalog.serviceTitle(svc) ?? svc}.` +
      (s.length ? ` Did you mean ${s.map((x) => `\`${x}\``).join(', ')}?` : '') +
      (link ? `\n\n${link}` : '')
    );
  }
  if (svc === '*' || (svc.includes('*') && svc.replace(/\*/g, '').length === 0)) {
    return `\`${p}\` — actions named \`${name}\` in **every AWS service** (${catalog.serviceNames().length} services).${not}`;
  }
  const matched = catalog.expand(p);
  const services = [...new Set(matched.map((a) => a.service))];
  const where = services.length === 1 ? (catalog.serviceTitle(services[0]) ?? services[0]) : `${services.length} services`;
  if (matched.length === 0) {
    return `\`${p}\` — matches **no action**${catalog.hasService(svc) || svc.includes('*') || svc.includes('?') ? '' : ` (unknown service prefix \`${svc}\`)`}.`;
  }
  const counts = new Map<AccessLevel, number>();
  for (const a of matched) counts.set(a.accessLevel, (counts.get(a.accessLevel) ?? 0) + 1);
  const levels = LEVEL_ORDER.filter((l) => counts.has(l)).map((l) => `${l} ${counts.get(l)}`);
  const sorted = matched.slice().sort((a, b) => LEVEL_ORDER.indexOf(b.accessLevel) - LEVEL_ORDER.indexOf(a.accessLevel) || a.fullName.localeCompare(b.fullName));
  const lines = [
    `\`${p}\` grants **${matched.length} action${matched.length === 1 ? '' : 's'}** of ${where}`,
    '',
    `Access levels: ${levels.join(' · ')}`,
    '',
    ...sorted.slice(0, WILDCARD_LIST_MAX).map((a) => `- \`${a.fullName}\` — ${a.accessLevel}`),
  ];
  if (sorted.length > WILDCARD_LIST_MAX) lines.push(`- … and ${sorted.length - WILDCARD_LIST_MAX} more`);
  const link = services.length === 1 ? serviceLink(catalog, services[0]) : undefined;
  if (link) lines.push('', link);
  return lines.join('\n') + not;
}

function describeAction(catalog: IamCatalog, a: ActionInfo): string {
  const lines = [`**${a.fullName}** — ${a.accessLevels.join(', ')}`, ''];
  if (a.description) lines.push(a.description, '');
  const rts = catalog.actionResourceTypes(a);
  if (rts.length) {
    lines.push('**Resource types**', '');
    for (const rt of rts) {
      const req = a.resourceTypes.find((r) => r.name.toLowerCase() === rt.name.toLowerCase())?.required;
      lines.push(`- \`${rt.name}\`${req ? ' (required)' : ''}: \`${rt.arn}\``);
    }
    lines.push('');
  } else {
    lines.push('**Resource types**: none — the action only supports `"Resource": "*"`.', '');
  }
  const keys = catalog.supportedConditionKeys(a);
  if (keys.length) {
    const shown = keys.slice(0, 20).map((k) => `\`${k}\``);
    lines.push(`**Condition keys**: ${shown.join(', ')}${keys.length > 20 ? `, … (${keys.length - 20} more)` : ''}`, '');
  }
  if (a.dependentActions.length) lines.push(`**Dependent actions**: ${a.dependentActions.map((d) => `\`${d}\``).join(', ')}`, '');
  const link = serviceLink(catalog, a.service);
  if (link) lines.push(link);
  return lines.join('\n').trimEnd();
}

/** Markdown for a condition key (`aws:SourceIp`, `s3:prefix`, `aws:RequestTag/env`). */
export function describeConditionKey(catalog: IamCatalog, key: string, asVariable = false): string | undefined {
  const k = key.trim();
  if (!k.includes(':')) return undefined;
  const info: ConditionKeyInfo | undefined = catalog.conditionKey(k);
  const varNote = asVariable ? '\n\n_Policy variable: replaced by the request\'s value of this key._' : '';
  if (!info) {
    return `\`${k}\` — unknown condition key: not in the IAM catalog (check the spelling); IAM treats a key it does not know as absent from the request.${varNote}`;
  }
  const global = k.toLowerCase().startsWith('aws:');
  const scope = info.category ? (global ? `global (${info.category})` : info.category) : global ? 'global' : 'service';
  const lines = [`**${k}** — ${info.type} · ${scope}`];
  if (info.key.toLowerCase() !== k.toLowerCase()) lines.push('', `Matches \`${info.key}\`.`);
  if (info.description) lines.push('', info.description);
  const svc = servicePrefix(k);
  if (global) lines.push('', `[AWS global condition context keys](${GLOBAL_KEYS_URL})`);
  else {
    const link = catalog.hasService(svc) ? serviceLink(catalog, svc) : undefined;
    if (link) lines.push('', link);
  }
  return lines.join('\n') + varNote;
}
