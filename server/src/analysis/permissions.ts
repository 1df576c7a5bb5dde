/**
 * What an identity can do, unconstrained: the risks of a set of identity policies (one policy, or
 * everything attached to one principal of the template), computed once per analysis and shared by
 * the IAM security rules and the attack-path (`chain/…`) rules.
 *
 * ## Semantics (documented decisions)
 *
 * - **Identity policies only.** Resource, trust and endpoint policies are ignored here (their
 *   `Resource: "*"` means something else); `policyRisks` drops them too.
 * - **Allow minus explicit Deny.** A statement counts as Allow when some alternative of its
 *   `Effect` is `Allow` (worst case through `!If`), as Deny only when every alternative is `Deny`.
 *   A Deny removes an action when it has no `Condition` (a conditional Deny may not apply), its
 *   Action/NotAction covers the action, and its Resource is `*` or covers every resource of the
 *   action (NotResource Denies are ignored: they exclude what they name). Deny statements of every
 *   policy of the set count.
 * - **Unconstrained resource.** An Allow grants action A unconstrained when one `Resource` item is
 *   `*`, or an ARN that matches every resource of one of A's resource types, the partition, region
 *   and account fields exempt (`arn:aws:s3:::*`, `arn:${AWS::Partition}:iam::*:role/*`,
 *   `arn:aws:ssm:us-east-1:123456789012:parameter/*` = every parameter of the account). Actions that
 *   only support `*` are granted only by `*`. `NotResource` in an Allow is unconstrained unless
 *   one of its items covers the action's type. Unknown values (`{{Param}}`) are never wildcards.
 * - **Action / NotAction** patterns are expanded with the IAM catalog (`iam:Pass*`, `*`, `*:*`).
 * - **Conditions.** A statement whose `Condition` uses a key that really narrows the resources or
 *   the caller's network (see {@link CONSTRAINING_KEY}: resource/object tags, `aws:ResourceAccount`,
 *   `aws:ResourceOrgID/OrgPaths`, `aws:SourceVpc(e)`, `aws:SourceIp`, `s3:prefix`,
 *   `s3:DataAccessPointArn`, `kms:ViaService`, `kms:CallerAccount`, `kms:EncryptionContext…`,
 *   `dynamodb:LeadingKeys`, `secretsmanager:SecretId`, `ssm:resourceTag`…) with a positive operator
 *   (not `…Not…`, not `Null`, not `…IfExists`) and a value other than `*` grants nothing
 *   unconstrained: the risk is removed, not lowered. Other keys (`aws:MultiFactorAuthPresent`,
 *   `aws:RequestedRegion`, `iam:PassedToService`, `aws:PrincipalTag…`) leave the grant as is:
 *   they do not limit which resources the identity reaches (`iam:PassedToService` limits the
 *   service a role is passed to, not which role — passing an admin role to Lambda still escalates).
 */
import type { RuleContext } from '../engine/context';
import { servicePrefix, type ActionInfo, type IamCatalog, type ResourceTypeInfo } from '../catalog/catalog';
import { privilegeEscalationMethods, riskActions, type PrivilegeEscalationMethod } from '../catalog/risk';
import { globMatch, globToRegExp } from '../catalog/arn';
import type { PolicyModel, StatementModel } from '../model/policy';
import { hasPlaceholder, type Value } from '../model/values';

export type RiskCategory =
  | 'full-admin'
  | 'privilege-escalation'
  | 'data-read'
  | 'credentials-exposure'
  | 'resource-exposure'
  | 'infrastructure-modification'
  | 'discovery';

export interface Grant {
  /** Canonical action name, `s3:GetObject` (`*` for the full-admin grant). */
  action: string;
  statement: StatementModel;
  /** The Action (or NotAction) item that grants it. */
  actionValue: Value;
  /** The Resource item that is a wildcard for it (absent for an Allow with NotResource). */
  resourceValue?: Value;
}

export interface PrincipalRisk {
  category: RiskCategory;
  grants: Grant[];
  /** One phrase, e.g. "s3:GetObject on every object, with s3:ListAllMyBuckets to find buckets". */
  summary: string;
  /** privilege-escalation only: the method fully granted. */
  method?: PrivilegeEscalationMethod;
}

/**
 * Read actions that return data (Cloudsplaining's `data_exfiltration_read_actions` list plus the
 * reads that return the content of objects, items, parameters, secrets and keys).
 */
export const DATA_READ_ACTIONS: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'kms:Decrypt',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PartiQLSelect',
];

