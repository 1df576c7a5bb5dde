import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get, getPath, intrinsicName, isArray, isObject, type Node } from '../../../server/src/model/node';
import { parseDocument } from '../../../server/src/parse';
import { computeLineStarts, positionAt } from '../../../server/src/parse/lines';

const yaml = (t: string) => parseDocument(t, 'yaml');
const json = (t: string) => parseDocument(t, 'json');

test('YAML short-form tags become the same nodes as their long forms', () => {
  const long = json('{"A": {"Ref": "X"}, "B": {"Fn::GetAtt": ["R", "Arn"]}, "C": {"Fn::Sub": ["${x}", {"x": "1"}]}, "D": {"Fn::If": ["C", 1, 2]}}');
  const short = yaml('A: !Ref X\nB: !GetAtt R.Arn\nC: !Sub\n  - ${x}\n  - x: "1"\nD: !If [C, 1, 2]\n');
  const shape = (n: Node | undefined): unknown =>
    isObject(n) ? Object.fromEntries(n.entries.map((e) => [e.key, shape(e.value)])) : isArray(n) ? n.items.map(shape) : n?.kind === 'number' ? n.value : (n as { value?: unknown })?.value;
  assert.deepEqual(shape(short.root), shape(long.root));
  assert.equal(intrinsicName(get(short.root, 'A')), 'Ref');
});

test('every CloudFormation short-form tag maps to its long form', () => {
  const tags: Record<string, string> = {
    '!Ref': 'Ref', '!Sub': 'Fn::Sub', '!GetAtt': 'Fn::GetAtt', '!Join': 'Fn::Join', '!If': 'Fn::If', '!Select': 'Fn::Select',
    '!Split': 'Fn::Split', '!FindInMap': 'Fn::FindInMap', '!ImportValue': 'Fn::ImportValue', '!Base64': 'Fn::Base64',
    '!Cidr': 'Fn::Cidr', '!GetAZs': 'Fn::GetAZs', '!Equals': 'Fn::Equals', '!And': 'Fn::And', '!Or': 'Fn::Or', '!Not': 'Fn::Not',
    '!Condition': 'Condition', '!Transform': 'Fn::Transform', '!ToJsonString': 'Fn::ToJsonString', '!Length': 'Fn::Length',
  };
  for (const [tag, long] of Object.entries(tags)) {
    const d = yaml(`k: ${tag} x\n`);
    assert.equal(intrinsicName(get(d.root, 'k')), long, tag);
    assert.deepEqual(d.problems, [], tag);
  }
});

test('!GetAtt scalar form splits at the first dot with exact offsets; the tag is the key node', () => {
  const text = 'v: !GetAtt Db.Endpoint.Address\n';
  const d = yaml(text);
  const v = get(d.root, 'v');
  assert.ok(isObject(v) && v.shortForm === '!GetAtt');
  const arr = v.entries[0].value;
  assert.ok(isArray(arr));
  assert.equal(text.slice(arr.items[0].start, arr.items[0].end), 'Db');
  assert.equal(text.slice(arr.items[1].start, arr.items[1].end), 'Endpoint.Address');
  assert.equal(text.slice(v.entries[0].keyNode.start, v.entries[0].keyNode.end), '!GetAtt');
});

test('positions: keys and values map to their exact characters (JSON and YAML)', () => {
  const t = 'Resources:\n  A:\n    Type: "AWS::S3::Bucket"\n';
  const d = yaml(t);
  const type = getPath(d.root, 'Resources', 'A', 'Type')!;
  assert.equal(t.slice(type.start, type.end), '"AWS::S3::Bucket"');
  assert.deepEqual(positionAt(d.lineStarts, type.start), { line: 2, character: 10 });
  const j = '{\n  "a": [1, "two"]\n}';
  const jd = json(j);
  const a = get(jd.root, 'a');
  assert.ok(isArray(a));
  assert.equal(j.slice(a.items[1].start, a.items[1].end), '"two"');
});

test('syntax errors are positioned problems and what parsed is kept', () => {
  const d = json('{\n  "a": 1,\n  "b": \n}');
  assert.ok(d.problems.some((p) => p.code === 'parse/syntax-error'));
  assert.equal(get(d.root, 'a')?.kind, 'number');
  const y = yaml('a: 1\nb: [1, 2\nc: 3\n');
  assert.ok(y.problems.length > 0);
});

test('duplicate keys are reported in JSON and YAML', () => {
  assert.ok(json('{"a": 1, "a": 2}').problems.some((p) => p.code === 'parse/duplicate-key'));
  assert.ok(yaml('a: 1\na: 2\n').problems.some((p) => p.code === 'parse/duplicate-key'));
});

test('JSONC comments are tolerated; BOM and CRLF keep offsets', () => {
  assert.deepEqual(json('// c\n{"a": 1 /* x */}').problems, []);
  const t = '\uFEFFa: 1\r\nb: x\r\n';
  const d = yaml(t);
  const b = get(d.root, 'b')!;
  assert.equal(t.slice(b.start, b.end), 'x');
  assert.deepEqual(positionAt(d.lineStarts, b.start), { line: 1, character: 3 });
});

test('deep nesting is refused without recursion overflow', () => {
  const deep = '['.repeat(200_000) + ']'.repeat(200_000);
  const d = json(deep);
  assert.ok(d.problems.some((p) => p.code === 'parse/too-deep'));
  const y = yaml('a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
  assert.ok(y.problems.length > 0);
});

test('YAML alias expansion is capped (billion laughs)', () => {
  let t = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) t += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const start = Date.now();
  const d = yaml(t);
  assert.ok(Date.now() - start < 2000);
  assert.ok(d.problems.some((p) => p.code === 'parse/alias-limit'));
});

test('YAML comments are collected lazily with positions', () => {
  const t = 'a: 1 # one\n# two\nb: |\n  # not a comment\n';
  const d = yaml(t);
  assert.deepEqual(d.comments.map((c) => c.text), ['# one', '# two']);
});

test('line starts: LF, CRLF, lone CR and mixed endings, as LSP counts lines', () => {
  const reference = (text: string) => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') starts.push(i + 1);
      else if (text[i] === '\r') {
        if (text[i + 1] === '\n') i++;
        starts.push(i + 1);
      }
    }
    return starts;
  };
  for (const text of ['', 'a', '\n', 'a\nb', 'a\nb\n', '\n\n\n', 'a\r\nb\r\n', 'a\rb', 'a\r\n\rb\n\r', '\r', 'x'.repeat(70000) + '\n' + 'y\n'.repeat(1000)]) {
    assert.deepEqual(computeLineStarts(text), reference(text), JSON.stringify(text.slice(0, 20)));
  }
});
