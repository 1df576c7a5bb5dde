/**
 * parseYamlFast must either bail out (undefined) or produce exactly the tree, problems and
 * comments of the library path (parseYamlWithLibrary; parseYaml itself would answer with the fast
 * path again): a differential test over real files, the benchmark generator, random documents from a grammar of
 * the supported subset (with comments, blank lines, odd indentation, CRLF…) and mutations of
 * real files; plus targeted tests for each construct and each bail-out, deep and hostile input.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ArrayNode, Node, ObjectNode } from '../../../server/src/model/node';
import { parseYaml, parseYamlWithLibrary } from '../../../server/src/parse/yaml';
import { parseYamlFast } from '../../../server/src/parse/yaml-fast';
import { templateFiles } from '../helpers/files';
import { rng } from '../helpers/random';
import { assertSameTree } from '../helpers/tree';

const root = path.resolve(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTemplate } = require(path.join(root, 'bench/generate.js')) as { generateTemplate: (n: number) => string };

/** 'bail' | 'ok', or throws with the first difference. */
function differential(text: string, name = 'input'): 'bail' | 'ok' {
  const fast = parseYamlFast(text);
  if (!fast) return 'bail';
  const slow = parseYamlWithLibrary(text);
  // The fast path only ever reports unknown tags: any other problem means it should have bailed.
  assert.deepEqual(fast.problems, slow.problems, `${name}: problems differ (fast: ${fast.problems.length}, library: ${slow.problems.length}; first library one: ${JSON.stringify(slow.problems[0])})\n${JSON.stringify(text.slice(0, 400))}`);
  assert.deepEqual(fast.comments, slow.comments(), `${name}: comments differ`);
  assertSameTree(fast.root, slow.root, name, text);
  return 'ok';
}

const handled = (text: string, name?: string) => assert.equal(differential(text, name), 'ok', `${name ?? JSON.stringify(text)} should be handled by the fast path`);
const bails = (text: string, name?: string) => assert.equal(parseYamlFast(text), undefined, `${name ?? JSON.stringify(text)} should bail out`);

// ---------------------------------------------------------------------------------------------
// Real files

const isYaml = (f: string) => /\.(ya?ml|template)$/i.test(f);
const ownFiles = [...templateFiles(path.join(root, 'examples'), { includeFixed: true }), ...templateFiles(path.join(root, 'test/fixtures'), { includeFixed: true })].filter(isYaml);
const corpusFiles = templateFiles(path.resolve(root, '../shared/corpus')).filter(isYaml);

function runFiles(files: string[]): { ok: number; bail: number; bailed: string[] } {
  let ok = 0;
  const bailed: string[] = [];
  for (const f of files.sort()) {
    const r = differential(fs.readFileSync(f, 'utf8'), path.relative(root, f));
    if (r === 'ok') ok++;
    else bailed.push(path.relative(root, f));
  }
  return { ok, bail: bailed.length, bailed };
}

test('differential: examples/ and test/fixtures/ YAML files', () => {
  const r = runFiles(ownFiles);
  console.log(`# fast path handles ${r.ok}/${ownFiles.length} own YAML files`);
});

test('differential: ../shared/corpus YAML files (when present)', { skip: corpusFiles.length === 0 && 'no corpus' }, () => {
  const r = runFiles(corpusFiles);
  console.log(`# fast path handles ${r.ok}/${corpusFiles.length} corpus YAML files (${((100 * r.ok) / corpusFiles.length).toFixed(1)}%)`);
  if (process.env.SHOW_BAILS) for (const b of r.bailed) console.log(`#   bail: ${b}`);
});

test('differential: bench/generate.js output is handled entirely by the fast path', () => {
  for (const n of [1, 8, 50, 1500]) handled(generateTemplate(n), `generate(${n})`);
  const big = generateTemplate(1500);
  handled(big.replace(/\n/g, '\r\n'), 'generate(1500) CRLF');
  handled('\uFEFF---\n' + big, 'generate(1500) BOM + ---');
});