/** Actions that find what to read (list buckets, secrets, parameters, tables, keys). */
export const DISCOVERY_ACTIONS: readonly string[] = [
  's3:ListAllMyBuckets',
  's3:ListBucket',
  's3:ListBucketVersions',
  'secretsmanager:ListSecrets',
  'ssm:DescribeParameters',
  'dynamodb:ListTables',
  'kms:ListKeys',
  'kms:ListAliases',
];

/**
 * Entries of Cloudsplaining's `actions_that_return_credentials` that do NOT expose credentials of
 * anything but the caller, or need no IAM permission at all, and so are not reported:
 * - `ecr:GetAuthorizationToken`, `ecr-public:GetAuthorizationToken`,
 *   `codeartifact:GetAuthorizationToken`: a token that carries the caller's own permissions
 *   (ECR's only supports `Resource: "*"` and every image pull needs it);
 * - `sts:GetSessionToken`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`: callable
 *   without IAM permissions (AWS STS docs), so a policy granting them changes nothing;
 * - `cognito-idp:GetSigningCertificate`: returns the user pool's public signing certificate.
 */
export const NOT_CREDENTIALS_EXPOSURE: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ecr-public:GetAuthorizationToken',
  'codeartifact:GetAuthorizationToken',
  'sts:GetSessionToken',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'cognito-idp:GetSigningCertificate',
];

/** Condition keys that narrow the resources reached (or the network) — see the file comment. */
export const CONSTRAINING_KEY =
  /(resourcetag\/|existingobjecttag\/|^aws:resourceaccount$|^aws:resourceorgid$|^aws:resourceorgpaths$|^aws:sourcevpce?$|^aws:sourceip$|^s3:prefix$|^s3:dataaccesspointarn$|^s3:dataaccesspointaccount$|^kms:viaservice$|^kms:calleraccount$|^kms:encryptioncontext|^dynamodb:leadingkeys$|^secretsmanager:secretid$|^ssm:resourcetag)/i;

const COVER = { exempt: ['partition', 'region', 'account'] as const };

// ---------------------------------------------------------------------------------------------
// Memoisation

const principalMemo = new WeakMap<object, Map<string, PrincipalRisk[]>>();
const policyMemo = new WeakMap<object, Map<string, PrincipalRisk[]>>();
const policyIds = new WeakMap<PolicyModel, number>();
let nextPolicyId = 1;

function policyKey(policies: PolicyModel[]): string {
  return policies
    .map((p) => {
      let id = policyIds.get(p);
      if (id === undefined) policyIds.set(p, (id = nextPolicyId++));
      return id;
    })
    .join(',');
}

/**
 * Risks of everything attached to a principal defined in the template (inline policies,
 * AWS::IAM::Policy/ManagedPolicy attached via Roles/Users/Groups or `ManagedPolicyArns: [!Ref P]`,
 * SAM function policies). Empty for an unknown principal.
 */
export function principalRisks(ctx: RuleContext, principalId: string): PrincipalRisk[] {
  let m = principalMemo.get(ctx.extracted);
  if (!m) principalMemo.set(ctx.extracted, (m = new Map()));
  let r = m.get(principalId);
  if (!r) {
    const p = ctx.extracted.principals.get(principalId);
    r = p ? policyRisks(ctx, p.policies) : [];
    m.set(principalId, r);
  }
  return r;
}

/** Risks of a set of policies taken together (identity policies only; Allow minus Deny). */
export function policyRisks(ctx: RuleContext, policies: PolicyModel[]): PrincipalRisk[] {
  let m = policyMemo.get(ctx.extracted);
  if (!m) policyMemo.set(ctx.extracted, (m = new Map()));
  const key = policyKey(policies);
  let r = m.get(key);
  if (!r) {
    r = computeRisks(ctx.catalog, policies.filter((p) => p.kind === 'identity'));
    m.set(key, r);
  }
  return r;
}

/** A set of identity policies analysed together, with a name for messages. */
export interface RiskScope {
  /** Principal logical id, when the scope is a principal of the template. */
  principalId?: string;
  /** "Role 'Deployer'", "Function 'Fn' (role FnRole)", "Policy 'P'", "this policy". */
  label: string;
  policies: PolicyModel[];
}

/**
 * The scopes a rule should look at: every principal of the template with identity policies, then
 * every identity policy attached to no principal of the template (a standalone policy file, a
 * managed policy attached by name elsewhere).
 */
