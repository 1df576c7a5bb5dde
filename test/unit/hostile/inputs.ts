/**
 * Hostile inputs, generated (never committed: some are megabytes). Each is a file name and its
 * text, and what a reader should see: the diagnostic code expected, if any.
 */

/** A realistic YAML template of `n` resources (roles with inline policies, buckets, instances, security groups). */
export function bigTemplate(n: number): string {
  const out: string[] = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: generated', 'Resources:'];
  for (let i = 0; i < n; i++) {
    switch (i % 4) {
      case 0:
        out.push(
          `  Role${i}:`,
          '    Type: AWS::IAM::Role',
          '    Properties:',
          '      AssumeRolePolicyDocument:',
          '        Version: "2012-10-17"',
          '        Statement:',
          '          - Effect: Allow',
          '            Principal: { Service: lambda.amazonaws.com }',
          '            Action: sts:AssumeRole',
          '      Policies:',
          `        - PolicyName: p${i}`,
          '          PolicyDocument:',
          '            Version: "2012-10-17"',
          '            Statement:',
          '              - Effect: Allow',
          '                Action: [s3:GetObject, "s3:Put*"]',
          `                Resource: !Sub "arn:aws:s3:::bucket${i}/*"`,
        );
        break;
      case 1:
        out.push(`  Bucket${i}:`, '    Type: AWS::S3::Bucket', '    Properties:', `      BucketName: bucket-${i}`, '      VersioningConfiguration: { Status: Enabled }');
        break;
      case 2:
        out.push(`  Instance${i}:`, '    Type: AWS::EC2::Instance', '    Properties:', '      ImageId: ami-12345678', '      InstanceType: t3.micro');
        break;
      default:
        out.push(
          `  Sg${i}:`,
          '    Type: AWS::EC2::SecurityGroup',
          '    Properties:',
          '      GroupDescription: sg',
          '      SecurityGroupIngress:',
          '        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }',
        );
    }
  }
  return out.join('\n') + '\n';
}

/** `levels` nested JSON arrays / objects. */
export const deepJsonArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
export const deepJsonObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** YAML nested `levels` deep, in every form the parser has. */
const CFN = 'AWSTemplateFormatVersion: "2010-09-09"\n';
export const deepYamlFlowSeq = (levels: number) => CFN + 'Resources: ' + '['.repeat(levels) + ']'.repeat(levels) + '\n';
export const deepYamlFlowMap = (levels: number) => CFN + 'Resources: ' + '{a: '.repeat(levels) + '1' + '}'.repeat(levels) + '\n';
export const deepYamlBlockSeq = (levels: number) => CFN + 'Resources:\n  R:\n    ' + '- '.repeat(levels) + 'x\n';
export function deepYamlBlockMap(levels: number): string {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < levels; i++) out.push(' '.repeat(i + 2) + `k${i}:`);
  return out.join('\n') + ' x\n';
}

/** The classic billion laughs: 10 levels of 10 aliases each (10^10 nodes if expanded). */
export function billionLaughs(): string {
  let t = 'AWSTemplateFormatVersion: "2010-09-09"\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 10; i++) t += `lol${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  return t + 'Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *a9\n';
}

/** Many aliases to one anchor: cheap to write, quadratic if each alias is resolved by a walk. */
export function manyAliases(n: number): string {
  let t = 'AWSTemplateFormatVersion: "2010-09-09"\nX: &a { Key: k, Value: v }\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n';
  for (let i = 0; i < n; i++) t += '        - *a\n';
  return t;
}

/** A self-referencing alias (the anchor contains its own alias). */
export const recursiveAlias = () => 'AWSTemplateFormatVersion: "2010-09-09"\nResources: &r\n  R:\n    Type: AWS::S3::Bucket\n    Properties: { Loop: *r }\n';

/** Pseudo-random bytes from a fixed seed (xorshift), so failures reproduce. */
export function randomBytes(n: number, seed = 42): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

export const POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]\n}\n';
export const TEMPLATE_YAML =
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { Service: ec2.amazonaws.com }\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: admin\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: "*"\n                Resource: "*"\n';

export interface Hostile {
  name: string;
  file: string;
  /** Text, or raw bytes (invalid UTF-8, binary). */
  content: string | Buffer;
  /** A diagnostic code the output must contain (the problem is named), if any. */
  expect?: string;
}

