import type { RuleContext } from '../../engine/context';
import type { Fix, Rule, SecuritySeverity, TextEdit } from '../../engine/types';
import { insertEntry, type JsValue } from '../../fixes/edits';
import type { Node } from '../../model/node';
import { get, getEntry, intrinsicName, isObject } from '../../model/node';
import type { PolicyModel, StatementModel } from '../../model/policy';
import type { ResourceModel } from '../../model/template';
import { hasPlaceholder, resolveScalar, type Value } from '../../model/values';
import { globToRegExp } from '../../catalog/arn';

// ---------------------------------------------------------------------------------------------
// Shared by the exposure rules (public-resource-policy, trust-any-principal, trust-missing-condition).

export interface PrincipalValue {
  type: string;
  value: Value;
}

/**
 * Principal values that mean "everyone": `"*"`, `{AWS: "*"}`, and ARNs whose account is a
 * wildcard (`arn:aws:iam::*:root` — IAM rejects wildcards inside principal ARNs, and if it did
 * not, the value would match every account). Unknown values (`{{Param}}`) are specific.
 */
export function anyonePrincipals(s: StatementModel, el: 'Principal' | 'NotPrincipal' = 'Principal'): PrincipalValue[] {
  return s.principals(el).filter((p) => isAnyone(p));
}

export function isAnyone(p: PrincipalValue): boolean {
  if (!p.value.known && hasPlaceholder(p.value.value)) return false;
  const v = p.value.value.trim();
  if (p.type === '*') return v === '*';
  if (p.type !== 'AWS' && p.type !== 'CanonicalUser') return false;
  if (v === '*') return true;
  return /^arn:[^:]*:(iam|sts)::\*:/.test(v);
}

export interface ConditionHit {
  operator: string;
  key: string;
  keyNode: Node;
  values: Value[];
}

/** Operators that, in an Allow, narrow the request to the listed values (not the negative ones). */
export function positiveOperator(op: string): { base: string } | undefined {
  let o = op;
  if (/IfExists$/.test(o)) return undefined; // a missing key passes: no restriction for direct callers
  if (o.startsWith('ForAllValues:')) return undefined; // true when the key is absent
  if (o.startsWith('ForAnyValue:')) o = o.slice('ForAnyValue:'.length);
  if (/^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress|Bool|NumericLessThan|NumericLessThanEquals|NumericEquals)$/.test(o)) return { base: o };
  return undefined;
}

const OPEN_VALUES = new Set(['*', '0.0.0.0/0', '::/0']);

/**
 * Conditions of a statement on one of `keys` (lower case) that really narrow who can call: a
 * positive operator, and no value that matches everything (`*`, `0.0.0.0/0`). `Bool` keys
 * count only when they require `true`. Unknown values (parameters without default) count as
 * specific.
 */
export function restrictingConditions(s: StatementModel, keys: ReadonlySet<string>): ConditionHit[] {
  const out: ConditionHit[] = [];
  for (const c of s.conditions()) {
    const k = c.key.toLowerCase();
    if (!keys.has(k)) continue;
    const op = positiveOperator(c.operator);
    if (!op) continue;
    if (!c.values.length) continue;
    if (op.base === 'Bool') {
      if (c.values.every((v) => v.value.toLowerCase() === 'true')) out.push({ operator: c.operator, key: c.key, keyNode: c.keyEntry.keyNode, values: c.values });
      continue;
    }
    if (c.values.some((v) => v.known && OPEN_VALUES.has(v.value.trim()))) continue;
    out.push({ operator: c.operator, key: c.key, keyNode: c.keyEntry.keyNode, values: c.values });
  }
  return out;
}

/**
 * Condition keys that limit a `Principal: "*"` grant to known callers, networks or sources.
 * Global keys from the IAM global condition context keys reference; service keys from the KMS,
 * S3 access point and EFS documentation.
 */
export const RESTRICTING_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpce',
    'aws:SourceVpc',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalIsAWSService',
    'aws:PrincipalServiceName',
    'aws:userid',
    'kms:CallerAccount',
    'kms:ViaService',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
    'elasticfilesystem:AccessedViaMountTarget',
    'elasticfilesystem:AccessPointArn',
  ].map((k) => k.toLowerCase()),
);

/** "This account": the edit helpers write it in the file's style (`!Ref …`, `Ref: …` or `{"Ref": …}`). */
const THIS_ACCOUNT: JsValue = { Ref: 'AWS::AccountId' };