export function riskScopes(ctx: RuleContext): readonly RiskScope[] {
  let out = scopesMemo.get(ctx.extracted);
  if (!out) scopesMemo.set(ctx.extracted, (out = computeScopes(ctx)));
  return out;
}
const scopesMemo = new WeakMap<object, RiskScope[]>();

function computeScopes(ctx: RuleContext): RiskScope[] {
  const out: RiskScope[] = [];
  const attached = new Set<PolicyModel>();
  for (const p of ctx.extracted.principals.values()) {
    const ids = p.policies.filter((x) => x.kind === 'identity');
    if (!ids.length) continue;
    ids.forEach((x) => attached.add(x));
    out.push({ principalId: p.id, label: principalLabel(ctx, p.id), policies: p.policies });
  }
  for (const pm of ctx.policies) {
    if (pm.kind !== 'identity' || attached.has(pm)) continue;
    out.push({ label: pm.context.resourceId ? `Policy '${pm.context.resourceId}'` : 'This policy', policies: [pm] });
  }
  return out;
}

/** Risks of a scope (memoised through principalRisks / policyRisks). */
export function scopeRisks(ctx: RuleContext, scope: RiskScope): PrincipalRisk[] {
  return scope.principalId ? principalRisks(ctx, scope.principalId) : policyRisks(ctx, scope.policies);
}

export function principalLabel(ctx: RuleContext, principalId: string): string {
  const p = ctx.extracted.principals.get(principalId);
  if (!p) return `'${principalId}'`;
  if (p.resource.id !== p.id) {
    const kind = p.resource.type === 'AWS::Serverless::StateMachine' ? 'State machine' : 'Function';
    return `${kind} '${p.resource.id}'`;
  }
  const kind = p.type === 'AWS::IAM::User' ? 'User' : p.type === 'AWS::IAM::Group' ? 'Group' : 'Role';
  return `${kind} '${p.id}'`;
}

/** Where a statement is, for messages: `policy 'P'`, `Policies[0] (name) of 'Role'`. */
export function statementPlace(s: StatementModel): string {
  const c = s.policy.context;
  if (!c.resourceId) return 'this policy';
  if (/^AWS::IAM::(Managed)?Policy$/.test(c.resourceType ?? '')) return `policy '${c.resourceId}'`;
  return `${c.label} of '${c.resourceId}'`;
}

// ---------------------------------------------------------------------------------------------
// Grants

interface ActionPattern {
  value: Value;
  /** `*` or `*:*`. */
  star: boolean;
  /** Lower-case exact name when the pattern has no wildcard. */
  exact?: string;
  re?: RegExp;
}

function compilePattern(v: Value): ActionPattern {
  const p = v.value.trim().toLowerCase();
  if (p === '*' || p === '*:*') return { value: v, star: true };
  if (!/[*?]/.test(p)) return { value: v, star: false, exact: p };
  return { value: v, star: false, re: globToRegExp(p) };
}

function patternHit(p: ActionPattern, lowerFull: string): boolean {
  if (p.star) return true;
  if (p.exact !== undefined) return p.exact === lowerFull;
  return p.re!.test(lowerFull);
}

interface StatementInfo {
  statement: StatementModel;
  actionPats: ActionPattern[];
  notActionPats: ActionPattern[];
  allow: boolean;
  deny: boolean;
  actions: Value[];
  notActions: Value[];
  resources: Value[];
  notResources: Value[];
  constrained: boolean;
}

const usable = (v: Value) => v.known && !hasPlaceholder(v.value) && v.value.trim() !== '';

/** Statements are shared by every principal their policy attaches to: compute once each. */
const statementInfoCache = new WeakMap<StatementModel, StatementInfo>();
function statementInfo(s: StatementModel): StatementInfo {
  let info = statementInfoCache.get(s);
  if (!info) statementInfoCache.set(s, (info = computeStatementInfo(s)));
  return info;
}

function computeStatementInfo(s: StatementModel): StatementInfo {
  const effects = s.effects();
  const allow = effects.some((e) => e.value === 'Allow');
  const deny = effects.length > 0 && effects.every((e) => e.value === 'Deny');
  const hasPrincipal = s.has('Principal') || s.has('NotPrincipal');
  return {
    statement: s,
    allow: allow && !hasPrincipal,
    deny,
    actions: s.values('Action').filter(usable),
    notActions: s.values('NotAction').filter(usable),
    actionPats: s.values('Action').filter(usable).map(compilePattern),
    notActionPats: s.values('NotAction').filter(usable).map(compilePattern),
    resources: s.values('Resource'),
    notResources: s.values('NotResource'),
    constrained: isConstrained(s),
  };
}

