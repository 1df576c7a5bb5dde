import { principalRisks, statementPlace, type Grant, type PrincipalRisk, type RiskCategory } from '../../analysis/permissions';
import type { RuleContext } from '../../engine/context';
import type { RelatedLocation, Rule } from '../../engine/types';
import type { Node } from '../../model/node';
import { get, getPath, isString, scalarString } from '../../model/node';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { imdsState, type ImdsState } from '../ec2/imds-v1';
import { describeCidr } from '../ec2/cidr';
import { objectsIn, openIngressOf, type OpenIngress } from '../ec2/open-ingress';
import { publicIpSettings, type PublicIpSetting } from '../ec2/public-ip';

const INSTANCE = 'AWS::EC2::Instance';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const LAUNCH_CONFIG = 'AWS::AutoScaling::LaunchConfiguration';
const ASG = 'AWS::AutoScaling::AutoScalingGroup';

/** Risks that make stolen instance credentials a breach, most severe first. */
const CHAIN_RISKS: RiskCategory[] = ['full-admin', 'privilege-escalation', 'credentials-exposure', 'data-read', 'resource-exposure'];

/** Logical ids of resources of the given types that a property value points at (`!Ref`, `!GetAtt`, `${X}`, `!If` branches). */
function refsOfType(t: TemplateModel, n: Node | undefined, ...types: string[]): string[] {
  const out: string[] = [];
  for (const r of t.referencedIds(n)) if (types.includes(t.resource(r.id)?.type ?? '') && !out.includes(r.id)) out.push(r.id);
  return out;
}

/** Whether some reference in a property value leaves the template (a parameter, an import, a literal id). */
function hasOutsideRef(t: TemplateModel, n: Node | undefined, type: string): boolean {
  if (!n) return false;
  const items = objectsOrScalars(n);
  return items.some((x) => !refsOfType(t, x, type).length);
}

function objectsOrScalars(n: Node): Node[] {
  if (n.kind === 'array') return n.items.flatMap(objectsOrScalars);
  return [n];
}

/** The launch template a `LaunchTemplate` specification (instance, ASG) points at: by reference or by literal name. */
function launchTemplatesOf(t: TemplateModel, spec: Node | undefined): ResourceModel[] {
  if (!spec) return [];
  const ids = refsOfType(t, spec, LAUNCH_TEMPLATE);
  const name = scalarString(get(spec, 'LaunchTemplateName'));
  if (name) for (const lt of t.resourcesOfType(LAUNCH_TEMPLATE)) if (scalarString(get(lt.properties, 'LaunchTemplateName')) === name && !ids.includes(lt.id)) ids.push(lt.id);
  return ids.map((id) => t.resource(id)!);
}

/** Where an instance / launch template / launch configuration keeps its launch settings. */
function data(r: ResourceModel): Node | undefined {
  return r.type === LAUNCH_TEMPLATE ? get(r.properties, 'LaunchTemplateData') : r.properties;
}

/** Security group references of one configuration source. */
function groupNodes(r: ResourceModel): Node[] {
  const d = data(r);
  const out: Node[] = [];
  for (const k of ['SecurityGroupIds', 'SecurityGroups']) {
    const n = get(d, k);
    if (n) out.push(n);
  }
  if (r.type !== LAUNCH_CONFIG) {
    for (const ni of objectsIn(get(d, 'NetworkInterfaces'))) {
      const g = get(ni, r.type === INSTANCE ? 'GroupSet' : 'Groups');
      if (g) out.push(g);
    }
  }
  return out;
}

/** The instance profile reference of one configuration source. */
function profileNode(r: ResourceModel): Node | undefined {
  return get(data(r), 'IamInstanceProfile');
}

interface Unit {
  /** What the finding is reported on. */
  subject: ResourceModel;
  /** Configuration sources, most specific first (an instance, then its launch template). */
  sources: ResourceModel[];
  /** Auto Scaling groups that launch it (their subnets). */
  groups: ResourceModel[];
}

