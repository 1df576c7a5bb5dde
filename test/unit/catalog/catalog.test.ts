import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  IamCatalog,
  catalogVersion,
  getCatalog,
  resetCatalogForTests,
  resolveIamDataDir,
  type ResourceTypeInfo,
} from '../../../server/src/catalog/catalog';
import { copiedDataDir, packageDataDir, packageVersion } from './data-dir';

const cat = new IamCatalog(copiedDataDir());

function names(list: { fullName: string }[]): string[] {
  return list.map((a) => a.fullName);
}

function rt(service: string, name: string): ResourceTypeInfo {
  const r = cat.resourceType(service, name);
  assert.ok(r, `resource type ${service}/${name} exists`);
  return r;
}

describe('laziness', () => {
  test('construction reads nothing; one lookup loads one service', () => {
    const c = new IamCatalog(copiedDataDir());
    assert.deepEqual(c.loadedServices(), []);
    assert.equal(c.hasService('s3'), true); // services.json only
    assert.deepEqual(c.loadedServices(), []);
    assert.equal(c.getAction('s3:GetObject')?.fullName, 's3:GetObject');
    assert.deepEqual(c.loadedServices(), ['s3']);
    c.expand('s3:Get*');
    c.suggestActions('s3:GetObjekt');
    assert.deepEqual(c.loadedServices(), ['s3']);
    c.getAction('iam:PassRole');
    assert.deepEqual(c.loadedServices(), ['iam', 's3']);
  });

  test('a constructor on a missing directory does not throw until used', () => {
    const c = new IamCatalog('/nonexistent/leastpriv-iam-data');
    assert.throws(() => c.hasService('s3'), /services\.json/);
  });

  test('expand("*") loads every service', () => {
    const c = new IamCatalog(copiedDataDir());
    const all = c.expand('*');
    assert.equal(c.loadedServices().length, c.serviceNames().length);
    const sum = c.serviceNames().reduce((n, s) => n + c.actions(s).length, 0);
    assert.equal(all.length, sum);
    assert.ok(all.length > 15000, `${all.length} actions`);
  });
});

describe('services and actions', () => {
  test('services are case-insensitive', () => {
    assert.equal(cat.hasService('S3'), true);
    assert.equal(cat.hasService(' iam '), true);
    assert.equal(cat.hasService('s4'), false);
    assert.ok(cat.serviceNames().includes('ec2'));
    assert.ok(cat.serviceNames().every((s) => s === s.toLowerCase()));
    assert.equal(cat.serviceTitle('S3'), 'Amazon S3');
    assert.equal(cat.serviceTitle('iam'), 'AWS Identity and Access Management (IAM)');
    assert.equal(cat.serviceTitle('nope'), undefined);
    // One prefix, two services in the reference: the title names the one the prefix is known for.
    assert.equal(cat.serviceTitle('cloudformation'), 'AWS CloudFormation');
  });

  test('getAction is case-insensitive and returns canonical names', () => {
    const a = cat.getAction('S3:getobject');
    assert.ok(a);
    assert.equal(a.service, 's3');
    assert.equal(a.name, 'GetObject');
    assert.equal(a.fullName, 's3:GetObject');
    assert.equal(a.accessLevel, 'Read');
    assert.match(a.description, /retrieve objects/i);
    assert.deepEqual(a.resourceTypes.map((r) => r.name).sort(), ['accesspointobject', 'object']);
    assert.ok(a.conditionKeys.includes('s3:ExistingObjectTag/<key>'));
    assert.equal(cat.getAction('s3:GetObject'), a, 'same object on repeat');
  });

  test('access levels: combined levels are split, most specific first', () => {
    assert.equal(cat.getAction('iam:PassRole')?.accessLevel, 'Write');
    const attach = cat.getAction('iam:AttachRolePolicy')!;
    assert.equal(attach.accessLevel, 'Permissions management');
    assert.deepEqual(attach.accessLevels, ['Permissions management', 'Write']);
    assert.equal(cat.getAction('iam:TagRole')?.accessLevel, 'Tagging');
    assert.equal(cat.getAction('s3:ListBucket')?.accessLevel, 'List');
  });

  test('unknown or malformed actions', () => {
    assert.equal(cat.getAction('s3:GetObjekt'), undefined);
    assert.equal(cat.getAction('s4:GetObject'), undefined);
    assert.equal(cat.getAction('GetObject'), undefined);
    assert.equal(cat.getAction(':GetObject'), undefined);
    assert.equal(cat.getAction('s3:Get*'), undefined, 'getAction does not expand wildcards');
  });

  test('actions(service)', () => {
    const s3 = cat.actions('S3');
    assert.ok(s3.length > 100);
    assert.ok(names(s3).includes('s3:PutBucketPolicy'));
    assert.deepEqual(cat.actions('nope'), []);
    s3.length = 0; // a copy
    assert.ok(cat.actions('s3').length > 100);
  });

  test('supportedConditionKeys merges action and resource-type keys', () => {
    const keys = cat.supportedConditionKeys(cat.getAction('s3:GetObject')!);
    assert.ok(keys.includes('s3:ExistingObjectTag/<key>'));
    assert.ok(keys.includes('s3:BucketTag/${TagKey}'), 'from the object resource type');
    assert.equal(new Set(keys.map((k) => k.toLowerCase())).size, keys.length, 'no duplicates');
  });
});

