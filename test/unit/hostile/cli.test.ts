/**
 * `leastpriv scan` on hostile files: exit code 0 or 1 (2 only for usage errors and unreadable
 * paths), never a stack trace, and the output names the problem. Inputs are generated into a
 * temporary directory (some are megabytes).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { bigTemplate, hostileInputs, TEMPLATE_YAML } from './inputs';

const root = path.resolve(__dirname, '../../../..');
const bin = path.join(root, 'bin/leastpriv.js');
const STACK = /\n\s+at .+[(:]\d+|\bat Object\.<anonymous>|Error: .*\n\s+at /;

let dir: string;
const files = new Map<string, string>(); // input name → path

function scan(args: string[], timeout = 60_000) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [bin, 'scan', ...args], { cwd: dir, encoding: 'utf8', timeout, maxBuffer: 256 * 1024 * 1024 });
  return { ...r, ms: Date.now() - t0 };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leastpriv-hostile-'));
  let i = 0;
  for (const h of hostileInputs()) {
    const sub = path.join(dir, String(i++).padStart(4, '0'));
    fs.mkdirSync(sub);
    const p = path.join(sub, h.file);
    fs.writeFileSync(p, h.content);
    files.set(h.name, p);
  }
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('CLI: one scan over every hostile file exits 0/1 without a stack trace and names each problem', () => {
  const r = scan(['.', '--format', 'json', '--fail-on', 'never'], 240_000);
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, STACK);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as { files: { file: string; findings: { ruleId: string }[] }[] };
  const byFile = new Map(out.files.map((f) => [path.resolve(dir, f.file), f.findings.map((x) => x.ruleId)]));
  const internal = out.files.flatMap((f) => f.findings.filter((x) => x.ruleId.startsWith('internal/')).map((x) => `${f.file}: ${x.ruleId}`));
  assert.deepEqual(internal, []);
  for (const h of hostileInputs()) {
    if (!h.expect) continue;
    const ids = byFile.get(files.get(h.name)!) ?? [];
    assert.ok(ids.includes(h.expect), `${h.name}: expected ${h.expect}, got ${ids.join(', ')}`);
  }
});

const single: [name: string, expect: RegExp | undefined][] = [
  ['truncated JSON template', /parse\/syntax-error/],
  ['invalid YAML', /parse\/syntax-error/],
  ['billion laughs', /parse\/alias-limit/],
  ['JSON arrays 200 000 deep', /parse\/too-deep/],
  ['YAML block sequences 200 000 deep', /parse\/too-deep/],
  ['YAML flow mappings 200 000 deep', /parse\/too-deep/],
  ['binary garbage named .json', undefined],
  ['corrupted template (binary tail)', /parse\/skipped.*binary/],
  ['NUL-filled file', undefined],
  ['unknown YAML tags', /parse\/unknown-tag/],
  ['duplicate keys (YAML)', /parse\/duplicate-key/],
  ['CRLF and BOM (JSON)', /iam\/wildcard-action/],
  ['1 MB string value', undefined],
  ['empty JSON', undefined],
  ['statement Action: {"a": "b"}', undefined],
  ['AWS::IAM::Role Properties: "none"', undefined],
  ['Resources: []', undefined],
];

for (const [name, expect] of single) {
  test(`CLI: ${name}`, () => {
    const p = files.get(name);
    assert.ok(p, `no input named ${name}`);
    const r = scan([p]);
    assert.equal(r.error, undefined, String(r.error));
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr + r.stdout, STACK);
    assert.match(r.stdout, /\d+ findings? \(/, 'the summary line is printed');
    if (expect) assert.match(r.stdout, expect);
    assert.ok(r.ms < 30_000, `${r.ms} ms`);
  });
}

test('CLI: a 15 MB template is skipped with a message naming leastpriv.maxFileSizeKb', () => {
  const p = path.join(dir, 'big.yaml');
  fs.writeFileSync(p, bigTemplate(60_000));
  const r = scan([p]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /parse\/skipped/);
  assert.match(r.stdout, /leastpriv\.maxFileSizeKb/);
  assert.ok(r.ms < 30_000, `${r.ms} ms`);
  fs.rmSync(p);
});

test('CLI: exit 2 only for usage errors and unreadable paths, with a message and no stack trace', () => {
  const missing = scan([path.join(dir, 'does-not-exist.yaml')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read/);
  assert.doesNotMatch(missing.stderr, STACK);
  const usage = scan(['--format', 'xml', '.']);
  assert.equal(usage.status, 2);
  assert.doesNotMatch(usage.stderr, STACK);
});

test('CLI: a normal template next to hostile ones is still reported', () => {
  const p = path.join(dir, 'zz-normal.yaml');
  fs.writeFileSync(p, TEMPLATE_YAML);
  const r = scan([files.get('billion laughs')!, files.get('JSON arrays 200 000 deep')!, p]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /zz-normal\.yaml:\d+:\d+.*iam\/wildcard-action/);
  fs.rmSync(p);
});