/** Every hostile document the tests feed to the engine, the CLI and one long-running server. */
export function hostileInputs(opts: { big?: boolean } = {}): Hostile[] {
  const list: Hostile[] = [
    { name: 'empty JSON', file: 'empty.json', content: '' },
    { name: 'empty YAML', file: 'empty.yaml', content: '' },
    { name: 'whitespace only', file: 'blank.yaml', content: '  \n\n\t\n' },
    { name: 'truncated JSON template', file: 'truncated.json', content: '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*"', expect: 'parse/syntax-error' },
    { name: 'truncated JSON policy', file: 'policy.json', content: POLICY.slice(0, 60), expect: 'parse/syntax-error' },
    { name: 'invalid YAML', file: 'invalid.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::S3::Bucket\n   bad: : [\n  "unterminated\n', expect: 'parse/syntax-error' },
    { name: 'YAML tab indentation', file: 'tabs.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n\tR:\n\t\tType: AWS::S3::Bucket\n', expect: 'parse/syntax-error' },
    { name: 'billion laughs', file: 'bomb.yaml', content: billionLaughs(), expect: 'parse/alias-limit' },
    { name: '20 000 aliases to one anchor', file: 'aliases.yaml', content: manyAliases(20_000), expect: 'parse/alias-limit' },
    { name: 'recursive alias', file: 'loop.yaml', content: recursiveAlias() },
    { name: 'JSON arrays 200 000 deep', file: 'deep.json', content: '{"Statement": ' + deepJsonArrays(200_000) + '}', expect: 'parse/too-deep' },
    { name: 'JSON objects 200 000 deep', file: 'deep-obj.json', content: '{"Statement": ' + deepJsonObjects(200_000) + '}', expect: 'parse/too-deep' },
    { name: 'JSON deep after a comment with a quote', file: 'deep-comment.json', content: '// don\'t "\n{"Statement": ' + deepJsonArrays(200_000) + '}', expect: 'parse/too-deep' },
    { name: 'YAML flow sequences 200 000 deep', file: 'deep-flow.yaml', content: deepYamlFlowSeq(200_000), expect: 'parse/too-deep' },
    { name: 'YAML flow mappings 200 000 deep', file: 'deep-flowmap.yaml', content: deepYamlFlowMap(200_000), expect: 'parse/too-deep' },
    { name: 'YAML block sequences 200 000 deep', file: 'deep-block.yaml', content: deepYamlBlockSeq(200_000), expect: 'parse/too-deep' },
    { name: 'YAML block mappings 3 000 deep', file: 'deep-blockmap.yaml', content: deepYamlBlockMap(3_000), expect: 'parse/too-deep' },
    { name: 'binary garbage named .json', file: 'garbage.json', content: randomBytes(64 * 1024) },
    { name: 'corrupted template (binary tail)', file: 'corrupt.json', content: Buffer.concat([Buffer.from(POLICY.slice(0, 50)), randomBytes(4096, 7)]), expect: 'parse/skipped' },
    { name: 'invalid UTF-8 in a policy', file: 'latin1.json', content: Buffer.from(POLICY.replace('"*" }', '"arn:aws:s3:::caf\u00e9/*" }'), 'latin1'), },
    { name: 'NUL bytes in a policy', file: 'nul.json', content: POLICY.replace('Allow', 'All\u0000ow') },
    { name: 'NUL-filled file', file: 'zeros.yaml', content: Buffer.alloc(10_000) },
    { name: 'unknown YAML tags', file: 'tags.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R: !Foo\n    Type: AWS::S3::Bucket\n    Properties: !custom:thing\n      BucketName: !!binary aGVsbG8=\n      Tags: !!set { a, b }\n  P: !<tag:example.com,2000:x>\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: !Bar { Statement: [{Effect: Allow, Action: "*", Resource: "*"}] }\n', expect: 'parse/unknown-tag' },
    { name: 'duplicate keys (YAML)', file: 'dup.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n', expect: 'parse/duplicate-key' },
    { name: 'duplicate keys (JSON)', file: 'dup.json', content: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}', expect: 'parse/duplicate-key' },
    { name: 'CRLF and BOM (YAML)', file: 'crlf.yaml', content: '\uFEFF' + TEMPLATE_YAML.replace(/\n/g, '\r\n'), expect: 'iam/wildcard-action' },
    { name: 'CRLF and BOM (JSON)', file: 'crlf.json', content: '\uFEFF' + POLICY.replace(/\n/g, '\r\n'), expect: 'iam/wildcard-action' },
    { name: 'lone CR line ends', file: 'cr.yaml', content: TEMPLATE_YAML.replace(/\n/g, '\r') },
    { name: '1 MB single line (JSON)', file: 'line.json', content: '{"Version": "2012-10-17", "Statement": [' + Array(9000).fill('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}').join(', ') + ']}' },
    { name: '1 MB string value', file: 'string.json', content: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:' + 'A'.repeat(1 << 20) + '", "Resource": "*"}]}' },
    { name: '1 MB single line (YAML flow)', file: 'line.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {' + Array.from({ length: 12000 }, (_, i) => `B${i}: {Type: AWS::S3::Bucket}`).join(', ') + '}\n' },
    { name: '1 MB embedded JSON policy string', file: 'embedded.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: \'{"Statement": [' + Array(12000).fill('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}').join(', ') + ']}\'\n' },
    { name: 'deep embedded JSON policy string', file: 'embedded-deep.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: \'{"Statement": ' + deepJsonArrays(100_000) + '}\'\n' },
    { name: 'wildcard pattern that backtracks (bucket policy)', file: 'redos.yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ' + 'a'.repeat(60) + '\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            Principal: "*"\n            Action: "s3:*"\n            Resource: ["arn:aws:s3:::' + '*a'.repeat(30) + '*b", "arn:aws:s3:::' + 'a'.repeat(60) + '/' + '*a'.repeat(30) + '*b"]\n            Condition: { Bool: { aws:SecureTransport: "false" } }\n' },
    { name: 'wildcard pattern that backtracks (actions)', file: 'redos.json', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:' + '*e'.repeat(30) + '*z', '*' + 'e*'.repeat(40) + 'x', 's3:' + '*'.repeat(5000)], NotResource: 'arn:aws:s3:::' + '*a'.repeat(30) + '*b', Resource: 'arn:aws:s3:::' + 'a'.repeat(100) }] }) },
    { name: '1 MB keys and operators', file: 'keys.json', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ['StringEquals' + 'x'.repeat(300_000)]: { ['aws:' + 'k'.repeat(300_000)]: 'v' } }, ['Actionx' + 'y'.repeat(300_000)]: 'x' }] }) },
    { name: 'wildcard pattern that backtracks (?*?*…)', file: 'redos2.json', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:' + '?*'.repeat(30) + 'zz', '*' + '?*'.repeat(30) + 'zz'], Resource: 'arn:aws:s3:::' + '?*'.repeat(30) + 'zz', Condition: { StringLike: { 'aws:PrincipalArn': '?*'.repeat(30) + 'zz' } } }] }) },
    { name: 'wildcard pattern that backtracks (trust policy)', file: 'trust.json', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:' + '?*'.repeat(30) + 'zz', 'token.actions.githubusercontent.com:aud': '?*'.repeat(30) + 'zz' } } }] }) },
    { name: '1 MB resource ARN pattern', file: 'arn.json', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'ec2:*', 'iam:PassRole'], Resource: ['arn:aws:s3:::' + 'a*'.repeat(300_000), 'arn:aws:' + 'x'.repeat(300_000)] }] }) },
    { name: 'many YAML documents', file: 'multi.yaml', content: Array(2000).fill('---\nAWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n').join('') },
    ...wrongTypes(),
  ];
  if (opts.big) {
    list.push({ name: '15 MB template, 60 000 resources', file: 'big.yaml', content: bigTemplate(60_000), expect: 'parse/skipped' });
  }
  return list;
}

