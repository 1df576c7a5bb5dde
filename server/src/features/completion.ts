/**
 * Completion from the IAM catalog and the IAM policy grammar: `service:Action` names in
 * Action/NotAction (service prefixes first, then the service's actions — one service file read,
 * never all), condition operators under Condition, condition keys under an operator (global `aws:`
 * keys plus the keys of the statement's services), `"true"`/`"false"` as the values of `Bool` and
 * `Null` conditions and of Bool-typed keys, ARN templates in Resource for the statement's actions'
 * resource types, `Allow`/`Deny` for Effect, `2012-10-17` for a policy's Version, `"*"` for a whole
 * Principal, the principal types (`AWS`, `Service`, `Federated`, `CanonicalUser`) as the keys of a
 * Principal/NotPrincipal, and under them: account root, role and user ARNs (`AWS`), the web identity
 * providers and SAML/OIDC provider ARNs (`Federated`), and the service principals already written
 * elsewhere in the document (`Service`: there is no authoritative list to offer).
 * Pure: offsets in, items with a replace range (the token under the cursor) out.
 */
import type { AnalysisResult } from '../engine/analyze';
import type { AccessLevel, ActionInfo, ConditionKeyInfo, IamCatalog, ResourceTypeInfo } from '../catalog/catalog';
import { getCatalog, servicePrefix } from '../catalog/catalog';
import type { Node } from '../model/node';
import { intrinsicName } from '../model/node';
import { closestElement, STATEMENT_ELEMENTS } from '../model/policy';
import { describeConditionKey } from './hover';
import { siteAt, statementActions, type Site, type Token } from './locate';
import { baseOperators, CONDITION_OPERATORS_URL, describeOperator, parseOperator } from './operators';
import { yamlScalar } from '../fixes/edits';

/** `value`: a fixed value (Effect, Version, `true`/`false`, `*`, an identity provider); `principal-type`: a key of a Principal. */
export type CompletionKind = 'service' | 'action' | 'wildcard' | 'operator' | 'condition-key' | 'arn' | 'value' | 'principal-type';

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
  if (site.kind === 'principal-type' && p.endsWith(':')) return undefined;
  // `AWS: !GetAtt Role.Arn`, `aws:SecureTransport: !Ref P`: the argument of an intrinsic is not the value.
  if (VALUE_SITES.has(site.kind) && inIntrinsicArgument(site.node)) return undefined;
  switch (site.kind) {
    case 'action':
      return completeAction(catalog, site);
    case 'resource':
      return completeResource(result, catalog, site);
    case 'condition-operator':
      return completeOperator(site);
    case 'condition-key':
      return completeConditionKey(result, catalog, site);
    case 'condition-value':
      return completeConditionValue(result, catalog, site);
    case 'effect':
      return completeEffect(result, site);
    case 'version':
      return completeVersion(result, site);
    case 'principal':
      return completePrincipal(result, site);
    case 'principal-type':
      return completePrincipalType(site);
    case 'principal-value':
      return completePrincipalValue(result, catalog, site);
    default:
      return undefined;
  }
}

const VALUE_SITES = new Set<Site['kind']>(['condition-value', 'effect', 'version', 'principal', 'principal-value']);

