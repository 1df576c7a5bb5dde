import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { classify } from '../../../server/src/model/classify';
import { getPath } from '../../../server/src/model/node';
import { TemplateModel } from '../../../server/src/model/template';
import { resolveList, resolveScalar } from '../../../server/src/model/values';
import { parseDocument } from '../../../server/src/parse';

const parseY = (t: string) => parseDocument(t, 'yaml').root;

test('classifier: templates, SAM, policies of each flavour, and silence for everything else', () => {
  const kinds = (t: string, f = 'x.yaml') => {
    const c = classify(parseDocument(t, f.endsWith('.json') ? 'json' : 'yaml').root, f);
    return c.kind === 'policy' ? `policy:${c.policyKind}` : c.kind;
  };
  assert.equal(kinds('AWSTemplateFormatVersion: "2010-09-09"\n'), 'template');
  assert.equal(kinds('Transform: AWS::Serverless-2016-10-31\nResources: {}\n'), 'template');
  assert.equal(kinds('Resources:\n  B:\n    Type: AWS::S3::Bucket\n'), 'template');
  assert.equal(kinds('Resources:\n  B:\n    Type: Custom::Thing\n'), 'template');
  assert.equal(kinds('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', 'p.json'), 'policy:identity');
  assert.equal(kinds('{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}', 'p.json'), 'policy:resource');
  assert.equal(kinds('{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}', 'p.json'), 'policy:trust');
  assert.equal(kinds('{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', 'role-trust.json'), 'policy:trust');
  // Silent: package.json, tsconfig, workflows, k8s, compose, OpenAPI, serverless framework.
  assert.equal(kinds('{"name":"x","version":"1.0.0"}', 'package.json'), 'none');
  assert.equal(kinds('{"compilerOptions":{"strict":true}}', 'tsconfig.json'), 'none');
  assert.equal(kinds('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n'), 'none');
  assert.equal(kinds('apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n'), 'none');
  assert.equal(kinds('services:\n  web:\n    image: nginx\n'), 'none');
  assert.equal(kinds('openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n'), 'none');
  assert.equal(kinds('service: x\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n'), 'none');
  assert.equal(kinds('Resources:\n  thing: {kind: Pod}\n'), 'none');
  assert.equal(kinds('[1, 2]', 'a.json'), 'none');
});

test('intrinsics resolve worst case: parameter defaults, both !If branches, Sub, Join, Select, FindInMap', () => {
  const t = new TemplateModel(
    parseY(`Parameters:
  Res: {Type: String, Default: "*"}
  NoDefault: {Type: String}
  List: {Type: CommaDelimitedList, Default: "a,b"}
Mappings:
  M: {us-east-1: {Arn: "arn:aws:s3:::mapped"}}
Conditions:
  C: !Equals [a, b]
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  X:
    Type: AWS::IAM::Policy
    Properties:
      A: !Ref Res
      B: !If [C, "arn:aws:s3:::one", "*"]
      C: !Sub "\${Bucket.Arn}/*"
      D: !Join ["", ["arn:", !Ref "AWS::Partition", ":s3:::b"]]
      E: !Select [1, !Ref List]
      F: !FindInMap [M, !Ref "AWS::Region", Arn]
      G: !Ref NoDefault
      H: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
      I: !Ref List
` ) as never,
  );
  const props = t.resources.get('X')!.properties!;
  const v = (k: string) => resolveScalar(getPath(props, k), { template: t }).map((x) => x.value);
  assert.deepEqual(v('A'), ['*']);
  assert.deepEqual(v('B'), ['arn:aws:s3:::one', '*']);
  assert.deepEqual(v('C'), ['arn:aws:s3:::{{Bucket}}/*']);
  assert.deepEqual(v('D'), ['arn:aws:s3:::b']);
  assert.deepEqual(v('E'), ['b']);
  assert.deepEqual(v('F'), ['arn:aws:s3:::mapped']);
  assert.deepEqual(v('G'), ['{{NoDefault}}']);
  assert.deepEqual(v('H'), ['arn:aws:iam::123456789012:root']);
  assert.deepEqual(resolveList(getPath(props, 'I'), { template: t }).map((x) => x.value), ['a', 'b']);
  assert.equal(resolveScalar(getPath(props, 'G'), { template: t })[0].known, false);
});

