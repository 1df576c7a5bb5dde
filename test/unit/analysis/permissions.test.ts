import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import type { RuleContext } from '../../../server/src/engine/context';
import type { Rule } from '../../../server/src/engine/types';
import { isConstrained, policyRisks, principalRisks, riskScopes, type PrincipalRisk } from '../../../server/src/analysis/permissions';

/** Run a probe rule on the text and hand its context to `fn`. */
function withCtx<T>(text: string, fn: (ctx: RuleContext) => T, fileName = 't.yaml'): T {
  let out: T | undefined;
  const probe: Rule = {
    meta: { id: 'test/probe', title: 'probe', severity: 'info', securitySeverity: 'low', scope: ['template', 'policy'], docs: { rationale: '', fix: '' } },
    check(ctx) {
      out = fn(ctx);
    },
  };
  analyze(text, { fileName, rules: [probe] });
  return out as T;
}

const cats = (r: PrincipalRisk[]) => r.map((x) => x.category);
const actionsOf = (r: PrincipalRisk[], c: string) => (r.find((x) => x.category === c)?.grants ?? []).map((g) => g.action);

const role = (id: string, statements: string, extra = '') => `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
${extra}      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: ${statements}
`;

test('policyRisks: the Capital One policy is data-read paired with discovery', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetObject"],"Resource":"*"}]}';
  const r = withCtx(text, (ctx) => policyRisks(ctx, ctx.policies), 'p.json');
  assert.deepEqual(cats(r), ['data-read', 'discovery']);
  const read = r.find((x) => x.category === 'data-read')!;
  assert.equal(read.grants[0].action, 's3:GetObject');
  assert.equal(read.grants[0].actionValue.value, 's3:GetObject');
  assert.equal(read.grants[0].resourceValue?.value, '*');
  assert.match(read.summary, /s3:GetObject on every resource, with s3:ListAllMyBuckets to find buckets/);
});

test('principalRisks joins inline, attached and ManagedPolicyArns policies, and is memoised', () => {
  const text = `Resources:
${role('R', '[{Effect: Allow, Action: iam:PassRole, Resource: "*"}]', '      ManagedPolicyArns: [!Ref M]\n')}  M:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: lambda:CreateFunction, Resource: "*"}]}
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: x
      Roles: [!Ref R]
      PolicyDocument: {Statement: [{Effect: Allow, Action: "lambda:Invoke*", Resource: "*"}]}
`;
  withCtx(text, (ctx) => {
    const r = principalRisks(ctx, 'R');
    assert.equal(principalRisks(ctx, 'R'), r, 'memoised');
    const esc = r.filter((x) => x.category === 'privilege-escalation').map((x) => x.method?.name);
    assert.ok(esc.includes('PassExistingRoleToNewLambdaThenInvoke'), esc.join());
    const m = r.find((x) => x.method?.name === 'PassExistingRoleToNewLambdaThenInvoke')!;
    assert.deepEqual(
      m.grants.map((g) => [g.action, g.statement.policy.context.resourceId]),
      [
        ['iam:PassRole', 'R'],
        ['lambda:CreateFunction', 'M'],
        ['lambda:InvokeFunction', 'P'],
      ],
    );
    assert.deepEqual(principalRisks(ctx, 'Nope'), []);
    assert.deepEqual(riskScopes(ctx).map((s) => s.label), ["Role 'R'"]);
  });
});

test('unconstrained resources: *, every-resource ARNs, !Sub partition; scoped ARNs and placeholders are not', () => {
  const pol = (resource: string, action = 's3:GetObject') => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":${resource}}]}`;
  const reads = (t: string) => withCtx(t, (ctx) => actionsOf(policyRisks(ctx, ctx.policies), 'data-read'), 'p.json');
  assert.deepEqual(reads(pol('"arn:aws:s3:::*"')), ['s3:GetObject']);
  assert.deepEqual(reads(pol('"arn:aws:s3:::*/*"')), ['s3:GetObject']);
  assert.deepEqual(reads(pol('"arn:aws:s3:::my-bucket/*"')), []);
  assert.deepEqual(reads(pol('"arn:aws:ssm:us-east-1:123456789012:parameter/*"', 'ssm:GetParameter')), ['ssm:GetParameter']);
  assert.deepEqual(reads(pol('"arn:aws:ssm:us-east-1:123456789012:parameter/app/*"', 'ssm:GetParameter')), []);
  assert.deepEqual(reads(pol('"arn:aws:dynamodb:*:*:table/*"', 'dynamodb:GetItem')), ['dynamodb:GetItem']);
  // An S3 ARN never covers an SSM action.
  assert.deepEqual(reads(pol('"arn:aws:s3:::*"', 'ssm:GetParameter')), []);
  const tpl = `Resources:
  B:
    Type: AWS::S3::Bucket
${role('R', '[{Effect: Allow, Action: s3:GetObject, Resource: !Sub "arn:${AWS::Partition}:s3:::*"}, {Effect: Allow, Action: s3:GetObjectVersion, Resource: !Sub "${B.Arn}/*"}]')}`;
  withCtx(tpl, (ctx) => assert.deepEqual(actionsOf(principalRisks(ctx, 'R'), 'data-read'), ['s3:GetObject']));
});