describe('expand', () => {
  test('no wildcard: [action] or []', () => {
    assert.deepEqual(names(cat.expand('S3:GETOBJECT')), ['s3:GetObject']);
    assert.deepEqual(cat.expand('s3:GetObjekt'), []);
    assert.deepEqual(cat.expand('nope:GetObject'), []);
    assert.deepEqual(cat.expand('GetObject'), [], 'no service prefix');
  });

  test('service:* is every action of the service', () => {
    assert.deepEqual(names(cat.expand('s3:*')).sort(), names(cat.actions('s3')).sort());
    assert.deepEqual(cat.expand('nope:*'), []);
  });

  test('prefix, suffix and infix wildcards', () => {
    const get = names(cat.expand('s3:Get*'));
    assert.ok(get.includes('s3:GetObject'));
    assert.ok(!get.includes('s3:PutObject'));
    assert.ok(get.every((n) => n.startsWith('s3:Get')));
    assert.equal(get.length, cat.actions('s3').filter((a) => a.name.startsWith('Get')).length);
    assert.deepEqual(names(cat.expand('s3:get*')).sort(), get.slice().sort(), 'case-insensitive');

    const obj = names(cat.expand('s3:*Object'));
    for (const n of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) assert.ok(obj.includes(n), n);
    assert.ok(obj.every((n) => n.endsWith('Object')));

    assert.deepEqual(names(cat.expand('s3:Get?bject')), ['s3:GetObject']);
    const tagging = names(cat.expand('s3:*Object*Tagging'));
    assert.ok(tagging.includes('s3:GetObjectTagging') && tagging.includes('s3:PutObjectVersionTagging'));
  });

  test('wildcards in the service part', () => {
    const get = names(cat.expand('*:Get*'));
    for (const n of ['s3:GetObject', 'iam:GetRole', 'secretsmanager:GetSecretValue']) assert.ok(get.includes(n), n);
    assert.ok(get.every((n) => n.split(':')[1].toLowerCase().startsWith('get')));
    assert.ok(get.includes('apigateway:GET'), 'case-insensitive: the action named GET matches Get*');
    const s = names(cat.expand('s?:GetObject'));
    assert.ok(s.includes('s3:GetObject'));
    assert.ok(names(cat.expand('*:PassRole')).includes('iam:PassRole'));
  });

  test('results are copies', () => {
    const a = cat.expand('s3:Get*');
    const n = a.length;
    a.pop();
    assert.equal(cat.expand('s3:Get*').length, n);
    const all = cat.expand('*');
    const m = all.length;
    all.length = 0;
    assert.equal(cat.expand('*').length, m);
  });

  test('actionMatches', () => {
    assert.equal(cat.actionMatches('s3:Get*', 's3:GetObject'), true);
    assert.equal(cat.actionMatches('S3:GET*', 's3:GetObject'), true);
    assert.equal(cat.actionMatches('s3:Get*', 's3:PutObject'), false);
    assert.equal(cat.actionMatches('*', 'iam:PassRole'), true);
    assert.equal(cat.actionMatches('iam:passrole', 'iam:PassRole'), true);
  });
});

