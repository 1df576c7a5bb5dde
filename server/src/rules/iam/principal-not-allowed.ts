import type { Rule } from '../../engine/types';
import { removeEntry } from '../../fixes/edits';
import type { StatementElement } from '../../model/policy';
import { inPolicy, statementLabel } from './missing-element';

export const principalNotAllowed: Rule = {
  meta: {
    id: 'iam/principal-not-allowed',
    title: 'Principal in an identity policy, or Resource in a trust policy',
    severity: 'error',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'safe',
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        "An identity-based policy (`AWS::IAM::Policy`, `ManagedPolicy`, a role's or user's inline `Policies`, an SSO permission set, a SAM function's `Policies`) applies to the identity it is attached to: it cannot name a `Principal` or `NotPrincipal`, and IAM rejects it (\"Policy document should not specify a principal\"). A role's trust policy (`AssumeRolePolicyDocument`) is about who may assume the role: it cannot contain `Resource` or `NotResource` (\"Has prohibited field Resource\"). Either way the deployment fails, and the element shows the author confused the two kinds of policy — for example wrote the trust in the permissions, or expected the `Principal` to restrict who can use the permissions.",
      fix: 'Removes the element that the policy type does not allow. Check afterwards that the statement still means what you intended: a permission for a different principal belongs in that principal\'s own policy or in a resource policy.',
      bad: { format: 'yaml', text: 'AssumeRolePolicyDocument:\n  Version: "2012-10-17"\n  Statement:\n    - Effect: Allow\n      Principal: {Service: lambda.amazonaws.com}\n      Action: sts:AssumeRole\n      Resource: "*"\n' },
      good: { format: 'yaml', text: 'AssumeRolePolicyDocument:\n  Version: "2012-10-17"\n  Statement:\n    - Effect: Allow\n      Principal: {Service: lambda.amazonaws.com}\n      Action: sts:AssumeRole\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html',
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      let forbidden: StatementElement[];
      let why: string;
      if (p.kind === 'identity') {
        forbidden = ['Principal', 'NotPrincipal'];
        why = 'an identity-based policy applies to the identity it is attached to and cannot name a principal';
      } else if (p.kind === 'trust') {
        forbidden = ['Resource', 'NotResource'];
        why = 'a trust policy is about who may assume the role and cannot name resources';
      } else continue;
      for (const s of p.statements) {
        for (const el of forbidden) {
          const e = s.entry(el);
          if (!e) continue;
          const fixes = p.node.start === p.node.end ? [] : [{ title: `Remove '${e.key}'`, kind: 'safe' as const, isPreferred: true, edits: [removeEntry(ctx.doc, s.node, e)] }];
          ctx.report({
            node: e.keyNode,
            message: `'${el}' is not allowed in ${statementLabel(s)}${inPolicy(p)}: ${why}, so IAM rejects the policy.`,
            fixes,
          });
        }
      }
    }
  },
};
