import { actionResourceMismatch } from '../../../../server/src/rules/iam/action-resource-mismatch';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/action-resource-mismatch';
ruleTester(actionResourceMismatch, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [23, 27, 30, 33],
      messages: [
        "'s3:GetObject' applies to accesspointobject",
        "'s3:ListBucket' applies to accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName})",
        "'kms:Decrypt' applies to key",
        "'sqs:Receive*'",
      ],
      severity: 'warning',
    },
    { file: `${D}/bad-policy.json`, count: 1, lines: [6], messages: ["'sns:Publish' applies to topic"] },
  ],
});