// ---------------------------------------------------------------------------------------------
// Targeted constructs

test('scalars are typed like the core schema and keep their exact ranges', () => {
  const values = ['1', '-1', '+1', '007', '0o17', '0o8', '0x1F', '0xg', '1.5', '1.', '.5', '1.50', '1e3', '-1.2E-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN', 'true', 'True', 'TRUE', 'tRue', 'false', 'no', 'yes', 'on', 'null', 'Null', 'NULL', 'nUll', '~', '1_000', '12:30', '1.2.3', '2012-10-17', '0.0.0.0/0', 'arn:aws:s3:::b/*', 's3:*', '::/0', ':iot', '-x', 'a#b', 'a b  c', '-', '--', '123456789012345678901234567890'];
  for (const v of values) {
    if (v === '-') continue;
    handled(`k: ${v}\n`);
    handled(`k: ${v}   # comment\n`);
    handled(`- ${v}\n`);
    handled(`${v}: x\n`);
    if (v[0] !== ':') handled(`k: [${v}, x]\n`);
  }
  handled('a: "1"\nb: \'true\'\nc: "a\\tb\\n\\u00e9\\U0001F600\\x41\\\\\\"\\/\\0\\e\\N\\_\\L\\P\\ "\nd: \'it\'\'s\'\ne: ""\nf: \'\'\n');
  handled('"quoted key": 1\n\'single key\': 2\n"k2"   : 3\n');
});

test('block and flow collections, compact forms, short-form tags', () => {
  handled('a:\n  b: 1\n  c:\n    - x\n    - y: 1\n      z: 2\n  d: [1, [2, 3], {e: f}, []]\n  e: {}\n');
  handled('Seq:\n- a\n- b\nNext: 1\n');
  handled('- - a\n  - b\n- - - c\n    - d\n- e\n');
  handled('k: !Ref X\nl: !GetAtt A.B.C\nm: !GetAtt "A.B"\nn: !Sub "${A}"\no: !If [C, !Ref A, !Ref "AWS::NoValue"]\np: !GetAZs\nq: !Select\n  - 0\n  - !GetAZs\n');
  handled('C: !And\n  - !Condition A\n  - !Not [!Condition B]\nD: !Transform\n  Name: x\n  Parameters: {a: 1}\nE: !Join\n- ""\n- - a\n  - !Ref B\n');
  handled('- !If\n  - C\n  - a\n- !Ref X\n-\n- !GetAZs\n');
  handled('k: {"a":"b", \'c\': 1, d: !Ref E}\n');
  handled('a: 1\nb:\nc:\n  d:\ne: 2\n');
});

test('block scalars: literal, folded and chomping', () => {
  const bodies = ['  line1\n  line2\n', '  a\n\n  b\n    more\n  c\n\n\n', '  x\n  \n     \n', '\n\n  after blanks\n', '    deep\n    deeper\n', '  a\n   b\n  c\n', '  tab\there\n', '  # not a comment\n  x\n'];
  for (const h of ['|', '>', '|-', '>-', '|+', '>+']) {
    for (const b of bodies) {
      handled(`k: ${h}\n${b}next: 1\n`);
      handled(`k: ${h}\n${b}`);
      handled(`- ${h}\n${b}- x\n`);
      handled(`r:\n  k: !Sub ${h}  # c\n  ${b.replace(/\n(?=.)/g, '\n  ')}  n: 2\n# end\n`);
    }
  }
  handled('k: |\n');
  handled('k: >\nn: 1\n');
});

test('comments and blank lines around collections (node ends follow the yaml CST rules)', () => {
  handled('a:\n  b: 1\n  # trailing\nc: 2\n');
  handled('a:\n  b: 1\n# trailing\nc: 2\n');
  handled('a:\n  b: 1\n    # trailing\n\nc: 2\n');
  handled('a:\n  b:\n    x: 1\n   # t\n  # u\n# v\n');
  handled('r:\n  a:\n    b:\n      x: 1\n      # c\n  d: 2\n');
  handled('r:\n  a:\n    - x\n\n    # c\n\n  d: |\n    t\n  # after block\n# end');
  handled('# head\n---\n# more\nk: v # c\n\n\n');
  handled('k:   # comment\n  a: 1\n');
  handled('');
  handled('# only a comment\n');
  bails('---\n'); // `yaml` makes an explicit empty document a null node
});

