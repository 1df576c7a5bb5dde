import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { IamCatalog } from '../../../server/src/catalog/catalog';
import {
  actionRiskCategories,
  privilegeEscalationMethods,
  riskActions,
  riskDataInfo,
  RISK_CATEGORIES,
} from '../../../server/src/catalog/risk';
import { samPolicyTemplate, samPolicyTemplateNames } from '../../../server/src/catalog/sam';
import { copiedDataDir, REPO } from './data-dir';

const cat = new IamCatalog(copiedDataDir());

describe('risk data', () => {
  test('privilege-escalation methods', () => {
    const methods = privilegeEscalationMethods();
    assert.equal(methods.length, 59);
    const lambda = methods.find((m) => m.name === 'PassExistingRoleToNewLambdaThenInvoke');
    assert.ok(lambda);
    assert.deepEqual(lambda.actions, ['iam:passrole', 'lambda:createfunction', 'lambda:invokefunction']);
    assert.deepEqual(lambda.canonicalActions, ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']);
    assert.equal(lambda.reference, 'https://pathfinding.cloud/paths/lambda-001');
    assert.equal(methods.find((m) => m.name === 'SetExistingDefaultPolicyVersion')?.reference, undefined);
    methods[0].actions.push('x:y'); // copies
    assert.ok(!privilegeEscalationMethods()[0].actions.includes('x:y'));
  });

  test('listed categories are lower-case, validated and corrected', () => {
    const creds = riskActions('credentials-exposure', cat);
    assert.ok(creds.has('iam:createaccesskey'));
    assert.ok(creds.has('sts:assumerole'));
    assert.ok(creds.has('gamelift:getcomputeaccess'), 'gamelist: prefix corrected');
    assert.ok(!creds.has('gamelist:getcomputeaccess'));
    assert.ok(!creds.has('sso:getrolecredentials'), 'not an IAM action: dropped');
    assert.ok(!creds.has('connect:getfederationtokens'), 'misspelling: dropped');
    assert.ok(creds.has('connect:getfederationtoken'));
    assert.deepEqual(
      [...riskActions('data-exfiltration', cat)].sort(),
      ['s3:getobject', 'secretsmanager:getsecretvalue', 'ssm:getparameter', 'ssm:getparameters', 'ssm:getparametersbypath'],
    );
    const privesc = riskActions('privilege-escalation', cat);
    assert.ok(privesc.has('iam:passrole') && privesc.has('iam:updateassumerolepolicy'));
    for (const m of privilegeEscalationMethods()) for (const a of m.actions) assert.ok(privesc.has(a), a);
  });

  test('every risk action exists in the catalog (fails after a data upgrade that renames one)', () => {
    for (const c of ['credentials-exposure', 'data-exfiltration', 'privilege-escalation'] as const) {
      for (const a of riskActions(c, cat)) assert.ok(cat.getAction(a), `${c}: ${a}`);
    }
    for (const m of privilegeEscalationMethods()) for (const a of m.canonicalActions) assert.equal(cat.getAction(a)?.fullName, a);
  });

  test('validation report lists what did not resolve', () => {
    const info = riskDataInfo();
    assert.deepEqual(info.unresolved.map((u) => u.entry).sort(), ['connect:getfederationtokens', 'sso:getrolecredentials']);
    assert.deepEqual(info.corrections.map((c) => c.to).sort(), ['gamelift:GetComputeAccess', 'gamelift:GetComputeAuthToken']);
    assert.deepEqual(info.droppedMethods, []);
    assert.match(info.source, /cloudsplaining/);
  });

  test('risk-actions.json is up to date with the installed catalog', () => {
    const out = execFileSync(process.execPath, [path.join(REPO, 'server/data/tools/generate-risk-actions.js'), '--check'], {
      encoding: 'utf8',
    });
    assert.match(out, /up to date/);
  });

  test('derived categories (from access levels)', () => {
    const exposure = riskActions('resource-exposure', cat);
    assert.ok(exposure.has('s3:putbucketpolicy'));
    assert.ok(exposure.has('iam:attachrolepolicy'));
    assert.ok(!exposure.has('s3:getobject'));
    const infra = riskActions('infrastructure-modification', cat);
    assert.ok(infra.has('ec2:runinstances'));
    assert.ok(infra.has('s3:putbucketpolicy'));
    assert.ok(!infra.has('s3:listbucket'));
    assert.deepEqual(
      actionRiskCategories('iam:PassRole', cat).sort(),
      ['infrastructure-modification', 'privilege-escalation'],
    );
    assert.deepEqual(actionRiskCategories('s3:GetObject', cat), ['data-exfiltration']);
    assert.deepEqual(actionRiskCategories('s3:ListBucket', cat), []);
    assert.equal(RISK_CATEGORIES.length, 5);
  });
});

describe('SAM policy templates', () => {
  test('S3ReadPolicy: parameters and raw statements with intrinsics', () => {
    const t = samPolicyTemplate('S3ReadPolicy');
    assert.ok(t);
    assert.equal(t.name, 'S3ReadPolicy');
    assert.deepEqual(t.parameters, ['BucketName']);
    const statements = t.statements as { Action: string[]; Effect: string; Resource: unknown[] }[];
    assert.ok(Array.isArray(statements));
    assert.equal(statements[0].Effect, 'Allow');
    assert.ok(statements[0].Action.includes('s3:GetObject'));
    assert.deepEqual(statements[0].Resource[1], {
      'Fn::Sub': ['arn:${AWS::Partition}:s3:::${bucketName}/*', { bucketName: { Ref: 'BucketName' } }],
    });
  });

  test('no-parameter templates, case-insensitive names, unknown names', () => {
    const t = samPolicyTemplate('cloudwatchputmetricpolicy');
    assert.equal(t?.name, 'CloudWatchPutMetricPolicy');
    assert.deepEqual(t?.parameters, []);
    assert.deepEqual(t?.statements, [{ Action: ['cloudwatch:PutMetricData'], Effect: 'Allow', Resource: '*' }]);
    assert.equal(samPolicyTemplate('NoSuchPolicy'), undefined);
    assert.ok(samPolicyTemplateNames().length >= 80);
  });

  test('statements are fresh copies', () => {
    const a = samPolicyTemplate('S3ReadPolicy')!.statements as { Action: string[] }[];
    a[0].Action.push('s3:*');
    const b = samPolicyTemplate('S3ReadPolicy')!.statements as { Action: string[] }[];
    assert.ok(!b[0].Action.includes('s3:*'));
  });

  test('template actions exist in the catalog (known SAM exceptions listed)', () => {
    const unknown: string[] = [];
    for (const name of samPolicyTemplateNames()) {
      const statements = samPolicyTemplate(name)!.statements as { Action?: string | string[] }[];
      for (const s of statements) {
        const actions = s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action];
        for (const a of actions) if (cat.expand(a).length === 0) unknown.push(`${name} ${a}`);
      }
    }
    // SAM grants the SQS *Batch API names, which IAM authorises through the non-batch actions.
    assert.deepEqual(unknown.sort(), ['SQSPollerPolicy sqs:ChangeMessageVisibilityBatch', 'SQSPollerPolicy sqs:DeleteMessageBatch']);
  });
});
