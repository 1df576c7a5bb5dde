import type { Rule, Severity } from '../../engine/types';
import type { Node } from '../../model/node';
import { intrinsicName, isArray } from '../../model/node';
import type { PolicyModel, StatementModel } from '../../model/policy';

/**
 * Resource-policy types whose statements must name the resource (the service rejects a statement
 * without `Resource`): S3 bucket and access point policies, KMS key policies (`"Resource": "*"`).
 * Other resource policies (ECR repository policies, for one) legitimately omit it.
 */
const RESOURCE_REQUIRED_IN: ReadonlySet<string> = new Set(['AWS::S3::BucketPolicy', 'AWS::S3::AccessPoint', 'AWS::KMS::Key']);

/** A policy node that is really one statement (`AWS::Events::EventBusPolicy.Statement`). */
export function isBareStatement(p: PolicyModel): boolean {
  return !p.entry('Statement') && p.node.entries.some((e) => e.key === 'Effect' || e.key === 'Action' || e.key === 'Principal');
}

/** `statement 2 ('ReadLogs')`, for messages. */
export function statementLabel(s: StatementModel): string {
  const sid = s.sid;
  return sid ? `statement '${sid}'` : `statement ${s.index + 1}`;
}

/** ` in Policies[0] (read)` for template policies, '' for a standalone policy file. */
export function inPolicy(p: PolicyModel): string {
  return p.context.resourceId ? ` in ${p.context.label}` : '';
}

/** Where to report something about a whole statement: its first key (never a multi-line range). */
export function statementAnchor(s: StatementModel): { start: number; end: number } {
  const first = s.node.entries[0];
  return first ? first.keyNode : { start: s.node.start, end: Math.min(s.node.end, s.node.start + 1) };
}

/** Where to report something about a whole policy: the property key holding it, or its first key. */
export function policyAnchor(p: PolicyModel): { start: number; end: number } {
  const n: Node = p.node;
  if (n.entry && !n.embeddedIn) return n.entry.keyNode;
  const first = p.node.entries[0];
  return first ? first.keyNode : { start: n.start, end: Math.min(n.end, n.start + 1) };
}

export const missingElement: Rule = {
  meta: {
    id: 'iam/missing-element',
    title: 'Policy statement lacks a required element',
    severity: 'error',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        'A policy needs a `Statement`; every statement needs an `Effect` and an `Action` (or `NotAction`). Identity policies, S3 bucket and access-point policies and KMS key policies also need a `Resource` (or `NotResource`); resource-based policies and role trust policies need a `Principal` (or `NotPrincipal`), and so do VPC endpoint policies ("It must contain a Principal element"). IAM or the owning service rejects a statement that lacks one of them, so CloudFormation fails the deployment with "MalformedPolicyDocument" — or, worse, the author "fixes" it in a hurry with a wildcard. A misspelt element (`Actions`) counts as present here: it is reported once, by iam/invalid-element.',
      fix: 'No automatic fix: only the author knows which actions, resources or principals the statement is meant for.',
      bad: { format: 'yaml', text: 'PolicyDocument:\n  Version: "2012-10-17"\n  Statement:\n    - Effect: Allow\n      Action: s3:GetObject\n' },
      good: { format: 'yaml', text: 'PolicyDocument:\n  Version: "2012-10-17"\n  Statement:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: !Sub "${Bucket.Arn}/*"\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
        'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom || isBareStatement(p)) continue;
      const st = p.entry('Statement');
      if (!st) {
        ctx.report({ node: policyAnchor(p), message: `The policy${inPolicy(p)} has no 'Statement': IAM rejects a policy without statements.` });
        continue;
      }
      if (isArray(st.value) && st.value.items.length === 0) {
        ctx.report({ node: st.keyNode, message: `The policy${inPolicy(p)} has an empty 'Statement' list: IAM rejects a policy without statements.` });
        continue;
      }
      if (intrinsicName(st.value) && p.statements.length === 0) continue;
      const kind = p.kind;
      const needsResource = kind === 'identity' || (kind === 'resource' && RESOURCE_REQUIRED_IN.has(p.context.resourceType ?? ''));
      const needsPrincipal = kind === 'resource' || kind === 'trust' || kind === 'endpoint';
      for (const s of p.statements) {
        const missing: { what: string; severity?: Severity; why: string; rejected?: boolean }[] = [];
        if (!s.has('Effect')) missing.push({ what: "'Effect'", why: 'every statement must say Allow or Deny' });
        if (!s.has('Action') && !s.has('NotAction')) missing.push({ what: "'Action' (or 'NotAction')", why: 'every statement must name its actions' });
        if (needsResource && !s.has('Resource') && !s.has('NotResource')) {
          missing.push({ what: "'Resource' (or 'NotResource')", why: kind === 'identity' ? 'identity policies must name the resources' : `${p.context.resourceType} policies must name the resources` });
        }
        if (needsPrincipal && !s.has('Principal') && !s.has('NotPrincipal')) {
          missing.push({
            what: "'Principal' (or 'NotPrincipal')",
            severity: kind === 'endpoint' ? 'warning' : undefined,
            why: kind === 'trust' ? 'a trust policy must say who may assume the role' : kind === 'endpoint' ? 'AWS documents that an endpoint policy must contain a Principal element' : 'a resource-based policy must say whom it grants access to',
          });
        }
        for (const m of missing) {
          ctx.report({
            node: statementAnchor(s),
            message: `${cap(statementLabel(s))}${inPolicy(p)} has no ${m.what}: ${m.why}${m.severity === 'warning' ? '.' : ', so the policy is rejected as written.'}`,
            severity: m.severity,
          });
        }
      }
    }
  },
};

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