test('unknown tags: read as untagged, with the same parse/unknown-tag warnings, in the same order', () => {
  const cases = [
    'ZipFile: !Rain::Embed handler.py\n',
    'Type: !Rain::Module "bucket-policy.yaml"\n', // on a quoted scalar
    "Type: !Rain::Module '../x.yml'   # module\n", // followed by a comment
    'Code: !Rain::S3\n  Run: !Ref BuildScript\n  Zip: false\nRole: x\n', // on a block map
    'a: !Foo\n  - x\n  - !Bar y\nb: !Baz\n- z\n', // on block sequences (incl. one at its key's indentation)
    'a: !Foo\nb: !Foo\nc: 1\n', // on an empty value: an empty string
    '- !Foo\n- !Foo\n-  !Foo\n', // empty items
    'a: !Foo # c\n  b: 1\n',
    'a: !Foo 1\nb: !Foo true\nc: !Foo ~\nd: !Foo 0x1F\ne: !Foo\n', // never typed
    'a: !Foo |\n  x\nb: !Foo >-\n  y\n',
    'a: !Foo [1, !Bar 2, {k: !Baz v}]\nb: [!Ref x, !Qux [y], !Quux {z: 1}]\n', // in and on flow collections
    '- !Foo\n  k: v\n- !Foo [x]\n- k: !Foo v\n  l: !Ref w\n',
    'x: !x-1.2_3 a\ny: !Rain::Embed a.py\n',
    'Rules:\n  R:\n    Assertions:\n      - Assert:\n          Fn::EachMemberEquals:\n            - !ValueOf\n              - Subnets\n              - VpcId\n            - !Ref VpcId\n',
  ];
  for (const c of cases) {
    handled(c);
    handled(c.replace(/\n/g, '\r\n'));
  }
  // An empty value next to a comment bails, tagged or not (see below).
  bails('b: !Foo # c\nc: 1\n');
  // The warnings themselves, in document order, and parseYaml hands them over.
  const text = 'a: !Foo\n  b: !Bar [1, !Baz 2]\nc: !Ref !Qux\n';
  bails(text); // two tags on one node: a syntax error
  const ok = 'a: !Foo\n  b: !Bar [1, !Baz 2]\nc: !Ref d\n';
  handled(ok);
  const problems = parseYaml(ok).problems;
  assert.deepEqual(problems.map((p) => [p.code, p.severity, p.start, p.end]), [
    ['parse/unknown-tag', 'warning', 3, 7],
    ['parse/unknown-tag', 'warning', 13, 17],
    ['parse/unknown-tag', 'warning', 22, 26],
  ]);
  assert.match(problems[0].message, /^Unknown YAML tag !Foo: /);
  assert.deepEqual(parseYamlFast(ok)!.problems, problems);
});

test('rule functions (!ValueOf, !EachMemberEquals…) are short forms like !Ref, on both paths', () => {
  const text = 'A: !EachMemberEquals [!ValueOfAll [T, Tags.D], IT]\nB: !RefAll T\nC: !Contains [[a], b]\nD: !EachMemberIn [[a], [b]]\nE: !ValueOf [P, VpcId]\n';
  const fast = parseYamlFast(text)!;
  assert.deepEqual(fast.problems, []);
  assertSameTree(fast.root, parseYamlWithLibrary(text).root, 'rule functions', text);
  const root = fast.root as ObjectNode;
  assert.deepEqual(
    root.entries.map((e) => (e.value as ObjectNode).entries[0].key),
    ['Fn::EachMemberEquals', 'Fn::RefAll', 'Fn::Contains', 'Fn::EachMemberIn', 'Fn::ValueOf'],
  );
  assert.equal((((root.entries[0].value as ObjectNode).entries[0].value as ArrayNode).items[0] as ObjectNode).entries[0].key, 'Fn::ValueOfAll');
});

