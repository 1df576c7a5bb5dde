import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publicResourcePolicy } from '../../../../server/src/rules/iam/public-resource-policy';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/public-resource-policy';
const ID = 'iam/public-resource-policy';
ruleTester(publicResourcePolicy, {
  valid: [
    { file: `${D}/good.yaml` },
    { file: `${D}/good.json` },
    { file: `${D}/eventbus-good.yaml` },
    { file: `${D}/eventbus-good.json` },
    { name: 'endpoint-policy.json', text: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}' },
    { name: 'identity.json', text: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
  ],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 4,
      lines: [20, 26, 42, 60],
      messages: ["Bucket policy of 'BucketPolicy' allows 's3:GetObject' to everyone (Principal \"*\")", "'s3:PutObject'", "Queue policy of 'QueuePolicy' allows 'sqs:SendMessage'", 'function URL of function \'Fn\' public'],
      severity: 'error',
      output: fixture(`${D}/bad-template.fixed.yaml`),
    },
    {
      file: `${D}/bad-template.json`,
      count: 3,
      lines: [13, 26, 34],
      messages: ["Key policy of 'Key' allows 'kms:*'", "Topic policy of 'TopicPolicy'", 'relies on fine-grained access control'],
      output: fixture(`${D}/bad-template.fixed.json`),
      fixTitle: 'aws:PrincipalAccount',
    },
    { file: `${D}/bad-bucket-policy.json`, count: 1, lines: [6], messages: ['Resource policy allows'], output: fixture(`${D}/bad-bucket-policy.fixed.json`) },
    { file: `${D}/bad-flow.yaml`, count: 1, lines: [8], output: fixture(`${D}/bad-flow.fixed.yaml`), fixTitle: 'aws:SourceAccount' },
    // The older AWS::Events::EventBusPolicy form: Principal "*" without Condition.
    {
      file: `${D}/eventbus-bad.yaml`,
      count: 2,
      lines: [17, 24],
      messages: ["Event bus policy 'OpenToAll' lets every AWS account call 'events:PutEvents' on event bus 'Bus'", 'from a parameter default'],
      output: fixture(`${D}/eventbus-bad.fixed.yaml`),
    },
    { file: `${D}/eventbus-bad.json`, count: 1, lines: [8], messages: ["Event bus policy 'OpenToAll'"], output: fixture(`${D}/eventbus-bad.fixed.json`) },
  ],
});

test('iam/public-resource-policy: security severity follows the actions', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const f = findingsOf(text, 'bad-template.yaml', ID);
  assert.deepEqual(
    f.map((x) => x.securitySeverity),
    ['high', 'critical', 'critical', 'high'],
  );
  assert.ok(f.every((x) => x.fixes.every((fx) => fx.kind === 'choice')));
});

test('iam/public-resource-policy: no fix for a policy written as a JSON string; info for FGAC domains', () => {
  const f = findingsOf(fixture(`${D}/bad-template.json`), 'bad-template.json', ID);
  assert.equal(f[1].fixes.length, 0);
  assert.equal(f[2].severity, 'info');
});

test('iam/public-resource-policy: standalone policies get no account fix (no template)', () => {
  const [f] = findingsOf(fixture(`${D}/bad-bucket-policy.json`), 'bad-bucket-policy.json', ID);
  assert.deepEqual(f.fixes.map((x) => x.title), ['Restrict to your organization: add Condition aws:PrincipalOrgID (replace o-PLACEHOLDER)']);
});

test('iam/public-resource-policy: wildcard condition values and IfExists do not restrict', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::b/*
            Condition:
              StringLike:
                aws:PrincipalOrgID: "*"
              IpAddress:
                aws:SourceIp: 0.0.0.0/0
              StringNotEquals:
                aws:SourceVpce: vpce-1
`;
  assert.equal(findingsOf(text, 't.yaml', ID).length, 1);
});

test('iam/public-resource-policy: an open REST API policy is info; a Deny guard that does not cover the actions does not help', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
      Policy:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: [s3:GetObject, s3:PutObject]
            Resource: arn:aws:s3:::b/*
          - Effect: Deny
            Principal: "*"
            Action: s3:PutObject
            Resource: arn:aws:s3:::b/*
            Condition:
              StringNotEquals:
                aws:SourceVpce: vpce-1
`;
  const f = findingsOf(text, 't.yaml', ID);
  assert.deepEqual(f.map((x) => x.severity), ['info', 'error']);
  assert.ok(f[0].message.includes('relies on its authorizers'));
});
