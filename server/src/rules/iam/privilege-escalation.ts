import type { RelatedLocation, Rule } from '../../engine/types';
import { riskScopes, scopeRisks, statementPlace, type Grant, type PrincipalRisk, type RiskScope } from '../../analysis/permissions';
import type { Node } from '../../model/node';
import { isAdmin } from '../../analysis/group';

/** The grant to report on: the last non-wildcard Action item of the method, else the last grant. */
function anchor(grants: Grant[]): Grant {
  for (let i = grants.length - 1; i >= 0; i--) {
    if (grants[i].actionValue.value.trim().toLowerCase() === grants[i].action.toLowerCase()) return grants[i];
  }
  return grants[grants.length - 1];
}

function describe(risk: PrincipalRisk): string {
  return risk.grants.map((g) => `${g.action} (${statementPlace(g.statement)})`).join(', ');
}

export const privilegeEscalation: Rule = {
  meta: {
    id: 'iam/privilege-escalation',
    title: 'Principal can escalate its own privileges',
    severity: 'error',
    securitySeverity: 'critical',
    scope: ['template', 'policy'],
    tags: ['iam', 'security', 'privilege-escalation'],
    docs: {
      rationale:
        'Some combinations of IAM actions let a principal give itself more permissions than it has: `iam:CreatePolicyVersion` rewrites a policy attached to it, `iam:AttachRolePolicy` / `iam:PutRolePolicy` add AdministratorAccess, `iam:CreateAccessKey` mints keys for another user, `iam:PassRole` with `lambda:CreateFunction` and `lambda:InvokeFunction` runs code as any role. A role with such a set is an administrator in waiting. The rule checks the known escalation methods (Cloudsplaining\'s list, with write-ups on pathfinding.cloud) against what each principal of the template is granted on every resource — inline policies, AWS::IAM::Policy and ManagedPolicy attached through `Roles`/`Users`/`Groups` or `ManagedPolicyArns: [!Ref P]`, and SAM function `Policies` (statements and policy templates) together — so a method split across two policies is found. Explicit unconditional `Deny` in the same principal removes an action. The finding is on the Action item granting the most specific action of the method; the other contributing statements are related locations. A principal that is already a full administrator (`*` on `*`) is reported once, by `iam/full-admin`, not again here.',
      fix: 'No automatic fix: remove the IAM-write actions, or scope them to resources the principal cannot use against itself (specific policy/role ARNs, a permissions boundary, `iam:PassedToService` with specific role ARNs).',
      bad: {
        format: 'yaml',
        text: 'Statement:\n  - Effect: Allow\n    Action: [iam:PassRole]\n    Resource: "*"\n  - Effect: Allow\n    Action: [lambda:CreateFunction, lambda:InvokeFunction]\n    Resource: "*"\n',
      },
      good: {
        format: 'yaml',
        text: 'Statement:\n  - Effect: Allow\n    Action: [iam:PassRole]\n    Resource: !GetAtt WorkerRole.Arn\n  - Effect: Allow\n    Action: [lambda:CreateFunction, lambda:InvokeFunction]\n    Resource: "*"\n',
      },
      references: [
        'https://github.com/salesforce/cloudsplaining/blob/master/cloudsplaining/shared/default-exclusions.yml',
        'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
        'https://pathfinding.cloud/',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
      ],
    },
  },
  check(ctx) {
    type Entry = { node: Node; scopes: RiskScope[]; risks: PrincipalRisk[] };
    const byNode = new Map<number, Entry>();
    for (const scope of riskScopes(ctx)) {
      const risks = scopeRisks(ctx, scope);
      if (isAdmin(risks)) continue; // a full administrator is reported once, by iam/full-admin
      for (const risk of risks) {
        if (risk.category !== 'privilege-escalation' || !risk.grants.length) continue;
        const node = anchor(risk.grants).actionValue.node;
        let e = byNode.get(node.start);
        if (!e) byNode.set(node.start, (e = { node, scopes: [], risks: [] }));
        if (!e.scopes.includes(scope)) e.scopes.push(scope);
        if (!e.risks.some((r) => r.method?.name === risk.method?.name)) e.risks.push(risk);
      }
    }
    for (const e of [...byNode.values()].sort((a, b) => a.node.start - b.node.start)) {
      // Prefer methods with fewer actions first (the most direct path), then document order.
      const risks = e.risks.slice().sort((a, b) => a.grants.length - b.grants.length);
      const first = risks[0];
      const who = e.scopes.length === 1 ? e.scopes[0].label : `${e.scopes[0].label} (and ${e.scopes.length - 1} more)`;
      const others = risks.length > 1 ? `; also ${risks.length - 1} other method${risks.length > 2 ? 's' : ''} (${risks.slice(1, 4).map((r) => r.method?.name).join(', ')}${risks.length > 4 ? ', …' : ''})` : '';
      const related: RelatedLocation[] = [];
      const seen = new Set<number>([e.node.start]);
      for (const r of risks.slice(0, 4)) {
        for (const g of r.grants) {
          const n = g.actionValue.node;
          if (seen.has(n.start)) continue;
          seen.add(n.start);
          related.push({ start: n.start, end: n.end, message: `${g.action} granted here (${statementPlace(g.statement)})` });
        }
      }
      ctx.report({
        node: e.node,
        message: `${who} can escalate privileges via ${first.method?.name ?? 'a known method'}: ${describe(first)} on every resource${others}. Remove the IAM-write actions or scope them to specific resources.`,
        related,
      });
    }
  },
};
