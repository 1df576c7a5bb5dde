import type { Fix, RelatedLocation, Rule } from '../../engine/types';
import type { JsValue } from '../../fixes/edits';
import { globMatch } from '../../catalog/arn';
import { get, isArray } from '../../model/node';
import type { PolicyModel, StatementModel } from '../../model/policy';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { appendItem } from '../../fixes/edits';
import { addResourceAfter, bucketNames, bucketPolicies, buckets, freshId, isWebsite, sensitiveReason } from './bucket';

/** How much of the bucket a TLS-only Deny statement covers. */
type Coverage = { bucket: boolean; objects: boolean; prefix?: boolean };

/**
 * Whether a statement denies every S3 action to everyone over plain HTTP: Effect Deny (every
 * alternative), Principal `*` / `{AWS: "*"}`, Action `s3:*` or `*`, and a condition
 * `Bool`/`BoolIfExists` `aws:SecureTransport: false`. Returns what of the bucket it covers.
 * `NumericLessThan s3:TlsVersion` alone does not count: a plain HTTP request has no TLS version,
 * so that condition never matches it.
 */
export function tlsDenyCoverage(st: StatementModel, names: string[]): Coverage | undefined {
  const eff = st.effects();
  if (!eff.length || !eff.every((v) => v.value === 'Deny')) return undefined;
  const pr = st.principals();
  if (!pr.length || !pr.every((p) => p.type === '*' || (p.type === 'AWS' && p.value.value === '*'))) return undefined;
  if (!st.actions().some((a) => a.value === '*' || a.value.toLowerCase() === 's3:*')) return undefined;
  const insecure = st
    .conditions()
    .some((c) => /^Bool(IfExists)?$/.test(c.operator) && c.key.toLowerCase() === 'aws:securetransport' && c.values.some((v) => v.value.toLowerCase() === 'false'));
  if (!insecure) return undefined;
  const cov: Coverage = { bucket: false, objects: false };
  for (const res of st.resources()) {
    for (const n of names) {
      if (globMatch(res.value, `arn:aws:s3:::${n}`, true)) cov.bucket = true;
      if (globMatch(res.value, `arn:aws:s3:::${n}/*`, true)) cov.objects = true;
      else if (res.value.startsWith(`arn:aws:s3:::${n}/`)) cov.prefix = true;
    }
  }
  return cov.bucket || cov.objects || cov.prefix ? cov : undefined;
}

