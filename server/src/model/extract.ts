import type { Node, ObjectNode } from './node';
import { get, getEntry, isArray, isObject, isString, intrinsicName, scalarString } from './node';
import type { PolicyKind } from '../engine/types';
import { parseEmbeddedJson } from './embedded';
import { PolicyModel, alternatives, type PolicyContext } from './policy';
import type { ResourceModel, TemplateModel } from './template';
import { resolveList, type Value } from './values';
import { own } from '../util/own';

/** A principal defined in the template that policies attach to. */
export interface PrincipalModel {
  id: string;
  type: string;
  resource: ResourceModel;
  policies: PolicyModel[];
  /** ManagedPolicyArns (and SAM managed policy names), resolved. */
  managedPolicies: Value[];
}

export interface ExtractedPolicies {
  policies: PolicyModel[];
  principals: Map<string, PrincipalModel>;
}

type Where = { path: string[]; kind: PolicyKind; label?: string };

/** Resource types whose properties hold policy documents, and where. */
const DOCUMENT_LOCATIONS: Record<string, Where[]> = {
  'AWS::IAM::Role': [{ path: ['AssumeRolePolicyDocument'], kind: 'trust' }],
  'AWS::IAM::Policy': [{ path: ['PolicyDocument'], kind: 'identity' }],
  'AWS::IAM::ManagedPolicy': [{ path: ['PolicyDocument'], kind: 'identity' }],
  'AWS::IAM::RolePolicy': [{ path: ['PolicyDocument'], kind: 'identity' }],
  'AWS::IAM::UserPolicy': [{ path: ['PolicyDocument'], kind: 'identity' }],
  'AWS::IAM::GroupPolicy': [{ path: ['PolicyDocument'], kind: 'identity' }],
  'AWS::S3::BucketPolicy': [{ path: ['PolicyDocument'], kind: 'resource' }],
  'AWS::S3::AccessPoint': [{ path: ['Policy'], kind: 'resource' }],
  'AWS::SQS::QueuePolicy': [{ path: ['PolicyDocument'], kind: 'resource' }],
  'AWS::SNS::TopicPolicy': [{ path: ['PolicyDocument'], kind: 'resource' }],
  'AWS::KMS::Key': [{ path: ['KeyPolicy'], kind: 'resource' }],
  'AWS::ECR::Repository': [{ path: ['RepositoryPolicyText'], kind: 'resource' }],
  'AWS::SecretsManager::ResourcePolicy': [{ path: ['ResourcePolicy'], kind: 'resource' }],
  'AWS::EC2::VPCEndpoint': [{ path: ['PolicyDocument'], kind: 'endpoint' }],
  'AWS::OpenSearchService::Domain': [{ path: ['AccessPolicies'], kind: 'resource' }],
  'AWS::Elasticsearch::Domain': [{ path: ['AccessPolicies'], kind: 'resource' }],
  'AWS::SSO::PermissionSet': [{ path: ['InlinePolicy'], kind: 'identity' }],
  'AWS::EFS::FileSystem': [{ path: ['FileSystemPolicy'], kind: 'resource' }],
  'AWS::Logs::ResourcePolicy': [{ path: ['PolicyDocument'], kind: 'resource' }],
  'AWS::ApiGateway::RestApi': [{ path: ['Policy'], kind: 'resource' }],
  'AWS::Backup::BackupVault': [{ path: ['AccessPolicy'], kind: 'resource' }],
  'AWS::Events::EventBusPolicy': [{ path: ['Statement'], kind: 'resource' }],
};

/** Types with `Policies: [{PolicyName, PolicyDocument}]` inline identity policies. */
const INLINE_POLICY_LISTS = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);
const PRINCIPAL_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);
const SAM_WITH_POLICIES = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);
/** Policies attached to one principal by name or Ref: the property and the principal's type. */
const SINGLE_PRINCIPAL_POLICIES: Record<string, readonly [string, string] | undefined> = {
  'AWS::IAM::RolePolicy': ['RoleName', 'AWS::IAM::Role'],
  'AWS::IAM::UserPolicy': ['UserName', 'AWS::IAM::User'],
  'AWS::IAM::GroupPolicy': ['GroupName', 'AWS::IAM::Group'],
};

