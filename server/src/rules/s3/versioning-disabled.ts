import type { Fix, Rule, TextEdit } from '../../engine/types';
import { insertEntry, replaceScalar } from '../../fixes/edits';
import { getEntry, isObject } from '../../model/node';
import { resolveScalar } from '../../model/values';
import { buckets, insertBucketProperty, propertyAlternatives } from './bucket';

export const versioningDisabled: Rule = {
  meta: {
    id: 's3/versioning-disabled',
    title: 'S3 bucket without versioning',
    severity: 'info',
    securitySeverity: 'low',
    scope: ['template'],
    fixable: 'safe',
    tags: ['s3'],
    docs: {
      rationale:
        'Without versioning, an overwrite or a delete — by a bug, by a compromised role, or by ransomware that encrypts objects in place — destroys the only copy. With `VersioningConfiguration.Status: Enabled` every write keeps the previous version, which can be restored (and, with MFA delete or Object Lock, protected). A bucket has versioning off until the template enables it; `Suspended` keeps old versions but stops making new ones.',
      fix: 'Inserts `VersioningConfiguration: {Status: Enabled}`, or sets `Status` to `Enabled`. Add a lifecycle rule expiring noncurrent versions to keep storage costs in check.',
      bad: { format: 'yaml', text: 'Invoices:\n  Type: AWS::S3::Bucket\n' },
      good: { format: 'yaml', text: 'Invoices:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled\n' },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-versioningconfiguration.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of buckets(t)) {
      if (r.properties === undefined && getEntry(r.node, 'Properties')) continue;
      const entry = getEntry(r.properties, 'VersioningConfiguration');
      const alts = propertyAlternatives(entry?.value);
      if (!entry || alts.every((a) => a.kind === 'absent')) {
        const fixes = (): Fix[] => {
          const edits = entry ? [] : insertBucketProperty(ctx.doc, r, 'VersioningConfiguration', { Status: 'Enabled' });
          return edits.length ? [{ title: 'Enable versioning (VersioningConfiguration: Status: Enabled)', kind: 'safe', isPreferred: true, edits }] : [];
        };
        ctx.report({
          node: r.entry.keyNode,
          resourceId: r.id,
          message: `S3 bucket '${r.id}' has no VersioningConfiguration: an overwrite or delete (a bug, a compromised role, ransomware) destroys the only copy. Enable versioning.`,
          fixes,
        });
        continue;
      }
      let bad: { value: string; at: { start: number; end: number } } | undefined;
      let edits: TextEdit[] | undefined;
      for (const a of alts) {
        if (a.kind === 'unknown') continue;
        if (a.kind === 'absent') {
          bad ??= { value: 'VersioningConfiguration is dropped in one !If branch', at: entry.keyNode };
          continue;
        }
        if (!isObject(a.node)) continue;
        const se = getEntry(a.node, 'Status');
        if (!se) {
          bad ??= { value: 'Status is missing', at: entry.keyNode };
          if (alts.length === 1) edits = insertEntry(ctx.doc, a.node, 'Status', 'Enabled');
          continue;
        }
        const v = resolveScalar(se.value, { template: t }).find((x) => x.known && x.value !== 'Enabled');
        if (v) {
          bad ??= { value: `Status is ${v.value}${v.origin ? ' (parameter default)' : ''}`, at: v.node };
          if (alts.length === 1 && se.value.kind === 'string') edits = [replaceScalar(ctx.doc, se.value, 'Enabled')];
        }
      }
      if (!bad) continue;
      ctx.report({
        node: bad.at,
        resourceId: r.id,
        message: `S3 bucket '${r.id}' does not enable versioning (${bad.value}): an overwrite or delete destroys the only copy. Set VersioningConfiguration Status to Enabled.`,
        fixes: edits?.length ? [{ title: 'Set versioning Status to Enabled', kind: 'safe', isPreferred: true, edits }] : [],
      });
    }
  },
};
