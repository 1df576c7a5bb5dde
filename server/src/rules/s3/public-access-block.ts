import type { Fix, Rule, TextEdit } from '../../engine/types';
import { insertEntry, replaceScalar, setEntry } from '../../fixes/edits';
import type { ObjectNode } from '../../model/node';
import { getEntry, isObject } from '../../model/node';
import { resolveScalar } from '../../model/values';
import { buckets, insertBucketProperty, isLiteral, isWebsite, propertyAlternatives, sensitiveReason } from './bucket';
import { looksDeliberatelyPublic } from './public-acl';

export const PAB_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

export const publicAccessBlock: Rule = {
  meta: {
    id: 's3/public-access-block',
    title: 'S3 bucket without a full Block Public Access configuration',
    severity: 'warning',
    securitySeverity: 'high',
    scope: ['template'],
    fixable: 'safe',
    tags: ['s3', 'capital-one'],
    docs: {
      rationale:
        'S3 Block Public Access is the guardrail that stops a bucket policy or an ACL from making data public by mistake. `PublicAccessBlockConfiguration` has four flags — `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls`, `RestrictPublicBuckets` — and a flag left out of a configuration is false. Since April 2023 S3 turns all four on for every new bucket when the template says nothing, so a bucket **without** the property is reported as `info` (state it explicitly so the template documents the intent and an older stack or a drifted bucket is caught), raised to `warning` when the bucket looks sensitive (see `s3/no-encryption`). A configuration that turns a flag off, or leaves one out, is an explicit opt-out of the guardrail and is reported as `warning`.',
      fix: 'Inserts `PublicAccessBlockConfiguration` with the four flags `true`, or sets the flags that are false or missing to `true`. When the bucket looks deliberately public (a website configuration, a public canned ACL) the fix is offered as a choice, never applied by `--fix`: blocking public access breaks a public website. Not offered when a flag comes from a parameter or condition: change it there.',
      bad: { format: 'yaml', text: 'Uploads:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      BlockPublicPolicy: false\n' },
      good: {
        format: 'yaml',
        text: 'Uploads:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n      RestrictPublicBuckets: true\n',
      },
      references: [
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-publicaccessblockconfiguration.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
        'https://aws.amazon.com/blogs/aws/heads-up-amazon-s3-security-changes-are-coming-in-april-of-2023/',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of buckets(t)) {
      const props = r.properties;
      if (props === undefined && getEntry(r.node, 'Properties')) continue;
      const entry = getEntry(props, 'PublicAccessBlockConfiguration');
      const alts = propertyAlternatives(entry?.value);
      const kind = looksDeliberatelyPublic(t, r) || isWebsite(r) ? 'choice' : 'safe';
      if (alts.every((a) => a.kind === 'absent')) {
        const sensitive = sensitiveReason(t, r);
        const fixes = (): Fix[] => {
          const edits = entry ? [] : insertBucketProperty(ctx.doc, r, 'PublicAccessBlockConfiguration', allTrue());
          return edits.length ? [{ title: 'Add PublicAccessBlockConfiguration with all four flags true', kind, isPreferred: kind === 'safe', edits }] : [];
        };
        ctx.report({
          node: r.entry.keyNode,
          resourceId: r.id,
          severity: sensitive ? 'warning' : 'info',
          message: `S3 bucket '${r.id}' has no PublicAccessBlockConfiguration${sensitive ? ` and ${sensitive}` : ''}: it relies on account or S3 defaults (all four flags on for buckets created since April 2023) to stop a policy or ACL from making it public. State all four flags explicitly.`,
          fixes,
        });
        continue;
      }
      // Flags that are off in some alternative of the configuration (a branch without the
      // property falls back to the S3 defaults, which is not an opt-out).
      const off = new Map<string, string>();
      let reportAt: { start: number; end: number } = entry ? entry.keyNode : r.entry.keyNode;
      const objects = alts.filter((a): a is { kind: 'value'; node: ObjectNode } => a.kind === 'value' && isObject(a.node));
      let fixable = alts.length === 1 && objects.length === 1;
      for (const a of objects) {
        for (const flag of PAB_FLAGS) {
          const fe = getEntry(a.node, flag);
          if (!fe) {
            off.set(flag, 'missing (false)');
            continue;
          }
          const bad = resolveScalar(fe.value, { template: t }).find((v) => v.known && v.value.toLowerCase() !== 'true');
          if (bad) {
            off.set(flag, bad.origin ? `${bad.value} (parameter default)` : bad.value);
            if (off.size === 1) reportAt = fe.value;
            if (!isLiteral(fe.value)) fixable = false;
          }
        }
      }
      if (!off.size) continue;
      if (off.size > 1 && entry) reportAt = entry.keyNode;
      const canFix = fixable;
      const fixes = (): Fix[] => {
        if (!canFix) return [];
        const obj = objects[0].node;
        const edits: TextEdit[] = [];
        const missing: string[] = [];
        for (const flag of PAB_FLAGS) {
          if (!off.has(flag)) continue;
          const fe = getEntry(obj, flag);
          if (!fe) missing.push(flag);
          else if (fe.value.kind === 'string') edits.push(replaceScalar(ctx.doc, fe.value, 'true'));
          else edits.push({ start: fe.value.start, end: fe.value.end, newText: 'true' });
        }
        if (missing.length && ctx.doc.format === 'json' && entry && entry.value === obj) {
          // jsonc-parser re-emits the neighbouring property on insertion: replace the object whole.
          edits.length = 0;
          edits.push(...setEntry(ctx.doc, props!, 'PublicAccessBlockConfiguration', allTrue()));
        } else if (missing.length) {
          // Pure insertions at one point (the end of the object) chain up into a single edit.
          const ins = missing.flatMap((n) => insertEntry(ctx.doc, obj, n, true));
          if (ins.length === missing.length && ins.every((e) => e.start === ins[0].start && e.end === e.start)) {
            edits.push({ start: ins[0].start, end: ins[0].end, newText: ins.map((e) => e.newText).join('') });
          } else if (missing.length === 1 && ins.length) edits.push(...ins);
          else edits.length = 0;
        }
        return edits.length ? [{ title: `Set ${[...off.keys()].join(', ')} to true`, kind, isPreferred: kind === 'safe', edits }] : [];
      };
      const list = [...off.entries()].map(([k, v]) => `${k} is ${v}`).join(', ');
      ctx.report({
        node: reportAt,
        resourceId: r.id,
        message: `S3 bucket '${r.id}' turns Block Public Access off (${list}): a bucket policy or ACL can then make its data public. Set all four flags to true.`,
        fixes,
      });
    }
  },
};

function allTrue(): Record<string, boolean> {
  return { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
}
