import type { Rule } from '../../engine/types';
import { anyonePrincipals, conditionFix, policyWhere, restrictingConditions, showPrincipal } from './public-resource-policy';

/** Conditions that pin who may assume the role when the principal is `*`. */
export const PINNING_KEYS: ReadonlySet<string> = new Set(
  ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:userid', 'aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceVpce'].map((k) =>
    k.toLowerCase(),
  ),
);

export const trustAnyPrincipal: Rule = {
  meta: {
    id: 'iam/trust-any-principal',
    title: 'Role trust policy lets any principal assume the role',
    severity: 'error',
    securitySeverity: 'critical',
    scope: ['template', 'policy'],
    fixable: 'choice',
    tags: ['iam', 'exposure', 'trust'],
    docs: {
      rationale:
        'A trust policy statement with `Effect: Allow` and `Principal: "*"` or `{"AWS": "*"}` lets a principal of any AWS account call `sts:AssumeRole` on the role and act with its permissions. Only a positive condition that pins the caller prevents that: `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:userid`, `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceVpce` (not `…IfExists`, not a `*` value). `sts:ExternalId` alone does not: anyone who learns the value can use it.',
      fix: 'Offers choices that add a `Condition` pinning the caller: `aws:PrincipalOrgID` with a placeholder organization id to replace, or `aws:PrincipalAccount` equal to `AWS::AccountId`. Better still, name the trusted role or account ARN in `Principal`.',
      bad: {
        format: 'yaml',
        text: 'AssumeRolePolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal:\n        AWS: "*"\n      Action: sts:AssumeRole\n',
      },
      good: {
        format: 'yaml',
        text: 'AssumeRolePolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal:\n        AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Deployer\n      Action: sts:AssumeRole\n',
      },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid',
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.kind !== 'trust' || p.context.expandedFrom) continue;
      for (const s of p.statements) {
        if (!s.allows) continue;
        const hits = anyonePrincipals(s);
        if (!hits.length) continue;
        if (restrictingConditions(s, PINNING_KEYS).length) continue;
        const fixes = () => [
          ...conditionFix(ctx, s, 'Pin to your organization: add Condition aws:PrincipalOrgID (replace o-PLACEHOLDER)', 'StringEquals', 'aws:PrincipalOrgID', 'o-PLACEHOLDER', true),
          ...conditionFix(ctx, s, 'Pin to this account: add Condition aws:PrincipalAccount = AWS::AccountId', 'StringEquals', 'aws:PrincipalAccount', 'ACCOUNT'),
        ];
        ctx.report({
          node: hits[0].value.node,
          resourceId: p.context.resourceId,
          message: `${policyWhere(p)} allows ${showPrincipal(hits[0])} with no condition pinning the caller: a principal of any AWS account can assume the role and use its permissions.`,
          fixes,
        });
      }
    }
  },
};
