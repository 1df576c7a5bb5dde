/**
 * parseJsonFast must either bail out (undefined) or produce exactly the tree of the jsonc-parser
 * path (parseJsonLibrary), down to the own property names and their order on every node, key node
 * and entry: a differential test over every JSON file of the repository, random documents and
 * random mutations of real files; plus targeted tests for each construct and each bail-out, and
 * deep input. Values are also checked against JSON.parse.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Node } from '../../../server/src/model/node';
import { parseJson, parseJsonLibrary } from '../../../server/src/parse/json';
import { parseJsonFast } from '../../../server/src/parse/json-fast';
import { LIMITS } from '../../../server/src/parse/limits';
import { templateFiles } from '../helpers/files';
import { rng } from '../helpers/random';
import { assertSameTree } from '../helpers/tree';

const root = path.resolve(__dirname, '../../../..');

/** The plain value of a tree, with own `__proto__` keys like JSON.parse makes them. */
function toValue(n: Node | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case 'object': {
      const o = {};
      for (const e of n.entries) Object.defineProperty(o, e.key, { value: toValue(e.value), enumerable: true, writable: true, configurable: true });
      return o;
    }
    case 'array':
      return n.items.map(toValue);
    default:
      return n.value;
  }
}

/** 'bail' | 'ok', or throws with the first difference. */
function differential(text: string, name = 'input'): 'bail' | 'ok' {
  const fast = parseJsonFast(text);
  if (!fast) return 'bail';
  const slow = parseJsonLibrary(text);
  assert.deepEqual(fast.problems, [], `${name}: fast path returned problems`);
  const why = `${name}: fast path accepted a document jsonc-parser reports problems for: ${JSON.stringify(slow.problems[0])}`;
  assert.deepEqual(slow.problems, [], `${why}\n${JSON.stringify(text.slice(0, 400))}`);
  assert.deepEqual(Object.keys(fast), Object.keys(slow), `${name}: result keys`);
  assertSameTree(fast.root, slow.root, name, text);
  // Strict JSON: JSON.parse reads it too, to the same values.
  if (fast.root) assert.deepStrictEqual(toValue(fast.root), JSON.parse(text), `${name}: values differ from JSON.parse`);
  else assert.equal(text.trim(), '', `${name}: no root for non-blank text`);
  return 'ok';
}

const handled = (text: string, name?: string) => assert.equal(differential(text, name), 'ok', `${name ?? JSON.stringify(text)} should be handled by the fast path`);
const bails = (text: string, name?: string) => assert.equal(parseJsonFast(text), undefined, `${name ?? JSON.stringify(text)} should bail out`);

/** What parseDocument hands to parseJson: a leading BOM blanked out. */
const asParsed = (text: string) => (text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);

const isJson = (f: string) => /\.json$/i.test(f);
const ownFiles = [...templateFiles(path.join(root, 'examples'), { includeFixed: true }), ...templateFiles(path.join(root, 'test/fixtures'), { includeFixed: true })].filter(isJson);
const ownTexts = ownFiles.map((f) => asParsed(fs.readFileSync(f, 'utf8')));

// ---------------------------------------------------------------------------------------------
// Real files