test('block scalars with an indentation indicator', () => {
  const bodies = [
    '  x\n  y\n', // at the indicated indentation
    '    more\n  x\n', // first line more indented than the indicator: kept
    '\n\n  x\n', // leading blank lines
    '      \n\n  x\n', // leading blank lines more indented than the content
    '  x\n\n\n', // trailing blank lines (chomping)
    '  x\n      \n', // trailing more-indented blank line
    '  a\n   b\n\n    c\n  d\n', // folding around more-indented lines
    '  # not a comment\n',
  ];
  for (const h of ['|2', '>2', '|2-', '|-2', '>2+', '>+2', '|1', '>1-']) {
    for (const b of bodies) {
      handled(`k: ${h}\n${b}next: 1\n`);
      handled(`k: ${h}\n${b}`); // at the end of the input
      handled(`k: ${h}\n${b.replace(/\n$/, '')}`); // no final newline
      handled(`- ${h}\n${b}- x\n`);
      handled(`r:\n  k: !Sub ${h}  # c\n  ${b.replace(/\n(?=.)/g, '\n  ')}  n: 2\n`);
      handled(`r:\n  - k: ${h}\n    ${b.replace(/\n(?=.)/g, '\n    ')}  - - ${h}\n      ${b.replace(/\n(?=.)/g, '\n      ')}`);
    }
  }
  handled('k: |2\n'); // nothing after the header
  handled('k: >3\nn: 1\n');
  handled('k: |4\n      x\n  \n    y\n'.replace(/\n/g, '\r\n'));
  handled('a: |9\n           x\n');
  // From the corpus (EC2/ec2_with_waitcondition_template.yaml).
  handled("c: !Join\n  - ''\n  - - |\n      '\n    - |2\n        exit 1\n    - |\n      }\n");
});

test('pairs in flow sequences: one-entry flow maps', () => {
  handled('AvailabilityZone: !Select [0, Fn::GetAZs: !Ref "AWS::Region"]\n');
  handled('a: [b: c]\nb: [0, b: c, d]\nc: [b : c]\nd: ["b": c]\ne: [\'b\':c, "d" : e]\nf: [1.0: 2, true: x, ~: y]\n');
  handled('a: [b: [1, x: y], c: {d: e}, f: !Ref g, h: !Foo [i]]\nb: {k: [c: d]}\n');
  handled('- [k: v]\n- [[k: v]]\n');
});

test('a value on the line after its key or dash', () => {
  // From the corpus (Solutions/CodeBuildAndCodePipeline/cloudformation-codepipeline-template.yaml).
  handled("Targets:\n  -\n    Arn: \n      !Join [ '', [ 'arn:aws:codepipeline:', !Ref 'AWS::Region', ':', !Ref Pipeline ] ]\n    Id: p\n");
  handled('a:\n  x\nb:\n   "y"  # c\nc:\n  [1, 2]\nd:\n  {e: f}\n');
  handled('a: !Ref\n  x\nb: !Sub\n    "${y}"\n');
  handled('a:\n  !Ref x\nb:\n  !Foo y\n');
  handled('a:\n  !Ref\nb: 1\n'); // a tag alone on the next line: an empty string
  handled('a:\n  !Foo\n  b: 1\n'); // … or on the block collection below
  handled('a:\n  # c\n  x\nb: # c\n  y\n');
  handled('-\n  x\n- \n  [a]\n-  # c\n  "q"\n');
  handled('a:\n  x\n  # trailing\n    # deeper\nb: 1\n');
  handled('r:\n  a:\n     x\n   # c\n  b: 1\n');
  handled('- a\n# c\n-\n  x\n');
  // A comment line less indented than the value's owner lowers the lexer's continuation
  // indentation: the plain scalar then runs on into the next line (an implicit-key error).
  for (const t of ['   -  # c\n##\n        Value\n   - k: v\n', 'a:\n  b:\n#x\n    v\n  c: 1\n']) {
    assert.notEqual(parseYamlWithLibrary(t).problems.length, 0);
    bails(t);
  }
  // A tag alone on the next line after a commented dash: an empty value next to a comment.
  bails('- -  # c\n    !Foo\n- 1\n');
});