export interface ExtractOptions {
  text: string;
  /** Expands a SAM policy template (`S3ReadPolicy: {BucketName: x}`) into statements. */
  expandSamTemplate?: (name: string, params: ObjectNode | undefined, at: Node) => ObjectNode | undefined;
}

/** The lists of an `AWS::IAM::Policy` / `ManagedPolicy` that attach it, and what they name. */
const ATTACHMENT_LISTS = [
  { prop: 'Roles', type: 'AWS::IAM::Role' },
  { prop: 'Users', type: 'AWS::IAM::User' },
  { prop: 'Groups', type: 'AWS::IAM::Group' },
] as const;

export function extractPolicies(t: TemplateModel, opts: ExtractOptions): ExtractedPolicies {
  const policies: PolicyModel[] = [];
  const principals = new Map<string, PrincipalModel>();
  const ensurePrincipal = (r: ResourceModel, id = r.id, type = r.type) => {
    let p = principals.get(id);
    if (!p) principals.set(id, (p = { id, type, resource: r, policies: [], managedPolicies: [] }));
    return p;
  };
  // Roles/users/groups by their explicit name, to attach policies that name them literally.
  const byName = new Map<string, string>();
  for (const r of t.resources.values()) {
    if (!PRINCIPAL_TYPES.has(r.type)) continue;
    ensurePrincipal(r);
    const nameProp = r.type === 'AWS::IAM::Role' ? 'RoleName' : r.type === 'AWS::IAM::User' ? 'UserName' : 'GroupName';
    const n = scalarString(get(r.properties, nameProp));
    if (n) byName.set(`${r.type}:${n}`, r.id);
  }

  const add = (r: ResourceModel, docNode: Node | undefined, ctx: Omit<PolicyContext, 'resourceId' | 'resourceType'>) => {
    for (const doc of documentNodes(docNode, opts.text)) {
      const pm = new PolicyModel(doc.node, { ...ctx, resourceId: r.id, resourceType: r.type, subStrings: doc.sub }, t);
      policies.push(pm);
      for (const pid of ctx.principals) principals.get(pid)?.policies.push(pm);
    }
  };

  for (const r of t.resources.values()) {
    const props = r.properties;
    if (!props) continue;
    const attachTo: string[] = [];
    if (PRINCIPAL_TYPES.has(r.type)) attachTo.push(r.id);
    if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
      for (const a of ATTACHMENT_LISTS) attachTo.push(...attachedIds(t, get(props, a.prop), a.type, byName));
    }
    const single = own(SINGLE_PRINCIPAL_POLICIES, r.type);
    if (single) attachTo.push(...attachedIds(t, get(props, single[0]), single[1], byName));

    for (const w of own(DOCUMENT_LOCATIONS, r.type) ?? []) {
      const kind = w.kind;
      add(r, get(props, w.path[0]), { kind, label: w.path.join('.'), principals: kind === 'identity' ? attachTo : [] });
    }
    if (INLINE_POLICY_LISTS.has(r.type)) {
      const list = get(props, 'Policies');
      alternatives(list).forEach((item, i) => {
        if (!isObject(item)) return;
        const name = scalarString(get(item, 'PolicyName'));
        add(r, get(item, 'PolicyDocument'), {
          kind: 'identity',
          label: `Policies[${i}]${name ? ` (${name})` : ''}`,
          principals: [r.id],
        });
      });
    }
    if (r.type === 'AWS::IAM::Role' || r.type === 'AWS::IAM::User' || r.type === 'AWS::IAM::Group') {
      const p = ensurePrincipal(r);
      p.managedPolicies.push(...resolveList(get(props, 'ManagedPolicyArns'), { template: t }));
    }
    if (SAM_WITH_POLICIES.has(r.type) && !get(props, 'Role')) {
      // SAM creates `<Id>Role` for the function; its policies come from `Policies`.
      const principalId = `${r.id}Role`;
      const p = ensurePrincipal(r, principalId, 'AWS::IAM::Role');
      // The trust policy of that role, when the function sets one (SAM's SamFunction
      // `AssumeRolePolicyDocument`; without it SAM trusts lambda.amazonaws.com).
      if (r.type === 'AWS::Serverless::Function') add(r, get(props, 'AssumeRolePolicyDocument'), { kind: 'trust', label: 'AssumeRolePolicyDocument', principals: [] });
      const pol = get(props, 'Policies');
      const items = isArray(pol) ? pol.items : pol ? [pol] : [];
      items.forEach((item, i) => {
        if (isString(item) || intrinsicName(item)) {
          p.managedPolicies.push(...resolveList(item, { template: t }));
          return;
        }
        if (!isObject(item)) return;
        if (getEntry(item, 'Statement')) {
          add(r, item, { kind: 'identity', label: `Policies[${i}]`, principals: [principalId] });
          return;
        }
        // A SAM policy template: `{S3ReadPolicy: {BucketName: !Ref B}}`.
        const e = item.entries[0];
        if (e && opts.expandSamTemplate) {
          const expanded = opts.expandSamTemplate(e.key, isObject(e.value) ? e.value : undefined, e.keyNode);
          if (expanded) {
            const pm = new PolicyModel(expanded, { kind: 'identity', label: `Policies[${i}] (${e.key})`, principals: [principalId], resourceId: r.id, resourceType: r.type, expandedFrom: e.key }, t);
            policies.push(pm);
            p.policies.push(pm);
          }
        }
      });
    }
  }
  // Managed policies defined in this template and attached by ARN (`ManagedPolicyArns: [!Ref P]`).
  let byResource: Map<string, PolicyModel[]> | undefined;
  for (const p of principals.values()) {
    for (const ref of t.referencedIds(get(p.resource.properties, 'ManagedPolicyArns'))) {
      if (!byResource) {
        byResource = new Map();
        for (const pm of policies) {
          const id = pm.context.resourceId;
          if (id === undefined) continue;
          const list = byResource.get(id);
          if (list) list.push(pm);
          else byResource.set(id, [pm]);
        }
      }
      for (const pm of byResource.get(ref.id) ?? []) if (!p.policies.includes(pm)) p.policies.push(pm);
    }
  }
  return { policies, principals };
}

