import type { Rule } from '../../engine/types';
import { getEntry } from '../../model/node';
import { buckets, logTargetIds, propertyAlternatives } from './bucket';

export const accessLoggingDisabled: Rule = {
  meta: {
    id: 's3/access-logging-disabled',
    title: 'S3 bucket without server access logging',
    severity: 'info',
    securitySeverity: 'low',
    scope: ['template'],
    tags: ['s3', 'capital-one'],
    docs: {
      rationale:
        'S3 server access logs record every request to the bucket — who listed it, which objects were read, from which IP. After a breach they are how you find out what was taken (CloudTrail data events are the alternative, at a higher cost). Set `LoggingConfiguration` with a `DestinationBucketName`. Buckets that receive logs are not reported: a bucket named in another bucket\'s `LoggingConfiguration.DestinationBucketName`, in a CloudTrail trail\'s or Config delivery channel\'s `S3BucketName`, or in a CloudFront distribution\'s `Logging.Bucket`, and buckets with the `LogDeliveryWrite` canned ACL — logging a log bucket into itself or another log bucket only adds noise.',
      fix: 'No automatic fix: logging needs a target bucket in the same account and Region, with a bucket policy that lets `logging.s3.amazonaws.com` write to it, and that choice (one central log bucket, a prefix per bucket, retention) is yours.',
      bad: { format: 'yaml', text: 'Exports:\n  Type: AWS::S3::Bucket\n' },
      good: {
        format: 'yaml',
        text: 'Exports:\n  Type: AWS::S3::Bucket\n  Properties:\n    LoggingConfiguration:\n      DestinationBucketName: !Ref AccessLogs\n      LogFilePrefix: exports/\n',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-loggingconfig.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    let targets: Set<string> | undefined;
    for (const r of buckets(t)) {
      if (r.properties === undefined && getEntry(r.node, 'Properties')) continue;
      const entry = getEntry(r.properties, 'LoggingConfiguration');
      const alts = propertyAlternatives(entry?.value);
      if (!alts.some((a) => a.kind === 'absent')) continue;
      targets ??= logTargetIds(t);
      if (targets.has(r.id)) continue;
      ctx.report({
        node: entry ? entry.keyNode : r.entry.keyNode,
        resourceId: r.id,
        message: entry
          ? `S3 bucket '${r.id}' turns server access logging off in one branch of its LoggingConfiguration: requests to it leave no record to investigate a leak with.`
          : `S3 bucket '${r.id}' has no LoggingConfiguration: requests to it (who read what, from where) leave no record to investigate a leak with. Log to a dedicated access-log bucket.`,
      });
    }
  },
};
