import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  arnCoversTemplate,
  arnMatchesTemplate,
  globMatch,
  globToRegExp,
  hasWildcard,
  parseArn,
} from '../../../server/src/catalog/arn';
import { camelWords, editDistance, stem } from '../../../server/src/catalog/distance';

describe('parseArn', () => {
  test('six fields; the resource keeps its colons and slashes', () => {
    assert.deepEqual(parseArn('arn:aws:s3:::my-bucket/a/b'), {
      partition: 'aws',
      service: 's3',
      region: '',
      account: '',
      resource: 'my-bucket/a/b',
    });
    assert.deepEqual(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*'), {
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'log-group:/aws/lambda/f:*',
    });
    assert.equal(parseArn('arn:aws-us-gov:iam::123456789012:role/x')?.partition, 'aws-us-gov');
  });

  test('not ARN-shaped', () => {
    assert.equal(parseArn('*'), undefined);
    assert.equal(parseArn('arn:aws:s3'), undefined);
    assert.equal(parseArn('arn:aws:s3:::'), undefined, 'empty resource');
    assert.equal(parseArn('my-bucket'), undefined);
  });
});

describe('glob', () => {
  test('IAM wildcards, case-insensitive, anchored', () => {
    assert.equal(globMatch('s3:Get*', 's3:GetObject'), true);
    assert.equal(globMatch('s3:get*', 'S3:GETOBJECT'), true);
    assert.equal(globMatch('s3:*Object', 's3:GetObjectAcl'), false);
    assert.equal(globMatch('s3:Get?bject', 's3:GetObject'), true);
    assert.equal(globMatch('s3:Get?bject', 's3:GetObbject'), false);
    assert.equal(globMatch('a.b', 'axb'), false, 'regex metacharacters are literal');
    assert.equal(globMatch('*', 'anything:at/all'), true);
    assert.equal(globMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y:z'), true, '* spans / and :');
    assert.equal(globToRegExp('s3:Get*'), globToRegExp('s3:Get*'), 'cached');
    assert.equal(hasWildcard('s3:Get*'), true);
    assert.equal(hasWildcard('s3:GetObject'), false);
  });
});

describe('template matching (pure)', () => {
  const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  const BUCKET = 'arn:${Partition}:s3:::${BucketName}';
  const LOGSTREAM = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}';

  test('may match', () => {
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b', OBJECT), false);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b/k', OBJECT), true);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b/k', BUCKET), false);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b?', BUCKET), true);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b?k', OBJECT), true, '? may be the slash');
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b${*}', BUCKET), true, '${*} is a literal *');
    assert.equal(arnMatchesTemplate('arn:aws:logs:*:*:log-group:/aws/x:log-stream:*', LOGSTREAM), true);
    assert.equal(arnMatchesTemplate('arn:aws:logs:*:*:log-group:/aws/x', LOGSTREAM), false);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b', 'not-a-template'), false);
    const INDEX = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}';
    assert.equal(arnMatchesTemplate('arn:aws:dynamodb:us-east-1:1:table/T/index/I', INDEX), true);
    assert.equal(
      arnMatchesTemplate('arn:aws:dynamodb:us-east-1:1:table/T/x/index/I', INDEX),
      false,
      'a placeholder followed by / is one path segment',
    );
    const ROLE = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';
    assert.equal(arnMatchesTemplate('arn:aws:iam::1:role/a/b/c', ROLE), true, 'a final path-like placeholder may contain /');
  });

  test('a field that is one placeholder (partition, region, account) is met by any non-empty field, never by an empty one', () => {
    const TABLE = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}';
    for (const region of ['us-east-1', '*', '?', 'us-*', 'a/b']) {
      assert.equal(arnMatchesTemplate(`arn:aws:dynamodb:${region}:123456789012:table/T`, TABLE), true, region);
    }
    assert.equal(arnMatchesTemplate('arn:aws:dynamodb::123456789012:table/T', TABLE), false, 'no region');
    assert.equal(arnMatchesTemplate('arn:aws:dynamodb:us-east-1::table/T', TABLE), false, 'no account');
    assert.equal(arnMatchesTemplate('arn::dynamodb:us-east-1:123456789012:table/T', TABLE), false, 'no partition');
    assert.equal(arnMatchesTemplate('arn:aws:dynamodb:us-east-1:123456789012:stream/T', TABLE), false, 'the resource part still decides');
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b', 'arn:${Partition}:s3:::${BucketName}'), true, 'literal empty fields of the format itself');
  });

  test('covers', () => {
    assert.equal(arnCoversTemplate('arn:aws:s3:::*', OBJECT), true);
    assert.equal(arnCoversTemplate('arn:aws:s3:::?*/*', OBJECT), true, '?* covers a one-or-more placeholder');
    assert.equal(arnCoversTemplate('arn:aws:s3:::b*', BUCKET), false);
    assert.equal(arnCoversTemplate('arn:aws:logs:*:*:log-group:*', LOGSTREAM), true);
    assert.equal(arnCoversTemplate('arn:aws:logs:*:*:log-group:*:log-stream:*', LOGSTREAM), true);
    assert.equal(arnCoversTemplate('arn:aws:logs:*:*:log-group:/aws/*', LOGSTREAM), false);
    assert.equal(arnCoversTemplate('arn:aws:s3:*', OBJECT), true);
    assert.equal(arnCoversTemplate('arn:aws:ec2:*', OBJECT), false);
  });
});

describe('distance helpers', () => {
  test('edit distance with transpositions and cut-off', () => {
    assert.equal(editDistance('getobject', 'getobjekt'), 1);
    assert.equal(editDistance('passrole', 'pasrole'), 1);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3, 'stops past max');
  });

  test('camel words and stems', () => {
    assert.deepEqual(camelWords('ListAllMyBuckets'), ['list', 'all', 'my', 'buckets']);
    assert.deepEqual(camelWords('GetSAMLProvider'), ['get', 'saml', 'provider']);
    assert.equal(stem('buckets'), 'bucket');
    assert.equal(stem('policies'), 'policy');
    assert.equal(stem('access'), 'access');
  });
});

test('globMatch: the no-RegExp shortcuts agree with the RegExp for every pattern shape', () => {
  const patterns = ['*', 'a', 'A', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:s3:::B/*', 'arn:aws:s3:::*', 'a*b', '*b', 'a?', '?', 'a\n*', '', 'x*y*'];
  const texts = ['', 'a', 'A', 'ab', 'arn:aws:s3:::b', 'arn:aws:s3:::b/', 'arn:aws:s3:::b/k/x', 'arn:aws:s3:::B/k', 'arn:aws:s3:::c', 'a\nz', 'xy', 'b'];
  for (const p of patterns) {
    for (const t of texts) {
      for (const cs of [false, true]) {
        assert.equal(globMatch(p, t, cs), globToRegExp(p, cs).test(t), `${JSON.stringify(p)} ~ ${JSON.stringify(t)} (case-sensitive: ${cs})`);
      }
    }
  }
});