test('differential: every JSON file under examples/ and test/fixtures/', () => {
  assert.ok(ownFiles.length > 50, `found ${ownFiles.length} files`);
  let ok = 0;
  ownFiles.forEach((f, i) => {
    const name = path.relative(root, f);
    if (differential(ownTexts[i], name) === 'ok') {
      ok++;
      return;
    }
    // Only files written to exercise JSONC or broken input may bail out.
    const jsonc = parseJsonLibrary(ownTexts[i]).problems.length > 0 || /\/[/*]|,\s*[\]}]/.test(ownTexts[i]);
    console.log(`#   bail: ${name}`);
    assert.ok(jsonc, `${name} bails although it looks like strict JSON`);
  });
  console.log(`# fast path handles ${ok}/${ownFiles.length} own JSON files`);
});

test('parseJson takes the fast path and gives the same result as the jsonc path', () => {
  for (const [i, text] of ownTexts.entries()) {
    if (!parseJsonFast(text)) continue;
    const a = parseJson(text);
    const b = parseJsonLibrary(text);
    assert.deepEqual(a.problems, b.problems);
    assertSameTree(a.root, b.root, ownFiles[i], text);
  }
  // Where it bails, parseJson still reports what jsonc-parser reports.
  assert.ok(parseJson('{"a": 1, "a": 2}').problems.some((p) => p.code === 'parse/duplicate-key'));
  assert.ok(parseJson('{"a": 1,, }').problems.some((p) => p.code === 'parse/syntax-error'));
  assert.deepEqual(parseJson('// c\n{"a": [1, 2,],}').problems, []);
});

// ---------------------------------------------------------------------------------------------
// Targeted constructs

test('containers: empty, nested, at the root, with every kind of value', () => {
  for (const t of ['{}', '[]', ' { } ', '[ ]', '[{}]', '{"a":{}}', '{"a":[]}', '[[]]', '[[[]],[{}],{"a":[{"b":{}}]}]']) handled(t);
  handled('{"s": "x", "n": 1, "t": true, "f": false, "z": null, "o": {"k": "v"}, "a": [1, "two", null, true, false, {}, []]}');
  handled('[1, "two", null, true, false, {"a": [3]}, [[4]]]');
  for (const t of ['1', '-2.5', '"x"', '""', 'true', 'false', 'null', ' \n 0 \n ']) handled(t); // scalar roots
  handled(''); // no root, no problem (allowEmptyContent)
  handled(' \r\n\t ');
  // Many keys (the duplicate check switches to a set), integer-like keys keep their order.
  handled('{' + Array.from({ length: 40 }, (_, i) => `"k${39 - i}": ${i}`).join(', ') + '}');
  handled('{"2": "a", "1": "b", "x": "c", "0": "d", "-1": "e", "01": "f", "4294967295": "g"}');
  handled('{"__proto__": {"a": 1}, "constructor": 2, "toString": 3, "hasOwnProperty": 4}');
  handled('{"": "empty key", "a": ""}');
});

test('whitespace: spaces, tabs, LF, CRLF, lone CR, none at all', () => {
  const doc = '{"a": [1, {"b": "c"}], "d": true}';
  handled(doc);
  handled(doc.replace(/ /g, ''));
  handled(JSON.stringify(JSON.parse(doc), null, 2));
  handled(JSON.stringify(JSON.parse(doc), null, '\t'));
  handled(JSON.stringify(JSON.parse(doc), null, 4).replace(/\n/g, '\r\n') + '\r\n');
  handled(JSON.stringify(JSON.parse(doc), null, 1).replace(/\n/g, '\r'));
  handled('\n\n\t {\t"a"\t:\r\n\t1\n,\n"b"  :  [ \t\r\n ]  }  \n\n');
});

test('strings: escapes as JSON.parse decodes them, unicode text, exact offsets', () => {
  const strings = [
    '""',
    '"plain"',
    '"\\""',
    '"a\\\\b"',
    '"\\/"',
    '"\\b\\f\\n\\r\\t"',
    '"x\\u0041y\\u00e9\\u00E9z"',
    '"\\u0000\\u001f\\u007F"',
    '"\\uD83D\\uDE00"',
    '"\\ud83d\\ude00 lower case hex"',
    '"pair then text \\uD834\\uDD1E!"',
    '"\\u2028\\u2029"',
    '"raw \u2028 and \u2029"',
    '"é 😀 中文 \u00a0 \ufeff"',
    '"raw lone surrogates \ud800 \udc00"',
    '"arn:aws:s3:::bucket/*"',
    '"${AWS::Region}"',
    '"\\\\u0041 is not an escape"',
    '"' + 'long '.repeat(2000) + '"',
    '"' + 'x\\n'.repeat(500) + '"',
    '"\\"\\"\\"\\\\"',
  ];
  for (const s of strings) {
    handled(s);
    handled(`{${s}: ${s}}`);
    handled(`[${s}, ${s}]`);
  }
  const text = '{"k\\u00e9y": "v\\n\\u00e9", "😀": "x"}';
  const r = parseJsonFast(text)!;
  assert.ok(r.root && r.root.kind === 'object');
  const [e1, e2] = r.root.entries;
  assert.equal(e1.key, 'kéy');
  assert.equal(text.slice(e1.keyNode.start, e1.keyNode.end), '"k\\u00e9y"');
  assert.equal(text.slice(e1.value.start, e1.value.end), '"v\\n\\u00e9"');
  assert.equal(text.slice(e2.keyNode.start, e2.keyNode.end), '"😀"');
  assert.equal(text.slice(e1.start, e1.end), '"k\\u00e9y": "v\\n\\u00e9"');
});

test('numbers: the JSON grammar, values as Number(raw), raw kept', () => {
  const numbers = [
    ...['0', '-0', '1', '-1', '10', '1e3', '1E3', '1e+3', '1e-3', '1.5E-2', '-1.5e+2', '0.5', '-0.0', '0e0', '123.456e-7'],
    ...['12345678901234567890123', '9007199254740993', '1e400', '-1e400', '1e-400', '0.1', '3.141592653589793238462643383279'],
    '1' + '0'.repeat(400),
  ];
  for (const n of numbers) {
    handled(n);
    handled(`[${n}]`);
    handled(`{"n": ${n}}`);
    handled(`[${n},${n} , ${n}\n]`);
    const r = parseJsonFast(`[${n}]`)!;
    const node = r.root!.kind === 'array' ? r.root!.items[0] : undefined;
    assert.ok(node && node.kind === 'number');
    assert.equal(node.raw, n);
    assert.ok(Object.is(node.value, Number(n)), n);
  }
});

// ---------------------------------------------------------------------------------------------
// Bail-outs

test('bails out on JSONC, errors, duplicate keys and anything unusual', () => {
  const cases = [
    // comments and trailing commas (JSONC: jsonc-parser accepts them)
    '// c\n{"a": 1}',
    '{"a": 1 /* c */}',
    '{"a": 1} // c',
    '/* c */',
    '{"a": 1,}',
    '[1, 2,]',
    '[1, 2, ]',
    // duplicate keys (the jsonc path reports them), also equal only once decoded
    '{"a": 1, "a": 2}',
    '{"a": 1, "\\u0061": 2}',
    '{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k3":10}',
    '{"a": {"b": 1, "b": 1}}',
    // truncated input
    '{',
    '[',
    '{"a"',
    '{"a":',
    '{"a": 1',
    '{"a": 1,',
    '[1, 2',
    '"abc',
    '"abc\\',
    '"\\u00',
    '{"a": tru',
    '-',
    // garbage after the root
    '{} x',
    '{}{}',
    '1 2',
    '{}]',
    '[]}',
    '"a" "b"',
    'null,',
    // BOM and other whitespace
    '\uFEFF{}',
    '{\uFEFF}',
    '{\u00a0"a": 1}',
    '{"a":\u20281}',
    '{"a":\v1}',
    '{"a":\f1}',
    // lone surrogate escapes, bad escapes, control characters in strings
    '"\\uD800"',
    '"\\uDC00"',
    '"\\uDBFF\\uDBFF"',
    '"\\uD800\\u0041"',
    '"\\uD800x"',
    '"\\uD800\\n"',
    '"\\uDE00\\uD83D"',
    '"\\x41"',
    '"\\a"',
    '"\\\'"',
    '"\\u12"',
    '"\\u12G4"',
    '"\\U0001F600"',
    '"a\tb"',
    '"a\nb"',
    '"a\rb"',
    '"a\u0000b"',
    '"a\u001fb"',
    '\u0000',
    '[1,\u0001 2]',
    // other syntax errors
    "{'a': 1}",
    "['a']",
    '{a: 1}',
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    '[1 2]',
    '[,1]',
    '{,}',
    '[1,,2]',
    '{"a":1,,"b":2}',
    '{:1}',
    '{"a"::1}',
    '{1: 2}',
    '{]',
    '[}',
    ']',
    '}',
    ':',
    ',',
    'tru',
    'nul',
    'truex',
    'True',
    'NULL',
    'undefined',
    // numbers outside the JSON grammar
    '01',
    '-01',
    '00',
    '.5',
    '1.',
    '1.e3',
    '+1',
    '- 1',
    '1e',
    '1e+',
    '1E-',
    '0x1F',
    'NaN',
    'Infinity',
    '-Infinity',
    '1_000',
    '[01]',
    '{"a": .5}',
    '[1.]',
  ];
  for (const c of cases) {
    bails(c);
    bails(`[${c}]`);
    bails(`{"k": ${c}}`);
  }
});

test('a bail-out is invisible: parseJson gives what the jsonc path gives', () => {
  for (const t of ['{"a": 1, "a": 2}', '{"a": [1,],}', '// c\n{"b": 2}', '{"a": 1', '[1 2]', '"\\uD800"', '{"a": 01}']) {
    const a = parseJson(t);
    const b = parseJsonLibrary(t);
    assert.deepEqual(a.problems, b.problems, t);
    assertSameTree(a.root, b.root, t, t);
  }
});

// ---------------------------------------------------------------------------------------------
// Deep input

test('deep nesting: 10 000 levels neither overflow the stack nor change parseJson', () => {
  const N = 10_000;
  const cases = [
    '['.repeat(N) + ']'.repeat(N),
    '{"a":'.repeat(N) + '1' + '}'.repeat(N),
    '[{"a": '.repeat(N / 2) + '"x"' + '}]'.repeat(N / 2),
    ' [ \n'.repeat(N) + ']\r\n'.repeat(N),
    '['.repeat(N), // truncated
  ];
  for (const c of cases) {
    const t0 = Date.now();
    assert.equal(parseJsonFast(c), undefined, 'deeper than LIMITS.maxDepth: left to parseJson');
    const r = parseJson(c);
    assert.equal(r.root, undefined);
    assert.deepEqual(r, parseJsonLibrary(c));
    assert.deepEqual(r.problems.map((p) => p.code), ['parse/too-deep']);
    assert.ok(Date.now() - t0 < 2000, 'returns quickly');
  }
  // Up to the limit the fast path handles it, one level more it leaves it to the depth check.
  const D = LIMITS.maxDepth;
  handled('['.repeat(D) + ']'.repeat(D), `${D} arrays`);
  handled('{"a":'.repeat(D - 1) + '[1]' + '}'.repeat(D - 1), `${D} objects and arrays`);
  bails('['.repeat(D + 1) + ']'.repeat(D + 1));
  assert.deepEqual(parseJson('['.repeat(D + 1) + ']'.repeat(D + 1)).problems.map((p) => p.code), ['parse/too-deep']);
});

test('deep nesting: the parser itself is not recursive (10 000 levels with the limit lifted)', () => {
  const N = 10_000;
  const saved = LIMITS.maxDepth;
  LIMITS.maxDepth = N;
  try {
    const text = '{"a": ['.repeat(N / 2) + 'true' + ']}'.repeat(N / 2);
    const r = parseJsonFast(text);
    assert.ok(r && r.root);
    let n: Node = r.root;
    for (let d = 0; d < N / 2; d++) {
      assert.ok(n.kind === 'object' && n.start === 7 * d && n.end === text.length - 2 * d);
      const e = n.entries[0];
      assert.ok(e.value.kind === 'array' && e.value.parent === n && e.value.entry === e && e.end === n.end - 1);
      n = e.value.items[0];
      assert.equal(n.parent, e.value);
    }
    assert.ok(n.kind === 'boolean' && n.value === true && n.start === 7 * (N / 2));
    assert.equal(parseJsonFast('['.repeat(N + 1) + ']'.repeat(N + 1)), undefined);
  } finally {
    LIMITS.maxDepth = saved;
  }
});

test('hostile inputs return quickly', () => {
  const cases = [
    '"' + 'x'.repeat(2_000_000) + '"',
    '"' + '\\"'.repeat(500_000) + '"',
    '"' + '\\u00e9'.repeat(300_000) + '"',
    '[' + '1,'.repeat(500_000) + '1]',
    '{' + Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',') + '}',
    ' '.repeat(2_000_000) + '1',
    '"' + 'x'.repeat(2_000_000), // unterminated
    '[' + '"a\\'.repeat(200_000),
  ];
  for (const c of cases) {
    const t0 = Date.now();
    parseJsonFast(c);
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
  }
});