/**
 * Choice fixes that add `Condition: {<op>: {<key>: <value>}}` to a statement, merging into an
 * existing `Condition` / operator object. `value === 'ACCOUNT'` inserts a `Ref` to
 * AWS::AccountId in the file's style. No fix for policies embedded in strings.
 */
export function addConditionEdits(ctx: RuleContext, s: StatementModel, op: string, key: string, value: string | 'ACCOUNT'): TextEdit[] | undefined {
  const node = s.node;
  if (node.embeddedIn || s.policy.context.expandedFrom) return undefined;
  let rendered: JsValue = value;
  if (value === 'ACCOUNT') {
    if (!ctx.template) return undefined;
    rendered = THIS_ACCOUNT;
  }
  const condEntry = s.entry('Condition');
  let edits: TextEdit[];
  if (!condEntry) edits = insertEntry(ctx.doc, node, 'Condition', { [op]: { [key]: rendered } });
  else {
    const cond = condEntry.value;
    if (!isObject(cond) || intrinsicName(cond)) return undefined;
    const opObj = get(cond, op);
    if (opObj && (!isObject(opObj) || intrinsicName(opObj))) return undefined;
    edits = isObject(opObj) ? insertEntry(ctx.doc, opObj, key, rendered) : insertEntry(ctx.doc, cond, op, { [key]: rendered });
  }
  return edits.length ? edits : undefined;
}

export function conditionFix(ctx: RuleContext, s: StatementModel, title: string, op: string, key: string, value: string | 'ACCOUNT', preferred = false): Fix[] {
  const edits = addConditionEdits(ctx, s, op, key, value);
  return edits ? [{ title, kind: 'choice', isPreferred: preferred, edits }] : [];
}

/** How a principal value reads in a message. */
export function showPrincipal(p: PrincipalValue): string {
  if (p.type === '*') return 'Principal "*"';
  return `Principal {${p.type}: "${p.value.value}"}`;
}

/** Friendly name of where a policy lives, for messages. */
export function policyWhere(p: PolicyModel): string {
  const t = p.context.resourceType;
  const names: Record<string, string> = {
    'AWS::S3::BucketPolicy': 'Bucket policy',
    'AWS::S3::AccessPoint': 'S3 access point policy',
    'AWS::SQS::QueuePolicy': 'Queue policy',
    'AWS::SNS::TopicPolicy': 'Topic policy',
    'AWS::KMS::Key': 'Key policy',
    'AWS::ECR::Repository': 'ECR repository policy',
    'AWS::SecretsManager::ResourcePolicy': 'Secret resource policy',
    'AWS::OpenSearchService::Domain': 'OpenSearch domain access policy',
    'AWS::Elasticsearch::Domain': 'Elasticsearch domain access policy',
    'AWS::EFS::FileSystem': 'EFS file system policy',
    'AWS::Logs::ResourcePolicy': 'CloudWatch Logs resource policy',
    'AWS::ApiGateway::RestApi': 'API Gateway resource policy',
    'AWS::Backup::BackupVault': 'Backup vault access policy',
    'AWS::Events::EventBusPolicy': 'Event bus policy',
    'AWS::IAM::Role': 'Trust policy',
  };
  const base = (t && names[t]) ?? (p.kind === 'trust' ? 'Trust policy' : 'Resource policy');
  return p.context.resourceId ? `${base} of '${p.context.resourceId}'` : base;
}

// ---------------------------------------------------------------------------------------------

const WRITE_LEVELS = new Set(['Write', 'Permissions management']);

/** Critical when the grant writes or changes permissions (or is a wildcard/NotAction), else high. */
function grantSeverity(ctx: RuleContext, actions: Value[], notAction: boolean): { sev: SecuritySeverity; shown: string } {
  if (notAction) return { sev: 'critical', shown: 'every action except those in NotAction' };
  const known = actions.filter((a) => a.known && !hasPlaceholder(a.value)).map((a) => a.value.trim());
  const shown = known.length ? known.slice(0, 3).map((a) => `'${a}'`).join(', ') + (known.length > 3 ? ` and ${known.length - 3} more` : '') : 'its actions';
  for (const a of known) {
    if (a === '*' || /:\*$/.test(a)) return { sev: 'critical', shown };
    try {
      const infos = /[*?]/.test(a) ? ctx.catalog.expand(a) : [ctx.catalog.getAction(a)].filter((x) => !!x);
      if (infos.some((i) => i && i.accessLevels.some((l) => WRITE_LEVELS.has(l)))) return { sev: 'critical', shown };
    } catch {
      /* catalog unavailable: keep high */
    }
  }
  return { sev: 'high', shown };
}

