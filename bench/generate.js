'use strict';
/**
 * Generates a realistic CloudFormation YAML template with N resources: a mix of IAM roles with
 * inline policies, managed policies, buckets with bucket policies, security groups, instances,
 * launch templates, queues, topics and Lambda functions, cross-referenced with !Ref / !GetAtt /
 * !Sub like real templates. ~320 bytes per resource (1500 resources ≈ 474 KB: heavier than the
 * 410 KB template of the budgets, which counts ~275 bytes per resource).
 */
function generateTemplate(n) {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: generated benchmark template', 'Parameters:', '  VpcId:', '    Type: AWS::EC2::VPC::Id', '  ImageId:', '    Type: AWS::EC2::Image::Id', '  AllowedCidr:', '    Type: String', '    Default: 10.0.0.0/16', 'Resources:'];
  const kinds = ['role', 'bucket', 'bucketPolicy', 'sg', 'instance', 'queue', 'function', 'policy'];
  for (let i = 0; i < n; i++) {
    const k = kinds[i % kinds.length];
    const g = Math.floor(i / kinds.length);
    switch (k) {
      case 'role':
        out.push(`  Role${g}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Version: "2012-10-17"', '        Statement:', '          - Effect: Allow', '            Principal: {Service: lambda.amazonaws.com}', '            Action: sts:AssumeRole', '      Policies:', `        - PolicyName: p${g}`, '          PolicyDocument:', '            Version: "2012-10-17"', '            Statement:', '              - Effect: Allow', '                Action: [s3:GetObject, s3:PutObject]', `                Resource: !Sub "\${Bucket${g}.Arn}/*"`, '              - Effect: Allow', '                Action: sqs:SendMessage', `                Resource: !GetAtt Queue${g}.Arn`);
        break;
      case 'bucket':
        out.push(`  Bucket${g}:`, '    Type: AWS::S3::Bucket', '    Properties:', '      VersioningConfiguration: {Status: Enabled}', '      PublicAccessBlockConfiguration:', '        BlockPublicAcls: true', '        BlockPublicPolicy: true', '        IgnorePublicAcls: true', '        RestrictPublicBuckets: true');
        break;
      case 'bucketPolicy':
        out.push(`  BucketPolicy${g}:`, '    Type: AWS::S3::BucketPolicy', '    Properties:', `      Bucket: !Ref Bucket${g}`, '      PolicyDocument:', '        Version: "2012-10-17"', '        Statement:', '          - Effect: Deny', '            Principal: "*"', '            Action: "s3:*"', `            Resource: [!GetAtt Bucket${g}.Arn, !Sub "\${Bucket${g}.Arn}/*"]`, '            Condition: {Bool: {aws:SecureTransport: "false"}}');
        break;
      case 'sg':
        out.push(`  SecurityGroup${g}:`, '    Type: AWS::EC2::SecurityGroup', '    Properties:', `      GroupDescription: group ${g}`, '      VpcId: !Ref VpcId', '      SecurityGroupIngress:', '        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref AllowedCidr}', g % 10 === 0 ? '        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}' : '        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 10.0.0.0/8}');
        break;
      case 'instance':
        out.push(`  Instance${g}:`, '    Type: AWS::EC2::Instance', '    Properties:', '      ImageId: !Ref ImageId', '      InstanceType: t3.micro', `      SecurityGroupIds: [!Ref SecurityGroup${g}]`, ...(g % 7 === 0 ? [] : ['      MetadataOptions: {HttpTokens: required}']), '      BlockDeviceMappings:', '        - DeviceName: /dev/xvda', '          Ebs: {VolumeSize: 20, Encrypted: true}');
        break;
      case 'queue':
        out.push(`  Queue${g}:`, '    Type: AWS::SQS::Queue', '    Properties:', `      QueueName: !Sub "\${AWS::StackName}-q${g}"`, '      KmsMasterKeyId: alias/aws/sqs');
        break;
      case 'function':
        out.push(`  Function${g}:`, '    Type: AWS::Lambda::Function', '    Properties:', '      Runtime: nodejs20.x', '      Handler: index.handler', `      Role: !GetAtt Role${g}.Arn`, '      Code: {ZipFile: "exports.handler = async () => 1"}');
        break;
      case 'policy':
        out.push(`  Policy${g}:`, '    Type: AWS::IAM::ManagedPolicy', '    Properties:', `      Roles: [!Ref Role${g}]`, '      PolicyDocument:', '        Version: "2012-10-17"', '        Statement:', '          - Effect: Allow', g % 5 === 0 ? '            Action: ["logs:*", "dynamodb:Scan"]' : '            Action: [logs:CreateLogStream, logs:PutLogEvents]', g % 5 === 0 ? '            Resource: "*"' : `            Resource: !Sub "arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/f${g}:*"`);
        break;
    }
  }
  return out.join('\n') + '\n';
}

module.exports = { generateTemplate };
if (require.main === module) process.stdout.write(generateTemplate(Number(process.argv[2] || 1500)));