function units(t: TemplateModel): Unit[] {
  const byLaunch = new Map<string, ResourceModel[]>();
  for (const g of t.resourcesOfType(ASG)) {
    const specs = [get(g.properties, 'LaunchTemplate'), getPath(g.properties, 'MixedInstancesPolicy', 'LaunchTemplate', 'LaunchTemplateSpecification')];
    const launch = specs.flatMap((s) => launchTemplatesOf(t, s).map((x) => x.id));
    launch.push(...refsOfType(t, get(g.properties, 'LaunchConfigurationName'), LAUNCH_CONFIG));
    for (const id of launch) byLaunch.set(id, [...(byLaunch.get(id) ?? []), g]);
  }
  const out: Unit[] = [];
  const usedByInstance = new Set<string>();
  for (const i of t.resourcesOfType(INSTANCE)) {
    const lts = launchTemplatesOf(t, get(i.properties, 'LaunchTemplate'));
    lts.forEach((x) => usedByInstance.add(x.id));
    out.push({ subject: i, sources: [i, ...lts], groups: [] });
  }
  for (const r of t.resourcesOfType(LAUNCH_TEMPLATE, LAUNCH_CONFIG)) {
    if (usedByInstance.has(r.id)) continue;
    out.push({ subject: r, sources: [r], groups: byLaunch.get(r.id) ?? [] });
  }
  return out;
}

/** IMDS state: the instance's own MetadataOptions, else its launch template's. */
function imdsOf(t: TemplateModel, u: Unit): ImdsState | undefined {
  const own = imdsState(t, u.sources[0]);
  if (!own) return undefined;
  const inherits = u.sources[0].type === INSTANCE && get(u.sources[0].properties, 'LaunchTemplate') && !get(u.sources[0].properties, 'MetadataOptions');
  if (!inherits) return own;
  for (const lt of u.sources.slice(1)) {
    const st = imdsState(t, lt);
    if (st?.v1Allowed) return st;
  }
  return undefined;
}

interface RoleLink {
  profileNode: Node;
  profileId: string;
  roleId: string;
}

/** Instance profile → role: the first source that names a profile decides (an instance overrides its template). */
function rolesOf(t: TemplateModel, u: Unit): RoleLink[] {
  for (const s of u.sources) {
    const pn = profileNode(s);
    if (!pn) continue;
    const out: RoleLink[] = [];
    const profiles = refsOfType(t, pn, 'AWS::IAM::InstanceProfile');
    const name = isString(pn) ? pn.value : undefined;
    if (name) for (const p of t.resourcesOfType('AWS::IAM::InstanceProfile')) if (scalarString(get(p.properties, 'InstanceProfileName')) === name) profiles.push(p.id);
    for (const pid of profiles) {
      for (const rid of refsOfType(t, get(t.resource(pid)?.properties, 'Roles'), 'AWS::IAM::Role')) out.push({ profileNode: pn, profileId: pid, roleId: rid });
    }
    return out;
  }
  return [];
}

interface Reach {
  open: OpenIngress[];
  publicIps: PublicIpSetting[];
}

/**
 * Reachable from the internet: a security group with ingress open to the internet, or a public
 * IP address (own setting, subnet `MapPublicIpOnLaunch`, an Elastic IP) while some security group
 * comes from outside the template (a public IP behind groups that are all in the template and
 * all closed is not reachable).
 */
function reachOf(t: TemplateModel, u: Unit): Reach | undefined {
  const sgIds: string[] = [];
  let outside = false;
  let anyGroup = false;
  for (const s of u.sources) {
    for (const g of groupNodes(s)) {
      anyGroup = true;
      for (const id of refsOfType(t, g, 'AWS::EC2::SecurityGroup')) if (!sgIds.includes(id)) sgIds.push(id);
      if (hasOutsideRef(t, g, 'AWS::EC2::SecurityGroup')) outside = true;
    }
  }
  const open = sgIds.flatMap((id) => openIngressOf(t, id)).filter((o) => !o.icmpOnly);
  const publicIps: PublicIpSetting[] = [];
  for (const s of u.sources) publicIps.push(...publicIpSettings(t, s));
  // Subnets: the instance's (and its interfaces'), the Auto Scaling groups'.
  const subnetNodes: Node[] = [];
  const first = u.sources[0];
  if (first.type === INSTANCE) {
    const sn = get(first.properties, 'SubnetId');
    if (sn) subnetNodes.push(sn);
    for (const ni of objectsIn(get(first.properties, 'NetworkInterfaces'))) {
      if (get(ni, 'AssociatePublicIpAddress') === undefined && get(ni, 'SubnetId')) subnetNodes.push(get(ni, 'SubnetId')!);
    }
    // An Elastic IP associated with the instance.
    for (const ref of t.graph.refsTo(first.id)) {
      const from = t.resource(ref.from);
      if (from && (from.type === 'AWS::EC2::EIP' || from.type === 'AWS::EC2::EIPAssociation') && refsOfType(t, get(from.properties, 'InstanceId'), INSTANCE).includes(first.id)) {
        publicIps.push({ resource: from, node: from.entry.keyNode, property: 'AssociatePublicIpAddress', where: `Elastic IP '${from.id}'` });
      }
    }
  }
  for (const g of u.groups) {
    const z = get(g.properties, 'VPCZoneIdentifier');
    if (z) subnetNodes.push(z);
  }
  for (const n of subnetNodes) for (const id of refsOfType(t, n, 'AWS::EC2::Subnet')) publicIps.push(...publicIpSettings(t, t.resource(id)!));
  if (open.length) return { open, publicIps };
  // No security group at all: the VPC's default group only admits its own members.
  if (publicIps.length && anyGroup && outside) return { open, publicIps };
  return undefined;
}

