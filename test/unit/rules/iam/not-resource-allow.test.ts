import { notResourceAllow } from '../../../../server/src/rules/iam/not-resource-allow';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/not-resource-allow';
ruleTester(notResourceAllow, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 2,
      lines: [13, 17],
      severity: 'warning',
      messages: ["applies 's3:GetObject', 's3:PutObject' to every resource except '!Sub \"${AuditBucket.Arn}/*\"'", 'every action but the listed ones'],
    },
    { file: `${D}/bad.json`, count: 1, lines: [4], messages: ["applies 's3:*' to every resource except 'arn:aws:s3:::audit'"] },
  ],
});