test('CRLF, BOM, trailing spaces, no final newline', () => {
  handled('a:\r\n  b: 1  \r\n  # c\r\n  d: [x, "y"]\r\ne: |\r\n  t\r\n\r\n  u\r\n');
  handled('\uFEFFa: 1\n');
  handled('a:\n  b: 1');
  handled('a: 1   ');
});

// ---------------------------------------------------------------------------------------------
// Bail-outs

test('bails out on constructs outside the subset', () => {
  const cases = [
    'a: &x 1\nb: *x\n', // anchors, aliases
    'a: !!str 1\n', // core tags
    'a: !Foo !Bar x\n', // two tags
    'a: !Ref\n  !Sub x\n',
    'a: !a!b x\n', // tags `yaml` cannot resolve, or resolves to something else
    'a: !Foo%41 x\n',
    'a: ! x\n',
    'a: !<tag:x> y\n',
    'a: [!Ref b: c]\n', // a tagged key
    '? a\n: b\n', // complex keys
    'a: 1\n---\nb: 2\n', // multi-document
    'a: 1\n...\n',
    '%YAML 1.2\n---\na: 1\n', // directives
    'a:\n\tb: 1\n', // tab indentation
    'a: b\tc\n',
    'a: [1,\n  2]\n', // flow spanning lines
    'a: {b: 1,\n  c: 2}\n',
    'a: foo\n  bar\n', // multi-line plain
    'a: foo\n\n  bar\n',
    'a: "foo\n  bar"\n', // multi-line quoted
    "a: 'foo\n  bar'\n",
    'a: |0\n    x\n', // bad block scalar headers
    'a: |12\n    x\n',
    'a: |-+\n    x\n',
    'a: |2#c\n    x\n',
    'a: |3\n  x\n', // first line less indented than the indicator says
    'a:\n  |\n    x\n', // a block scalar on the line after its key
    'a: 1\na: 2\n', // duplicate keys
    'a: 1\n"a": 2\n',
    '1: a\n1.0: b\n',
    '<<: {a: 1}\n',
    'a: [1, 2,]\n', // trailing comma
    'a: {b}\n', // flow key without value
    'a: {b: }\n',
    'a: [b: ]\n', // empty value of a pair in a flow sequence
    'a: [b: c: d]\n',
    'a:\n  # comment\nb: 1\n', // null next to a comment
    'a: # comment\nb: 1\n',
    'a: b: c\n', // syntax errors
    'a:\n  b: 1\n c: 2\n',
    'a: 1\n  b: 2\n',
    '- a\nb: 1\n',
    'a: "x" y\n',
    'a: "unterminated\n',
    'a: "\\q"\n',
    'a: [x]]\n',
    'a: @x\n',
    'a: `x\n',
    'a: %x\n',
    'scalar root\n',
    '[1, 2]\n', // flow root
    '"a":b\n',
    'a: b\rc: d\n', // lone CR
    'a: x\uFEFF\n',
    'a: !Ref\n  # c\n',
    '- a\n  -\n    - !GetAZs\n# c\n  -\n', // an empty item whose props hold a comment
    '\uFEFF- a\n', // `yaml` misreads a `- ` right after a BOM
    'a:\nx\n', // a value on the line after its key, not indented
    'a:\n  x\n    y\n', // … continued
  ];
  for (const c of cases) bails(c);
});

