import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArrayNode, Node, StringNode } from '../../../server/src/model/node';
import { nodeAtOffset, siteAt } from '../../../server/src/features/locate';
import { at, JSON_POLICY, JSON_TEMPLATE, YAML_POLICY, YAML_TEMPLATE } from './helpers';

const site = (src: string, file: string) => {
  const c = at(src, file);
  return { ...siteAt(c.result, c.offset), c };
};

describe('nodeAtOffset', () => {
  test('deepest node, key hits, both ends inclusive', () => {
    const { result, text } = at('{"a": {"b": ["x", "yy"]}}|', 'p.json');
    const root = result.parsed.root;
    const yy = text.indexOf('"yy"');
    assert.equal((nodeAtOffset(root, yy)!.node as StringNode).value, 'yy');
    assert.equal((nodeAtOffset(root, yy + 4)!.node as StringNode).value, 'yy');
    const k = nodeAtOffset(root, text.indexOf('"b"') + 1)!;
    assert.equal(k.isKey, true);
    assert.equal(k.entry?.key, 'b');
    assert.equal(nodeAtOffset(root, text.indexOf(',') + 1)!.node.kind, 'array');
    assert.equal(nodeAtOffset(undefined, 0), undefined);
    assert.equal(nodeAtOffset(root, text.length + 5), undefined);
  });

  test('YAML: the key, the value, a null value after `Key: `', () => {
    const { result, text } = at(YAML_POLICY + '    Action: |\n    Resource: "*"\n', 'p.yaml');
    const hit = nodeAtOffset(result.parsed.root, text.indexOf('Action: ') + 8)!;
    assert.equal(hit.node.kind, 'null');
    assert.equal(hit.node.entry?.key, 'Action');
    assert.equal(nodeAtOffset(result.parsed.root, text.indexOf('Resource') + 3)!.isKey, true);
  });

  test('large lists: binary search finds every item', () => {
    const items = Array.from({ length: 2000 }, (_, i) => `"s3:A${i}"`).join(', ');
    const { result, text } = at(`{"Statement": {"Action": [${items}]}}|`, 'p.json');
    for (const i of [0, 1, 999, 1999]) {
      const off = text.indexOf(`"s3:A${i}"`) + 2;
      assert.equal((nodeAtOffset(result.parsed.root, off)!.node as StringNode).value, `s3:A${i}`);
    }
  });

  test('iterative: a 50 000-deep tree does not overflow the stack', () => {
    const depth = 50000;
    const leaf: StringNode = { kind: 'string', value: 'deep', start: depth, end: depth + 4 };
    let cur: Node = leaf;
    for (let d = depth - 1; d >= 0; d--) {
      const arr: ArrayNode = { kind: 'array', items: [cur], flow: true, start: d, end: 2 * depth + 4 - d };
      cur.parent = arr;
      cur.keyInParent = 0;
      cur = arr;
    }
    assert.equal(nodeAtOffset(cur, depth + 2)!.node, leaf);
  });
});

