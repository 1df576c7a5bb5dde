import type { ActionInfo, IamCatalog, ResourceTypeInfo } from '../../catalog/catalog';
import { actionRiskCategories } from '../../catalog/risk';
import type { Fix, ParsedDocument, Rule, SecuritySeverity, Severity } from '../../engine/types';
import type { Node } from '../../model/node';
import { get } from '../../model/node';
import type { StatementModel } from '../../model/policy';
import type { TemplateModel } from '../../model/template';
import type { Value } from '../../model/values';
import { ACCESS_RANK, actionLevel, hasStarAction, namesList, renderInline, replaceWithValues, type Rendered } from './scope-util';

/**
 * Write actions that AWS's own execution-role managed policies grant on `"*"`
 * (AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole, CloudWatchAgentServerPolicy).
 * Granting them on `*` is the documented baseline of every function's or instance's role, so on
 * their own they are reported at info, not warning.
 */
export const EXECUTION_ROLE_BASELINE = new Set(
  [
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'ec2:CreateNetworkInterface',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSubnets',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
    'logs:PutRetentionPolicy',
    'cloudwatch:PutMetricData',
  ].map((a) => a.toLowerCase()),
);

/**
 * Condition keys that limit WHICH resources a statement applies to (so `Resource: "*"` is not
 * every resource): resource tags, the resource's account or organization. Keys that limit how or
 * from where (aws:SourceIp, aws:RequestedRegion, kms:ViaService, iam:PassedToService, s3:prefix)
 * do not. `…IfExists` operators do not scope (an untagged resource passes).
 */
const SCOPING_KEY = /^([a-z0-9-]+:ResourceTag\/.+|aws:ResourceAccount|aws:ResourceOrgID|aws:ResourceOrgPaths|s3:ExistingObjectTag\/.+)$/i;

/** How a statement resource of catalog type `service:type` is written for a resource of the template. */
interface CandidateShape {
  types: string[];
  render: (id: string) => Rendered;
  /** Only resources with this property (a DynamoDB stream needs StreamSpecification). */
  needs?: string;
}
const getAtt = (attr: string) => (id: string): Rendered => ({ kind: 'intrinsic', fn: 'GetAtt', arg: `${id}.${attr}` });
const ref = (id: string): Rendered => ({ kind: 'intrinsic', fn: 'Ref', arg: id });
const sub = (f: (id: string) => string) => (id: string): Rendered => ({ kind: 'intrinsic', fn: 'Sub', arg: f(id) });

