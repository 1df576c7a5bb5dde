import type { Rule } from '../../engine/types';
import { actionNames, grantsByActionItem, itemText, resourceText, scopeNames } from '../../analysis/group';
import { scopeRisks } from '../../analysis/permissions';
import { servicePrefix } from '../../catalog/catalog';

export const dataExfiltration: Rule = {
  meta: {
    id: 'iam/data-exfiltration',
    title: 'Unconstrained read of data (every object, secret, parameter, key or table)',
    severity: 'warning',
    securitySeverity: 'high',
    scope: ['template', 'policy'],
    tags: ['iam', 'security', 'data-exfiltration'],
    docs: {
      rationale:
        'Actions that return data — `s3:GetObject`, `ssm:GetParameter*`, `secretsmanager:GetSecretValue`, `kms:Decrypt`, `dynamodb:Scan`/`Query`/`GetItem`/`BatchGetItem` — granted on `"Resource": "*"` (or an ARN that covers every resource of the type, such as `arn:aws:s3:::*`) let whoever holds the credentials read every object, secret, parameter or item in the account, not just the workload\'s own. Paired with bucket discovery (`s3:ListAllMyBuckets` / `s3:ListBucket`) in the same principal, it is the Capital One 2019 pattern: credentials stolen from an instance role were used to list every bucket and download them all. The paired case is an error; the read alone is a warning. A condition that really narrows the resources or the network (`s3:prefix`, resource tags, `aws:SourceVpce`, `aws:SourceIp`, `kms:ViaService`…) removes the finding; an unconditional `Deny` in the same principal does too. A principal that is already a full administrator (`*` on `*`) is reported once, by `iam/full-admin`, not again here.',
      fix: 'No automatic fix: scope `Resource` to the buckets, objects, secrets, parameters, keys or tables the workload reads (`!Sub "${Bucket.Arn}/*"`).',
      bad: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action: [s3:ListAllMyBuckets, s3:GetObject]\n    Resource: "*"\n' },
      good: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action: [s3:GetObject]\n    Resource: !Sub "${ReportsBucket.Arn}/*"\n' },
      references: [
        'https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/data-exfiltration.md',
        'https://www.justice.gov/usao-wdwa/press-release/file/1188626/download',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
      ],
    },
  },
  check(ctx) {
    for (const g of grantsByActionItem(ctx, 'data-read', true)) {
      const first = g.grants[0];
      const s3Read = g.grants.some((x) => x.action.startsWith('s3:'));
      // Bucket discovery anywhere in a principal that reaches this item.
      let discovery: string | undefined;
      if (s3Read) {
        for (const scope of g.scopes) {
          const d = scopeRisks(ctx, scope).find((r) => r.category === 'discovery');
          const s3 = d?.grants.filter((x) => x.action === 's3:ListAllMyBuckets' || x.action === 's3:ListBucket');
          if (s3?.length) {
            discovery = actionNames(s3, 2);
            break;
          }
        }
      }
      const what = first.actionValue.value.trim().toLowerCase() === first.action.toLowerCase() ? first.action : `${itemText(first)} grants ${actionNames(g.grants)}`;
      const base = `${what} on ${resourceText(first)}: ${scopeNames(g.scopes)} can read every ${noun(g.grants.map((x) => x.action))} in the account`;
      if (discovery) {
        ctx.report({
          node: g.node,
          severity: 'error',
          securitySeverity: 'critical',
          message: `${base}, and ${discovery} on every resource enumerates what to take — this is the Capital One pattern (list the buckets, then download them). Scope Resource to the buckets it needs.`,
        });
      } else {
        ctx.report({ node: g.node, message: `${base}. Scope Resource to what it needs.` });
      }
    }
  },
};

function noun(actions: string[]): string {
  const kinds = new Set<string>();
  for (const a of actions) {
    const svc = servicePrefix(a);
    kinds.add(svc === 's3' ? 'S3 object' : svc === 'ssm' ? 'SSM parameter' : svc === 'secretsmanager' ? 'secret' : svc === 'kms' ? 'KMS-encrypted value' : svc === 'dynamodb' ? 'DynamoDB item' : svc);
  }
  const l = [...kinds];
  return l.length === 1 ? l[0] : `${l.slice(0, -1).join(', ')} and ${l[l.length - 1]}`;
}
