import { credentialsExposure } from '../../../../server/src/rules/iam/credentials-exposure';
import { ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/credentials-exposure';
ruleTester(credentialsExposure, {
  valid: [{ file: `${D}/good-template.json` }, { file: `${D}/good-policy.yaml` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [14, 15, 18, 35],
      messages: ['create access keys for any IAM user', 'assume any role', 'rds-db:connect', "redshift:GetClusterCredentials on Resource 'arn:aws:redshift:us-east-1:123456789012:dbuser:*/*'"],
      severity: 'warning',
    },
    { file: `${D}/bad-policy.json`, count: 2, lines: [6, 6], messages: ['ec2:GetPasswordData', 'lightsail:GetInstanceAccessDetails'] },
  ],
});