test('deep nesting: no stack overflow, bails out quickly', () => {
  const N = 200_000;
  const cases = [
    '['.repeat(N) + ']'.repeat(N),
    'a: ' + '{a: '.repeat(N) + '1' + '}'.repeat(N),
    '- '.repeat(N) + 'x\n',
    (() => {
      const lines: string[] = [];
      for (let i = 0; i < 5000; i++) lines.push(' '.repeat(i) + 'k:');
      return lines.join('\n') + '\n';
    })(),
  ];
  for (const c of cases) {
    const t0 = Date.now();
    assert.equal(parseYamlFast(c), undefined);
    assert.ok(Date.now() - t0 < 2000, 'returns quickly');
  }
  // Moderate depth is handled.
  const lines: string[] = [];
  for (let i = 0; i < 150; i++) lines.push(' '.repeat(i) + 'k:');
  lines.push(' '.repeat(150) + 'v: 1');
  handled(lines.join('\n') + '\n');
});

test('hostile inputs return quickly', () => {
  const cases = [
    'a: ' + 'x'.repeat(2_000_000) + '\n',
    'a: "' + '\\"'.repeat(500_000) + '\n',
    'k: |\n' + '  \n'.repeat(300_000) + '  x\n',
    '#'.repeat(1_000_000),
    '\n'.repeat(1_000_000),
    ('a:\n' + '  # c\n'.repeat(1000)).repeat(200),
    'k: [' + 'a, '.repeat(300_000) + 'b]\n',
    Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join('\n'),
    '- ' + ' '.repeat(1_000_000) + 'x\n',
  ];
  for (const c of cases) {
    const t0 = Date.now();
    parseYamlFast(c);
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
  }
});

// ---------------------------------------------------------------------------------------------
// Random documents from a grammar of the subset