const NEGATIVE_OPS = /^(ForAnyValue:|ForAllValues:)?(StringNotEquals|StringNotEqualsIgnoreCase|StringNotLike|ArnNotEquals|ArnNotLike|NotIpAddress)(IfExists)?$/;

function globRe(p: string): RegExp {
  return globToRegExp(p);
}

/**
 * The "allow everyone, then deny whoever is not from here" pattern: a Deny statement for
 * everyone, with a negated condition on a restricting key (`StringNotEquals aws:SourceVpce`,
 * `NotIpAddress aws:SourceIp`, `StringNotEquals aws:PrincipalOrgID`), covering the Allow's actions.
 */
function denyGuards(p: PolicyModel, allow: StatementModel): boolean {
  const allowActions = allow.actions().filter((a) => a.known).map((a) => a.value.trim());
  for (const d of p.statements) {
    if (d === allow || d.allows || !d.effects().length) continue;
    if (!anyonePrincipals(d).length) continue;
    const guard = d.conditions().some((c) => RESTRICTING_KEYS.has(c.key.toLowerCase()) && NEGATIVE_OPS.test(c.operator) && c.values.length > 0);
    if (!guard) continue;
    if (d.has('NotAction')) return true;
    const denied = d.actions().filter((a) => a.known).map((a) => globRe(a.value.trim()));
    if (!denied.length) continue;
    if (allowActions.length && allowActions.every((a) => denied.some((re) => re.test(a) || re.test(a.replace(/\*/g, 'x'))))) return true;
  }
  return false;
}

/** OpenSearch/Elasticsearch domains placed in a VPC are not reachable from the internet. */
function domainMitigation(r: ResourceModel | undefined): 'vpc' | 'fgac' | undefined {
  if (!r || !/^AWS::(OpenSearchService|Elasticsearch)::Domain$/.test(r.type)) return undefined;
  if (get(r.properties, 'VPCOptions')) return 'vpc';
  const adv = get(r.properties, 'AdvancedSecurityOptions');
  const enabled = resolveScalar(get(adv, 'Enabled'), {});
  if (enabled.length && enabled.every((v) => v.value === 'true')) return 'fgac';
  return undefined;
}

function policyFixes(ctx: RuleContext, s: StatementModel): Fix[] {
  return [
    ...conditionFix(ctx, s, 'Restrict to your organization: add Condition aws:PrincipalOrgID (replace o-PLACEHOLDER)', 'StringEquals', 'aws:PrincipalOrgID', 'o-PLACEHOLDER', true),
    ...conditionFix(ctx, s, 'Restrict to principals of this account: add Condition aws:PrincipalAccount = AWS::AccountId', 'StringEquals', 'aws:PrincipalAccount', 'ACCOUNT'),
    ...conditionFix(ctx, s, 'Restrict to AWS services acting for this account: add Condition aws:SourceAccount = AWS::AccountId', 'StringEquals', 'aws:SourceAccount', 'ACCOUNT'),
  ];
}

/**
 * `AWS::Events::EventBusPolicy` in its older form (`Principal`, `Action`, `Condition` instead of
 * `Statement`): `Principal: "*"` lets every AWS account put events on the bus unless `Condition`
 * (`{Type, Key, Value}`, e.g. `aws:PrincipalOrgID`) narrows it.
 */
function checkEventBusPolicy(ctx: RuleContext, r: ResourceModel): void {
  const props = r.properties;
  if (!props || getEntry(props, 'Statement') || getEntry(props, 'Condition')) return;
  const pEntry = getEntry(props, 'Principal');
  if (!pEntry) return;
  const star = resolveScalar(pEntry.value, { template: ctx.template }).find((v) => v.known && v.value.trim() === '*');
  if (!star) return;
  const action = resolveScalar(get(props, 'Action'), { template: ctx.template }).find((v) => v.known)?.value ?? 'events:PutEvents';
  const bus = ctx.template?.referencedIds(get(props, 'EventBusName'))[0]?.id;
  ctx.report({
    node: star.node,
    resourceId: r.id,
    message: `Event bus policy '${r.id}' lets every AWS account call '${action}' on ${bus ? `event bus '${bus}'` : 'the event bus'} (Principal "*"${star.origin ? ' from a parameter default' : ''}, no Condition): anyone can send events that trigger its rules.`,
    fixes: () => {
      const edits = insertEntry(ctx.doc, props, 'Condition', { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: 'o-PLACEHOLDER' });
      return edits.length ? [{ title: 'Restrict to your organization: add Condition aws:PrincipalOrgID (replace o-PLACEHOLDER)', kind: 'choice', isPreferred: true, edits }] : [];
    },
  });
}