describe('suggestActions', () => {
  test('typos in the action name', () => {
    const lb = cat.suggestActions('s3:ListBuckets');
    assert.deepEqual(lb.slice(0, 2).sort(), ['s3:ListAllMyBuckets', 's3:ListBucket']);
    assert.equal(lb[0], 's3:ListAllMyBuckets', 'the API name ListBuckets is authorised by ListAllMyBuckets');
    assert.equal(cat.suggestActions('s3:GetObjekt')[0], 's3:GetObject');
    assert.equal(cat.suggestActions('iam:PasRole')[0], 'iam:PassRole');
    assert.equal(cat.suggestActions('sqs:SendMessages')[0], 'sqs:SendMessage');
    assert.equal(cat.suggestActions('dynamodb:GetItems')[0], 'dynamodb:GetItem');
    assert.equal(cat.suggestActions('ec2:DescribeInstance')[0], 'ec2:DescribeInstances');
    assert.equal(cat.suggestActions('s3:HeadObject')[0], 's3:GetObject');
  });

  test('unknown service prefix', () => {
    assert.equal(cat.suggestActions('s4:GetObject')[0], 's3:GetObject');
    assert.equal(cat.suggestActions('lamda:InvokeFunction')[0], 'lambda:InvokeFunction');
    assert.equal(cat.suggestActions('secretmanager:GetSecretValue')[0], 'secretsmanager:GetSecretValue');
    assert.equal(cat.suggestActions('cloudwatchlogs:PutLogEvents')[0], 'logs:PutLogEvents');
    assert.deepEqual(cat.suggestServices('s4').slice(0, 1), ['s3']);
  });

  test('nothing close → []; existing action → itself; max respected', () => {
    assert.deepEqual(cat.suggestActions('xyzzy123:Frobnicate'), []);
    assert.deepEqual(cat.suggestActions('s3:Qqqqqqqqqqqqqq'), []);
    assert.deepEqual(cat.suggestActions('s3:getobject'), ['s3:GetObject']);
    assert.ok(cat.suggestActions('ec2:DescribeInstance', 2).length <= 2);
    assert.deepEqual(cat.suggestActions('s3:Get*'), [], 'wildcards are not suggested for');
  });

  test('every suggestion is a real action', () => {
    for (const q of ['s3:ListBuckets', 's3:GetObjekt', 's4:GetObject', 'ec2:DescribeInstance', 'cloudwatchlogs:PutLogEvents']) {
      for (const s of cat.suggestActions(q)) assert.ok(cat.getAction(s), `${q} → ${s}`);
    }
  });

  test('fast once the service is loaded (< 5 ms per call)', () => {
    cat.suggestActions('ec2:DescribeInstance');
    cat.suggestActions('s4:GetObject');
    const queries = ['s3:ListBuckets', 's3:GetObjekt', 'ec2:DescribeInstanze', 's4:GetObject', 'iam:PasRole'];
    const t0 = process.hrtime.bigint();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) for (const q of queries) cat.suggestActions(q);
    const perCall = Number(process.hrtime.bigint() - t0) / 1e6 / (rounds * queries.length);
    assert.ok(perCall < 5, `${perCall.toFixed(2)} ms per call`);
  });
});

