import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { hoverAt, serviceReferenceUrl } from '../../../server/src/features/hover';
import { REPO } from '../catalog/data-dir';
import { at, freshCatalog, JSON_POLICY, testCatalog, YAML_POLICY, YAML_TEMPLATE } from './helpers';

const hover = (src: string, file: string) => {
  const c = at(src, file);
  return hoverAt(c.result, c.offset, testCatalog());
};

describe('hover: actions', () => {
  test('s3:GetObject (YAML and JSON): access level, description, resource types with ARNs, keys, reference link', () => {
    for (const [src, file] of [
      [YAML_POLICY + '    Action:\n      - s3:Get|Object\n', 'p.yaml'],
      [JSON_POLICY + '"Action": ["s3:Get|Object"], "Resource": "*"}]}', 'p.json'],
    ]) {
      const h = hover(src, file);
      assert.ok(h, file);
      assert.match(h.markdown, /\*\*s3:GetObject\*\* — Read/);
      assert.match(h.markdown, /Grants permission to retrieve objects from Amazon S3/);
      assert.match(h.markdown, /`object`: `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
      assert.match(h.markdown, /s3:ExistingObjectTag/);
      assert.match(h.markdown, /https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html/);
      const { text } = at(src, file);
      assert.equal(text.slice(h.start, h.end).replace(/"/g, ''), 's3:GetObject');
    }
  });

  test('examples/capital-one-2019.yaml: s3:GetObject under the misspelt `Actions`, and s3:ListBuckets suggests the real action', () => {
    const text = fs.readFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), 'utf8');
    const src = text.replace('- s3:GetObject', '- s3:Get|Object');
    const h = hover(src, 'capital-one-2019.yaml');
    assert.match(h!.markdown, /Read/);
    const wrong = hover(text.replace('- s3:ListBuckets', '- s3:List|Buckets'), 'capital-one-2019.yaml');
    assert.match(wrong!.markdown, /not an action of Amazon S3/);
    assert.match(wrong!.markdown, /s3:ListAllMyBuckets/);
  });

  test('wildcards: number of actions, counts per access level, the first 15', () => {
    const h = hover(YAML_POLICY + '    Action: s3:Get|*\n', 'p.yaml')!;
    const n = Number(/grants \*\*(\d+) actions\*\*/.exec(h.markdown)?.[1]);
    assert.ok(n > 30, h.markdown);
    assert.match(h.markdown, /Access levels: Read \d+/);
    assert.equal(h.markdown.split('\n').filter((l) => l.startsWith('- `s3:')).length, 15);
    assert.match(h.markdown, /… and \d+ more/);
    const iam = hover(YAML_POLICY + '    Action: ["iam:*|"]\n', 'p.yaml')!;
    assert.match(iam.markdown, /Permissions management \d+/);
    assert.match(iam.markdown, /Write \d+/);
  });

  test('`*` and `*:Get*` describe without reading every service', () => {
    const catalog = freshCatalog();
    const c = at(YAML_POLICY + '    Action: "*|"\n', 'p.yaml');
    assert.match(hoverAt(c.result, c.offset, catalog)!.markdown, /every action of every AWS service/);
    const d = at(YAML_POLICY + '    Action: "*:Get|*"\n', 'p.yaml');
    assert.match(hoverAt(d.result, d.offset, catalog)!.markdown, /every AWS service/);
    assert.ok(catalog.loadedServices().length < 5, catalog.loadedServices().join());
  });

  test('NotAction says the statement applies to everything else', () => {
    assert.match(hover(YAML_POLICY + '    NotAction: iam:Pass|Role\n', 'p.yaml')!.markdown, /except/);
  });
});

describe('hover: conditions', () => {
  test('condition keys: type and meaning (global and service keys, templated keys)', () => {
    const base = YAML_POLICY + '    Action: s3:ListBucket\n    Condition:\n';
    const ip = hover(base + '      IpAddress:\n        aws:Source|Ip: 10.0.0.0/8\n', 'p.yaml')!;
    assert.match(ip.markdown, /\*\*aws:SourceIp\*\* — IPAddress · global/);
    assert.match(ip.markdown, /reference_policies_condition-keys\.html/);
    const prefix = hover(JSON_POLICY + '"Action": "s3:ListBucket", "Condition": {"StringLike": {"s3:pre|fix": "home/"}}}]}', 'p.json')!;
    assert.match(prefix.markdown, /\*\*s3:prefix\*\* — String/);
    assert.match(prefix.markdown, /prefix/i);
    assert.match(prefix.markdown, /list_amazons3\.html/);
    const tag = hover(base + '      StringEquals:\n        aws:RequestTag/team|: x\n', 'p.yaml')!;
    assert.match(tag.markdown, /Matches `aws:RequestTag\/\$\{TagKey\}`/);
    assert.match(hover(base + '      StringEquals:\n        aws:Nope|Key: x\n', 'p.yaml')!.markdown, /unknown condition key/);
  });

  test('condition operators: what they do, IfExists and set qualifiers', () => {
    const base = YAML_POLICY + '    Action: s3:ListBucket\n    Condition:\n';
    assert.match(hover(base + '      String|Like:\n        s3:prefix: a*\n', 'p.yaml')!.markdown, /wildcards/);
    assert.match(hover(base + '      ForAllValues:String|Equals:\n        aws:TagKeys: [a]\n', 'p.yaml')!.markdown, /absent or empty key also matches/);
    assert.match(hover(base + '      StringNotEqualsIf|Exists:\n        aws:SourceVpc: v\n', 'p.yaml')!.markdown, /IfExists/);
    assert.match(hover(JSON_POLICY + '"Action": "s3:ListBucket", "Condition": {"Bo|ol": {"aws:SecureTransport": "true"}}}]}', 'p.json')!.markdown, /Boolean/);
  });

  test('policy variables in Resource', () => {
    const h = hover(YAML_POLICY + '    Action: s3:GetObject\n    Resource: "arn:aws:s3:::b/${aws:user|name}/*"\n', 'p.yaml')!;
    assert.match(h.markdown, /aws:username/);
    assert.match(h.markdown, /Policy variable/);
  });

  test('nothing elsewhere', () => {
    assert.equal(hover(YAML_TEMPLATE.replace('Type: AWS::IAM::Role', 'Type: AWS::IAM::R|ole'), 't.yaml'), undefined);
    assert.equal(hover(YAML_POLICY + '    Effect: Al|low\n', 'p.yaml'), undefined);
    assert.equal(hover('just: text|\n', 'x.yaml'), undefined);
  });

  test('service reference page URLs follow the page naming', () => {
    const c = testCatalog();
    assert.equal(serviceReferenceUrl(c, 'iam'), 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html');
    assert.equal(serviceReferenceUrl(c, 'ec2'), 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html');
    assert.equal(serviceReferenceUrl(c, 'nope'), undefined);
  });
});