// ---------------------------------------------------------------------------------------------
// Random documents and mutations

function pick<T>(r: () => number, a: readonly T[]): T {
  return a[Math.floor(r() * a.length)];
}

/** A random strict-JSON document, written by hand (odd whitespace, escapes, number forms). */
function generateDoc(r: () => number): string {
  const ws = () => pick(r, ['', '', ' ', '  ', '\n', '\r\n', '\t', '\n    ', ' \r ']);
  const strs = [
    ...['', 'a', 'Key', 'é', '😀', 'a b', 'AWS::S3::Bucket', '1', '__proto__', 'arn:aws:iam::*', '\u2028'],
    ...['\\"', '\\\\', '\\/', '\\n', '\\t\\r\\b\\f', '\\u0041', '\\u00e9x', '\\uD83D\\uDE00', 'x\\uDBFF\\uDFFFy', '\\u2028'],
  ];
  const nums = ['0', '-0', '1', '-12', '3.5', '1e3', '1E-3', '-2.5e+10', '12345678901234567890', '0.000001', '1e999'];
  const value = (d: number): string => {
    const roll = r();
    if (d > 5 || roll < 0.45) {
      const s = r();
      if (s < 0.5) return `"${pick(r, strs)}${r() < 0.3 ? pick(r, strs) : ''}"`;
      if (s < 0.8) return pick(r, nums);
      return pick(r, ['true', 'false', 'null']);
    }
    const n = Math.floor(r() * 5);
    if (roll < 0.7) return '[' + ws() + Array.from({ length: n }, () => value(d + 1)).join(ws() + ',' + ws()) + ws() + ']';
    const used = new Set<string>();
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      let k = pick(r, strs);
      while (used.has(JSON.parse(`"${k}"`))) k += 'x';
      used.add(JSON.parse(`"${k}"`));
      items.push(`"${k}"${ws()}:${ws()}${value(d + 1)}`);
    }
    return '{' + ws() + items.join(ws() + ',' + ws()) + ws() + '}';
  };
  return ws() + value(0) + ws();
}