function generateDoc(r: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const chance = (p: number) => r() < p;
  const plains = ['é', '😀 x', 'a:b', 'a::', 'Value', 'x y', '1', '-2', '0x1F', '0o7', '1.5', '1e3', '.inf', '.nan', 'true', 'False', 'null', '~', 'arn:aws:s3:::b/*', 's3:*', 'a#b', '::/0', '-x', '12:30', '1.2.3', 'http://e.com/a?b=c'];
  const keys = ['a:', 'x#y', 'é', '"😀"', '-k', 'a', 'b', 'Key', 'k 2', '1', 'true', 'null', '~', '0x10', '"q"', "'s'", '"a b"', 'Fn::Sub', 'aws:SecureTransport'];
  const quoted = ['"t\tab"', "'t\tab'", '"😀\u00e9"', '"x"', "'y'", '""', "''", '"a\\tb"', '"\\u00e9"', "'it''s'", '"${A}"', '"1"', '"a # b"', "'c: d'"];
  const shortForms = ['!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!GetAZs', '!Condition', '!Not', '!ValueOf', '!EachMemberEquals'];
  // Tags CloudFormation does not define: read as untagged, with a parse/unknown-tag warning.
  const unknownTags = ['!Rain::Embed', '!Rain::Module', '!Rain::S3', '!Foo', '!x-1.2_3'];
  const tag = () => (chance(0.25) ? pick(unknownTags) : pick(shortForms));
  const headers = ['|', '>', '|-', '>-', '|+', '>+', '|1', '>2', '|2-', '|-2', '>+1', '|3+', '|9'];
  const lines: string[] = [];
  const trivia = (maxCol: number) => {
    while (chance(0.25)) {
      if (chance(0.5)) lines.push(chance(0.3) ? ' '.repeat(Math.floor(r() * 6)) : '');
      else lines.push(' '.repeat(Math.floor(r() * (maxCol + 5))) + '#' + pick([' c', ' comment: x', ' - y', '', '\tt', '#']));
    }
  };
  const eol = () => (chance(0.15) ? '  # ' + pick(['t', 'x: y']) : chance(0.1) ? '   ' : '');
  const flow = (d: number): string => {
    if (d > 2 || chance(0.4)) {
      const v = chance(0.5) ? pick(plains) : pick(quoted);
      return chance(0.2) ? `${tag()} ${v}` : v;
    }
    const n = Math.floor(r() * 4);
    // A sequence item is sometimes a pair (`[0, Fn::GetAZs: !Ref R]`), a one-entry flow map.
    const item = () => (chance(0.15) ? `${pick(keys)}${pick([': ', ' : ', ':  '])}${flow(d + 1)}` : flow(d + 1));
    if (chance(0.5)) return (chance(0.2) ? tag() + ' ' : '') + '[' + Array.from({ length: n }, item).join(pick([', ', ',', ' ,  '])) + ']';
    const used = new Set<string>();
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = pick(keys);
      if (used.has(k)) continue;
      used.add(k);
      items.push(`${k}: ${flow(d + 1)}`);
    }
    return '{' + items.join(pick([', ', ','])) + '}';
  };
  /** The body of a block scalar whose header is `header`, owned by a collection at `ind`. */
  const blockScalar = (ind: number, header: string): string[] => {
    const out: string[] = [];
    // With an indentation indicator, the body is mostly at (or beyond) the indentation it gives.
    const explicit = Number(header.replace(/\D/g, ''));
    const bi = explicit && chance(0.8) ? ind + explicit + (chance(0.3) ? Math.floor(r() * 3) : 0) : ind + 1 + Math.floor(r() * 3);
    const n = Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      if (chance(0.2)) out.push(chance(0.5) ? '' : ' '.repeat(Math.floor(r() * (bi + 3))));
      else out.push(' '.repeat(bi + (chance(0.2) ? Math.floor(r() * 3) : 0)) + pick(['text', 'more text', '# hash', 'x: y', '- z']));
    }
    return out;
  };
  /** Emits a value after `prefix` (the key or dash part of the line) for a collection at `ind`. */
  const value = (prefix: string, ind: number, d: number): void => {
    const roll = r();
    if (d > 4 || roll < 0.32) {
      const v = chance(0.6) ? pick(plains) : pick(quoted);
      lines.push(`${prefix} ${chance(0.15) ? tag() + ' ' : ''}${v}${eol()}`);
    } else if (roll < 0.42) {
      lines.push(`${prefix} ${flow(0)}${eol()}`);
    } else if (roll < 0.49) {
      const header = pick(headers);
      lines.push(`${prefix} ${chance(0.3) ? tag() + ' ' : ''}${header}${chance(0.2) ? ' # h' : ''}`);
      lines.push(...blockScalar(ind, header));
    } else if (roll < 0.54) {
      lines.push(`${prefix}${chance(0.3) ? ' ' + tag() : ''}`); // empty (null / tagged empty string)
    } else if (roll < 0.6) {
      // The value on the next line, more indented (the tag may stay on the key's line).
      const t = chance(0.2) ? ' ' + tag() : '';
      lines.push(`${prefix}${t}${chance(0.1) ? '  # c' : ''}`);
      trivia(ind);
      const v = chance(0.4) ? flow(0) : chance(0.6) ? pick(plains) : pick(quoted);
      lines.push(`${' '.repeat(ind + 1 + Math.floor(r() * 3))}${!t && chance(0.2) ? tag() + ' ' : ''}${v}${eol()}`);
    } else {
      const t = chance(0.15) ? ' ' + tag() : '';
      lines.push(`${prefix}${t}${chance(0.1) ? '  # c' : ''}`);
      trivia(ind);
      const seqHere = prefix.trimStart().startsWith('-') ? false : chance(0.3);
      const child = seqHere ? ind : ind + 1 + Math.floor(r() * 3);
      collection(child, d + 1, chance(0.5) || seqHere ? 'seq' : 'map');
    }
  };
  const collection = (ind: number, d: number, kind: 'map' | 'seq', firstPrefix?: string): void => {
    const n = 1 + Math.floor(r() * 4);
    const used = new Set<string>();
    for (let i = 0; i < n; i++) {
      const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(ind);
      if (kind === 'map') {
        let k = pick(keys);
        while (used.has(k)) k = k + 'x';
        used.add(k);
        value(`${lead}${k}:`, ind, d);
      } else if (chance(0.2) && d < 4) {
        // compact map / nested sequence on the dash line
        if (chance(0.6)) collection(ind + 2, d + 1, 'map', lead + '- ');
        else collection(ind + 2, d + 1, 'seq', lead + '- ');
      } else value(`${lead}-`, ind, d);
      trivia(ind + 2);
    }
  };
  trivia(0);
  if (chance(0.2)) lines.push('---' + (chance(0.3) ? ' # doc' : ''));
  trivia(0);
  collection(chance(0.9) ? 0 : 2, 0, chance(0.8) ? 'map' : 'seq');
  trivia(4);
  let text = lines.join('\n') + (chance(0.8) ? '\n' : '');
  // Some noise, so that bail-outs are exercised too: whatever the fast path accepts must match.
  const noise = ['&a ', '*a', '!Foo ', '!a!b ', '!!str ', '? ', '|2', '1', ': x', '\t', '[', ']', '{', '}', ',', ':', ': ', ' #', '"', "'", '|', '>', '-', '- ', '---\n', '...', '%', '@', '\n', '\n  ', '\r', '!!str ', '\\', '\u2028', '\uFEFF'];
  while (chance(0.15)) {
    const at = Math.floor(r() * (text.length + 1));
    text = chance(0.5) ? text.slice(0, at) + pick(noise) + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  }
  if (chance(0.15)) text = text.replace(/\n/g, '\r\n');
  if (chance(0.05)) text = '\uFEFF' + text;
  return text;
}