test('explicit Deny in the same principal removes an action; a conditional Deny does not', () => {
  const text = `Resources:
${role('R', '[{Effect: Allow, Action: ["s3:GetObject", "secretsmanager:GetSecretValue"], Resource: "*"}]')}  D:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: d
      Roles: [!Ref R]
      PolicyDocument:
        Statement:
          - {Effect: Deny, Action: "s3:Get*", Resource: "*"}
          - {Effect: Deny, Action: "secretsmanager:*", Resource: "*", Condition: {Bool: {aws:SecureTransport: "false"}}}
`;
  withCtx(text, (ctx) => assert.deepEqual(actionsOf(principalRisks(ctx, 'R'), 'data-read'), ['secretsmanager:GetSecretValue']));
});

test('full-admin: * and *:* on *, via !If and parameter default; NotAction is not full admin', () => {
  const text = `Parameters:
  A: {Type: String, Default: "*"}
Conditions:
  C: !Equals [a, b]
Resources:
${role('R1', '[{Effect: Allow, Action: !If [C, "*", "s3:GetObject"], Resource: "*"}]')}${role('R2', '[{Effect: Allow, Action: !Ref A, Resource: "*"}]')}${role('R3', '[{Effect: Allow, NotAction: "iam:*", Resource: "*"}]')}${role('R4', '[{Effect: Allow, Action: "*:*", Resource: "*"}]')}`;
  withCtx(text, (ctx) => {
    assert.ok(cats(principalRisks(ctx, 'R1')).includes('full-admin'));
    const r2 = principalRisks(ctx, 'R2').find((r) => r.category === 'full-admin')!;
    assert.ok(r2.grants[0].actionValue.origin, 'value comes from the parameter default');
    assert.ok(!cats(principalRisks(ctx, 'R3')).includes('full-admin'));
    assert.ok(cats(principalRisks(ctx, 'R3')).includes('data-read'), 'NotAction iam:* still reads data');
    assert.ok(!actionsOf(principalRisks(ctx, 'R3'), 'credentials-exposure').some((a) => a.startsWith('iam:')));
    assert.ok(cats(principalRisks(ctx, 'R4')).includes('full-admin'));
  });
});

test('conditions that narrow resources remove the risk; others do not', () => {
  const with_ = (cond: string) =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${cond}}]}`;
  const reads = (t: string) => withCtx(t, (ctx) => actionsOf(policyRisks(ctx, ctx.policies), 'data-read'), 'p.json');
  assert.deepEqual(reads(with_('{"StringEquals":{"aws:SourceVpce":"vpce-1"}}')), []);
  assert.deepEqual(reads(with_('{"StringEquals":{"aws:ResourceTag/team":"a"}}')), []);
  assert.deepEqual(reads(with_('{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}')), ['s3:GetObject']);
  assert.deepEqual(reads(with_('{"Bool":{"aws:MultiFactorAuthPresent":"true"}}')), ['s3:GetObject']);
  assert.deepEqual(reads(with_('{"StringLike":{"aws:ResourceTag/team":"*"}}')), ['s3:GetObject']);
  withCtx(with_('{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}'), (ctx) => assert.ok(isConstrained(ctx.policies[0].statements[0])), 'p.json');
});

test('credentials-exposure leaves out tokens that carry only the caller\'s own permissions', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","sts:GetSessionToken","sts:AssumeRole","iam:CreateAccessKey"],"Resource":"*"}]}';
  const r = withCtx(text, (ctx) => policyRisks(ctx, ctx.policies), 'p.json');
  assert.deepEqual(actionsOf(r, 'credentials-exposure').sort(), ['iam:CreateAccessKey', 'sts:AssumeRole']);
});

test('resource and trust policies are not identity risks; SAM functions are principals', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  B:
    Type: AWS::S3::Bucket
  BP:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*"}]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.h
      CodeUri: .
      Policies:
        - S3ReadPolicy: {BucketName: "*"}
`;
  withCtx(text, (ctx) => {
    assert.deepEqual(riskScopes(ctx).map((s) => s.label), ["Function 'Fn'"]);
    const r = principalRisks(ctx, 'FnRole');
    assert.deepEqual(actionsOf(r, 'data-read'), ['s3:GetObject', 's3:GetObjectVersion']);
    assert.deepEqual(actionsOf(r, 'discovery'), ['s3:ListBucket']);
  });
});