describe('siteAt', () => {
  test('Action / NotAction values: scalar, list item, quoted, empty (YAML)', () => {
    assert.equal(site(YAML_POLICY + '    Action: s3:Get|\n', 'p.yaml').kind, 'action');
    assert.equal(site(YAML_POLICY + '    Action:\n      - s3:GetObject\n      - |\n', 'p.yaml').kind, 'action');
    assert.equal(site(YAML_POLICY + '    Action:\n    - |\n    Resource: "*"\n', 'p.yaml').kind, 'action');
    assert.equal(site(YAML_POLICY + '    Action: |\n    Resource: "*"\n', 'p.yaml').kind, 'action');
    const s = site(YAML_POLICY + '    NotAction: [s3:GetObject, "s3:Put|"]\n', 'p.yaml');
    assert.equal(s.kind, 'action');
    assert.equal(s.element, 'NotAction');
    assert.equal(s.token.prefix, 's3:Put');
    assert.equal(s.token.style, 'double');
    // A misspelt element is read as meant.
    assert.equal(site(YAML_POLICY + '    Actions:\n      - s3:Li|\n', 'p.yaml').kind, 'action');
  });

  test('Action values (JSON), including unterminated strings and empty positions', () => {
    let s = site(JSON_POLICY + '"Action": "s3:Get|"}]}', 'p.json');
    assert.deepEqual([s.kind, s.token.prefix, s.token.style, s.token.needsQuotes], ['action', 's3:Get', 'json', false]);
    s = site(JSON_POLICY + '"Action": ["s3:Get|\n], "Resource": "*"}]}', 'p.json');
    assert.deepEqual([s.kind, s.token.text], ['action', 's3:Get']);
    s = site(JSON_POLICY + '"Action": |, "Resource": "*"}]}', 'p.json');
    assert.deepEqual([s.kind, s.token.needsQuotes], ['action', true]);
    s = site(JSON_POLICY + '"Action": ["s3:GetObject", |], "Resource": "*"}]}', 'p.json');
    assert.deepEqual([s.kind, s.token.needsQuotes], ['action', true]);
  });

  test('Resource values, in templates through !Sub and !If', () => {
    assert.equal(site(YAML_POLICY + '    Action: s3:GetObject\n    Resource: |\n', 'p.yaml').kind, 'resource');
    const sub = site(YAML_TEMPLATE + '                Action: s3:GetObject\n                Resource: !Sub arn:|\n', 't.yaml');
    assert.deepEqual([sub.kind, sub.inSub], ['resource', true]);
    const iff = site(YAML_TEMPLATE + '                Action: s3:GetObject\n                Resource: !If [C, |, "*"]\n', 't.yaml');
    assert.deepEqual([iff.kind, iff.inSub], ['resource', false]);
    const j = site(JSON_TEMPLATE + '"Action": "s3:GetObject", "Resource": {"Fn::Sub": "arn:|"}}]}}]}}}}', 't.json');
    assert.deepEqual([j.kind, j.inSub], ['resource', true]);
  });

  test('Condition operators and keys, YAML (also while typing, when YAML reads the key as a value)', () => {
    const base = YAML_POLICY + '    Action: s3:GetObject\n    Condition:\n';
    assert.equal(site(base + '      |\n', 'p.yaml').kind, 'condition-operator');
    const typing = site(base + '      Str|\n', 'p.yaml');
    assert.deepEqual([typing.kind, typing.token.text, typing.token.needsColon], ['condition-operator', 'Str', true]);
    // The next line folds into the plain scalar: the token stays on the cursor's line.
    const folded = site(base + '      Str|\n      Bool:\n        aws:SecureTransport: true\n', 'p.yaml');
    assert.deepEqual([folded.kind, folded.token.text], ['condition-operator', 'Str']);
    assert.equal(site(base + '      Ip|Address:\n        aws:SourceIp: 10.0.0.0/8\n', 'p.yaml').kind, 'condition-operator');
    const key = site(base + '      StringEquals:\n        aws:Sou|\n', 'p.yaml');
    assert.deepEqual([key.kind, key.operator], ['condition-key', 'StringEquals']);
    assert.equal(site(base + '      StringEquals:\n        s3:prefix: a\n        |\n', 'p.yaml').kind, 'condition-key');
    assert.equal(site(base + '      StringEquals:\n        aws:Source|Ip: a\n', 'p.yaml').kind, 'condition-key');
  });

  test('Condition operators and keys, JSON (also with the rest of the document missing)', () => {
    const base = JSON_POLICY + '"Action": "s3:GetObject", "Condition": ';
    assert.equal(site(base + '{"|"}}]}', 'p.json').kind, 'condition-operator');
    assert.equal(site(base + '{|}}]}', 'p.json').kind, 'condition-operator');
    const k = site(base + '{"StringEquals": {"aws:|"}}}]}', 'p.json');
    assert.deepEqual([k.kind, k.operator, k.token.prefix], ['condition-key', 'StringEquals', 'aws:']);
    assert.equal(site(base + '{"StringEquals": {"aws:Sou|', 'p.json').kind, 'condition-key');
    assert.equal(site(base + '{"StringEquals": {|}}}]}', 'p.json').kind, 'condition-key');
  });

  test('Effect, Version, Principal and condition values', () => {
    assert.equal(site(YAML_POLICY.replace('Effect: Allow', 'Effect: Al|low'), 'p.yaml').kind, 'effect');
    assert.equal(site('Version: |\nStatement: []\n', 'p.yaml').kind, 'version');
    const trust = YAML_POLICY + '    Action: sts:AssumeRole\n    Principal:\n';
    assert.deepEqual([site(trust + '      |\n', 'p.yaml').kind, site(trust + '      |\n', 'p.yaml').element], ['principal-type', 'Principal']);
    // Typed below `Principal:`, YAML reads the type as the value; on the key's line it is the value.
    const typed = site(trust + '      Fed|\n', 'p.yaml');
    assert.deepEqual([typed.kind, typed.isKey, typed.token.needsColon], ['principal-type', true, true]);
    assert.equal(site(YAML_POLICY + '    Principal: |\n', 'p.yaml').kind, 'principal');
    const fed = site(trust + '      Federated:\n        - |\n', 'p.yaml');
    assert.deepEqual([fed.kind, fed.principalType], ['principal-value', 'Federated']);
    const j = site(JSON_POLICY + '"NotPrincipal": {"AWS": ["x", |]}}]}', 'p.json');
    assert.deepEqual([j.kind, j.element, j.principalType], ['principal-value', 'NotPrincipal', 'AWS']);
    const cv = site(JSON_POLICY + '"Condition": {"Bool": {"aws:SecureTransport": "|"}}}]}', 'p.json');
    assert.deepEqual([cv.kind, cv.operator, cv.conditionKey], ['condition-value', 'Bool', 'aws:SecureTransport']);
    const below = site(YAML_POLICY + '    Condition:\n      Null:\n        aws:TokenIssueTime:\n          |\n', 'p.yaml');
    // (A YAML key `Null` is the null scalar: the parser names it `null`.)
    assert.deepEqual([below.kind, below.operator?.toLowerCase(), below.conditionKey], ['condition-value', 'null', 'aws:TokenIssueTime']);
  });

  test('elsewhere: resource-level Condition, non-policy Action, keys of the statement', () => {
    assert.equal(site('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Condition: |\n', 't.yaml').kind, 'other');
    assert.equal(
      site('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:Inv|\n', 't.yaml').kind,
      'other',
    );
    assert.equal(site(YAML_POLICY + '    Act|ion: s3:GetObject\n', 'p.yaml').kind, 'other');
    assert.equal(site(YAML_POLICY + '    Eff|ect2: x\n', 'p.yaml').kind, 'other');
    // A Version key that is not a policy's, a principal type key outside a Principal.
    assert.equal(site('{"name": "x", "version": "|"}', 'package.json').kind, 'other');
    assert.equal(site(YAML_POLICY + '    Action: s3:GetObject\n    Resource:\n      AWS: |\n', 'p.yaml').kind, 'other');
  });

  test('policies embedded as JSON strings in a template', () => {
    const src =
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n' +
      '      PolicyDocument: \'{"Statement": [{"Effect": "Allow", "Action": "s3:GetObj|ect", "Resource": "*"}]}\'\n';
    const s = site(src, 't.yaml');
    assert.deepEqual([s.kind, s.token.text, s.token.needsColon], ['action', 's3:GetObject', false]);
  });
});