/** The TLS-only statement, with the bucket's ARN through GetAtt/Sub. */
function tlsStatement(bucketId: string): Record<string, JsValue> {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Sub': `\${${bucketId}.Arn}/*` }],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

function best(policies: PolicyModel[], names: string[]): Coverage {
  const cov: Coverage = { bucket: false, objects: false };
  for (const p of policies) {
    for (const st of p.statements) {
      const c = tlsDenyCoverage(st, names);
      if (!c) continue;
      if (c.bucket && c.objects) return c;
      cov.bucket ||= c.bucket;
      cov.objects ||= c.objects;
      cov.prefix ||= c.prefix;
    }
  }
  return cov;
}

export const tlsNotEnforced: Rule = {
  meta: {
    id: 's3/tls-not-enforced',
    title: 'S3 bucket accepts requests over plain HTTP',
    severity: 'info',
    securitySeverity: 'medium',
    scope: ['template'],
    fixable: 'safe',
    tags: ['s3', 'capital-one'],
    docs: {
      rationale:
        'Amazon S3 accepts both HTTP and HTTPS requests unless a bucket policy denies requests where `aws:SecureTransport` is `false`. Without that Deny, a misconfigured client, an SDK endpoint override or a proxy can send objects and request details in clear text, readable and alterable on the network path. The rule looks for a `AWS::S3::BucketPolicy` in the template whose `Bucket` is the bucket (by `Ref` or by its literal name) with a statement `Effect: Deny`, `Principal: "*"`, `Action: s3:*`, `Condition: {Bool: {aws:SecureTransport: false}}` and `Resource` covering the bucket ARN and `arn/*`. A `NumericLessThan s3:TlsVersion` condition alone does not count: it enforces a minimum TLS version on HTTPS requests, while a plain HTTP request has no TLS version and is not matched. Reported as `info`, raised to `warning` when the bucket looks sensitive (see `s3/no-encryption`). Website buckets are skipped: S3 website endpoints only speak HTTP (put CloudFront in front for HTTPS).',
      fix: 'Adds the Deny statement to the bucket\'s existing policy, or adds a new `AWS::S3::BucketPolicy` named `<Bucket>TlsOnlyPolicy` right after the bucket, written in the file\'s style (YAML short forms `!Ref`/`!GetAtt`/`!Sub` when the file uses them, `{"Ref": ...}`/`{"Fn::Sub": ...}` in JSON), with `Resource` set to the bucket ARN and `arn/*`. Not offered when the existing policy is a JSON string or its statement list is not a plain list. If CloudFront serves the bucket with `ViewerProtocolPolicy: allow-all`, switch it to `redirect-to-https` first: CloudFront forwards to an S3 origin with the viewer\'s protocol.',
      bad: { format: 'yaml', text: 'Data:\n  Type: AWS::S3::Bucket\n' },
      good: {
        format: 'yaml',
        text: 'Data:\n  Type: AWS::S3::Bucket\nDataTlsOnlyPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Data\n    PolicyDocument:\n      Version: "2012-10-17"\n      Statement:\n        - Sid: DenyInsecureTransport\n          Effect: Deny\n          Principal: "*"\n          Action: s3:*\n          Resource:\n            - !GetAtt Data.Arn\n            - !Sub "${Data.Arn}/*"\n          Condition:\n            Bool:\n              aws:SecureTransport: "false"\n',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
        'https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html',
        'https://aws.amazon.com/blogs/storage/enforcing-encryption-in-transit-with-tls1-2-or-higher-with-amazon-s3/',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of buckets(t)) {
      if (isWebsite(r)) continue;
      const names = bucketNames(t, r);
      const found = bucketPolicies(ctx, t, r);
      const cov = best(
        found.flatMap((f) => f.policies),
        names,
      );
      if (cov.bucket && cov.objects) continue;
      const sensitive = sensitiveReason(t, r);
      const related: RelatedLocation[] = found.map((f) => ({ start: f.resource.entry.keyNode.start, end: f.resource.entry.keyNode.end, message: `bucket policy '${f.resource.id}' of '${r.id}'` }));
      const partial = cov.objects
        ? 'only for its objects (arn/*), not for the bucket itself'
        : cov.bucket
          ? `only for the bucket itself${cov.prefix ? ' and some key prefixes' : ''}, not for all its objects (arn/*)`
          : cov.prefix
            ? 'only for some key prefixes, not for the bucket and all its objects'
            : '';
      const where = found.length ? `its bucket policy '${found[0].resource.id}' has no statement that` : 'no bucket policy in this template';
      ctx.report({
        node: r.entry.keyNode,
        resourceId: r.id,
        severity: sensitive ? 'warning' : 'info',
        related,
        message: partial
          ? `S3 bucket '${r.id}' denies plain-HTTP requests (aws:SecureTransport false) ${partial}${sensitive ? ` (the bucket ${sensitive})` : ''}. Cover both the bucket ARN and arn/*.`
          : `S3 bucket '${r.id}' accepts requests over plain HTTP: ${where} denies requests with aws:SecureTransport false${sensitive ? ` (the bucket ${sensitive})` : ''}. Add a Deny statement for requests without TLS.`,
        fixes: () => fixFor(ctx, t, r, found),
      });
    }
  },
};

function fixFor(ctx: Parameters<Rule['check']>[0], t: TemplateModel, r: ResourceModel, found: { resource: ResourceModel; policies: PolicyModel[] }[]): Fix[] {
  const stmt = tlsStatement(r.id);
  if (found.length) {
    // Add the statement to the (first) existing policy, when its Statement is a plain list.
    const pm = found[0].policies[0];
    const list = pm?.get('Statement');
    if (!pm || found.length > 1 || found[0].policies.length > 1 || !isArray(list) || pm.context.subStrings) return [];
    const edits = appendItem(ctx.doc, list, stmt);
    return edits.length ? [{ title: `Add a statement denying plain-HTTP requests to '${found[0].resource.id}'`, kind: 'safe', isPreferred: true, edits }] : [];
  }
  const id = freshId(t, `${r.id}TlsOnlyPolicy`);
  // Keep the new policy under the same condition as the bucket.
  const cond = get(r.node, 'Condition');
  const value: JsValue = {
    Type: 'AWS::S3::BucketPolicy',
    ...(cond && cond.kind === 'string' ? { Condition: cond.value } : {}),
    Properties: {
      Bucket: { Ref: r.id },
      PolicyDocument: { Version: '2012-10-17', Statement: [stmt] },
    },
  };
  const edits = addResourceAfter(ctx.doc, t, r, id, value);
  return edits.length ? [{ title: `Add bucket policy '${id}' denying plain-HTTP requests`, kind: 'safe', isPreferred: true, edits }] : [];
}