/** Every value of the wrong type where a policy, a statement or a property is expected. */
export function wrongTypes(): Hostile[] {
  const out: Hostile[] = [];
  const values = ['7', 'true', 'null', '"none"', '[]', '{}', '[1, null, true]', '{"a": "b"}', '[[["x"]]]', '-1.5e300', '""'];
  const policyKeys = ['Version', 'Statement', 'Id'];
  const stmtKeys = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'];
  const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:x': 'y' } } };
  for (const v of values) {
    for (const k of policyKeys) {
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [base], [k]: '__V__' }).replace('"__V__"', v);
      out.push({ name: `policy ${k}: ${v}`, file: 'bucket-policy.json', content: doc });
    }
    for (const k of stmtKeys) {
      const stmt = JSON.stringify({ ...base, [k]: '__V__' }).replace('"__V__"', v);
      out.push({ name: `statement ${k}: ${v}`, file: 'policy.json', content: `{"Version": "2012-10-17", "Statement": [${stmt}, ${v}]}` });
    }
    const y = v; // JSON values are YAML flow values
    const tpl = (s: string) => `AWSTemplateFormatVersion: "2010-09-09"\n${s}`;
    out.push(
      { name: `Resources: ${v}`, file: 't.yaml', content: tpl(`Resources: ${y}\n`) },
      { name: `Parameters/Conditions/Mappings/Outputs: ${v}`, file: 't.yaml', content: tpl(`Parameters: ${y}\nConditions: ${y}\nMappings: ${y}\nOutputs: ${y}\nTransform: ${y}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n`) },
      { name: `resource: ${v}`, file: 't.yaml', content: tpl(`Resources:\n  R: ${y}\n  B:\n    Type: AWS::S3::Bucket\n`) },
      { name: `Type: ${v}`, file: 't.yaml', content: tpl(`Resources:\n  R:\n    Type: ${y}\n    Properties: {}\n`) },
      { name: `DependsOn/Condition/Metadata: ${v}`, file: 't.yaml', content: tpl(`Resources:\n  R:\n    Type: AWS::S3::Bucket\n    DependsOn: ${y}\n    Condition: ${y}\n    Metadata: ${y}\n    DeletionPolicy: ${y}\n`) },
    );
    for (const type of RESOURCE_TYPES) {
      out.push({ name: `${type} Properties: ${v}`, file: 't.yaml', content: tpl(`Resources:\n  R:\n    Type: ${type}\n    Properties: ${y}\n`) });
      for (const prop of PROPS[type] ?? []) {
        out.push({ name: `${type} ${prop}: ${v}`, file: 't.yaml', content: tpl(`Resources:\n  R:\n    Type: ${type}\n    Properties:\n      ${prop}: ${y}\n`) });
      }
    }
    // Intrinsic functions with arguments of the wrong shape.
    for (const fn of ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::ImportValue', 'Fn::Base64', 'Fn::Equals', 'Fn::ToJsonString']) {
      out.push({
        name: `${fn}: ${v}`,
        file: 't.json',
        content: `{"AWSTemplateFormatVersion": "2010-09-09", "Conditions": {"C": {"${fn}": ${v}}}, "Resources": {"R": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": {"${fn}": ${v}}, "Action": {"${fn}": ${v}}, "Resource": {"${fn}": ${v}}, "Principal": {"${fn}": ${v}}}]}, "Roles": [{"${fn}": ${v}}], "Users": {"${fn}": ${v}}}}, "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"${fn}": ${v}}, "Tags": {"${fn}": ${v}}}}, "I": {"Type": "AWS::EC2::Instance", "Properties": {"MetadataOptions": {"${fn}": ${v}}, "SecurityGroupIds": [{"${fn}": ${v}}]}}}}`,
      });
    }
  }
  return out;
}