function checkLambdaPermission(ctx: RuleContext, r: ResourceModel): void {
  const props = r.properties;
  if (!props) return;
  const t = ctx.template;
  const opts = { template: t };
  const pEntry = getEntry(props, 'Principal');
  if (!pEntry) return;
  const star = resolveScalar(pEntry.value, opts).find((v) => v.known && v.value.trim() === '*');
  if (!star) return;
  for (const k of ['SourceArn', 'SourceAccount', 'PrincipalOrgID', 'EventSourceToken']) {
    if (resolveScalar(get(props, k), opts).length) return;
  }
  const action = resolveScalar(get(props, 'Action'), opts).find((v) => v.known)?.value ?? 'lambda:InvokeFunction';
  const authType = resolveScalar(get(props, 'FunctionUrlAuthType'), opts).map((v) => v.value);
  const fn = t?.referencedIds(get(props, 'FunctionName'))[0]?.id;
  const target = fn ? `function '${fn}'` : 'the function';
  let why: string;
  if (/InvokeFunctionUrl/i.test(action) && authType.includes('NONE')) why = `makes the function URL of ${target} public: anyone on the internet can call it without credentials (FunctionUrlAuthType NONE)`;
  else why = `lets any AWS account (or any service acting for one) call '${action}' on ${target}`;
  const sev: SecuritySeverity = /^lambda:(InvokeFunction|InvokeFunctionUrl|InvokeAsync)$/i.test(action) ? 'high' : 'critical';
  const fixes = (): Fix[] => {
    const out: Fix[] = [];
    const e1 = insertEntry(ctx.doc, props, 'PrincipalOrgID', 'o-PLACEHOLDER');
    if (e1.length) out.push({ title: 'Restrict to your organization: add PrincipalOrgID (replace o-PLACEHOLDER)', kind: 'choice', isPreferred: true, edits: e1 });
    const e2 = insertEntry(ctx.doc, props, 'SourceAccount', THIS_ACCOUNT);
    if (e2.length) out.push({ title: 'Restrict to sources in this account: add SourceAccount = AWS::AccountId', kind: 'choice', edits: e2 });
    return out;
  };
  ctx.report({
    node: star.node,
    resourceId: r.id,
    securitySeverity: sev,
    message: `Lambda permission '${r.id}' grants Principal "*" with no SourceArn, SourceAccount or PrincipalOrgID, so it ${why}.`,
    fixes,
  });
}

