/**
 * Peers' rule ids mapped to leastpriv's, where they mean the same thing, so that suppressions a
 * team already wrote for cfn-lint, cfn_nag or Checkov keep working. The table is documented in
 * docs/suppression.md (generated from it by `npm run docs`, see ../rules/suppression-doc.ts).
 *
 * Each entry: peer id → our rule ids it covers, with the peer's own title (short, from its
 * source). A peer id maps to several of our rules when its check covers what ours split up
 * (cfn_nag F3 "* action" is both `iam/wildcard-action` and, on `*` resources, `iam/full-admin`).
 * Peer checks that only look alike are left out: cfn-lint W3045 (any `AccessControl`, public or
 * not), cfn_nag W37 (EBS without a customer managed key), cfn_nag F2 (`*` action in a trust
 * policy, which we do not report), Checkov CKV_AWS_364 (Lambda permission for a service principal
 * without SourceArn), Checkov CKV_AWS_258 (function URL auth type, on `AWS::Lambda::Url`).
 *
 * Sources read (ids and titles from each rule's own definition):
 * - cfn_nag (stelligent/cfn_nag): lib/cfn-nag/custom_rules/*.rb, `rule_id`/`rule_text`, at
 *   commits 0d92360 / 129e2f6 (IAM, security group, S3, SNS, SQS rules), 48672714 (F38),
 *   fcca3dd (F39), 9ef9304 (F40), 4b45728 (W43), 91f66bc (W44), 41fa12c (F1), 5f83748 (W33),
 *   0541272 (W35), 6967956 (W41), 2a5ec58 (F76); cfn-model policy_document.rb for what
 *   "wildcard"/"Allow+Not…" mean. (An early EBSEncryptionRule draft also used F38; the EBS
 *   rule is F1.)
 * - Checkov (bridgecrewio/checkov): checkov/cloudformation/checks/resource/aws/*.py, `id`/`name`
 *   (IAMAdminPolicyDocument 7b24270, IAMStarActionPolicyDocument 629e969, IAM*
 *   cloudsplaining checks 456e2bc/c8a3300/c35e5aa/e5f3f99, IAMRoleAllowsPublicAssume b64b53a,
 *   IAMRoleAllowAssumeFromAccount bd794f7, IMDSv1Disabled bc06bf7, SecurityGroupUnrestricted-
 *   Ingress22/3389 44753bb and 80 8cfd678, S3* 3414f27/44753bb/a9d7e02, EBSEncryption 3d4bbd3,
 *   EC2PublicIP 89d1b46, ECRPolicy b357bf2, KMSKeyWildCardPrincipal 53e6a26) and its generated
 *   index docs/5.Policy Index/cloudformation.md (5641a68).
 * - cfn-lint (aws-cloudformation/cfn-lint) v1: src/cfnlint/rules/resources/iam/*.py, `id`/
 *   `shortdesc` (IdentityPolicy d9e6a54, ResourcePolicy b31ca05, ResourceEcrPolicy 3c2891f,
 *   ResourceSqsPolicy 2edf853, TrustPolicy 8c805f4, ResourcePolicyResourceArn ce36ba7,
 *   Permissions 09fc1d9, StatementResources 89227d4, PolicyVersion) and the policy JSON schemas
 *   they validate against (data/schemas/other/iam/policy*.json: keys, Effect, Version, Sid
 *   uniqueness, ARN pattern, condition operators); v0 ids still found in older templates:
 *   E2507 (Policy 169e74b), W2512 (Sid 33ec340), E3027 (s3/BucketPolicy 0d305b7).
 */
export interface PeerMapping {
  tool: 'cfn-lint' | 'cfn_nag' | 'checkov';
  id: string;
  title: string;
  rules: string[];
}

const GRAMMAR = ['iam/invalid-element', 'iam/missing-element', 'iam/conflicting-elements', 'iam/invalid-effect', 'iam/invalid-version', 'iam/duplicate-sid'];
const WILDCARD_ACTION = ['iam/wildcard-action', 'iam/full-admin'];

