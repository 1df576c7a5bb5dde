/**
 * Hostile input never crashes or hangs the engine: every input of inputs.ts is analysed within a
 * time bound, without throwing and without internal/rule-error, and the problem is named.
 * Bounds are generous: the test machine may be heavily loaded.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { globMatch, globToRegExp } from '../../../server/src/catalog/arn';
import { parseDocument } from '../../../server/src/parse';
import { LIMITS, maxBracketDepth } from '../../../server/src/parse/limits';
import { lexWithDepthLimit } from '../../../server/src/parse/yaml';
import { bigTemplate, hostileInputs, POLICY, TEMPLATE_YAML, type Hostile } from './inputs';

const EACH_MS = 10_000;

const textOf = (h: Hostile) => (typeof h.content === 'string' ? h.content : h.content.toString('utf8'));

function run(h: Hostile): { ms: number; ids: string[]; internal: string[] } {
  const t0 = Date.now();
  const r = analyze(textOf(h), { fileName: h.file });
  const ms = Date.now() - t0;
  return { ms, ids: r.findings.map((f) => f.ruleId), internal: r.findings.filter((f) => f.ruleId.startsWith('internal/')).map((f) => f.message) };
}

const inputs = hostileInputs();
const named = inputs.filter((h) => !h.name.includes(': '));
const wrong = inputs.filter((h) => h.name.includes(': '));

for (const h of named) {
  test(`engine: ${h.name}`, () => {
    const r = run(h);
    assert.ok(r.ms < EACH_MS, `${r.ms} ms`);
    assert.deepEqual(r.internal, []);
    if (h.expect) assert.ok(r.ids.includes(h.expect), `expected ${h.expect}, got ${r.ids.join(', ')}`);
  });
}

test(`engine: ${wrong.length} documents with values of the wrong type: no throw, no internal error`, () => {
  const internal: string[] = [];
  const t0 = Date.now();
  for (const h of wrong) {
    const r = run(h);
    assert.ok(r.ms < EACH_MS, `${h.name}: ${r.ms} ms`);
    for (const m of r.internal) internal.push(`${h.name}: ${m}`);
  }
  assert.deepEqual(internal, []);
  assert.ok(Date.now() - t0 < 60_000, `${Date.now() - t0} ms in all`);
});

test('engine: a 15 MB template of 60 000 resources is skipped at once, naming the setting', () => {
  const text = bigTemplate(60_000);
  assert.ok(text.length > 14_000_000);
  const t0 = Date.now();
  const r = analyze(text, { fileName: 'big.yaml' });
  assert.ok(Date.now() - t0 < 2_000, `${Date.now() - t0} ms`);
  assert.equal(r.skipped !== undefined, true);
  const f = r.findings.find((x) => x.ruleId === 'parse/skipped');
  assert.ok(f, 'parse/skipped reported');
  assert.match(f.message, /leastpriv\.maxFileSizeKb/);
  assert.match(f.message, /5120 KB/);
});

test('engine: a 2 MB template of 8 000 resources (under the limit) is analysed within bounds', () => {
  const text = bigTemplate(8_000);
  const t0 = Date.now();
  const r = analyze(text, { fileName: 'big.yaml' });
  const ms = Date.now() - t0;
  assert.ok(ms < 30_000, `${ms} ms`);
  assert.equal(r.kind, 'template');
  assert.equal(r.template?.resources.size, 8_000);
  assert.ok(!r.findings.some((f) => f.ruleId.startsWith('internal/')));
});

test('YAML depth pre-scan: refuses 200 000 levels quickly in every form, accepts 390', () => {
  const forms: [string, (n: number) => string][] = [
    ['block sequence', (n) => 'a:\n  ' + '- '.repeat(n) + 'x\n'],
    ['flow sequence', (n) => 'a: ' + '['.repeat(n) + ']'.repeat(n) + '\n'],
    ['flow mapping', (n) => 'a: ' + '{a: '.repeat(n) + '1' + '}'.repeat(n) + '\n'],
    ['mixed', (n) => 'a:\n' + Array.from({ length: n }, (_, i) => ' '.repeat(i + 1) + (i % 2 ? '- ' : 'k:')).join('\n') + ' x\n'],
  ];
  for (const [name, gen] of forms) {
    const t0 = Date.now();
    const deep = parseDocument(gen(name === 'mixed' ? 5_000 : 200_000), 'yaml');
    assert.ok(Date.now() - t0 < 5_000, `${name}: ${Date.now() - t0} ms`);
    assert.ok(deep.problems.some((p) => p.code === 'parse/too-deep'), name);
    assert.equal(deep.root, undefined, name);
    const ok = parseDocument(gen(390), 'yaml');
    assert.deepEqual(ok.problems.filter((p) => p.code === 'parse/too-deep'), [], `${name} at 390 levels`);
    assert.ok(ok.root, name);
  }
  // Brackets inside quoted and block scalars, comments, and plain scalars are not nesting.
  const noise = `a: "${'['.repeat(1000)}"\nb: '${'{'.repeat(1000)}'\nc: |\n  ${'['.repeat(1000)}\n# ${'['.repeat(1000)}\nd: x${'['.repeat(1000)}\n`;
  assert.equal(lexWithDepthLimit(noise, LIMITS.maxDepth).tooDeep, undefined);
});

test('JSON depth pre-scan follows jsonc-parser: comments and line breaks end what they should', () => {
  assert.equal(maxBracketDepth('// "\n[[[]]]', 10), 3, 'a quote in a line comment does not open a string');
  assert.equal(maxBracketDepth('/* " */ [[]]', 10), 2);
  assert.equal(maxBracketDepth('"abc\n[[[]]]', 10), 3, 'a string ends at a line break');
  assert.equal(maxBracketDepth('"[[[" []', 10), 1);
  assert.equal(maxBracketDepth('"a\\"[[[" []', 10), 1);
});

