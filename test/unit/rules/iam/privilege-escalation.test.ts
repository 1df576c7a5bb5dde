import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privilegeEscalation } from '../../../../server/src/rules/iam/privilege-escalation';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/privilege-escalation';
ruleTester(privilegeEscalation, {
  valid: [{ file: `${D}/good-template.json` }, { file: `${D}/good-policy.yaml` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 3,
      lines: [28, 46, 57],
      messages: [
        "Role 'Deployer' can escalate privileges via PassExistingRoleToNewLambdaThenInvoke: iam:PassRole (Policies[0] (pass) of 'Deployer'), lambda:CreateFunction (policy 'LambdaPolicy')",
        "Role 'PolicyEditor' can escalate privileges via CreateNewPolicyVersion: iam:CreatePolicyVersion (policy 'VersionPolicy')",
        "Function 'AttachFn' can escalate privileges via AttachRolePolicy",
      ],
      severity: 'error',
    },
    { file: `${D}/bad-policy.json`, count: 1, lines: [4], messages: ['via CreateAccessKey'] },
  ],
});

test('iam/privilege-escalation relates the contributing statements of other policies', () => {
  const text = fixture(`${D}/bad-template.yaml`);
  const [f] = findingsOf(text, 'bad-template.yaml', 'iam/privilege-escalation');
  const lineOf = (o: number) => text.slice(0, o).split('\n').length;
  assert.deepEqual(
    f.related.map((r) => [lineOf(r.start), r.message]),
    [
      [17, "iam:PassRole granted here (Policies[0] (pass) of 'Deployer')"],
      [27, "lambda:CreateFunction granted here (policy 'LambdaPolicy')"],
    ],
  );
  assert.equal(f.securitySeverity, 'critical');
});

test('iam/privilege-escalation needs every action of a method in the same principal', () => {
  const text = `Resources:
  A:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: a
          PolicyDocument: {Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*"}]}
  B:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: b
          PolicyDocument: {Statement: [{Effect: Allow, Action: [lambda:CreateFunction, lambda:InvokeFunction], Resource: "*"}]}
`;
  assert.equal(findingsOf(text, 't.yaml', 'iam/privilege-escalation').length, 0);
});
