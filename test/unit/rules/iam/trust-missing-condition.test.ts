import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trustMissingCondition } from '../../../../server/src/rules/iam/trust-missing-condition';
import { applyAndCheck, findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/trust-missing-condition';
const ID = 'iam/trust-missing-condition';
ruleTester(trustMissingCondition, {
  valid: [
    { file: `${D}/good.yaml` },
    { file: `${D}/good.json` },
    {
      name: 'trust-policy.json',
      text: '{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/gitlab.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"gitlab.com:sub":"project_path:my-group/my-project:ref_type:branch:ref:main"}}}]}',
    },
  ],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 10,
      lines: [18, 27, 39, 53, 65, 77, 86, 98, 110, 122],
      messages: [
        "lets account 111122223333 assume the role with no sts:ExternalId or MFA condition",
        "the account of parameter 'TrustedAccount'",
        'account 444455556666 (parameter default)',
        'without a token.actions.githubusercontent.com:sub condition',
        "token.actions.githubusercontent.com:sub 'repo:*', which matches a workflow in any GitHub repository",
        "Trust policy of 'GitHubNoCondition' trusts GitHub Actions",
        "'repo:octo-org/*': every repository of that owner",
        'without a cognito-identity.amazonaws.com:aud condition',
        'any service account in the cluster',
        'trusts personalize.amazonaws.com without aws:SourceArn or aws:SourceAccount',
      ],
      output: fixture(`${D}/bad.fixed.yaml`),
    },
    {
      file: `${D}/bad.json`,
      count: 2,
      lines: [12, 22],
      messages: ['account 111122223333 and account 555566667777', "sub '*'"],
      output: fixture(`${D}/bad.fixed.json`),
      fixTitle: 'MFA',
    },
    { file: `${D}/bad-trust-policy.json`, count: 1, lines: [6], severity: 'error', output: fixture(`${D}/bad-trust-policy.fixed.json`) },
  ],
});

test('iam/trust-missing-condition severities by case', () => {
  const f = findingsOf(fixture(`${D}/bad.yaml`), 'bad.yaml', ID);
  assert.deepEqual(
    f.map((x) => x.severity),
    ['warning', 'warning', 'warning', 'error', 'error', 'error', 'info', 'error', 'warning', 'info'],
  );
});

test('iam/trust-missing-condition adds the sub condition beside an existing StringEquals (YAML)', () => {
  const text = fixture(`${D}/bad.yaml`);
  const f = findingsOf(text, 'bad.yaml', ID)[3];
  const out = applyAndCheck(text, 'bad.yaml', f, f.fixes[0]);
  assert.ok(
    out.includes(
      '              StringEquals:\n                token.actions.githubusercontent.com:aud: sts.amazonaws.com\n              StringLike:\n                token.actions.githubusercontent.com:sub: repo:OWNER/REPO:ref:refs/heads/main\n',
    ),
    out,
  );
});

test('iam/trust-missing-condition: a literal 123456789012 is another account, ${AWS::AccountId} is not', () => {
  const t = (p: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              AWS: ${p}
            Action: sts:AssumeRole
`;
  assert.equal(findingsOf(t('arn:aws:iam::123456789012:root'), 't.yaml', ID).length, 1);
  assert.equal(findingsOf(t('!Sub "arn:aws:iam::${AWS::AccountId}:root"'), 't.yaml', ID).length, 0);
});