function attachedIds(t: TemplateModel, n: Node | undefined, type: string, byName: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const ref of t.referencedIds(n)) if (t.resources.get(ref.id)?.type === type) out.add(ref.id);
  for (const v of resolveList(n, { template: t })) {
    const id = byName.get(`${type}:${v.value}`);
    if (id) out.add(id);
  }
  return [...out];
}

/**
 * The policy documents a property value stands for: an object, a JSON string (optionally inside
 * `Fn::Sub`), and each branch of `Fn::If`.
 */
export function documentNodes(n: Node | undefined, text: string, depth = 0): { node: ObjectNode; sub: boolean }[] {
  if (!n || depth > 5) return [];
  if (isObject(n) && !intrinsicName(n)) return [{ node: n, sub: false }];
  if (isString(n)) {
    const parsed = parseEmbeddedJson(n, text);
    return isObject(parsed) ? [{ node: parsed, sub: false }] : [];
  }
  const fn = intrinsicName(n);
  if (fn === 'Fn::Sub' && isObject(n)) {
    const arg = n.entries[0].value;
    const s = isString(arg) ? arg : isArray(arg) && isString(arg.items[0]) ? arg.items[0] : undefined;
    const parsed = s ? parseEmbeddedJson(s, text) : undefined;
    return isObject(parsed) ? [{ node: parsed, sub: true }] : [];
  }
  if (fn === 'Fn::If') return alternatives(n).flatMap((alt) => documentNodes(alt, text, depth + 1));
  return [];
}