/** Catalog resource type (`service:name`, lower case) → the CloudFormation resources that are one. */
const CANDIDATES: Record<string, CandidateShape[]> = {
  's3:bucket': [{ types: ['AWS::S3::Bucket'], render: getAtt('Arn') }],
  's3:object': [{ types: ['AWS::S3::Bucket'], render: sub((id) => `\${${id}.Arn}/*`) }],
  'dynamodb:table': [{ types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'], render: getAtt('Arn') }],
  'dynamodb:index': [{ types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'], render: sub((id) => `\${${id}.Arn}/index/*`) }],
  'dynamodb:stream': [{ types: ['AWS::DynamoDB::Table'], render: getAtt('StreamArn'), needs: 'StreamSpecification' }],
  'sqs:queue': [{ types: ['AWS::SQS::Queue'], render: getAtt('Arn') }],
  'sns:topic': [{ types: ['AWS::SNS::Topic'], render: ref }],
  'lambda:function': [{ types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'], render: getAtt('Arn') }],
  'kms:key': [{ types: ['AWS::KMS::Key'], render: getAtt('Arn') }],
  'secretsmanager:secret': [{ types: ['AWS::SecretsManager::Secret'], render: ref }],
  'kinesis:stream': [{ types: ['AWS::Kinesis::Stream'], render: getAtt('Arn') }],
  'firehose:deliverystream': [{ types: ['AWS::KinesisFirehose::DeliveryStream'], render: getAtt('Arn') }],
  'logs:log-group': [{ types: ['AWS::Logs::LogGroup'], render: getAtt('Arn') }],
  'logs:log-stream': [{ types: ['AWS::Logs::LogGroup'], render: getAtt('Arn') }],
  'states:statemachine': [{ types: ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'], render: ref }],
  'ecr:repository': [{ types: ['AWS::ECR::Repository'], render: getAtt('Arn') }],
  'iam:role': [{ types: ['AWS::IAM::Role'], render: getAtt('Arn') }],
  'iam:user': [{ types: ['AWS::IAM::User'], render: getAtt('Arn') }],
  'iam:group': [{ types: ['AWS::IAM::Group'], render: getAtt('Arn') }],
  'iam:policy': [{ types: ['AWS::IAM::ManagedPolicy'], render: ref }],
  'iam:instance-profile': [{ types: ['AWS::IAM::InstanceProfile'], render: getAtt('Arn') }],
  'events:event-bus': [{ types: ['AWS::Events::EventBus'], render: getAtt('Arn') }],
  'elasticfilesystem:file-system': [{ types: ['AWS::EFS::FileSystem'], render: getAtt('Arn') }],
  'codecommit:repository': [{ types: ['AWS::CodeCommit::Repository'], render: getAtt('Arn') }],
  'codebuild:project': [{ types: ['AWS::CodeBuild::Project'], render: getAtt('Arn') }],
  'es:domain': [{ types: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'], render: sub((id) => `\${${id}.Arn}/*`) }],
  'ec2:instance': [{ types: ['AWS::EC2::Instance'], render: sub((id) => `arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:instance/\${${id}}`) }],
};

const MAX_CANDIDATES = 8;

export const wildcardResource: Rule = {
  meta: {
    id: 'iam/wildcard-resource',
    title: 'Allow on every resource (`Resource: "*"`) for actions that can be scoped',
    severity: 'warning',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'choice',
    tags: ['iam', 'least-privilege'],
    docs: {
      rationale:
        'An identity policy that allows an action on `"*"` — or on an ARN that matches every resource of the action\'s type, such as `arn:aws:s3:::*` or `arn:${AWS::Partition}:iam::*:role/*` — lets the principal use it on every such resource in the account, including ones created later: `s3:GetObject` on `*` is how the 2019 Capital One breach read every bucket. Only actions that support resource-level permissions are reported; actions whose service authorization reference entry lists no resource type (`s3:ListAllMyBuckets`, `ec2:DescribeInstances`, `xray:PutTraceSegments`) accept only `*` and are named as fine when a statement mixes both kinds. Severity follows the highest access level among the reported actions, the way Checkov splits its checks (write, permissions management, data exfiltration, credentials exposure: CKV_AWS_107–111): **warning** for Permissions management and Write actions; **info** for Read, List and Tagging actions (Checkov\'s write and permissions-management checks pass `s3:Get*` on `*`; the Read actions that return data or credentials — `s3:GetObject`, `secretsmanager:GetSecretValue`, `ssm:GetParameter*` — are escalated by `iam/data-exfiltration` and `iam/credentials-exposure`, so they are not reported twice at warning), and for the CloudWatch Logs, metrics and network-interface Write actions that AWS\'s own execution-role managed policies (AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole, CloudWatchAgentServerPolicy) grant on `*`. A condition on a key that limits which resources match — `aws:ResourceTag/…` or `<service>:ResourceTag/…`, `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`, `s3:ExistingObjectTag/…` (not the `…IfExists` forms) — lowers the finding to info; conditions on how or from where (`aws:SourceIp`, `aws:RequestedRegion`, `kms:ViaService`, `iam:PassedToService`, `s3:prefix`) do not. With `Action: "*"` the statement is administrator access, reported at error by `iam/full-admin`; this rule then reports at info. Resource policies (bucket, key, queue policies) are not checked: there `"*"` means the policy\'s own resource.',
      fix: 'One quick fix per candidate (the user chooses; never applied automatically): replace the `*` with the ARN of a matching resource defined in the same template, written as an intrinsic in the file\'s style — `!Sub "${DataBucket.Arn}/*"` for S3 objects, `!GetAtt Table.Arn` for a DynamoDB table, `!Ref Topic` for an SNS topic (`{"Fn::Sub": …}` in JSON). When no resource of the right type is in the template, the fix writes the catalog\'s ARN format with placeholders to fill in (`!Sub "arn:${AWS::Partition}:s3:::BUCKET_NAME/*"`). When `Resource` is a list, only the `*` item is replaced. When the statement also has actions that only support `*`, move those to a statement of their own first. No fix when the `*` comes from a parameter default or a policy written as a JSON string.',
      bad: {
        format: 'yaml',
        text: 'Statement:\n  - Effect: Allow\n    Action:\n      - s3:ListAllMyBuckets\n      - s3:GetObject\n    Resource: "*"\n',
      },
      good: {
        format: 'yaml',
        text: 'Statement:\n  - Effect: Allow\n    Action: s3:ListAllMyBuckets\n    Resource: "*"\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub "${DataBucket.Arn}/*"\n',
      },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
        'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
        'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html',
        'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchAgentServerPolicy.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
      ],
    },
  },
  check(ctx) {
    const cat = ctx.catalog;
    for (const p of ctx.policies) {
      if (p.kind !== 'identity' || p.context.expandedFrom) continue;
      for (const s of p.statements) {
        if (!s.allows || !s.has('Action')) continue;
        const resources = s.values('Resource').filter((v) => v.known && /[*?]/.test(v.value));
        if (resources.length === 0) continue;
        const seen = new Set<number>();
        const starAction = hasStarAction(s);
        const actions = starAction ? undefined : statementActions(cat, s);
        if (actions && actions.length === 0) continue;
        const scoped = scopingCondition(s);
        for (const v of resources) {
          if (seen.has(v.node.start)) continue;
          const value = v.value.trim();
          if (starAction) {
            if (value !== '*') continue; // `*` on a narrower ARN: iam/wildcard-action reports the action
            seen.add(v.node.start);
            ctx.report({
              node: v.node,
              message: "Action '*' on Resource '*' allows every action on every resource: administrator access (see iam/full-admin).",
              severity: 'info',
              securitySeverity: 'critical',
            });
            continue;
          }
          const scopable = actions!.filter((a) => a.resourceTypes.length > 0);
          const flagged = value === '*' ? scopable : scopable.filter((a) => cat.actionResourceTypes(a).some((rt) => cat.isResourceWildcardFor(value, rt)));
          if (flagged.length === 0) continue;
          seen.add(v.node.start);
          const starOnly = value === '*' ? actions!.filter((a) => a.resourceTypes.length === 0).map((a) => a.fullName) : [];
          const { severity, securitySeverity, why } = grade(flagged, scoped);
          const order = [...flagged].sort((a, b) => ACCESS_RANK[actionLevel(b)] - ACCESS_RANK[actionLevel(a)] || (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
          const shown = order.slice(0, 3).map((a) => `${a.fullName} (${actionLevel(a)})`);
          const acts = flagged.length === 1 ? shown[0] : `${flagged.length} actions that support resource-level permissions — ${shown.join(', ')}${flagged.length > 3 ? ', …' : ''} —`;
          const where = (value === '*' ? "Resource '*'" : `Resource '${value}' (every resource of its type)`) + (v.origin ? ' (parameter default)' : '');
          let message = `${where} lets ${acts} act on every matching resource in the account${why}; scope it to the ARNs the workload uses.`;
          if (starOnly.length) message += ` (${namesList(starOnly, 2)} only support${starOnly.length === 1 ? 's' : ''} '*' and ${starOnly.length === 1 ? 'is' : 'are'} fine.)`;
          if (scoped) message += ` The condition on '${scoped}' limits which resources match, so this is informational.`;
          ctx.report({ node: v.node, message, severity, securitySeverity, fixes: () => scopeFixes(ctx.doc, ctx.template, cat, s, v, order, starOnly) });
        }
      }
    }
  },
};

/** Every action a statement's `Action` names (wildcards expanded), de-duplicated. */
function statementActions(cat: IamCatalog, s: StatementModel): ActionInfo[] {
  const out = new Map<string, ActionInfo>();
  for (const v of s.values('Action')) {
    if (!v.known) continue;
    for (const a of cat.expand(v.value)) out.set(a.fullName, a);
  }
  return [...out.values()];
}

function scopingCondition(s: StatementModel): string | undefined {
  for (const c of s.conditions()) {
    if (/IfExists$/i.test(c.operator) || /^Null$/i.test(c.operator)) continue;
    if (SCOPING_KEY.test(c.key)) return c.key;
  }
  return undefined;
}

function grade(flagged: ActionInfo[], scoped: string | undefined): { severity: Severity; securitySeverity: SecuritySeverity; why: string } {
  let severity: Severity = 'info';
  let sec: SecuritySeverity = 'low';
  let why = '';
  const raise = (s: Severity, x: SecuritySeverity) => {
    if (s === 'warning') severity = 'warning';
    const rank = { low: 0, medium: 1, high: 2, critical: 3 };
    if (rank[x] > rank[sec]) sec = x;
  };
  for (const a of flagged) {
    const level = actionLevel(a);
    if (level === 'Permissions management') {
      raise('warning', 'high');
      why ||= `, including who may access them (${a.fullName})`;
    } else if (level === 'Write') {
      if (EXECUTION_ROLE_BASELINE.has(a.fullName.toLowerCase())) continue;
      raise('warning', 'medium');
    } else if (level === 'Read' && !why) {
      const risk = actionRiskCategories(a);
      if (risk.includes('data-exfiltration') || risk.includes('credentials-exposure')) why = `, including reading their data (${a.fullName}; see iam/data-exfiltration)`;
    }
  }
  if (scoped) return { severity: 'info', securitySeverity: 'low', why };
  return { severity, securitySeverity: sec, why };
}

// ---------------------------------------------------------------------------------------------
// Fixes

function scopeFixes(
  doc: ParsedDocument,
  t: TemplateModel | undefined,
  cat: IamCatalog,
  s: StatementModel,
  v: Value,
  flagged: ActionInfo[],
  starOnly: string[],
): Fix[] {
  if (v.origin || v.node.embeddedIn || s.policy.context.subStrings) return [];
  if (isInsideSub(v.node)) return [];
  const list = s.get('Resource');
  const caveat = starOnly.length ? ` (move ${namesList(starOnly, 2)} to a statement of its own first)` : '';
  const fixes: Fix[] = [];
  // Which catalog resource types the flagged actions use (the required ones when an action has any).
  const types: ResourceTypeInfo[] = [];
  const seenType = new Set<string>();
  for (const a of flagged) {
    const rts = cat.actionResourceTypes(a);
    // The required types; else (all optional, e.g. S3 `object` or `accesspointobject`) the ones a
    // template resource can be, else the first.
    const req = new Set(a.resourceTypes.filter((r) => r.required).map((r) => r.name.toLowerCase()));
    const mapped = rts.filter((r) => CANDIDATES[`${r.service}:${r.name}`.toLowerCase()]);
    const use = req.size ? rts.filter((r) => req.has(r.name.toLowerCase())) : mapped.length ? mapped : rts.slice(0, 1);
    for (const rt of use) {
      const k = `${rt.service}:${rt.name}`.toLowerCase();
      if (!seenType.has(k)) {
        seenType.add(k);
        types.push(rt);
      }
    }
  }
  if (t) {
    const byResource = new Map<string, Rendered[]>();
    for (const rt of types) {
      for (const shape of CANDIDATES[`${rt.service}:${rt.name}`.toLowerCase()] ?? []) {
        for (const r of t.resourcesOfType(...shape.types)) {
          if (shape.needs && !get(r.properties, shape.needs)) continue;
          const out = byResource.get(r.id) ?? [];
          const val = shape.render(r.id);
          if (!out.some((x) => JSON.stringify(x) === JSON.stringify(val))) out.push(val);
          byResource.set(r.id, out);
        }
      }
    }
    for (const [id, vals] of [...byResource].slice(0, MAX_CANDIDATES)) {
      const edit = replaceWithValues(doc, v.node, list, vals);
      if (!edit) continue;
      fixes.push({
        title: `Scope to ${id}: ${vals.map((x) => renderInline(doc, x)).join(', ')}${caveat}`,
        kind: 'choice',
        isPreferred: byResource.size === 1 && !starOnly.length,
        edits: [edit],
      });
    }
  }
  if (fixes.length === 0 && types.length > 0 && types.length <= 4) {
    const vals: Rendered[] = [];
    for (const rt of types) {
      const arn = placeholderArn(rt.arn, !!t);
      const val: Rendered = t && arn.includes('${') ? { kind: 'intrinsic', fn: 'Sub', arg: arn } : { kind: 'string', value: arn };
      if (!vals.some((x) => JSON.stringify(x) === JSON.stringify(val))) vals.push(val);
    }
    const edit = replaceWithValues(doc, v.node, list, vals);
    if (edit) {
      fixes.push({
        title: `Replace with an ARN to fill in: ${vals.map((x) => renderInline(doc, x)).join(', ')}${caveat}`,
        kind: 'choice',
        edits: [edit],
      });
    }
  }
  return fixes;
}

/** A `*` inside a `!Sub` string (the node is the Sub's string) cannot take an intrinsic. */
function isInsideSub(n: Node): boolean {
  const p = n.parent;
  if (!p) return false;
  if (p.kind === 'object' && p.entries.length === 1 && p.entries[0].key === 'Fn::Sub') return true;
  if (p.kind === 'array' && p.parent?.kind === 'object' && p.parent.entries.length === 1 && p.parent.entries[0].key === 'Fn::Sub') return true;
  return false;
}

/**
 * The catalog's ARN format with its placeholders to fill in: in a template `${Partition}` →
 * `${AWS::Partition}`, `${Region}` → `${AWS::Region}`, `${Account}` → `${AWS::AccountId}`; in a
 * policy file `aws`, `REGION`, `ACCOUNT_ID`. Object keys become `*` (every object of the bucket);
 * other names UPPER_SNAKE (`BUCKET_NAME`).
 */
export function placeholderArn(format: string, template: boolean): string {
  return format.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    if (name === 'Partition') return template ? '${AWS::Partition}' : 'aws';
    if (name === 'Region') return template ? '${AWS::Region}' : 'REGION';
    if (name === 'Account') return template ? '${AWS::AccountId}' : 'ACCOUNT_ID';
    if (name === 'ObjectName') return '*';
    return name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9_]/g, '_')
      .toUpperCase();
  });
}
