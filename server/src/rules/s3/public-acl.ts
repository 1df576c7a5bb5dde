import type { Rule, SecuritySeverity, Severity } from '../../engine/types';
import { removeEntry } from '../../fixes/edits';
import { getEntry } from '../../model/node';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { resolveScalar } from '../../model/values';
import { buckets, isWebsite } from './bucket';
import { own } from '../../util/own';

/** Canned ACLs that grant access outside the account, with who gets what. */
export const PUBLIC_ACLS: Record<string, { who: string; severity: Severity; securitySeverity: SecuritySeverity }> = {
  PublicReadWrite: { who: 'anyone on the internet can list, read and write', severity: 'error', securitySeverity: 'critical' },
  PublicRead: { who: 'anyone on the internet can list and read', severity: 'error', securitySeverity: 'high' },
  AuthenticatedRead: { who: 'any AWS account in the world can list and read', severity: 'error', securitySeverity: 'high' },
};

/** The public canned ACL a bucket sets (worst alternative), if any. */
export function publicAcl(t: TemplateModel, r: ResourceModel): { value: string; node: { start: number; end: number }; origin: boolean } | undefined {
  const order = Object.keys(PUBLIC_ACLS);
  let worst: { value: string; node: { start: number; end: number }; origin: boolean } | undefined;
  for (const v of resolveScalar(getEntry(r.properties, 'AccessControl')?.value, { template: t })) {
    if (!v.known || !own(PUBLIC_ACLS, v.value)) continue;
    if (!worst || order.indexOf(v.value) < order.indexOf(worst.value)) worst = { value: v.value, node: v.node, origin: !!v.origin };
  }
  return worst;
}

/** A bucket that is meant to be public: a public canned ACL. */
export function looksDeliberatelyPublic(t: TemplateModel, r: ResourceModel): boolean {
  return !!publicAcl(t, r);
}

export const publicAclRule: Rule = {
  meta: {
    id: 's3/public-acl',
    title: 'S3 bucket with a public canned ACL',
    severity: 'error',
    securitySeverity: 'high',
    scope: ['template'],
    fixable: 'safe',
    tags: ['s3'],
    docs: {
      rationale:
        'The canned ACLs `PublicRead`, `PublicReadWrite` and `AuthenticatedRead` grant the AllUsers or AuthenticatedUsers groups access to the bucket: anyone on the internet (or anyone with any AWS account) can list and read it, and with `PublicReadWrite` also write and overwrite its objects. Since April 2023 new buckets have ACLs disabled (Object Ownership `BucketOwnerEnforced`) and Block Public Access on, so such a template either fails to deploy or only works after turning both guardrails off. `PublicReadWrite` is critical. A website bucket (`WebsiteConfiguration`) with `PublicRead` is reported as a warning: serve it through CloudFront with origin access control (OAC) and keep the bucket private instead.',
      fix: 'Removes the `AccessControl` entry (the bucket becomes private, its owner keeps full control). For a website bucket the removal is offered as a choice, not applied by `--fix`, since the site then stops being served from the S3 website endpoint until CloudFront with OAC is in place.',
      bad: { format: 'yaml', text: 'Reports:\n  Type: AWS::S3::Bucket\n  Properties:\n    AccessControl: PublicRead\n' },
      good: { format: 'yaml', text: 'Reports:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n      RestrictPublicBuckets: true\n' },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html',
        'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of buckets(t)) {
      const acl = publicAcl(t, r);
      if (!acl || !r.properties) continue;
      const info = own(PUBLIC_ACLS, acl.value)!;
      const website = isWebsite(r) && acl.value === 'PublicRead';
      const props = r.properties;
      const entry = getEntry(props, 'AccessControl')!;
      ctx.report({
        node: acl.node,
        resourceId: r.id,
        severity: website ? 'warning' : info.severity,
        securitySeverity: info.securitySeverity,
        message: website
          ? `S3 website bucket '${r.id}' uses the canned ACL PublicRead${acl.origin ? ' (parameter default)' : ''}: ${info.who} every object. Serve the site through CloudFront with origin access control (OAC) and keep the bucket private.`
          : `S3 bucket '${r.id}' uses the canned ACL ${acl.value}${acl.origin ? ' (parameter default)' : ''}: ${info.who} the bucket. Remove AccessControl and grant access with IAM or bucket policies.`,
        fixes: () => [
          {
            title: 'Remove AccessControl (make the bucket private)',
            kind: website ? 'choice' : 'safe',
            isPreferred: !website,
            // The only property: drop `Properties` too rather than leave it empty (null in YAML).
            edits: [props.entries.length === 1 && !props.flow ? removeEntry(ctx.doc, r.node, getEntry(r.node, 'Properties')!) : removeEntry(ctx.doc, props, entry)],
          },
        ],
      });
    }
  },
};
