import type { Rule } from '../../engine/types';
import { actionNames, grantsByActionItem, itemText, resourceText, scopeNames } from '../../analysis/group';

export const credentialsExposure: Rule = {
  meta: {
    id: 'iam/credentials-exposure',
    title: 'Unconstrained action that returns credentials',
    severity: 'warning',
    securitySeverity: 'high',
    scope: ['template', 'policy'],
    tags: ['iam', 'security', 'credentials'],
    docs: {
      rationale:
        'Some actions return credentials in their response: `iam:CreateAccessKey` (keys for any user), `iam:CreateLoginProfile`, `sts:AssumeRole` and `sts:GetFederationToken`, `redshift:GetClusterCredentials`, `rds-db:connect`, `ec2:GetPasswordData`, `lightsail:GetInstanceAccessDetails`… (Cloudsplaining\'s "actions that return credentials"). Granted on `"Resource": "*"`, the principal can obtain credentials of other users, roles, databases and instances — a lateral-movement path the workload rarely needs. Not reported, because they only return a token carrying the caller\'s own permissions or need no IAM permission at all: `ecr:GetAuthorizationToken` (supports only `*` and is needed for every image pull), `ecr-public:GetAuthorizationToken`, `codeartifact:GetAuthorizationToken`, `sts:GetSessionToken`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, and `cognito-idp:GetSigningCertificate` (a public certificate). A principal that is already a full administrator (`*` on `*`) is reported once, by `iam/full-admin`, not again here.',
      fix: 'No automatic fix: scope `Resource` to the users, roles, clusters or instances concerned (`arn:aws:iam::123456789012:role/deploy`, `!GetAtt Cluster.Arn`).',
      bad: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": ["iam:CreateAccessKey", "sts:AssumeRole"],\n  "Resource": "*"\n}\n' },
      good: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": "sts:AssumeRole",\n  "Resource": "arn:aws:iam::123456789012:role/deploy"\n}\n' },
      references: [
        'https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/credentials-exposure.md',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html',
        'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
        'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html',
      ],
    },
  },
  check(ctx) {
    for (const g of grantsByActionItem(ctx, 'credentials-exposure', true)) {
      const first = g.grants[0];
      const what = first.actionValue.value.trim().toLowerCase() === first.action.toLowerCase() ? first.action : `${itemText(first)} grants ${actionNames(g.grants)}`;
      ctx.report({
        node: g.node,
        message: `${what} on ${resourceText(first)}: ${scopeNames(g.scopes)} can ${why(g.grants.map((x) => x.action))}. Scope Resource to the ones it needs.`,
      });
    }
  },
};

const WHY: Record<string, string> = {
  'iam:CreateAccessKey': 'create access keys for any IAM user',
  'iam:UpdateAccessKey': 'reactivate any user\'s access keys',
  'iam:CreateLoginProfile': 'set a console password for any IAM user',
  'sts:AssumeRole': 'assume any role whose trust policy trusts the account',
  'sts:GetFederationToken': 'mint federated-user credentials',
  'rds-db:connect': 'connect as any database user of any RDS database with IAM authentication',
  'redshift:GetClusterCredentials': 'get database credentials for any Redshift user',
  'ec2:GetPasswordData': 'retrieve the Windows administrator password of any instance',
  'lightsail:GetInstanceAccessDetails': 'get SSH keys and passwords of any Lightsail instance',
};

function why(actions: string[]): string {
  const known = [...new Set(actions.map((a) => WHY[a]).filter((x): x is string => !!x))];
  if (actions.length === 1 && known.length === 1) return known[0];
  return 'obtain credentials of other users, roles or resources';
}