/** Does the statement's Condition really narrow the resources reached? */
export function isConstrained(s: StatementModel): boolean {
  for (const c of s.conditions()) {
    const op = c.operator.toLowerCase();
    if (op.includes('not') || op.startsWith('null') || op.endsWith('ifexists')) continue;
    if (!CONSTRAINING_KEY.test(c.key)) continue;
    const vals = c.values;
    if (!vals.length) continue;
    if (vals.some((v) => v.value.trim() === '*')) continue;
    return true;
  }
  return false;
}

/** The item of `resources` that covers every resource of the action, if any. */
function wildcardResource(cat: IamCatalog, resources: Value[], action: ActionInfo): Value | undefined {
  let types: readonly ResourceTypeInfo[] | undefined;
  for (const r of resources) {
    const v = r.value.trim();
    if (v === '*') return r;
    if (!r.known || hasPlaceholder(v)) continue;
    const parts = v.split(':');
    if (parts.length < 3 || parts[0].toLowerCase() !== 'arn' || !globMatch(parts[2].trim(), action.service)) continue;
    types ??= cat.actionResourceTypes(action);
    if (types.some((rt) => cat.isResourceWildcardFor(v, rt, COVER))) return r;
  }
  return undefined;
}

/** Does one of `resources` (possibly with wildcards) match some resource of the action? */
function resourceTouches(cat: IamCatalog, resources: Value[], action: ActionInfo): boolean {
  for (const r of resources) {
    const v = r.value.trim();
    if (v === '*') return true;
    if (!r.known || hasPlaceholder(v)) continue;
    const types = cat.actionResourceTypes(action);
    if (types.some((rt) => cat.isResourceWildcardFor(v, rt, COVER))) return true;
  }
  return false;
}

function actionValueFor(si: StatementInfo, a: ActionInfo, lowerFull: string): Value | undefined {
  const pats = si.actionPats;
  if (pats.length) {
    for (let i = 0; i < pats.length; i++) if (patternHit(pats[i], lowerFull)) return pats[i].value;
    return undefined;
  }
  const nots = si.notActionPats;
  if (!nots.length) return undefined;
  for (let i = 0; i < nots.length; i++) if (patternHit(nots[i], lowerFull)) return undefined;
  return nots[0].value;
}

class GrantIndex {
  private readonly allows: StatementInfo[];
  private readonly allAllows: StatementInfo[];
  private readonly denies: StatementInfo[];
  private cache = new Map<ActionInfo, readonly Grant[]>();
  /** Service prefixes the Allow statements can grant; undefined when a pattern may reach any service. */
  private readonly services?: Set<string>;

  constructor(
    readonly cat: IamCatalog,
    statements: StatementInfo[],
  ) {
    this.allAllows = statements.filter((s) => s.allow);
    this.allows = this.allAllows.filter((s) => !s.constrained);
    this.denies = statements.filter((s) => s.deny && !s.statement.has('Condition'));
    const services = new Set<string>();
    let any = false;
    for (const si of this.allows) {
      if (si.notActions.length) any = true;
      for (const a of si.actions) {
        const v = a.value.trim().toLowerCase();
        const svc = servicePrefix(v);
        if (!v.includes(':') || /[*?]/.test(svc)) any = true;
        else services.add(svc);
      }
    }
    if (!any) this.services = services;
  }

  /** The first unconstrained Allow of the action that no Deny removes, or undefined. */
  grant(action: string | ActionInfo): Grant | undefined {
    return this.grants(action)[0];
  }

  /**
   * The names of `list` this index can grant, in list order: with the services its Allow
   * statements name known, only those services' entries are looked at (not every name per principal).
   */
  reachable(list: ActionList): readonly string[] {
    if (!this.services) return list.names;
    let picked: number[] | undefined;
    for (const svc of this.services) {
      const at = list.bySvc.get(svc);
      if (at) (picked ??= []).push(...at);
    }
    if (!picked) return NO_NAMES;
    picked.sort((a, b) => a - b);
    return picked.map((i) => list.names[i]);
  }

  /** Whether some Allow statement may grant an action of every one of these services. */
  mayReachAll(services: readonly string[]): boolean {
    const have = this.services;
    if (!have) return true;
    for (let i = 0; i < services.length; i++) if (!have.has(services[i])) return false;
    return true;
  }