const NAMES: Partial<Record<RiskCategory, string>> = {
  'full-admin': 'full administrator',
  'privilege-escalation': 'privilege escalation',
  'credentials-exposure': 'credentials',
  'data-read': 'data read',
  'resource-exposure': 'resource exposure',
};

function grantPhrase(risk: PrincipalRisk): string {
  if (risk.category === 'full-admin') return 'every action on every resource';
  if (risk.category === 'privilege-escalation') return risk.summary;
  const actions = [...new Set(risk.grants.map((g) => g.action))];
  const shown = actions.slice(0, 2).join(', ') + (actions.length > 2 ? ` and ${actions.length - 2} more` : '');
  const where = actions.every((a) => a.startsWith('s3:')) ? 'every bucket' : 'every resource';
  return `${shown} on ${where}`;
}

function sortPorts(list: string[]): string[] {
  const num = (s: string) => (/^\d/.test(s) ? parseInt(s, 10) : s === 'all' ? -1 : 1e6);
  return [...new Set(list)].sort((a, b) => num(a) - num(b));
}

export const imdsCredentialExfiltration: Rule = {
  meta: {
    id: 'chain/imds-credential-exfiltration',
    title: 'Attack path: internet → IMDSv1 → instance role credentials → data (Capital One 2019)',
    severity: 'error',
    securitySeverity: 'critical',
    scope: ['template'],
    tags: ['chain', 'ec2', 'iam', 'capital-one'],
    docs: {
      rationale:
        'Each link is a finding of its own; together they are the 2019 Capital One breach. An instance (or launch template / launch configuration) that (1) is reachable from the internet — a security group with ingress open to the internet (`ec2/open-ingress`), or a public IP address (`ec2/public-ip`, a subnet with `MapPublicIpOnLaunch`, an Elastic IP) while its security groups are not all in the template — (2) answers the instance metadata service with IMDSv1 (`ec2/imds-v1`), so one server-side request forgery returns the temporary credentials of (3) its instance profile\'s role, which grants reading data, exposing resources, returning other credentials or escalating privileges on every resource (the `iam/*` risk rules). The attacker then reads everything from anywhere. The rule follows `IamInstanceProfile` → `AWS::IAM::InstanceProfile.Roles` → the role, `SecurityGroupIds`/`SecurityGroups`/`NetworkInterfaces[].GroupSet` (`Groups` in launch templates), launch templates used by instances (`LaunchTemplateId`/`LaunchTemplateName`) and Auto Scaling groups (`LaunchTemplate`, `MixedInstancesPolicy`, `LaunchConfigurationName`, subnets in `VPCZoneIdentifier`). The finding is on the instance; related locations point at each link.',
      fix: 'No fix of its own: break any link with that link\'s fix — require IMDSv2 (`ec2/imds-v1`, the cheapest and safest), restrict the ingress (`ec2/open-ingress`), or scope the role to the buckets and actions it needs.',
      bad: {
        format: 'yaml',
        text: 'WafInstance:\n  Type: AWS::EC2::Instance\n  Properties:\n    ImageId: !Ref WafImageId\n    IamInstanceProfile: !Ref WafInstanceProfile   # role: s3:GetObject on "*"\n    SecurityGroupIds: [!Ref WafSecurityGroup]      # tcp 443 from 0.0.0.0/0\n    # no MetadataOptions: IMDSv1 answers\n',
      },
      good: {
        format: 'yaml',
        text: 'WafInstance:\n  Type: AWS::EC2::Instance\n  Properties:\n    ImageId: !Ref WafImageId\n    IamInstanceProfile: !Ref WafInstanceProfile\n    SecurityGroupIds: [!Ref WafSecurityGroup]\n    MetadataOptions:\n      HttpTokens: required\n',
      },
      references: [
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-instanceprofile.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-instance.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-autoscaling-autoscalinggroup-launchtemplate.html',
        'https://www.justice.gov/usao-wdwa/press-release/file/1188626/download',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const u of units(t)) {
      const imds = imdsOf(t, u);
      if (!imds?.v1Allowed) continue;
      const roles = rolesOf(t, u);
      let chosen: { link: RoleLink; risks: PrincipalRisk[] } | undefined;
      for (const link of roles) {
        const risks = riskOf(ctx, link.roleId);
        if (risks.length && (!chosen || CHAIN_RISKS.indexOf(risks[0].category) < CHAIN_RISKS.indexOf(chosen.risks[0].category))) chosen = { link, risks };
      }
      if (!chosen) continue;
      const reach = reachOf(t, u);
      if (!reach) continue;
      report(ctx, u, imds, chosen.link, chosen.risks, reach);
    }
  },
};

function riskOf(ctx: RuleContext, roleId: string): PrincipalRisk[] {
  const rs = principalRisks(ctx, roleId).filter((r) => CHAIN_RISKS.includes(r.category) && r.grants.length);
  return rs.sort((a, b) => CHAIN_RISKS.indexOf(a.category) - CHAIN_RISKS.indexOf(b.category));
}

function report(ctx: RuleContext, u: Unit, imds: ImdsState, link: RoleLink, risks: PrincipalRisk[], reach: Reach): void {
  const related: RelatedLocation[] = [];
  let entry: string;
  if (reach.open.length) {
    const bySg = new Map<string, OpenIngress[]>();
    for (const o of reach.open) bySg.set(o.groupId ?? o.resource.id, [...(bySg.get(o.groupId ?? o.resource.id) ?? []), o]);
    entry = [...bySg]
      .slice(0, 2)
      .map(([sg, os]) => `${sg} port ${sortPorts(os.map((o) => o.portText)).join('/')}`)
      .join(', ');
    // Most exposed first (admin/data ports), then in document order.
    const rank = { error: 0, warning: 1, info: 2 } as const;
    const shown = [...reach.open].sort((a, b) => rank[a.severity] - rank[b.severity] || a.node.start - b.node.start).slice(0, 4);
    for (const o of shown) {
      related.push({ start: o.node.start, end: o.node.end, message: `Internet entry: ${o.label} from ${describeCidr(o.cidr)} in '${o.resource.id}'` });
    }
  } else {
    const p = reach.publicIps[0];
    entry = p.property === 'MapPublicIpOnLaunch' ? `public IP (subnet ${p.resource.id})` : p.where.startsWith('Elastic IP') ? p.where : 'public IP';
  }
  for (const p of reach.publicIps.slice(0, 1)) {
    related.push({ start: p.node.start, end: p.node.end, message: `Public IP address: ${p.property === 'MapPublicIpOnLaunch' ? `subnet '${p.resource.id}' maps public IPs on launch` : p.where.startsWith('Elastic IP') ? p.where : `${p.property}: true on '${p.resource.id}'`}` });
  }
  related.push({ start: imds.at.start, end: imds.at.end, message: `IMDSv1: '${imds.resource.id}' ${imds.why}` });
  related.push({ start: link.profileNode.start, end: link.profileNode.end, message: `Instance profile '${link.profileId}' carries role '${link.roleId}'` });
  const top = risks[0];
  const grants: Grant[] = [];
  const seen = new Set<object>();
  for (const r of risks) {
    for (const g of r.grants) {
      if (seen.has(g.statement)) continue;
      seen.add(g.statement);
      grants.push(g);
    }
  }
  for (const g of grants.slice(0, 3)) {
    const n = g.actionValue.node;
    related.push({ start: n.start, end: n.end, message: `Role '${link.roleId}' grants ${g.action === '*' ? 'every action' : g.action} on every resource (${statementPlace(g.statement)})` });
  }
  const what = u.subject.type === INSTANCE ? u.subject.id : `instances of ${u.subject.id}`;
  const others = [...new Set(risks.slice(1).map((r) => NAMES[r.category]))].filter((x) => x && x !== NAMES[top.category]);
  const more = others.length ? ` (and ${others.join(', ')})` : '';
  ctx.report({
    node: u.subject.entry.keyNode,
    resourceId: u.subject.id,
    message: `Internet → ${entry} → ${what} answer${u.subject.type === INSTANCE ? 's' : ''} IMDSv1 → role ${link.roleId}'s credentials → ${grantPhrase(top)}${more}: the Capital One 2019 attack path; require IMDSv2 to break it.`,
    related,
  });
}