describe('resource types', () => {
  test('lookup', () => {
    assert.equal(rt('S3', 'OBJECT').arn, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    assert.equal(rt('s3', 'object').name, 'object');
    assert.equal(rt('s3', 'bucket').arn, 'arn:${Partition}:s3:::${BucketName}');
    assert.equal(rt('iam', 'role').arn, 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}');
    assert.equal(cat.resourceType('s3', 'nope'), undefined);
    assert.ok(cat.resourceTypes('s3').some((r) => r.name === 'accesspoint'));
    assert.deepEqual(
      cat.actionResourceTypes(cat.getAction('s3:GetObject')!).map((r) => r.name).sort(),
      ['accesspointobject', 'object'],
    );
  });

  const MATCH: [string, string, string, boolean][] = [
    ['arn:aws:s3:::my-bucket', 's3', 'object', false],
    ['arn:aws:s3:::my-bucket', 's3', 'bucket', true],
    ['arn:aws:s3:::my-bucket/*', 's3', 'object', true],
    ['arn:aws:s3:::my-bucket/*', 's3', 'bucket', false],
    ['arn:aws:s3:::my-bucket/logs/2024/x.txt', 's3', 'object', true],
    ['arn:aws:s3:::*', 's3', 'bucket', true],
    ['arn:aws:s3:::*', 's3', 'object', true],
    ['arn:aws:s3:::my-bucket*', 's3', 'object', true],
    ['arn:aws:s3:::my-*', 's3', 'bucket', true],
    ['arn:aws-cn:s3:::b', 's3', 'bucket', true],
    ['arn:aws:s3:us-east-1::b', 's3', 'bucket', false],
    ['arn:aws:s3:::${aws:username}/*', 's3', 'object', true],
    ['arn:aws:s3:*', 's3', 'object', true],
    ['*', 's3', 'object', true],
    ['arn:aws:iam::123456789012:role/app', 'iam', 'role', true],
    ['arn:aws:iam::123456789012:role/service-role/app', 'iam', 'role', true],
    ['arn:aws:iam::123456789012:user/app', 'iam', 'role', false],
    ['arn:aws:iam::*:role/*', 'iam', 'role', true],
    ['arn:aws:ec2:us-east-1:123456789012:instance/*', 'iam', 'role', false],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/T', 'dynamodb', 'table', true],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/T/index/*', 'dynamodb', 'table', false],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/T/index/*', 'dynamodb', 'index', true],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/T*', 'dynamodb', 'index', true],
    ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*', 'logs', 'log-group', true],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-*', 'secretsmanager', 'Secret', true],
    ['arn:aws:ssm:us-east-1:123456789012:parameter/app/db/password', 'ssm', 'parameter', true],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', 'lambda', 'function', true],
    ['arn:aws:lambda:us-east-1:123456789012:function:f:*', 'lambda', 'function', true],
    ['arn:aws:sqs:us-east-1:123456789012:queue-name', 'sqs', 'queue', true],
    ['arn:aws:sqs:us-east-1:123456789012:queue-name', 'sns', 'topic', false],
    ['not-an-arn', 's3', 'bucket', false],
  ];
  for (const [arn, svc, name, expected] of MATCH) {
    test(`arnMatchesResourceType ${arn} ~ ${svc}/${name} = ${expected}`, () => {
      assert.equal(cat.arnMatchesResourceType(arn, rt(svc, name)), expected);
    });
  }

  const COVER: [string, string, string, boolean][] = [
    ['*', 's3', 'object', true],
    ['arn:aws:s3:::*', 's3', 'object', true],
    ['arn:aws:s3:::*', 's3', 'bucket', true],
    ['arn:aws:s3:::*/*', 's3', 'object', true],
    ['arn:aws:s3:::*/*', 's3', 'bucket', false],
    ['arn:aws:s3:::my-bucket/*', 's3', 'object', false],
    ['arn:aws:s3:::my-bucket', 's3', 'bucket', false],
    ['arn:aws:s3:::${aws:username}/*', 's3', 'object', false],
    ['arn:aws:iam::*:role/*', 'iam', 'role', true],
    ['arn:*:iam::*:role/*', 'iam', 'role', true],
    ['arn:aws:iam::*:role/app-*', 'iam', 'role', false],
    ['arn:aws:iam::123456789012:role/*', 'iam', 'role', false],
    ['arn:aws:dynamodb:*:*:table/*', 'dynamodb', 'table', true],
    ['arn:aws:dynamodb:us-east-1:*:table/*', 'dynamodb', 'table', false],
    ['arn:aws:lambda:*:*:function:*', 'lambda', 'function', true],
    ['arn:aws:s3:*', 's3', 'object', true],
  ];
  for (const [arn, svc, name, expected] of COVER) {
    test(`isResourceWildcardFor ${arn} ⊇ ${svc}/${name} = ${expected}`, () => {
      assert.equal(cat.isResourceWildcardFor(arn, rt(svc, name)), expected);
    });
  }

  test('isResourceWildcardFor: region/account can be exempted', () => {
    const role = rt('iam', 'role');
    const opts = { exempt: ['partition', 'region', 'account'] as const };
    assert.equal(cat.isResourceWildcardFor('arn:aws:iam::123456789012:role/*', role, opts), true);
    assert.equal(cat.isResourceWildcardFor('arn:aws:iam::123456789012:role/app-*', role, opts), false);
    const table = rt('dynamodb', 'table');
    assert.equal(cat.isResourceWildcardFor('arn:aws:dynamodb:us-east-1:123456789012:table/*', table, opts), true);
    assert.equal(cat.isResourceWildcardFor('arn:aws:iam::*:role/*', role, { exempt: [] }), false, 'partition not exempt');
  });
});