  /** Every unconstrained Allow of the action (one per statement), empty when a Deny removes it. */
  grants(action: string | ActionInfo): readonly Grant[] {
    // No statement can grant another service's actions: answer without loading its catalog file.
    if (typeof action === 'string' && this.services && !this.services.has(servicePrefix(action))) return NO_GRANTS;
    const info = typeof action === 'string' ? this.cat.getAction(action) : action;
    if (!info) return NO_GRANTS;
    const hit = this.cache.get(info);
    if (hit) return hit;
    const lower = info.fullName.toLowerCase();
    let out: Grant[] = [];
    if (!this.denied(info, lower)) {
      const allows = this.allows;
      for (let i = 0; i < allows.length; i++) {
        const si = allows[i];
        const av = actionValueFor(si, info, lower);
        if (!av) continue;
        if (si.notResources.length) {
          if (!si.resources.length && !resourceTouches(this.cat, si.notResources, info)) out.push({ action: info.fullName, statement: si.statement, actionValue: av });
          continue;
        }
        const rv = wildcardResource(this.cat, si.resources, info);
        if (rv) out.push({ action: info.fullName, statement: si.statement, actionValue: av, resourceValue: rv });
      }
    }
    if (!out.length) out = NO_GRANTS as Grant[];
    this.cache.set(info, out);
    return out;
  }

  private denied(info: ActionInfo, lower: string): boolean {
    for (const si of this.denies) {
      if (!actionValueFor(si, info, lower)) continue;
      if (si.resources.length && wildcardResource(this.cat, si.resources, info)) return true;
    }
    return false;
  }

  /**
   * Full admin: an Allow of `*` / `*:*` on `*`, not narrowed by an unconditional Deny of `*` on `*`.
   * Conditions do not lower it (an administrator restricted to an IP range or to MFA sessions is
   * still an administrator).
   */
  fullAdmin(): Grant[] {
    const deniedAll = this.denies.some((si) => si.actions.some((v) => isStar(v.value)) && si.resources.some((r) => r.value.trim() === '*'));
    if (deniedAll) return [];
    const out: Grant[] = [];
    for (const si of this.allAllows) {
      const rv = si.resources.find((r) => r.value.trim() === '*');
      if (!rv || si.notResources.length) continue;
      for (const av of si.actions) if (isStar(av.value)) out.push({ action: '*', statement: si.statement, actionValue: av, resourceValue: rv });
    }
    return out;
  }

  /** Every action an Allow item may grant (expanded), for the derived categories. */
  candidateActions(): ActionInfo[] {
    if (this.allows.some((si) => si.actionPats.some((p) => p.star) || (!si.actionPats.length && si.notActionPats.length))) return this.cat.expand('*');
    const seen = new Set<ActionInfo>();
    for (const si of this.allows) for (const p of si.actionPats) for (const a of this.cat.expand(p.value.value.trim())) seen.add(a);
    return [...seen];
  }
}

const NO_GRANTS: readonly Grant[] = Object.freeze([]);

const isStar = (s: string) => {
  const t = s.trim();
  return t === '*' || t === '*:*';
};

function list(grants: Grant[], max = 3): string {
  const names = new Set<string>();
  for (const g of grants) names.add(g.action);
  const first = [...names].slice(0, max);
  return names.size > max ? `${first.join(', ')} and ${names.size - max} more` : first.join(', ');
}

