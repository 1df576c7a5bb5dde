import type { Rule } from '../../engine/types';
import { riskScopes, actionGrants } from '../../analysis/permissions';
import { itemText, resourceText, scopeNames } from '../../analysis/group';
import type { Grant } from '../../analysis/permissions';
import type { RiskScope } from '../../analysis/permissions';
import type { Node } from '../../model/node';

export const passroleWildcard: Rule = {
  meta: {
    id: 'iam/passrole-wildcard',
    title: 'iam:PassRole on every role',
    severity: 'error',
    securitySeverity: 'high',
    scope: ['template', 'policy'],
    tags: ['iam', 'security', 'privilege-escalation'],
    docs: {
      rationale:
        '`iam:PassRole` lets a principal hand a role to an AWS service (an EC2 instance profile, a Lambda function, a CloudFormation stack, an ECS task). Granted on `"Resource": "*"` (or `arn:aws:iam::*:role/*`), directly or through `iam:*`, `iam:Pass*` or `*`, it lets the principal pass ANY role of the account — including administrator roles — to a compute service it controls, then act with that role\'s permissions: the most common IAM privilege-escalation path. `iam:PassedToService` narrows the service, not the role, so it does not remove this finding; a resource-tag condition (`iam:ResourceTag/…`, `aws:ResourceTag/…`) does. An explicit unconditional `Deny` of `iam:PassRole` on `*` in the same principal removes it too.',
      fix: 'No automatic fix: set `Resource` to the ARNs of the roles the principal must pass (`!GetAtt TaskRole.Arn`), and add `Condition: {StringEquals: {iam:PassedToService: <service>.amazonaws.com}}`.',
      bad: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": "iam:PassRole",\n  "Resource": "*"\n}\n' },
      good: {
        format: 'json',
        text: '{\n  "Effect": "Allow",\n  "Action": "iam:PassRole",\n  "Resource": "arn:aws:iam::123456789012:role/app-task-role",\n  "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}\n}\n',
      },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
        'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html',
      ],
    },
  },
  check(ctx) {
    const byNode = new Map<number, { node: Node; grant: Grant; scopes: RiskScope[] }>();
    for (const scope of riskScopes(ctx)) {
      for (const g of actionGrants(ctx, scope.policies, 'iam:PassRole')) {
        const node = g.actionValue.node;
        let e = byNode.get(node.start);
        if (!e) byNode.set(node.start, (e = { node, grant: g, scopes: [] }));
        if (!e.scopes.includes(scope)) e.scopes.push(scope);
      }
    }
    for (const e of [...byNode.values()].sort((a, b) => a.node.start - b.node.start)) {
      const g = e.grant;
      const via = g.actionValue.value.trim().toLowerCase() === 'iam:passrole' ? 'iam:PassRole' : `${itemText(g)} grants iam:PassRole`;
      ctx.report({
        node: e.node,
        message: `${via} on ${resourceText(g)}: ${scopeNames(e.scopes)} can pass any role, including administrator roles, to a service it controls. Restrict Resource to the roles it must pass.`,
      });
    }
  },
};