describe('condition keys', () => {
  test('global keys', () => {
    const ip = cat.conditionKey('AWS:SOURCEIP');
    assert.ok(ip);
    assert.equal(ip.key, 'aws:SourceIp');
    assert.equal(ip.type, 'IPAddress');
    assert.equal(ip.category, 'network');
    assert.ok(ip.description.length > 10);
    assert.equal(cat.conditionKey('aws:SecureTransport')?.type, 'Bool');
    assert.equal(cat.conditionKey('aws:PrincipalOrgID')?.key, 'aws:PrincipalOrgID');
    assert.equal(cat.conditionKey('aws:NoSuchKey'), undefined);
    const all = cat.globalConditionKeys();
    assert.ok(all.length >= 50);
    assert.ok(all.every((k) => k.description !== ''), 'every global key has a description');
  });

  test('templated global keys', () => {
    assert.equal(cat.conditionKey('aws:RequestTag/Env')?.key, 'aws:RequestTag/${TagKey}');
    assert.equal(cat.conditionKey('aws:resourcetag/cost-center')?.key, 'aws:ResourceTag/${TagKey}');
    assert.equal(cat.conditionKey('aws:PrincipalTag/team')?.key, 'aws:PrincipalTag/${TagKey}');
    assert.equal(cat.conditionKey('aws:RequestTag/${TagKey}')?.key, 'aws:RequestTag/${TagKey}');
    assert.equal(cat.conditionKey('aws:ResourceTag/'), undefined, 'the tag key is required');
  });

  test('service keys, including templated ones', () => {
    assert.deepEqual(cat.conditionKey('S3:PREFIX'), { key: 's3:prefix', description: 'Filters access by key name prefix', type: 'String' });
    assert.equal(cat.conditionKey('s3:ExistingObjectTag/team')?.key, 's3:ExistingObjectTag/<key>');
    assert.equal(cat.conditionKey('ec2:ResourceTag/Name')?.key, 'ec2:ResourceTag/${TagKey}');
    assert.equal(cat.conditionKey('iam:PassedToService')?.type, 'String');
    assert.equal(
      cat.conditionKey('codebuild:environment.environmentVariables/FOO.value')?.key,
      'codebuild:environment.environmentVariables/${name}.value',
    );
    assert.equal(cat.conditionKey('s3:NoSuchKey'), undefined);
    assert.equal(cat.conditionKey('nosuchservice:Foo'), undefined);
    assert.equal(cat.conditionKey('s3prefix'), undefined);
    assert.ok(cat.conditionKeys('s3').some((k) => k.key === 's3:x-amz-acl'));
  });

  test('keys documented under another service', () => {
    assert.equal(cat.conditionKey('saml:aud')?.key, 'saml:aud');
    assert.equal(cat.conditionKey('accounts.google.com:sub')?.key, 'accounts.google.com:sub');
    assert.equal(cat.conditionKey('token.actions.githubusercontent.com:repository')?.key, 'token.actions.githubusercontent.com:repository');
    assert.equal(cat.conditionKey('agent.acme.buildkite.dev:build_branch')?.key, 'agent.${Domain}.buildkite.dev:build_branch');
    assert.equal(cat.conditionKey('logs:LogGeneratingResourceArns')?.key, 'logs:LogGeneratingResourceArns');
    assert.equal(cat.conditionKey('ec2:SourceInstanceArn')?.type, 'ARN');
  });

  test('OIDC provider claims (sub/aud) for any issuer', () => {
    assert.equal(cat.conditionKey('token.actions.githubusercontent.com:sub')?.key, '${OidcProvider}:sub');
    assert.equal(cat.conditionKey('token.actions.githubusercontent.com:aud')?.key, '${OidcProvider}:aud');
    assert.equal(cat.conditionKey('oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub')?.key, '${OidcProvider}:sub');
    assert.equal(cat.conditionKey('s3:sub'), undefined, 'not for service prefixes');
  });
});

describe('singleton and version', () => {
  test('getCatalog is a singleton that resolves a data directory', () => {
    resetCatalogForTests();
    const a = getCatalog();
    assert.equal(getCatalog(), a);
    assert.equal(a.getAction('s3:getobject')?.fullName, 's3:GetObject');
    assert.equal(catalogVersion(), packageVersion());
  });

  test('LEASTPRIV_IAM_DATA wins', () => {
    const saved = process.env.LEASTPRIV_IAM_DATA;
    try {
      process.env.LEASTPRIV_IAM_DATA = copiedDataDir();
      resetCatalogForTests();
      assert.equal(resolveIamDataDir(), copiedDataDir());
      assert.equal(getCatalog().dataDir, copiedDataDir());
    } finally {
      if (saved === undefined) delete process.env.LEASTPRIV_IAM_DATA;
      else process.env.LEASTPRIV_IAM_DATA = saved;
      resetCatalogForTests();
    }
  });

  test('version() from version.json and from the package folder', () => {
    assert.equal(cat.version(), packageVersion());
    assert.equal(new IamCatalog(packageDataDir()).version(), packageVersion());
  });
});