test('resource graph indexes Ref, GetAtt and Sub references once', () => {
  const t = new TemplateModel(
    parseY(`Resources:
  Role: {Type: AWS::IAM::Role, Properties: {}}
  Profile: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [!Ref Role]}}
  Inst: {Type: AWS::EC2::Instance, Properties: {IamInstanceProfile: !Ref Profile, UserData: !Sub "\${Role.Arn}"}}
  Out: {Type: AWS::SSM::Parameter, Properties: {Value: !GetAtt Inst.PublicIp}}
`) as never,
  );
  assert.deepEqual(t.graph.refsFrom('Profile').map((r) => `${r.via}:${r.target}`), ['Ref:Role']);
  assert.deepEqual(t.graph.refsTo('Role').map((r) => `${r.from}:${r.via}`).sort(), ['Inst:Sub', 'Profile:Ref']);
  assert.deepEqual(t.graph.refsTo('Inst').map((r) => `${r.from}:${r.via}:${r.attribute}`), ['Out:GetAtt:PublicIp']);
});

test('resource graph: Sub references keep the attribute after the first dot, none without one', () => {
  const t = new TemplateModel(
    parseY(`Resources:
  B: {Type: AWS::S3::Bucket}
  P: {Type: AWS::SSM::Parameter, Properties: {Value: !Sub "\${B}-\${B.Arn}-\${B.Some.Deep}-\${!B}-\${AWS::Region}"}}
`) as never,
  );
  assert.deepEqual(
    t.graph.refsFrom('P').map((r) => `${r.via}:${r.target}:${r.attribute}`),
    ['Sub:B:undefined', 'Sub:B:Arn', 'Sub:B:Some.Deep'],
  );
});

test('resourcesOfType: template order, one type or several, and a fresh list each time', () => {
  const t = new TemplateModel(
    parseY(`Resources:
  A: {Type: AWS::S3::Bucket}
  R: {Type: AWS::IAM::Role}
  B: {Type: AWS::S3::Bucket}
  P: {Type: AWS::S3::BucketPolicy}
`) as never,
  );
  assert.deepEqual(t.resourcesOfType('AWS::S3::Bucket').map((r) => r.id), ['A', 'B']);
  assert.deepEqual(t.resourcesOfType('AWS::S3::BucketPolicy', 'AWS::S3::Bucket').map((r) => r.id), ['A', 'B', 'P']);
  assert.deepEqual(t.resourcesOfType('AWS::EC2::Instance'), []);
  t.resourcesOfType('AWS::S3::Bucket').pop();
  assert.equal(t.resourcesOfType('AWS::S3::Bucket').length, 2, 'a caller changing its list changes nothing else');
});

test('policy extraction: every location, kinds, owners and the principals they attach to', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: inline
          PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
      ManagedPolicyArns: [!Ref Managed]
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:PutObject, Resource: "*"}]}
  Attached:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref Role]
      PolicyDocument: {Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*"}]}
  Bucket: {Type: AWS::S3::Bucket}
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument: {Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*"}]}
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}'
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - AWSLambdaBasicExecutionRole
        - Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: "*"}]
        - S3ReadPolicy: {BucketName: !Ref Bucket}
`;
  const res = analyze(text, { fileName: 't.yaml', rules: [] });
  const ex = res.extracted!;
  const summary = ex.policies.map((p) => `${p.context.resourceId}:${p.kind}:${p.context.label}`);
  assert.deepEqual(summary, [
    'Role:trust:AssumeRolePolicyDocument',
    'Role:identity:Policies[0] (inline)',
    'Managed:identity:PolicyDocument',
    'Attached:identity:PolicyDocument',
    'BucketPolicy:resource:PolicyDocument',
    'Key:resource:KeyPolicy',
    'Fn:identity:Policies[1]',
    'Fn:identity:Policies[2] (S3ReadPolicy)',
  ]);
  const role = ex.principals.get('Role')!;
  assert.deepEqual(role.policies.map((p) => p.context.resourceId).sort(), ['Attached', 'Managed', 'Role']);
  const fn = ex.principals.get('FnRole')!;
  assert.equal(fn.policies.length, 2);
  assert.deepEqual(fn.managedPolicies.map((v) => v.value), ['AWSLambdaBasicExecutionRole']);
  // The KMS key policy was a JSON string: its nodes map back into the YAML text.
  const key = ex.policies.find((p) => p.context.resourceId === 'Key')!;
  const action = key.statements[0].actions()[0];
  assert.equal(text.slice(action.node.start, action.node.end), '"kms:*"');
  // SAM policy template expanded with the user's parameter.
  const s3read = ex.policies.find((p) => p.context.expandedFrom === 'S3ReadPolicy')!;
  assert.ok(s3read.statements.some((s) => s.actions().some((a) => a.value === 's3:GetObject')));
  assert.ok(s3read.statements.some((s) => s.resources().some((r) => r.value.includes('{{Bucket}}'))), JSON.stringify(s3read.statements.map((s) => s.resources().map((r) => r.value))));
});
