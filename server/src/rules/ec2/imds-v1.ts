import type { Fix, Rule } from '../../engine/types';
import { insertEntry, replaceScalar } from '../../fixes/edits';
import type { Node, ObjectNode } from '../../model/node';
import { get, getEntry, intrinsicName, isObject } from '../../model/node';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { resolveScalar } from '../../model/values';

/** Where each resource type keeps its instance metadata options. */
export const METADATA_HOLDERS: Record<string, string[]> = {
  'AWS::EC2::Instance': [],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateData'],
  'AWS::AutoScaling::LaunchConfiguration': [],
};

export interface ImdsState {
  resource: ResourceModel;
  /** The object that holds (or should hold) `MetadataOptions`. */
  holder?: ObjectNode;
  options?: Node;
  /** True when some alternative leaves IMDSv1 usable. */
  v1Allowed: boolean;
  /** The node to report on: HttpTokens value, MetadataOptions key, or the logical id. */
  at: { start: number; end: number };
  why: string;
}

/**
 * Whether a resource leaves IMDSv1 on. `HttpTokens` absent means `optional` (the EC2 default
 * for most AMIs); `HttpEndpoint: disabled` turns the metadata service off entirely. Values
 * behind `!If` and parameter defaults count, worst case. Shared with the attack-path rule.
 */
export function imdsState(t: TemplateModel, r: ResourceModel): ImdsState | undefined {
  const path = METADATA_HOLDERS[r.type];
  if (!path) return undefined;
  let holder: Node | undefined = r.properties;
  for (const k of path) holder = get(holder, k);
  if (!isObject(holder) || intrinsicName(holder)) {
    return { resource: r, v1Allowed: false, at: r.entry.keyNode, why: '' };
  }
  // An instance launched from a launch template inherits its metadata options.
  if (r.type === 'AWS::EC2::Instance' && get(holder, 'LaunchTemplate') && !get(holder, 'MetadataOptions')) {
    return { resource: r, holder, v1Allowed: false, at: r.entry.keyNode, why: '' };
  }
  const optsEntry = getEntry(holder, 'MetadataOptions');
  const opts = optsEntry?.value;
  const resolve = (n: Node | undefined) => resolveScalar(n, { template: t });
  const endpoint = resolve(get(opts, 'HttpEndpoint'));
  if (endpoint.length && endpoint.every((v) => v.known && v.value.toLowerCase() === 'disabled')) {
    return { resource: r, holder, options: opts, v1Allowed: false, at: r.entry.keyNode, why: '' };
  }
  const tokensNode = get(opts, 'HttpTokens');
  if (!optsEntry) {
    return { resource: r, holder, v1Allowed: true, at: r.entry.keyNode, why: 'has no MetadataOptions, so IMDSv1 stays enabled (HttpTokens defaults to optional)' };
  }
  if (!tokensNode) {
    return { resource: r, holder, options: opts, v1Allowed: true, at: optsEntry.keyNode, why: 'sets MetadataOptions without HttpTokens, so IMDSv1 stays enabled (HttpTokens defaults to optional)' };
  }
  const vals = resolve(tokensNode);
  const bad = vals.find((v) => !(v.known && v.value === 'required'));
  if (!bad) return { resource: r, holder, options: opts, v1Allowed: false, at: tokensNode, why: '' };
  const shown = bad.known ? `'${bad.value}'` : 'a value leastpriv cannot resolve';
  return {
    resource: r,
    holder,
    options: opts,
    v1Allowed: bad.known,
    at: tokensNode,
    why: `sets HttpTokens to ${shown}${bad.origin ? ' (parameter default)' : ''}, so IMDSv1 is enabled`,
  };
}

export const imdsV1: Rule = {
  meta: {
    id: 'ec2/imds-v1',
    title: 'Instance metadata service v1 (IMDSv1) enabled',
    severity: 'error',
    securitySeverity: 'high',
    scope: ['template'],
    fixable: 'safe',
    tags: ['ec2', 'capital-one'],
    docs: {
      rationale:
        'With IMDSv1, any server-side request forgery (SSRF) in software on the instance can read `http://169.254.169.254/latest/meta-data/iam/security-credentials/<role>` and return the instance role\'s temporary credentials to an attacker — exactly how the 2019 Capital One breach started. IMDSv2 requires a session token obtained with a PUT request and a hop limit, which SSRF through a proxy or WAF cannot forge. Set `MetadataOptions.HttpTokens: required` on instances, launch templates and launch configurations (an absent value means `optional`).',
      fix: 'Sets `HttpTokens` to `required`, inserting `MetadataOptions` (or just `HttpTokens`) when absent, in the file\'s own style. Not offered when `HttpTokens` comes from a parameter or condition: change the parameter default instead.',
      bad: { format: 'yaml', text: 'WebServer:\n  Type: AWS::EC2::Instance\n  Properties:\n    ImageId: !Ref ImageId\n    InstanceType: t3.micro\n' },
      good: {
        format: 'yaml',
        text: 'WebServer:\n  Type: AWS::EC2::Instance\n  Properties:\n    ImageId: !Ref ImageId\n    InstanceType: t3.micro\n    MetadataOptions:\n      HttpTokens: required\n',
      },
      references: [
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-metadataoptions.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of t.resourcesOfType(...Object.keys(METADATA_HOLDERS))) {
      const st = imdsState(t, r);
      if (!st || !st.v1Allowed) continue;
      const fixes = (): Fix[] => {
        const tokens = get(st.options, 'HttpTokens');
        if (tokens && tokens.kind === 'string') {
          return [{ title: 'Set HttpTokens to required (IMDSv2 only)', kind: 'safe', isPreferred: true, edits: [replaceScalar(ctx.doc, tokens, 'required')] }];
        } else if (!tokens && isObject(st.options) && !intrinsicName(st.options)) {
          return [{ title: 'Add HttpTokens: required (IMDSv2 only)', kind: 'safe', isPreferred: true, edits: insertEntry(ctx.doc, st.options, 'HttpTokens', 'required') }];
        } else if (!st.options && st.holder) {
          return [{
            title: 'Add MetadataOptions with HttpTokens: required (IMDSv2 only)',
            kind: 'safe',
            isPreferred: true,
            edits: insertEntry(ctx.doc, st.holder, 'MetadataOptions', { HttpTokens: 'required' }),
          }];
        }
        return [];
      };
      const what = r.type.replace(/^AWS::/, '').replace('::', ' ');
      ctx.report({
        node: st.at,
        resourceId: r.id,
        message: `${what} '${r.id}' ${st.why}: an SSRF on the instance can read the role's credentials from the metadata service. Require IMDSv2 (HttpTokens: required).`,
        fixes,
      });
    }
  },
};