test('IAM wildcard matching is linear: no exponential backtracking, same answers as a naive RegExp', () => {
  const t0 = Date.now();
  assert.equal(globMatch('*a'.repeat(40) + '*b', 'a'.repeat(60)), false);
  assert.equal(globMatch('?*'.repeat(40) + 'zz', 'x'.repeat(60)), false);
  assert.equal(globMatch('*a'.repeat(40) + '*b', 'a'.repeat(60) + 'b'), true);
  assert.ok(Date.now() - t0 < 1_000, `${Date.now() - t0} ms`);
  const naive = (p: string, t: string) =>
    new RegExp('^' + [...p].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('') + '$', 'is').test(t);
  let x = 7;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x % n);
  for (let i = 0; i < 20_000; i++) {
    const p = Array.from({ length: rnd(7) }, () => 'ab*?'[rnd(4)]).join('');
    const t = Array.from({ length: rnd(7) }, () => 'abAB'[rnd(4)]).join('');
    assert.equal(globToRegExp(p).test(t), naive(p, t), `${p} ~ ${t}`);
  }
  assert.equal(globToRegExp('a*B', true).test('axb'), false, 'case-sensitive on request');
  assert.equal(globToRegExp('a*B').test('axb'), true);
});

test('many aliases to one anchor resolve in linear time', () => {
  let t = 'AWSTemplateFormatVersion: "2010-09-09"\nX: &a v\nY:\n';
  for (let i = 0; i < 9_000; i++) t += '  - *a\n';
  const t0 = Date.now();
  const d = parseDocument(t, 'yaml');
  assert.ok(Date.now() - t0 < 5_000, `${Date.now() - t0} ms`);
  assert.deepEqual(d.problems, []);
});

test('a file that looks like a template but does not parse shows its problems', () => {
  const r = analyze('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::S3::Bucket\n   bad: : [\n', { fileName: 't.yaml' });
  assert.ok(r.findings.some((f) => f.ruleId === 'parse/syntax-error'));
  // Other YAML stays silent.
  assert.deepEqual(analyze('a: [1\nb: : x\n', { fileName: 'x.yaml' }).findings, []);
});

test('unknown YAML tags are named; CloudFormation short forms are not', () => {
  const d = parseDocument('a: !Foo x\nb: !Ref X\nc: !GetAtt A.B\nd: !!str 1\n', 'yaml');
  assert.deepEqual(d.problems.map((p) => p.code), ['parse/unknown-tag']);
  assert.match(d.problems[0].message, /!Foo/);
});

test('duplicate keys are still reported in YAML (by the converter), not inside alias expansions', () => {
  const d = parseDocument('a: 1\nb: &x {k: 1, k: 2}\na: 2\nc: *x\n', 'yaml');
  assert.deepEqual(d.problems.map((p) => p.code), ['parse/duplicate-key', 'parse/duplicate-key']);
});

test('after every hostile input the engine still analyses normal documents correctly', () => {
  for (const h of named) analyze(textOf(h), { fileName: h.file });
  const y = analyze(TEMPLATE_YAML, { fileName: 't.yaml' });
  assert.ok(y.findings.some((f) => f.ruleId === 'iam/wildcard-action'));
  const j = analyze(POLICY, { fileName: 'p.json' });
  assert.ok(j.findings.some((f) => f.ruleId === 'iam/wildcard-action'));
});

test('engine: names of Object.prototype members as types, ids, Refs, tags, services and ACLs reach no lookup table', () => {
  const names = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];
  const resources: Record<string, unknown> = {};
  for (const n of names) {
    resources[`R${n.replace(/_/g, '')}`] = { Type: n, Properties: { A: { Ref: n }, B: { 'Fn::GetAtt': [n, 'Arn'] }, C: { 'Fn::Sub': `\${${n}}-\${AWS::${n}}` } } };
  }
  resources.Role = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      ManagedPolicyArns: names.map((n) => `arn:aws:iam::aws:policy/${n}`),
      Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: names.flatMap((n) => [`${n}:*`, `${n}:Get*`, `s3:${n}`]), Resource: [...names.map((n) => `arn:aws:${n}:::x`), ...names.map((n) => ({ Ref: n }))] }] } }],
    },
  };
  resources.Fn = { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', CodeUri: 's', Policies: names.map((n) => ({ [n]: {} })) } };
  resources.Bucket = { Type: 'AWS::S3::Bucket', Properties: { AccessControl: 'constructor', BucketName: { Ref: 'toString' } } };
  const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Transform: 'AWS::Serverless-2016-10-31', Parameters: { valueOf: { Type: 'String' } }, Resources: resources }, null, 2);
  const yaml = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${names.map((n) => `  Y${n.replace(/_/g, '')}:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: ${n}\n      BucketName: !${n} x\n      Tags: [!Ref ${n}]\n`).join('')}`;
  for (const [file, text] of [['proto.json', json], ['proto.yaml', yaml]] as const) {
    const r = analyze(text, { fileName: file });
    assert.equal(r.kind, 'template');
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('internal/')).map((f) => f.message), [], file);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 's3/public-acl'), [], `${file}: 'constructor' is no canned ACL`);
    for (const f of r.findings) assert.ok(Array.isArray(f.fixes), `${file}: fixes of ${f.ruleId}`);
  }
});