export const publicResourcePolicy: Rule = {
  meta: {
    id: 'iam/public-resource-policy',
    title: 'Resource policy open to everyone (Principal "*") without a restricting condition',
    severity: 'error',
    securitySeverity: 'critical',
    scope: ['template', 'policy'],
    fixable: 'choice',
    tags: ['iam', 'exposure', 'public'],
    docs: {
      rationale:
        'A resource policy (S3 bucket or access point policy, SNS topic, SQS queue, KMS key, ECR repository, Secrets Manager secret, OpenSearch domain, EFS file system, API Gateway REST API, CloudWatch Logs, Backup vault) with `Effect: Allow` and `Principal: "*"` or `{"AWS": "*"}` grants its actions to every AWS account and, for most services, to anonymous callers — unless a condition limits who may call. leastpriv accepts as limiting a positive condition (`StringEquals`, `StringLike`, `ArnLike`, `IpAddress`, `ForAnyValue:…`; not `…IfExists`, `ForAllValues:…` or negated operators, and not a `*` or `0.0.0.0/0` value) on `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:userid`, `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceOrgID`, `aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceIp`, `aws:VpcSourceIp`, `aws:PrincipalIsAWSService`/`aws:PrincipalServiceName`, `kms:CallerAccount`, `kms:ViaService`, `s3:DataAccessPointAccount`/`s3:DataAccessPointArn` and `elasticfilesystem:AccessedViaMountTarget`/`AccessPointArn`. `aws:Referer` and `aws:SecureTransport` do not limit the caller. `AWS::Lambda::Permission` with `Principal: "*"` and none of `SourceArn`, `SourceAccount`, `PrincipalOrgID`, `EventSourceToken` is reported too (with `FunctionUrlAuthType: NONE` it is a public function URL), and so is `AWS::Events::EventBusPolicy` in its older form, with `Principal: "*"` and no `Condition` instead of a `Statement` (every AWS account may put events on the bus). The security severity is critical when the actions write or manage permissions (or are `*`/`NotAction`), high for read-only grants. An Allow is also limited by a Deny statement for everyone with a negated condition on one of those keys that covers its actions (`Deny` unless `aws:SourceVpce` is the endpoint — the documented pattern for private APIs and VPC-only buckets). An API Gateway REST API policy that allows everyone is reported as info: without a policy the API is callable by anyone anyway, and authorization rests on its authorizers. VPC endpoint policies are not reported: `Principal: "*"` is their norm, and an endpoint policy only narrows what IAM already allows. OpenSearch domains in a VPC are not reported; a public domain with fine-grained access control is reported as info.',
      fix: 'Offers choices that add a `Condition` (merged into an existing `Condition`/`StringEquals`): `aws:PrincipalOrgID` with a placeholder organization id to replace, `aws:PrincipalAccount` or `aws:SourceAccount` equal to `AWS::AccountId` (`!Ref AWS::AccountId` in YAML, `{"Ref": "AWS::AccountId"}` in JSON; template only). For `AWS::Lambda::Permission`: `PrincipalOrgID` or `SourceAccount`; for the older `AWS::Events::EventBusPolicy` form: a `Condition` on `aws:PrincipalOrgID`. Never applied automatically: a public website bucket may be intended; then serve it through CloudFront with origin access control instead. No fix for policies written as JSON strings.',
      bad: {
        format: 'yaml',
        text: 'BucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Bucket\n    PolicyDocument:\n      Statement:\n        - Effect: Allow\n          Principal: "*"\n          Action: s3:GetObject\n          Resource: !Sub "${Bucket.Arn}/*"\n',
      },
      good: {
        format: 'yaml',
        text: 'BucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Bucket\n    PolicyDocument:\n      Statement:\n        - Effect: Allow\n          Principal: "*"\n          Action: s3:GetObject\n          Resource: !Sub "${Bucket.Arn}/*"\n          Condition:\n            StringEquals:\n              aws:PrincipalOrgID: o-a1b2c3d4e5\n',
      },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbuspolicy.html',
        'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    for (const p of ctx.policies) {
      if (p.kind !== 'resource' || p.context.expandedFrom) continue;
      const r = p.context.resourceId ? t?.resources.get(p.context.resourceId) : undefined;
      const mitigation = domainMitigation(r);
      if (mitigation === 'vpc') continue;
      for (const s of p.statements) {
        if (!s.allows) continue;
        const hits = anyonePrincipals(s);
        if (!hits.length) continue;
        if (restrictingConditions(s, RESTRICTING_KEYS).length || denyGuards(p, s)) continue;
        const { sev, shown } = grantSeverity(ctx, s.actions(), s.has('NotAction'));
        const hit = hits[0];
        const where = policyWhere(p);
        // A REST API without a resource policy is callable by anyone already; "Allow *" adds nothing
        // beyond that, and authorization rests on the API's authorizers.
        const apiGw = p.context.resourceType === 'AWS::ApiGateway::RestApi';
        const fgac = mitigation === 'fgac' || apiGw;
        ctx.report({
          node: hit.value.node,
          resourceId: p.context.resourceId,
          severity: fgac ? 'info' : undefined,
          securitySeverity: fgac ? 'low' : sev,
          message: apiGw
            ? `${where} allows ${shown} to everyone (${showPrincipal(hit)}): the API is public and relies on its authorizers alone; add a condition (aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID) if it should not be.`
            : fgac
            ? `${where} allows ${shown} to everyone (${showPrincipal(hit)}): the domain is reachable by anyone and relies on fine-grained access control alone.`
            : `${where} allows ${shown} to everyone (${showPrincipal(hit)}), including anonymous callers, with no condition limiting the caller (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpce, …).`,
          fixes: () => policyFixes(ctx, s),
        });
      }
    }
    if (t) for (const r of t.resourcesOfType('AWS::Lambda::Permission')) checkLambdaPermission(ctx, r);
    if (t) for (const r of t.resourcesOfType('AWS::Events::EventBusPolicy')) checkEventBusPolicy(ctx, r);
  },
};