export const PEER_MAPPINGS: PeerMapping[] = [
  // cfn-lint (v1 ids first, then v0 ids that v1 replaced).
  { tool: 'cfn-lint', id: 'E3510', title: 'Validate identity based IAM policies', rules: [...GRAMMAR, 'iam/principal-not-allowed', 'iam/invalid-arn', 'iam/invalid-condition'] },
  { tool: 'cfn-lint', id: 'E3512', title: 'Validate resource based IAM policies', rules: [...GRAMMAR, 'iam/invalid-arn', 'iam/invalid-condition'] },
  { tool: 'cfn-lint', id: 'E3513', title: 'Validate ECR repository policy', rules: [...GRAMMAR, 'iam/invalid-arn', 'iam/invalid-condition'] },
  { tool: 'cfn-lint', id: 'E3515', title: 'Validate SQS queue policy', rules: [...GRAMMAR, 'iam/invalid-arn', 'iam/invalid-condition'] },
  { tool: 'cfn-lint', id: 'E3530', title: 'Validate IAM trust policies', rules: ['iam/invalid-element', 'iam/missing-element', 'iam/conflicting-elements', 'iam/invalid-effect', 'iam/invalid-version', 'iam/principal-not-allowed', 'iam/invalid-condition'] },
  { tool: 'cfn-lint', id: 'E3514', title: 'Validate IAM resource policy resource ARNs', rules: ['iam/invalid-arn'] },
  { tool: 'cfn-lint', id: 'W3037', title: 'Check IAM Permission configuration (action names)', rules: ['iam/unknown-action'] },
  { tool: 'cfn-lint', id: 'I3510', title: 'Validate statement resources match the actions', rules: ['iam/action-resource-mismatch'] },
  { tool: 'cfn-lint', id: 'W2511', title: "Check IAM Resource Policies syntax (Version should be '2012-10-17')", rules: ['iam/invalid-version'] },
  { tool: 'cfn-lint', id: 'E2507', title: 'Check if IAM Policies are properly configured (v0)', rules: ['iam/invalid-element', 'iam/missing-element', 'iam/invalid-effect', 'iam/invalid-version', 'iam/principal-not-allowed'] },
  { tool: 'cfn-lint', id: 'W2512', title: 'Check IAM Resource Policies Sid syntax (v0)', rules: ['iam/duplicate-sid'] },
  { tool: 'cfn-lint', id: 'E3027', title: "Validate a S3 bucket's policy: actions vs. bucket/object resources (v0)", rules: ['iam/action-resource-mismatch'] },

  // cfn_nag
  { tool: 'cfn_nag', id: 'F3', title: 'IAM role should not allow * action on its permissions policy', rules: WILDCARD_ACTION },
  { tool: 'cfn_nag', id: 'F4', title: 'IAM policy should not allow * action', rules: WILDCARD_ACTION },
  { tool: 'cfn_nag', id: 'F5', title: 'IAM managed policy should not allow * action', rules: WILDCARD_ACTION },
  { tool: 'cfn_nag', id: 'F15', title: 'S3 Bucket policy should not allow * action', rules: ['iam/wildcard-action'] },
  { tool: 'cfn_nag', id: 'F20', title: 'SQS Queue policy should not allow * action', rules: ['iam/wildcard-action'] },
  { tool: 'cfn_nag', id: 'W11', title: 'IAM role should not allow * resource on its permissions policy', rules: ['iam/wildcard-resource'] },
  { tool: 'cfn_nag', id: 'W12', title: 'IAM policy should not allow * resource', rules: ['iam/wildcard-resource'] },
  { tool: 'cfn_nag', id: 'W13', title: 'IAM managed policy should not allow * resource', rules: ['iam/wildcard-resource'] },
  { tool: 'cfn_nag', id: 'F38', title: 'IAM role should not allow * resource with PassRole action on its permissions policy', rules: ['iam/passrole-wildcard'] },
  { tool: 'cfn_nag', id: 'F39', title: 'IAM policy should not allow * resource with PassRole action', rules: ['iam/passrole-wildcard'] },
  { tool: 'cfn_nag', id: 'F40', title: 'IAM managed policy should not allow a * resource with PassRole action', rules: ['iam/passrole-wildcard'] },
  { tool: 'cfn_nag', id: 'W14', title: 'IAM role should not allow Allow+NotAction on trust permissions', rules: ['iam/not-action-allow'] },
  { tool: 'cfn_nag', id: 'W15', title: 'IAM role should not allow Allow+NotAction', rules: ['iam/not-action-allow'] },
  { tool: 'cfn_nag', id: 'W16', title: 'IAM policy should not allow Allow+NotAction', rules: ['iam/not-action-allow'] },
  { tool: 'cfn_nag', id: 'W17', title: 'IAM managed policy should not allow Allow+NotAction', rules: ['iam/not-action-allow'] },
  { tool: 'cfn_nag', id: 'W18', title: 'SQS Queue policy should not allow Allow+NotAction', rules: ['iam/not-action-allow'] },
  { tool: 'cfn_nag', id: 'W19', title: 'SNS Topic policy should not allow Allow+NotAction', rules: ['iam/not-action-allow'] },
  { tool: 'cfn_nag', id: 'W20', title: 'S3 Bucket policy should not allow Allow+NotAction', rules: ['iam/not-action-allow'] },
  { tool: 'cfn_nag', id: 'W21', title: 'IAM role should not allow Allow+NotResource', rules: ['iam/not-resource-allow'] },
  { tool: 'cfn_nag', id: 'W22', title: 'IAM policy should not allow Allow+NotResource', rules: ['iam/not-resource-allow'] },
  { tool: 'cfn_nag', id: 'W23', title: 'IAM managed policy should not allow Allow+NotResource', rules: ['iam/not-resource-allow'] },
  { tool: 'cfn_nag', id: 'F6', title: 'IAM role should not allow Allow+NotPrincipal in its trust policy', rules: ['iam/not-principal-allow'] },
  { tool: 'cfn_nag', id: 'F7', title: 'SQS Queue policy should not allow Allow+NotPrincipal', rules: ['iam/not-principal-allow'] },
  { tool: 'cfn_nag', id: 'F8', title: 'SNS Topic policy should not allow Allow+NotPrincipal', rules: ['iam/not-principal-allow'] },
  { tool: 'cfn_nag', id: 'F9', title: 'S3 Bucket policy should not allow Allow+NotPrincipal', rules: ['iam/not-principal-allow'] },
  { tool: 'cfn_nag', id: 'F13', title: 'Lambda permission principal should not be wildcard', rules: ['iam/public-resource-policy'] },
  { tool: 'cfn_nag', id: 'F16', title: 'S3 Bucket policy should not allow * principal', rules: ['iam/public-resource-policy'] },
  { tool: 'cfn_nag', id: 'F18', title: 'SNS topic policy should not allow * principal', rules: ['iam/public-resource-policy'] },
  { tool: 'cfn_nag', id: 'F21', title: 'SQS Queue policy should not allow * principal', rules: ['iam/public-resource-policy'] },
  { tool: 'cfn_nag', id: 'F76', title: 'KMS key should not allow * principal', rules: ['iam/public-resource-policy'] },
  { tool: 'cfn_nag', id: 'F10', title: 'IAM user should not have any inline policies', rules: ['iam/user-attached-policy'] },
  { tool: 'cfn_nag', id: 'F11', title: 'IAM policy should not apply directly to users', rules: ['iam/user-attached-policy'] },
  { tool: 'cfn_nag', id: 'F12', title: 'IAM managed policy should not apply directly to users', rules: ['iam/user-attached-policy'] },
  { tool: 'cfn_nag', id: 'W43', title: 'IAM role should not have AdministratorAccess policy', rules: ['iam/admin-managed-policy'] },
  { tool: 'cfn_nag', id: 'W44', title: 'IAM role should not have Elevated Managed policy (PowerUserAccess, IAMFullAccess)', rules: ['iam/admin-managed-policy'] },
  { tool: 'cfn_nag', id: 'W2', title: 'Security Groups found with cidr open to world on ingress', rules: ['ec2/open-ingress'] },
  { tool: 'cfn_nag', id: 'W9', title: 'Security Groups found with ingress cidr that is not /32', rules: ['ec2/open-ingress'] },
  { tool: 'cfn_nag', id: 'W33', title: 'EC2 Subnet should not have MapPublicIpOnLaunch set to true', rules: ['ec2/public-ip'] },
  { tool: 'cfn_nag', id: 'F1', title: 'EBS volume should have server-side encryption enabled', rules: ['ec2/unencrypted-ebs'] },
  { tool: 'cfn_nag', id: 'W31', title: 'S3 Bucket likely should not have a public read acl', rules: ['s3/public-acl'] },
  { tool: 'cfn_nag', id: 'F14', title: 'S3 Bucket should not have a public read-write acl', rules: ['s3/public-acl'] },
  { tool: 'cfn_nag', id: 'W41', title: 'S3 Bucket should have encryption option set', rules: ['s3/no-encryption'] },
  { tool: 'cfn_nag', id: 'W35', title: 'S3 Bucket should have access logging configured', rules: ['s3/access-logging-disabled'] },

  // Checkov (CloudFormation checks)
  { tool: 'checkov', id: 'CKV_AWS_62', title: 'No IAM policies that allow full "*-*" administrative privileges', rules: ['iam/full-admin'] },
  { tool: 'checkov', id: 'CKV_AWS_63', title: 'No IAM policy documents allow "*" as a statement\'s actions', rules: WILDCARD_ACTION },
  { tool: 'checkov', id: 'CKV_AWS_107', title: 'IAM policies do not allow credentials exposure', rules: ['iam/credentials-exposure'] },
  { tool: 'checkov', id: 'CKV_AWS_108', title: 'IAM policies do not allow data exfiltration', rules: ['iam/data-exfiltration'] },
  { tool: 'checkov', id: 'CKV_AWS_109', title: 'IAM policies do not allow permissions management without constraints', rules: ['iam/wildcard-resource'] },
  { tool: 'checkov', id: 'CKV_AWS_110', title: 'IAM policies do not allow privilege escalation', rules: ['iam/privilege-escalation'] },
  { tool: 'checkov', id: 'CKV_AWS_111', title: 'IAM policies do not allow write access without constraints', rules: ['iam/wildcard-resource'] },
  { tool: 'checkov', id: 'CKV_AWS_40', title: 'IAM policies are attached only to groups or roles', rules: ['iam/user-attached-policy'] },
  { tool: 'checkov', id: 'CKV_AWS_60', title: 'IAM role allows only specific services or principals to assume it', rules: ['iam/trust-any-principal'] },
  { tool: 'checkov', id: 'CKV_AWS_61', title: 'IAM role allows only specific principals in account to assume it', rules: ['iam/trust-missing-condition'] },
  { tool: 'checkov', id: 'CKV_AWS_32', title: 'ECR policy is not set to public', rules: ['iam/public-resource-policy'] },
  { tool: 'checkov', id: 'CKV_AWS_33', title: 'KMS key policy does not contain wildcard (*) principal', rules: ['iam/public-resource-policy'] },
  { tool: 'checkov', id: 'CKV_AWS_79', title: 'Instance Metadata Service Version 1 is not enabled', rules: ['ec2/imds-v1'] },
  { tool: 'checkov', id: 'CKV_AWS_24', title: 'No security groups allow ingress from 0.0.0.0:0 to port 22', rules: ['ec2/open-ingress'] },
  { tool: 'checkov', id: 'CKV_AWS_25', title: 'No security groups allow ingress from 0.0.0.0:0 to port 3389', rules: ['ec2/open-ingress'] },
  { tool: 'checkov', id: 'CKV_AWS_260', title: 'No security groups allow ingress from 0.0.0.0:0 to port 80', rules: ['ec2/open-ingress'] },
  { tool: 'checkov', id: 'CKV_AWS_3', title: 'All data stored in the EBS is securely encrypted', rules: ['ec2/unencrypted-ebs'] },
  { tool: 'checkov', id: 'CKV_AWS_8', title: 'All data stored in the Launch configuration EBS is securely encrypted', rules: ['ec2/unencrypted-ebs'] },
  { tool: 'checkov', id: 'CKV_AWS_88', title: 'EC2 instance should not have public IP', rules: ['ec2/public-ip'] },
  { tool: 'checkov', id: 'CKV_AWS_53', title: 'S3 bucket has block public ACLs enabled', rules: ['s3/public-access-block'] },
  { tool: 'checkov', id: 'CKV_AWS_54', title: 'S3 bucket has block public policy enabled', rules: ['s3/public-access-block'] },
  { tool: 'checkov', id: 'CKV_AWS_55', title: 'S3 bucket has ignore public ACLs enabled', rules: ['s3/public-access-block'] },
  { tool: 'checkov', id: 'CKV_AWS_56', title: "S3 bucket has 'restrict_public_bucket' enabled", rules: ['s3/public-access-block'] },
  { tool: 'checkov', id: 'CKV_AWS_20', title: 'S3 bucket does not allow READ permissions to everyone', rules: ['s3/public-acl'] },
  { tool: 'checkov', id: 'CKV_AWS_57', title: 'S3 bucket does not allow WRITE permissions to everyone', rules: ['s3/public-acl'] },
  { tool: 'checkov', id: 'CKV_AWS_19', title: 'S3 bucket has server-side-encryption enabled', rules: ['s3/no-encryption'] },
  { tool: 'checkov', id: 'CKV_AWS_21', title: 'S3 bucket has versioning enabled', rules: ['s3/versioning-disabled'] },
  { tool: 'checkov', id: 'CKV_AWS_18', title: 'S3 bucket has access logging enabled', rules: ['s3/access-logging-disabled'] },
];

let index: Map<string, string[]> | undefined;
export function peerRules(tool: PeerMapping['tool'], id: string): string[] {
  if (!index) {
    index = new Map();
    for (const m of PEER_MAPPINGS) index.set(`${m.tool}:${m.id.toUpperCase()}`, m.rules);
  }
  return index.get(`${tool}:${id.toUpperCase()}`) ?? [];
}
