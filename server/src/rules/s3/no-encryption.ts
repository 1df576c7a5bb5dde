import type { Fix, Rule, TextEdit } from '../../engine/types';
import { insertEntry, replaceScalar } from '../../fixes/edits';
import type { Node, ObjectNode } from '../../model/node';
import { get, getEntry, isArray, isObject } from '../../model/node';
import { alternatives } from '../../model/policy';
import { resolveScalar } from '../../model/values';
import { buckets, insertBucketProperty, propertyAlternatives, sensitiveReason } from './bucket';

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

const KMS_RULE = { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true };

export const noEncryption: Rule = {
  meta: {
    id: 's3/no-encryption',
    title: 'S3 bucket not encrypted with a KMS key (SSE-KMS)',
    severity: 'info',
    securitySeverity: 'medium',
    scope: ['template'],
    fixable: 'safe',
    tags: ['s3', 'capital-one'],
    docs: {
      rationale:
        'Since January 5, 2023 S3 encrypts every new object with S3-managed keys (SSE-S3, `AES256`) when nothing else is configured, so a bucket is never stored in clear. SSE-S3 does not help against a stolen role, though: whoever may `s3:GetObject` reads the data. With SSE-KMS (`SSEAlgorithm: aws:kms`, or `aws:kms:dsse`) reading also needs `kms:Decrypt` on the key, every use of the key is logged in CloudTrail, and the key policy is a second, separate gate — the control that was missing in the Capital One breach. The setting `s3KmsRequired` decides which buckets need it: `always` (every bucket), `sensitive` (default: buckets that look sensitive), `never`. A bucket looks sensitive when it has a tag `DataClassification` / `data-classification` / `Classification` / `Sensitivity` / `Confidentiality` (any case or separator) with the value confidential, highly-confidential, sensitive, restricted, pii, phi, pci or secret, or when a word of its `BucketName` or logical id starts with credit, customer, payment, cardholder, patient, medical, secret, confidential or sensitive, or is pii, phi, pci, ssn, kyc or hipaa.',
      fix: 'Inserts `BucketEncryption` with `SSEAlgorithm: aws:kms` and `BucketKeyEnabled: true` (the AWS managed key `aws/s3`; S3 Bucket Keys keep KMS request costs down), or changes `AES256` to `aws:kms`. Set `KMSMasterKeyID` to a customer managed key afterwards if other accounts must read the data: the AWS managed key cannot be shared across accounts.',
      bad: { format: 'yaml', text: 'CustomerRecords:\n  Type: AWS::S3::Bucket\n' },
      good: {
        format: 'yaml',
        text: 'CustomerRecords:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketEncryption:\n      ServerSideEncryptionConfiguration:\n        - ServerSideEncryptionByDefault:\n            SSEAlgorithm: aws:kms\n          BucketKeyEnabled: true\n',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-serversideencryptionbydefault.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    const mode = ctx.settings.s3KmsRequired ?? 'sensitive';
    if (mode === 'never') return;
    for (const r of buckets(t)) {
      if (r.properties === undefined && getEntry(r.node, 'Properties')) continue;
      const sensitive = sensitiveReason(t, r);
      if (mode === 'sensitive' && !sensitive) continue;
      const why = sensitive ? `, which ${sensitive},` : '';
      const encEntry = getEntry(r.properties, 'BucketEncryption');
      const encAlts = propertyAlternatives(encEntry?.value);
      // Every alternative of every rule's algorithm; a missing configuration is SSE-S3.
      let sseS3At: Node | undefined;
      let sseS3Value: string | undefined;
      let unknown = false;
      let absent = false;
      let ruleObj: ObjectNode | undefined;
      let single = encAlts.length === 1;
      for (const a of encAlts) {
        if (a.kind === 'absent') {
          absent = true;
          continue;
        }
        if (a.kind === 'unknown' || !isObject(a.node)) {
          unknown = true;
          continue;
        }
        const rulesNode = get(a.node, 'ServerSideEncryptionConfiguration');
        const rules = alternatives(rulesNode);
        if (!rules.length) {
          unknown = true;
          continue;
        }
        if (!isArray(rulesNode) || rulesNode.items.length !== 1) single = false;
        for (const rule of rules) {
          if (!isObject(rule)) continue;
          const algNode = get(get(rule, 'ServerSideEncryptionByDefault'), 'SSEAlgorithm');
          const vals = resolveScalar(algNode, { template: t });
          if (!vals.length) {
            sseS3At ??= r.entry.keyNode as Node;
            sseS3Value ??= 'not set';
            single = false;
            continue;
          }
          for (const v of vals) {
            if (!v.known) unknown = true;
            else if (!KMS.has(v.value)) {
              sseS3At ??= v.node;
              sseS3Value ??= v.origin ? `${v.value} (parameter default)` : v.value;
              if (v.node === algNode && algNode.kind === 'string') ruleObj ??= rule;
              else single = false;
            }
          }
        }
      }
      if (absent && !encEntry) {
        const fixes = (): Fix[] => {
          const edits = insertBucketProperty(ctx.doc, r, 'BucketEncryption', { ServerSideEncryptionConfiguration: [KMS_RULE] });
          return edits.length ? [{ title: 'Add BucketEncryption with SSE-KMS (aws:kms, S3 Bucket Key)', kind: 'safe', isPreferred: true, edits }] : [];
        };
        ctx.report({
          node: r.entry.keyNode,
          resourceId: r.id,
          message: `S3 bucket '${r.id}'${why} has no BucketEncryption, so it uses S3-managed keys (SSE-S3): anyone who may read an object reads it, with no key policy or KMS audit trail in the way. Encrypt it with SSE-KMS.`,
          fixes,
        });
        continue;
      }
      if (!sseS3At) {
        if (!absent || unknown) continue;
        // Some branch of !If drops BucketEncryption: that branch is SSE-S3.
        sseS3At = encEntry!.keyNode;
        sseS3Value = 'absent in one branch';
      }
      const fixRule = single && !unknown && !absent ? ruleObj : undefined;
      const fixes = (): Fix[] => {
        if (!fixRule) return [];
        const alg = get(get(fixRule, 'ServerSideEncryptionByDefault'), 'SSEAlgorithm')!;
        const edits: TextEdit[] = [replaceScalar(ctx.doc, alg, 'aws:kms')];
        if (!getEntry(fixRule, 'BucketKeyEnabled')) edits.push(...insertEntry(ctx.doc, fixRule, 'BucketKeyEnabled', true));
        return [{ title: 'Use SSE-KMS (aws:kms) instead of SSE-S3', kind: 'safe', isPreferred: true, edits }];
      };
      ctx.report({
        node: sseS3At,
        resourceId: r.id,
        message: `S3 bucket '${r.id}'${why} is encrypted with S3-managed keys (SSEAlgorithm ${sseS3Value}): anyone who may read an object reads it, with no key policy or KMS audit trail in the way. Use SSE-KMS (aws:kms).`,
        fixes,
      });
    }
  },
};