const RESOURCE_TYPES = [
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::EC2::Instance',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::Volume',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::KMS::Key',
  'AWS::Lambda::Permission',
  'AWS::Serverless::Function',
  'AWS::Serverless::Api',
  'AWS::Serverless::StateMachine',
  'AWS::AutoScaling::LaunchConfiguration',
];

const PROPS: Record<string, string[]> = {
  'AWS::IAM::Role': ['AssumeRolePolicyDocument', 'Policies', 'ManagedPolicyArns', 'PermissionsBoundary', 'RoleName', 'Path'],
  'AWS::IAM::Policy': ['PolicyDocument', 'Roles', 'Users', 'Groups', 'PolicyName'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument', 'Roles', 'Users', 'Groups'],
  'AWS::IAM::User': ['Policies', 'ManagedPolicyArns', 'Groups', 'LoginProfile'],
  'AWS::IAM::Group': ['Policies', 'ManagedPolicyArns'],
  'AWS::S3::Bucket': ['BucketName', 'BucketEncryption', 'PublicAccessBlockConfiguration', 'VersioningConfiguration', 'LoggingConfiguration', 'Tags', 'AccessControl', 'WebsiteConfiguration', 'OwnershipControls'],
  'AWS::S3::BucketPolicy': ['Bucket', 'PolicyDocument'],
  'AWS::EC2::Instance': ['MetadataOptions', 'BlockDeviceMappings', 'NetworkInterfaces', 'SecurityGroupIds', 'SecurityGroups', 'IamInstanceProfile', 'UserData', 'LaunchTemplate'],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateData'],
  'AWS::EC2::SecurityGroup': ['SecurityGroupIngress', 'SecurityGroupEgress', 'VpcId'],
  'AWS::EC2::SecurityGroupIngress': ['CidrIp', 'CidrIpv6', 'FromPort', 'ToPort', 'IpProtocol', 'GroupId'],
  'AWS::EC2::Volume': ['Encrypted', 'KmsKeyId'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument', 'Queues'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument', 'Topics'],
  'AWS::KMS::Key': ['KeyPolicy', 'EnableKeyRotation'],
  'AWS::Lambda::Permission': ['Principal', 'Action', 'SourceArn', 'FunctionName'],
  'AWS::Serverless::Function': ['Policies', 'Role', 'Events', 'Environment'],
  'AWS::Serverless::Api': ['Auth', 'DefinitionBody'],
  'AWS::Serverless::StateMachine': ['Policies', 'Definition'],
  'AWS::AutoScaling::LaunchConfiguration': ['MetadataOptions', 'BlockDeviceMappings', 'AssociatePublicIpAddress'],
};
