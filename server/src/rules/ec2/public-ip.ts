import type { Fix, ParsedDocument, Rule } from '../../engine/types';
import { replaceScalar } from '../../fixes/edits';
import type { Node } from '../../model/node';
import { get } from '../../model/node';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { resolveScalar, type Value } from '../../model/values';
import { objectsIn } from './open-ingress';

export interface PublicIpSetting {
  resource: ResourceModel;
  /** The `true` value (or the `!Ref`/`!If` branch that gives it). */
  node: Node;
  property: 'AssociatePublicIpAddress' | 'MapPublicIpOnLaunch';
  /** "network interface 0", "" for top-level properties. */
  where: string;
  parameter?: string;
}

function trueValues(t: TemplateModel, n: Node | undefined): Value[] {
  return resolveScalar(n, { template: t }).filter((v) => v.known && v.value.trim().toLowerCase() === 'true');
}

function setting(r: ResourceModel, v: Value, property: PublicIpSetting['property'], where: string): PublicIpSetting {
  const a = v.origin && v.node.kind === 'object' ? v.node.entries[0]?.value : undefined;
  return { resource: r, node: v.node, property, where, parameter: a?.kind === 'string' ? a.value : undefined };
}

/** `NetworkInterfaces` of an instance or of a launch template's data. */
function interfaces(r: ResourceModel): { node: Node | undefined } {
  if (r.type === 'AWS::EC2::LaunchTemplate') return { node: get(get(r.properties, 'LaunchTemplateData'), 'NetworkInterfaces') };
  return { node: get(r.properties, 'NetworkInterfaces') };
}

/**
 * Where a resource asks for a public IP address: `AssociatePublicIpAddress: true` on an
 * instance's or launch template's network interfaces or on a launch configuration, and
 * `MapPublicIpOnLaunch: true` on a subnet. Values through `!If` and parameter defaults count.
 * Shared with the attack-path rule.
 */
export function publicIpSettings(t: TemplateModel, r: ResourceModel): PublicIpSetting[] {
  const out: PublicIpSetting[] = [];
  switch (r.type) {
    case 'AWS::EC2::Instance':
    case 'AWS::EC2::LaunchTemplate': {
      objectsIn(interfaces(r).node).forEach((ni, i) => {
        const idx = get(ni, 'DeviceIndex');
        const label = `network interface ${idx && idx.kind !== 'object' && idx.kind !== 'array' ? String(idx.value) : i}`;
        for (const v of trueValues(t, get(ni, 'AssociatePublicIpAddress'))) out.push(setting(r, v, 'AssociatePublicIpAddress', label));
      });
      break;
    }
    case 'AWS::AutoScaling::LaunchConfiguration':
      for (const v of trueValues(t, get(r.properties, 'AssociatePublicIpAddress'))) out.push(setting(r, v, 'AssociatePublicIpAddress', ''));
      break;
    case 'AWS::EC2::Subnet':
      for (const v of trueValues(t, get(r.properties, 'MapPublicIpOnLaunch'))) out.push(setting(r, v, 'MapPublicIpOnLaunch', ''));
      break;
  }
  return out;
}

export const PUBLIC_IP_TYPES = ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::Subnet'];

function falseFix(doc: ParsedDocument, s: PublicIpSetting): Fix | undefined {
  const n = s.node;
  if (s.parameter) return undefined;
  const edit = n.kind === 'boolean' ? { start: n.start, end: n.end, newText: 'false' } : n.kind === 'string' ? replaceScalar(doc, n, 'false') : undefined;
  if (!edit) return undefined;
  return { title: `Set ${s.property} to false (no public IP address)`, kind: 'choice', edits: [edit] };
}

export const publicIp: Rule = {
  meta: {
    id: 'ec2/public-ip',
    title: 'Public IP address on instances or subnets',
    severity: 'info',
    securitySeverity: 'low',
    scope: ['template'],
    fixable: 'choice',
    tags: ['ec2', 'network', 'capital-one'],
    docs: {
      rationale:
        'An instance with a public IPv4 address is reachable from the internet on every port its security groups open; a subnet with `MapPublicIpOnLaunch: true` gives that address to every instance launched in it. A public address is often intended (a bastion, a public web server), so this is information, not a warning: it marks where the internet enters, and it is one link of the Capital One 2019 path (`chain/imds-credential-exfiltration`). Checked: `AssociatePublicIpAddress` on the `NetworkInterfaces` of `AWS::EC2::Instance` and of `AWS::EC2::LaunchTemplate` launch template data, on `AWS::AutoScaling::LaunchConfiguration`, and `MapPublicIpOnLaunch` on `AWS::EC2::Subnet`, through `!If` branches and parameter defaults. Instances in a private subnet that need outbound access can use a NAT gateway; inbound traffic can come through a load balancer.',
      fix: 'Offered as a choice, never applied automatically (a public address may be intended): sets the value to `false`. Not offered when the value comes from a parameter default.',
      bad: {
        format: 'yaml',
        text: 'PublicSubnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.0.0/24\n    MapPublicIpOnLaunch: true\n',
      },
      good: {
        format: 'yaml',
        text: 'PrivateSubnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.0.0/24\n    MapPublicIpOnLaunch: false\n',
      },
      references: [
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-networkinterface.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-networkinterface.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-launchconfiguration.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-subnet.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of t.resourcesOfType(...PUBLIC_IP_TYPES)) {
      for (const s of publicIpSettings(t, r)) {
        const what = r.type.replace(/^AWS::/, '').replace(/::/g, ' ');
        const via = s.parameter ? `; default of parameter '${s.parameter}'` : '';
        const message =
          s.property === 'MapPublicIpOnLaunch'
            ? `${what} '${r.id}' gives every instance launched in it a public IP address (MapPublicIpOnLaunch: true${via}): they are reachable from the internet wherever their security groups allow. Often intended for a public subnet; keep servers in private subnets behind a load balancer otherwise.`
            : `${what} '${r.id}'${s.where ? ` ${s.where}` : ''} gets a public IP address (AssociatePublicIpAddress: true${via}): it is reachable from the internet wherever its security groups allow. Often intended for a public host; otherwise use a private subnet behind a load balancer or NAT.`;
        ctx.report({ node: s.node, resourceId: r.id, message, fixes: () => {
          const fix = falseFix(ctx.doc, s);
          return fix ? [fix] : [];
        } });
      }
    }
  },
};