/** A scalar that is the argument of an intrinsic function other than `Fn::Sub` / `Fn::If` (`!Ref X`, `!GetAtt [A, Arn]`). */
function inIntrinsicArgument(n: Node | undefined): boolean {
  let p: Node | undefined = n?.parent;
  if (p?.kind === 'array') p = p.parent;
  const fn = intrinsicName(p);
  return !!fn && fn !== 'Fn::Sub' && fn !== 'Fn::If';
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

/**
 * Wrap a string value for the position: quotes for a new JSON string or in place of a bare JSON
 * literal (`true`); in YAML, quotes where the fixes write them (`yamlScalar`: dates, booleans,
 * `*`, the way the snippets write `aws:SecureTransport: "false"`), unless the user is already
 * inside quotes.
 */
function wrapValue(result: AnalysisResult, token: Token, text: string): string {
  if (token.needsQuotes) return `"${text}"`;
  if (token.style !== 'plain' && token.style !== 'none') return text; // inside quotes already
  return result.parsed.format === 'json' ? JSON.stringify(text) : yamlScalar(text);
}

/** Items of fixed values (Effect, Version, booleans…), in the given order. */
function valueItems(result: AnalysisResult, site: Site, values: { label: string; detail: string; documentation: string }[]): CompletionEntry[] {
  return values.map((v, i) => ({
    label: v.label,
    kind: 'value',
    detail: v.detail,
    documentation: v.documentation,
    insertText: wrapValue(result, site.token, v.label),
    snippet: false,
    sortText: String(i).padStart(2, '0'),
  }));
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
// Condition values

/** Condition key types (catalog) that take `true` / `false`. */
const BOOL_TYPES = new Set(['bool', 'boolean', 'arrayofbool']);

/**
 * `"true"` / `"false"` under `Null` (is the key absent?), under `Bool`/`BoolIfExists`, and for
 * Bool-typed keys under a string operator (or an unknown one). Written as strings, the way the
 * fixes and snippets write `aws:SecureTransport: "false"`.
 */
function completeConditionValue(result: AnalysisResult, catalog: IamCatalog, site: Site): CompletionResult | undefined {
  const family = parseOperator(site.operator ?? '').base?.family;
  const key = (site.conditionKey ?? '').trim();
  const info = key.includes(':') && !key.includes('${') ? catalog.conditionKey(key) : undefined;
  const boolKey = !!info && BOOL_TYPES.has(info.type.toLowerCase());
  const link = `[Condition operators](${CONDITION_OPERATORS_URL})`;
  const about = info?.description ? `\n\n\`${key}\`: ${info.description}` : '';
  let values: { label: string; detail: string; documentation: string }[];
  if (family === 'Null') {
    values = [
      { label: 'true', detail: 'Null: the key is absent', documentation: `**"true"** — \`Null\` check: matches when \`${key}\` is **absent** from the request context.\n\n${link}` },
      { label: 'false', detail: 'Null: the key is present', documentation: `**"false"** — \`Null\` check: matches when \`${key}\` is **present** in the request context (its value is not null).\n\n${link}` },
    ];
  } else if (family === 'Boolean' || (boolKey && (!family || family === 'String'))) {
    const op = site.operator?.trim() ?? '';
    const detail = family === 'Boolean' ? `${op} condition` : `${info?.type ?? 'Bool'} condition key`;
    const what = family === 'Boolean' ? `\`${op}\` condition` : `${info?.type ?? 'Bool'} condition key`;
    values = [
      { label: 'true', detail, documentation: `**"true"** — ${what}: matches when \`${key}\` is true.${about}\n\n${link}` },
      { label: 'false', detail, documentation: `**"false"** — ${what}: matches when \`${key}\` is false.${about}\n\n${link}` },
    ];
  } else return undefined;
  return out(site, valueItems(result, site, values));
}

// ---------------------------------------------------------------------------------------------
// Effect and Version

/** IAM User Guide, "IAM JSON policy elements: Effect". */
export const EFFECT_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html';
/** IAM User Guide, "IAM JSON policy elements: Version". */
export const VERSION_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html';

// Source: EFFECT_URL ("Valid values for Effect are Allow and Deny"; access is denied by default,
// an Allow grants it, a Deny overrides an allow that is otherwise in force).
const EFFECTS = [
  {
    label: 'Allow',
    detail: 'Effect: allow',
    documentation: `**Allow** — the statement allows the access it describes. Access is denied by default: an Allow is what grants it.\n\n[Effect](${EFFECT_URL})`,
  },
  {
    label: 'Deny',
    detail: 'Effect: explicit deny',
    documentation: `**Deny** — the statement explicitly denies the access it describes; an explicit deny overrides any Allow that is otherwise in force.\n\n[Effect](${EFFECT_URL})`,
  },
];

function completeEffect(result: AnalysisResult, site: Site): CompletionResult {
  return out(site, valueItems(result, site, EFFECTS));
}

// Source: VERSION_URL. Only the current version is offered: AWS says not to use 2008-10-17 for new
// or updated policies, and iam/invalid-version reports it.
const VERSIONS = [
  {
    label: '2012-10-17',
    detail: 'Current policy language version',
    documentation:
      '**2012-10-17** — the current version of the policy language; AWS says to always include `Version` and set it to this value. ' +
      'Features such as policy variables (`${aws:username}`) need it.\n\n' +
      '`2008-10-17`, the earlier version, is not offered: AWS says not to use it for new or updated policies (policy variables are literal text there).\n\n' +
      `[Version](${VERSION_URL})`,
  },
];

/** `2012-10-17`, quoted in YAML (a plain 2012-10-17 is a date to some YAML readers), as the fixes write it. */
function completeVersion(result: AnalysisResult, site: Site): CompletionResult {
  return out(site, valueItems(result, site, VERSIONS));
}

// ---------------------------------------------------------------------------------------------
// Principals

/** IAM User Guide, "AWS JSON policy elements: Principal" — the source of the principal types and providers below. */
export const PRINCIPAL_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html';
/** IAM User Guide, "Create a role for OpenID Connect federation": the provider names and the keys that pin an app. */
export const OIDC_ROLE_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html';

// Source: PRINCIPAL_URL (sections AWS account principals, IAM role/user principals, role session
// principals, web identity and SAML session principals, AWS service principals, All principals) and
// OIDC_ROLE_URL (the ARN of an IAM OIDC provider as a `Federated` principal).
const PRINCIPAL_TYPES = [
  {
    name: 'AWS',
    detail: 'AWS accounts, IAM roles and users, role sessions',
    documentation:
      'An AWS account — its ARN `arn:aws:iam::ACCOUNT_ID:root` or the 12-digit account ID, which both delegate to the whole account (not only to its root user) — ' +
      'or the ARN of an IAM role, an IAM user, an assumed-role session (`arn:aws:sts::ACCOUNT_ID:assumed-role/ROLE_NAME/SESSION_NAME`) ' +
      'or an AWS STS federated user session. `{"AWS": "*"}` means all principals.',
  },
  {
    name: 'Service',
    detail: 'AWS service principals',
    documentation:
      'An AWS service, by its service principal: usually `service-name.amazonaws.com`, defined by the service ' +
      '(the service-linked role documentation of the service names it). Several services: a list under one `Service` key.',
  },
  {
    name: 'Federated',
    detail: 'Web identity, OIDC and SAML identity providers',
    documentation:
      'An identity provider, in a role trust policy: a web identity provider (`cognito-identity.amazonaws.com`, `www.amazon.com`, ' +
      '`graph.facebook.com`, `accounts.google.com`) or the ARN of an IAM OIDC identity provider, for `sts:AssumeRoleWithWebIdentity`; ' +
      'the ARN of an IAM SAML identity provider, for `sts:AssumeRoleWithSAML`.',
  },
  {
    name: 'CanonicalUser',
    detail: 'Canonical user ID (Amazon S3)',
    documentation: 'A canonical user ID: an obfuscated form of the AWS account ID, which some services such as Amazon S3 accept to name an account.',
  },
];

function principalTypeOf(written: string | undefined): (typeof PRINCIPAL_TYPES)[number] | undefined {
  const w = (written ?? '').trim().toLowerCase();
  return PRINCIPAL_TYPES.find((p) => p.name.toLowerCase() === w);
}

/** `Principal: "*"` (not offered for NotPrincipal, where it would except everyone). */
function completePrincipal(result: AnalysisResult, site: Site): CompletionResult | undefined {
  if (site.element !== 'Principal') return undefined;
  return out(
    site,
    valueItems(
      result,
      site,
      [
        {
          label: '*',
          detail: 'All principals (public)',
          documentation:
            '**"*"** — all principals, including anonymous users (the same as `{"AWS": "*"}`). With `Allow` it grants public access: ' +
            'AWS strongly recommends against it unless public or anonymous access is intended, and otherwise to name the principals and ' +
            'restrict access further in `Condition`. Common in `Deny` statements that apply to everyone.\n\n' +
            `[Principal](${PRINCIPAL_URL})`,
        },
      ],
    ),
  );
}

/** The principal types as keys of a Principal/NotPrincipal mapping (those already there are left out). */
function completePrincipalType(site: Site): CompletionResult {
  const t = site.token;
  const present = new Set<string>();
  const entry = site.statement?.entries.find((e) => closestElement(e.key, STATEMENT_ELEMENTS) === site.element);
  if (entry?.value.kind === 'object') {
    for (const e of entry.value.entries) if (e.keyNode !== site.node) present.add(e.key.toLowerCase());
  }
  const items: CompletionEntry[] = [];
  PRINCIPAL_TYPES.forEach((p, i) => {
    if (present.has(p.name.toLowerCase())) return;
    items.push({
      label: p.name,
      kind: 'principal-type',
      detail: p.detail,
      documentation: `**${p.name}** — principal type\n\n${p.documentation}\n\n[Principal](${PRINCIPAL_URL})`,
      insertText: wrap(t, p.name, true),
      snippet: false,
      sortText: String(i).padStart(2, '0'),
    });
  });
  return out(site, items);
}

// Source: PRINCIPAL_URL, "Web identity session principals" (the four `Federated` values), and
// OIDC_ROLE_URL (the condition keys that pin the application for each of them).
const WEB_IDENTITY_PROVIDERS = [
  { label: 'cognito-identity.amazonaws.com', detail: 'Amazon Cognito identity pools', pin: 'a `StringEquals` condition on `cognito-identity.amazonaws.com:aud` (the identity pool ID)' },
  { label: 'www.amazon.com', detail: 'Login with Amazon', pin: 'a `StringEquals` condition on `www.amazon.com:app_id`' },
  { label: 'graph.facebook.com', detail: 'Facebook', pin: 'a `StringEquals` condition on `graph.facebook.com:app_id`' },
  { label: 'accounts.google.com', detail: 'Google', pin: 'a `StringEquals` condition on `accounts.google.com:aud`' },
];

/** The account root ARN (PRINCIPAL_URL, "AWS account principals"), in the catalog's template form. */
const ACCOUNT_ROOT_ARN = 'arn:${Partition}:iam::${Account}:root';

function completePrincipalValue(result: AnalysisResult, catalog: IamCatalog, site: Site): CompletionResult | undefined {
  const type = principalTypeOf(site.principalType)?.name;
  const link = `[Principal](${PRINCIPAL_URL})`;
  const iamArn = (name: string, detail: string, documentation: string): ArnChoice[] => {
    const rt = catalog.resourceType('iam', name);
    return rt ? [{ arn: rt.arn, detail, documentation: `${documentation}\n\nARN format of \`iam\` resource type \`${rt.name}\`: \`${rt.arn}\`\n\n${link}` }] : [];
  };
  if (type === 'AWS') {
    const choices: ArnChoice[] = [
      {
        arn: ACCOUNT_ROOT_ARN,
        detail: 'AWS account',
        documentation: `An AWS account. The account ARN delegates to the whole account, not only to its root user: an administrator of that account must still grant access to its users and roles.\n\n${link}`,
      },
      ...iamArn('role', 'IAM role', 'An IAM role.'),
      ...iamArn('user', 'IAM user', 'An IAM user (the user name part is case sensitive).'),
    ];
    return out(site, arnItems(result, site, choices));
  }
  if (type === 'Federated') {
    const providers = WEB_IDENTITY_PROVIDERS.map((p) => ({
      label: p.label,
      detail: `Web identity provider: ${p.detail}`,
      documentation: `**${p.label}** — ${p.detail}, for \`sts:AssumeRoleWithWebIdentity\` in a role trust policy. Pin your application with ${p.pin}.\n\n${link} · [OIDC federation](${OIDC_ROLE_URL})`,
    }));
    const arns = [
      ...iamArn('oidc-provider', 'IAM OIDC identity provider', 'An IAM OpenID Connect identity provider (any other OIDC issuer), for `sts:AssumeRoleWithWebIdentity`.'),
      ...iamArn('saml-provider', 'IAM SAML identity provider', 'An IAM SAML 2.0 identity provider, for `sts:AssumeRoleWithSAML`.'),
    ];
    // Inside a `Fn::Sub` string only the ARNs (with pseudo parameters) make sense.
    return out(site, [...(site.inSub ? [] : valueItems(result, site, providers)), ...arnItems(result, site, arns, '1')]);
  }
  if (type === 'Service') return completeServicePrincipal(result, site);
  return undefined;
}

const PRINCIPAL_ELEMENTS = ['Principal', 'NotPrincipal'] as const;

/**
 * Service principals written elsewhere in the document (under another Principal's `Service`).
 * No list of its own: the catalog has no service principals, each service defines its own
 * (PRINCIPAL_URL, "AWS service principals"), and there is no authoritative machine-readable list.
 */
function completeServicePrincipal(result: AnalysisResult, site: Site): CompletionResult | undefined {
  // From the policies the analysis extracted (trust, resource and embedded policies alike), not a
  // walk of the document.
  const seen = new Set<string>();
  for (const p of result.extracted?.policies ?? []) {
    for (const s of p.statements) {
      for (const el of PRINCIPAL_ELEMENTS) {
        for (const { type, value: v } of s.principals(el)) {
          // Only what is written out: a resolved `!Sub` or default would offer leastpriv's stand-ins (us-east-1).
          const literal = v.node.kind === 'string' && v.node.value === v.value && !v.origin && !v.value.includes('${');
          if (type.toLowerCase() !== 'service' || !literal || v.node === site.node || !v.value.trim()) continue;
          seen.add(v.value);
        }
      }
    }
  }
  if (!seen.size) return undefined;
  const items: CompletionEntry[] = [...seen].sort().map((v) => ({
    label: v,
    kind: 'value',
    detail: 'Service principal used in this document',
    documentation: `**${v}** — a service principal already used in this document (leastpriv has no list of service principals: each service defines its own).\n\n[Principal](${PRINCIPAL_URL})`,
    insertText: wrapValue(result, site.token, v),
    snippet: false,
    sortText: v,
  }));
  return out(site, items);
}

// ---------------------------------------------------------------------------------------------
// Resource ARNs

type ArnForm = 'literal' | 'sub' | 'yaml-sub-tag' | 'json-sub-object';

function completeResource(result: AnalysisResult, catalog: IamCatalog, site: Site): CompletionResult | undefined {
  if (!site.statement) return undefined;
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

  const choices = ranked.slice(0, 60).map((e) => {
    const used = e.actions.slice(0, 5).join(', ') + (e.actions.length > 5 ? `, … (${e.actions.length})` : '');
    return {
      arn: e.rt.arn,
      detail: `${e.rt.service} ${e.rt.name} — ${used}`,
      documentation: `ARN format of \`${e.rt.service}\` resource type \`${e.rt.name}\`:\n\n\`${e.rt.arn}\`\n\nUsed by: ${used}`,
    };
  });
  return out(site, arnItems(result, site, choices));
}

interface ArnChoice {
  /** ARN template with `${Partition}`, `${Account}`, … placeholders (the catalog's form). */
  arn: string;
  detail: string;
  documentation: string;
}

/**
 * Items for ARN templates, in the forms that fit the position: in a template, `!Sub` (YAML) or an
 * `Fn::Sub` object (JSON) with pseudo parameters first, then the literal ARN; inside a `Fn::Sub`
 * string the pseudo-parameter form only; elsewhere the literal ARN.
 */
function arnItems(result: AnalysisResult, site: Site, choices: ArnChoice[], sortPrefix = ''): CompletionEntry[] {
  const t = site.token;
  const forms: ArnForm[] = [];
  const isTemplate = result.kind === 'template';
  const yamlFresh = result.parsed.format === 'yaml' && (t.style === 'none' || t.style === 'plain') && !t.prefix.includes('${');
  if (isTemplate && site.inSub) forms.push('sub');
  else if (isTemplate && yamlFresh && !(site.node && site.node.parent?.kind === 'object' && site.node.parent.shortForm)) forms.push('yaml-sub-tag', 'literal');
  else if (isTemplate && t.needsQuotes) forms.push('json-sub-object', 'literal');
  else forms.push('literal');

  const items: CompletionEntry[] = [];
  choices.forEach((c, i) => {
    forms.forEach((form, fi) => {
      const arn = arnSnippet(c.arn, form === 'literal' ? 'literal' : 'sub');
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
        detail: c.detail,
        documentation: c.documentation,
        insertText: insert,
        snippet: true,
        filterText: form === 'yaml-sub-tag' || form === 'json-sub-object' ? arn.label : undefined,
        sortText: `${sortPrefix}${String(i).padStart(3, '0')}${fi}`,
      });
    });
  });
  return items;
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