test('differential: random strict-JSON documents are all handled', () => {
  const r = rng(Number(process.env.JSON_FAST_SEED ?? 4242));
  const runs = Number(process.env.JSON_FAST_RUNS ?? 3000);
  for (let i = 0; i < runs; i++) handled(generateDoc(r), `random #${i}`);
});

test('differential: random character mutations of real files and random documents', () => {
  const r = rng(Number(process.env.JSON_FAST_SEED ?? 1234));
  const runs = Number(process.env.JSON_FAST_RUNS ?? 3000);
  const g = rng(99);
  const sources = [...ownTexts.filter((t) => parseJsonFast(t)), ...Array.from({ length: 200 }, () => generateDoc(g))];
  const noise = [
    ...['{', '}', '[', ']', '"', ',', ':', '\\', '/', '*', ' ', '\n', '\r', '\t', '0', '1', '-', '+', '.', 'e', 'E', 'u', 'x', 't', 'n', 'f', 'D'],
    ...['\\u', '\\uD800', '\\uDC00', '\ud800', '\udc00', '\u00a0', '\uFEFF', '\u2028', '\u0000', '\u001f', '//', '/*', '*/', ',}', ',]', '😀'],
  ];
  let ok = 0;
  for (let i = 0; i < runs; i++) {
    let text = pick(r, sources);
    const mutations = 1 + Math.floor(r() * 3);
    for (let m = 0; m < mutations; m++) {
      const at = Math.floor(r() * (text.length + 1));
      const roll = r();
      if (roll < 0.35) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 2)); // delete
      else if (roll < 0.75) text = text.slice(0, at) + pick(r, noise) + text.slice(at); // insert
      else {
        // duplicate a random stretch somewhere else
        const from = Math.floor(r() * text.length);
        const piece = text.slice(from, from + 1 + Math.floor(r() * 40));
        text = text.slice(0, at) + piece + text.slice(at);
      }
    }
    if (differential(text, `mutation #${i}`) === 'ok') ok++;
  }
  console.log(`# mutated documents handled by the fast path: ${ok}/${runs}`);
  assert.ok(ok > runs * 0.05 && ok < runs, 'mutations keep some documents valid and break others');
});

test('speed over the JSON files of the repository (printed, not asserted)', () => {
  const values = ownTexts.filter((t) => parseJsonFast(t)?.root).map((t) => JSON.parse(t));
  const texts = [...ownTexts, JSON.stringify(Array.from({ length: 10 }, () => values), null, 2)];
  const time = (f: (t: string) => unknown, n: number) => {
    for (const t of texts) f(t);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) for (const t of texts) f(t);
    return Number(process.hrtime.bigint() - t0) / 1e6 / n;
  };
  const slow = time(parseJsonLibrary, 5);
  const fast = time(parseJson, 20);
  const kb = texts.reduce((a, t) => a + t.length, 0) / 1024;
  console.log(`# ${kb.toFixed(0)} KB (warm): jsonc path ${slow.toFixed(1)} ms, parseJson ${fast.toFixed(1)} ms (${(slow / fast).toFixed(1)}x)`);
});