test('differential: random documents of the subset', () => {
  const r = rng(Number(process.env.YAML_FAST_SEED ?? 12345));
  const runs = Number(process.env.YAML_FAST_RUNS ?? 4000);
  let ok = 0;
  for (let i = 0; i < runs; i++) {
    const text = generateDoc(r);
    if (differential(text, `random #${i}`) === 'ok') ok++;
  }
  console.log(`# random documents handled by the fast path: ${ok}/${runs}`);
  assert.ok(ok > runs * 0.5, 'the generator mostly stays inside the subset');
});

test('differential: line-level mutations of real files', () => {
  const r = rng(Number(process.env.YAML_FAST_SEED ?? 777));
  const sources = [...ownFiles, ...corpusFiles].map((f) => fs.readFileSync(f, 'utf8')).filter((t) => parseYamlFast(t));
  const runs = Number(process.env.YAML_FAST_RUNS ?? 4000) / 4;
  for (let i = 0; i < runs && sources.length; i++) {
    const lines = sources[Math.floor(r() * sources.length)].split('\n');
    for (let m = 0; m < 1 + Math.floor(r() * 4); m++) {
      const at = Math.floor(r() * lines.length);
      const roll = r();
      if (roll < 0.25) lines.splice(at, 0, ' '.repeat(Math.floor(r() * 12)) + '# injected');
      else if (roll < 0.4) lines.splice(at, 0, '');
      else if (roll < 0.6) lines[at] = ' '.repeat(Math.floor(r() * 3)) + lines[at];
      else if (roll < 0.75) lines[at] = lines[at].replace(/^ {1,2}/, '');
      else if (roll < 0.85) lines.splice(at, 1);
      else lines[at] = lines[at] + pick(r, ['  # t', ' ', ':', ' x', ' #']);
    }
    differential(lines.join('\n'), `mutation #${i}`);
  }
});

function pick<T>(r: () => number, a: readonly T[]): T {
  return a[Math.floor(r() * a.length)];
}

test('speed on the 1500-resource generated template (printed, not asserted)', () => {
  const text = generateTemplate(1500);
  const time = (f: () => unknown, n: number) => {
    for (let i = 0; i < 2; i++) f();
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    return Number(process.hrtime.bigint() - t) / 1e6 / n;
  };
  const slow = time(() => parseYamlWithLibrary(text), 5);
  const fast = time(() => parseYamlFast(text), 20);
  console.log(`# ${(text.length / 1024).toFixed(0)} KB: library path ${slow.toFixed(1)} ms, parseYamlFast ${fast.toFixed(1)} ms (${(slow / fast).toFixed(1)}x)`);
});