function computeRisks(cat: IamCatalog, policies: PolicyModel[]): PrincipalRisk[] {
  const statements = policies.flatMap((p) => p.statements.map(statementInfo));
  const idx = new GrantIndex(cat, statements);
  const out: PrincipalRisk[] = [];

  const admin = idx.fullAdmin();
  if (admin.length) out.push({ category: 'full-admin', grants: admin, summary: 'every action on every resource (full administrator)' });

  // Indexed loops here and below: this runs per principal, mostly before the JIT has warmed up,
  // where a for-of loop allocates an iterator result per element.
  const methods = (escalationMethods ??= privilegeEscalationMethods().map((x) => ({ ...x, services: [...new Set(x.actions.map(servicePrefix))] })));
  for (let i = 0; i < methods.length; i++) {
    const m = methods[i];
    if (!idx.mayReachAll(m.services)) continue;
    const grants: Grant[] = [];
    for (let j = 0; j < m.canonicalActions.length; j++) {
      const g = idx.grant(m.canonicalActions[j]);
      if (!g) break;
      grants.push(g);
    }
    if (grants.length === m.canonicalActions.length) {
      out.push({ category: 'privilege-escalation', grants, method: m, summary: `privilege escalation via ${m.name} (${m.canonicalActions.join(' + ')})` });
    }
  }

  const pick = (list: ActionList) => {
    const gs: Grant[] = [];
    const names = idx.reachable(list);
    for (let i = 0; i < names.length; i++) {
      const g = idx.grants(names[i]);
      for (let j = 0; j < g.length; j++) gs.push(g[j]);
    }
    return gs;
  };

  const reads = pick(readActions());
  const discovery = pick((discoveryList ??= actionList(DISCOVERY_ACTIONS)));
  if (reads.length) {
    const s3Disc = discovery.filter((g) => g.action.startsWith('s3:'));
    const s3Read = reads.some((g) => g.action.startsWith('s3:'));
    const withDisc = s3Read && s3Disc.length ? `, with ${list(s3Disc)} to find buckets` : '';
    out.push({ category: 'data-read', grants: reads, summary: `${list(reads)} on every resource${withDisc}` });
  }
  if (discovery.length) out.push({ category: 'discovery', grants: discovery, summary: `${list(discovery)} on every resource` });

  const creds = pick(credentialActions());
  if (creds.length) out.push({ category: 'credentials-exposure', grants: creds, summary: `${list(creds)} on every resource (returns credentials)` });

  // Permissions-management actions on every resource (the chain rule reads these). The broader
  // 'infrastructure-modification' category (any write) has no reader yet and costs a grant check
  // per write action a wildcard reaches, on every principal: it is not computed.
  const cands = idx.candidateActions();
  const exposure: Grant[] = [];
  for (let i = 0; i < cands.length; i++) {
    const a = cands[i];
    if (!a.accessLevels.includes('Permissions management')) continue;
    const g = idx.grant(a);
    if (g) exposure.push(g);
  }
  if (exposure.length) out.push({ category: 'resource-exposure', grants: exposure, summary: `${list(exposure)} on every resource (permissions management)` });
  return out;
}

/** A risk list with its entries indexed by service prefix (positions into `names`). */
interface ActionList {
  names: readonly string[];
  bySvc: Map<string, number[]>;
}
const NO_NAMES: readonly string[] = Object.freeze([]);

function actionList(names: readonly string[]): ActionList {
  const bySvc = new Map<string, number[]>();
  names.forEach((n, i) => {
    const svc = servicePrefix(n);
    const at = bySvc.get(svc);
    if (at) at.push(i);
    else bySvc.set(svc, [i]);
  });
  return { names, bySvc };
}

/** Our own copy (privilegeEscalationMethods() hands out a fresh one per call; this is read per principal). */
let escalationMethods: (PrivilegeEscalationMethod & { services: string[] })[] | undefined;
let readList: ActionList | undefined;
let discoveryList: ActionList | undefined;
function readActions(): ActionList {
  // Lower-case names are enough: grants() looks actions up case-insensitively (and only in the
  // services a principal's statements can reach) and reports canonical names.
  return (readList ??= actionList([...new Set([...DATA_READ_ACTIONS.map((a) => a.toLowerCase()), ...riskActions('data-exfiltration')])]));
}
let credsList: ActionList | undefined;
function credentialActions(): ActionList {
  const exclude = new Set(NOT_CREDENTIALS_EXPOSURE.map((a) => a.toLowerCase()));
  return (credsList ??= actionList([...riskActions('credentials-exposure')].filter((a) => !exclude.has(a))));
}


/** A grant of an action (canonical or any case) among the risks, for rules that ask about one action. */
export function findGrant(risks: PrincipalRisk[], action: string): Grant | undefined {
  const a = action.toLowerCase();
  for (const r of risks) for (const g of r.grants) if (g.action.toLowerCase() === a) return g;
  return undefined;
}

/** Every unconstrained grant of one action (canonical name) by a set of policies, Deny applied (memoised). */
export function actionGrants(ctx: RuleContext, policies: PolicyModel[], action: string): readonly Grant[] {
  let m = grantIndexMemo.get(ctx.extracted);
  if (!m) grantIndexMemo.set(ctx.extracted, (m = new Map()));
  const ids = policies.filter((p) => p.kind === 'identity');
  const key = policyKey(ids);
  let idx = m.get(key);
  if (!idx) m.set(key, (idx = new GrantIndex(ctx.catalog, ids.flatMap((p) => p.statements.map(statementInfo)))));
  return idx.grants(action);
}
const grantIndexMemo = new WeakMap<object, Map<string, GrantIndex>>();
