import type { Rule, SecuritySeverity, Severity } from '../../engine/types';
import { get, getEntry } from '../../model/node';
import { replacePlaceholders, resolveList } from '../../model/values';

/** The AWS managed policies this rule reports, with why and how loud. */
const ADMIN_POLICIES: Record<string, { severity: Severity; securitySeverity: SecuritySeverity; why: string }> = {
  AdministratorAccess: { severity: 'error', securitySeverity: 'critical', why: 'every action on every resource (full administrator access)' },
  IAMFullAccess: { severity: 'error', securitySeverity: 'high', why: 'iam:* — the holder can grant itself any other permission, so it is administrator access in two steps' },
  PowerUserAccess: { severity: 'warning', securitySeverity: 'high', why: 'every action of every service except most of IAM, Organizations and Account management' },
};

/** Where each resource type lists managed policies: property name, and whether bare names count (SAM). */
const HOLDERS: Record<string, { prop: string; names: boolean }[]> = {
  'AWS::IAM::Role': [{ prop: 'ManagedPolicyArns', names: false }],
  'AWS::IAM::User': [{ prop: 'ManagedPolicyArns', names: false }],
  'AWS::IAM::Group': [{ prop: 'ManagedPolicyArns', names: false }],
  'AWS::SSO::PermissionSet': [{ prop: 'ManagedPolicies', names: false }],
  'AWS::Serverless::Function': [{ prop: 'Policies', names: true }],
  'AWS::Serverless::StateMachine': [{ prop: 'Policies', names: true }],
};

/** `arn:<partition>:iam::aws:policy/<Name>` (the partition may be any, e.g. from `${AWS::Partition}`). */
const AWS_MANAGED_ARN = /^arn:[^:]*:iam::aws:policy\/(?:.*\/)?([A-Za-z0-9+=,.@_-]+)$/;

export function adminPolicyName(value: string, allowBareName: boolean): string | undefined {
  const v = value.trim();
  const m = AWS_MANAGED_ARN.exec(v);
  const name = m ? m[1] : allowBareName && !v.includes(':') && !v.includes('/') ? v : undefined;
  return name && Object.prototype.hasOwnProperty.call(ADMIN_POLICIES, name) ? name : undefined;
}

export const adminManagedPolicy: Rule = {
  meta: {
    id: 'iam/admin-managed-policy',
    title: 'AdministratorAccess, IAMFullAccess or PowerUserAccess attached',
    severity: 'error',
    securitySeverity: 'critical',
    scope: ['template'],
    tags: ['iam', 'least-privilege'],
    docs: {
      rationale:
        'The AWS managed policies `AdministratorAccess` (every action on every resource) and `IAMFullAccess` (`iam:*`, with which the holder can attach `AdministratorAccess` to itself) give a role, user or group administrator power; `PowerUserAccess` gives every action except most of IAM, Organizations and Account management — still every data store, key and compute resource in the account. Whoever can use the principal (an application with an SSRF, a CI job, a Lambda function) gets the whole account. Severity: **error** for AdministratorAccess and IAMFullAccess, **warning** for PowerUserAccess. Reported on the list item in `ManagedPolicyArns` of roles, users and groups, in a SAM function\'s or state machine\'s `Policies` (ARN or bare managed-policy name), and in `ManagedPolicies` of an IAM Identity Center permission set — literal ARNs, `!Sub arn:${AWS::Partition}:iam::aws:policy/…`, `Fn::Join` and parameter defaults alike. Customer managed policies with the same name are not AWS managed (their ARN has an account id) and are not reported.',
      fix: 'No automatic fix: which permissions the principal really needs cannot be inferred from the attachment. Replace the policy with a policy granting the actions and resources the workload uses (IAM Access Analyzer can generate one from CloudTrail activity), or keep it only on a break-glass role behind MFA and suppress the finding with a justification.',
      bad: { format: 'yaml', text: 'DeployRole:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument: {}\n    ManagedPolicyArns:\n      - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess\n' },
      good: { format: 'yaml', text: 'DeployRole:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument: {}\n    ManagedPolicyArns:\n      - !Ref DeployPolicy\n' },
      references: [
        'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
        'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html',
        'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMFullAccess.html',
        'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sso-permissionset.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of t.resourcesOfType(...Object.keys(HOLDERS))) {
      for (const h of HOLDERS[r.type]) {
        const e = getEntry(r.properties, h.prop);
        if (!e) continue;
        if (h.names && get(r.properties, 'Role')) continue; // SAM ignores Policies when Role is given
        const seen = new Set<number>();
        for (const v of resolveList(e.value, { template: t })) {
          if (!v.known && !/^arn:/.test(v.value)) continue;
          const name = adminPolicyName(replacePlaceholders(v.value, 'x'), h.names);
          if (!name || seen.has(v.node.start)) continue;
          seen.add(v.node.start);
          const info = ADMIN_POLICIES[name];
          const who = r.type.startsWith('AWS::Serverless::') ? `the role SAM creates for '${r.id}'` : `'${r.id}'`;
          const via = v.origin ? ' (parameter default)' : '';
          ctx.report({
            node: v.node,
            resourceId: r.id,
            severity: info.severity,
            securitySeverity: info.securitySeverity,
            message: `AWS managed policy ${name}${via} is attached to ${who}: ${info.why}. Attach a policy with only the actions and resources the workload needs.`,
          });
        }
      }
    }
  },
};
