import type { Fix, ParsedDocument, Rule, TextEdit } from '../../engine/types';
import { replaceScalar, setEntry } from '../../fixes/edits';
import type { Node, ObjectNode } from '../../model/node';
import { get, getEntry, intrinsicName, isObject } from '../../model/node';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { resolveScalar } from '../../model/values';
import { objectsIn } from './open-ingress';

/** Where each type keeps its block device mappings. */
const MAPPINGS: Record<string, string[]> = {
  'AWS::EC2::Instance': ['BlockDeviceMappings'],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateData', 'BlockDeviceMappings'],
  'AWS::AutoScaling::LaunchConfiguration': ['BlockDeviceMappings'],
};

interface Unencrypted {
  resource: ResourceModel;
  /** The object that holds (or should hold) `Encrypted`: the volume's properties or the mapping's `Ebs`. */
  holder: ObjectNode;
  at: Node;
  /** "volume", "block device /dev/xvda". */
  what: string;
  why: string;
  fixable: boolean;
  /** A literal `false` to replace (possibly inside an `!If` branch). */
  literal?: Node;
}

function check(t: TemplateModel, r: ResourceModel, holder: ObjectNode, what: string, missingAt: Node): Unencrypted | undefined {
  const e = getEntry(holder, 'Encrypted');
  if (!e) return { resource: r, holder, at: missingAt, what, why: 'has no Encrypted: true (it defaults to false)', fixable: true };
  const vals = resolveScalar(e.value, { template: t });
  const bad = vals.find((v) => v.known && v.value.trim().toLowerCase() !== 'true');
  if (!bad) return undefined;
  const literal = bad.node.kind === 'boolean' || bad.node.kind === 'string' ? bad.node : undefined;
  return {
    resource: r,
    holder,
    at: bad.node,
    what,
    why: `sets Encrypted to ${bad.value}${bad.origin ? ' (parameter default)' : ''}`,
    fixable: !!literal && !bad.origin,
    literal,
  };
}

function findUnencrypted(t: TemplateModel): Unencrypted[] {
  const out: Unencrypted[] = [];
  for (const r of t.resourcesOfType('AWS::EC2::Volume', ...Object.keys(MAPPINGS))) {
    if (!r.properties) continue;
    if (r.type === 'AWS::EC2::Volume') {
      const u = check(t, r, r.properties, 'volume', r.entry.keyNode);
      if (u) out.push(u);
      continue;
    }
    let list: Node | undefined = r.properties;
    for (const k of MAPPINGS[r.type]) list = get(list, k);
    for (const m of objectsIn(list)) {
      const ebsEntry = getEntry(m, 'Ebs');
      if (!ebsEntry || !isObject(ebsEntry.value) || intrinsicName(ebsEntry.value)) continue;
      const dev = get(m, 'DeviceName');
      const what = dev?.kind === 'string' ? `block device ${dev.value}` : 'block device';
      const u = check(t, r, ebsEntry.value, what, ebsEntry.keyNode);
      if (u) out.push(u);
    }
  }
  return out;
}

function fixOf(doc: ParsedDocument, u: Unencrypted): Fix | undefined {
  if (!u.fixable) return undefined;
  let edits: TextEdit[];
  if (u.literal && u.literal.parent !== u.holder) {
    // Inside an `!If` branch: replace just that literal.
    edits = [u.literal.kind === 'string' ? replaceScalar(doc, u.literal, 'true') : { start: u.literal.start, end: u.literal.end, newText: 'true' }];
  } else if (u.literal) {
    edits = [u.literal.kind === 'string' ? replaceScalar(doc, u.literal, 'true') : { start: u.literal.start, end: u.literal.end, newText: 'true' }];
  } else if (getEntry(u.holder, 'Encrypted')) {
    return undefined;
  } else {
    edits = setEntry(doc, u.holder, 'Encrypted', true);
  }
  if (!edits.length) return undefined;
  return { title: 'Set Encrypted: true', kind: 'safe', isPreferred: true, edits };
}

export const unencryptedEbs: Rule = {
  meta: {
    id: 'ec2/unencrypted-ebs',
    title: 'EBS volume not encrypted',
    severity: 'warning',
    securitySeverity: 'medium',
    scope: ['template'],
    fixable: 'safe',
    tags: ['ec2', 'encryption'],
    docs: {
      rationale:
        'An unencrypted EBS volume keeps its data, its snapshots and any copy of them in clear: a snapshot shared by mistake, or copied by someone holding `ec2:CreateSnapshot`/`ec2:ModifySnapshotAttribute`, exposes everything on the disk. `Encrypted` defaults to `false` on `AWS::EC2::Volume` and on the `Ebs` of block device mappings (instances, launch templates, launch configurations). Accounts can turn on EBS encryption by default per Region, and then these volumes are encrypted anyway — but the template does not guarantee it, so the finding stays (as a warning): set `Encrypted: true` so that the stack is encrypted wherever it is deployed. Values behind `!If` and parameter defaults count, worst case.',
      fix: 'Sets `Encrypted: true` (inserting it when absent) with the AWS-managed `aws/ebs` key unless `KmsKeyId` is given. Encryption needs an instance type that supports it (all current generations do). Not offered when the value comes from a parameter: change the default instead.',
      bad: { format: 'yaml', text: 'DataVolume:\n  Type: AWS::EC2::Volume\n  Properties:\n    AvailabilityZone: !Ref Az\n    Size: 100\n' },
      good: { format: 'yaml', text: 'DataVolume:\n  Type: AWS::EC2::Volume\n  Properties:\n    AvailabilityZone: !Ref Az\n    Size: 100\n    Encrypted: true\n' },
      references: [
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-volume.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-ebs.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-ebs.html',
        'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const u of findUnencrypted(t)) {
      const what = u.resource.type.replace(/^AWS::/, '').replace(/::/g, ' ');
      const dev = u.what === 'volume' ? '' : ` ${u.what}`;
      ctx.report({
        node: u.at,
        resourceId: u.resource.id,
        message: `${what} '${u.resource.id}'${dev} ${u.why}: its data and snapshots are stored unencrypted unless the account turned on EBS encryption by default, which the template cannot guarantee.`,
        fixes: () => {
          const fix = fixOf(ctx.doc, u);
          return fix ? [fix] : [];
        },
      });
    }
  },
};
