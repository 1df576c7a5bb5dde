/**
 * AWS SAM policy templates (`S3ReadPolicy: {BucketName: x}` in an `AWS::Serverless::Function`'s
 * `Policies:`), from aws/serverless-application-model
 * (samtranslator/policy_templates_data/policy_templates.json, Apache-2.0; vendored in
 * server/data/sam/ with its LICENSE). The JSON is imported (esbuild inlines it).
 *
 * The returned statements are the template's raw `Statement` array: it still contains
 * CloudFormation intrinsics — `{"Ref": "BucketName"}` for the template parameters (substitute the
 * user's values) and `{"Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}", {"bucketName": {"Ref": "BucketName"}}]}`
 * / `{"Ref": "AWS::Region"}` for pseudo parameters.
 */
import samJson from '../../data/sam/policy_templates.json';

export interface SamPolicyTemplate {
  /** Canonical template name (`S3ReadPolicy`). */
  name: string;
  /** Parameter names the template expects (`['BucketName']`); empty for e.g. `CloudWatchPutMetricPolicy`. */
  parameters: string[];
  /** The template's `Statement` array (a deep copy; safe to mutate). */
  statements: unknown;
  description: string;
}

interface RawTemplate {
  Description?: string;
  Parameters?: Record<string, { Description?: string }>;
  Definition: { Statement: unknown };
}

const templates = (samJson as unknown as { Templates: Record<string, RawTemplate>; Version: string }).Templates;
let byLower: Map<string, string> | undefined;

function canonicalName(name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(templates, name)) return name;
  if (!byLower) byLower = new Map(Object.keys(templates).map((k) => [k.toLowerCase(), k]));
  return byLower.get(name.toLowerCase());
}

/**
 * The SAM policy template called `name` (exact name first, then case-insensitive), or undefined.
 * `statements` is a fresh deep copy each call.
 */
export function samPolicyTemplate(name: string): SamPolicyTemplate | undefined {
  const key = canonicalName(name.trim());
  if (!key) return undefined;
  const t = templates[key];
  return {
    name: key,
    parameters: Object.keys(t.Parameters ?? {}),
    statements: JSON.parse(JSON.stringify(t.Definition.Statement)) as unknown,
    description: t.Description ?? '',
  };
}

/** Every SAM policy template name (`AMIDescribePolicy`, …, `VPCAccessPolicy`). */
export function samPolicyTemplateNames(): string[] {
  return Object.keys(templates);
}

/** Version string of the vendored templates file. */
export function samPolicyTemplatesVersion(): string {
  return (samJson as unknown as { Version: string }).Version;
}
