import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const REPO = path.resolve(__dirname, '../../../..');
const BIN = path.join(REPO, 'bin/leastpriv.js');
const EXAMPLE = path.join(REPO, 'examples/capital-one-2019.yaml');

function cli(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const made: string[] = [];
function tmpdir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'leastpriv-cli-'));
  made.push(d);
  return d;
}
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

test('--version and --help', () => {
  const v = cli(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.out.trim(), /^\d+\.\d+\.\d+$/);
  const h = cli(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.out, /leastpriv scan/);
});

test('text format: file:line:col severity rule message, and exit 1 at the default --fail-on', () => {
  const r = cli(['scan', 'examples/capital-one-2019.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.out, /^examples\/capital-one-2019\.yaml:59:17 error iam\/invalid-element /m);
  assert.match(r.out, /^examples\/capital-one-2019\.yaml:\d+:\d+ error ec2\/imds-v1 /m);
});

test('exit codes: never → 0; clean file → 0; usage errors and unreadable paths → 2 with one line, no stack', () => {
  assert.equal(cli(['scan', 'examples', '--fail-on', 'never']).code, 0);
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
  fs.writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::b' }] }));
  const clean = cli(['scan', dir]);
  assert.equal(clean.code, 0, clean.out);
  for (const args of [['scan', '/nonexistent/x.yaml'], ['scan', '--format', 'xml'], ['scan', '--fail-on', 'bad'], ['bogus'], ['scan', '--nope']]) {
    const r = cli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('--fail-on thresholds', () => {
  const dir = tmpdir();
  // Only an info-level finding would remain; error findings make it fail at every threshold.
  fs.writeFileSync(path.join(dir, 't.yaml'), fs.readFileSync(EXAMPLE, 'utf8'));
  assert.equal(cli(['scan', dir, '--fail-on', 'error']).code, 1);
  assert.equal(cli(['scan', dir, '--fail-on', 'info']).code, 1);
});

test('directories: recursed for json/yaml/yml/template, node_modules and .git skipped, non-AWS files silent', () => {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  const tpl = fs.readFileSync(EXAMPLE, 'utf8');
  fs.writeFileSync(path.join(dir, 'node_modules/x/t.yaml'), tpl);
  fs.writeFileSync(path.join(dir, 'sub/a.template'), tpl);
  fs.writeFileSync(path.join(dir, 'sub/b.yml'), 'name: CI\non: push\n');
  fs.writeFileSync(path.join(dir, 'c.txt'), tpl);
  const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'never']);
  const files = JSON.parse(r.out).files.map((f: { file: string }) => path.basename(f.file));
  assert.deepEqual(files, ['a.template']);
});

test('SARIF 2.1.0: rules, levels, security-severity, locations, logical locations, fixes', () => {
  const r = cli(['scan', 'examples/capital-one-2019.yaml', '--format', 'sarif', '--fail-on', 'never']);
  assert.equal(r.code, 0);
  const s = JSON.parse(r.out);
  assert.equal(s.version, '2.1.0');
  const run = s.runs[0];
  const rules = run.tool.driver.rules;
  const rule = rules.find((x: any) => x.id === 'iam/invalid-element');
  assert.ok(rule.shortDescription.text && rule.helpUri.endsWith('docs/rules/iam/invalid-element.md'));
  assert.equal(rule.defaultConfiguration.level, 'error');
  assert.match(rule.properties['security-severity'], /^\d+(\.\d+)?$/);
  assert.ok(Array.isArray(rule.properties.tags));
  const res = run.results.find((x: any) => x.ruleId === 'iam/invalid-element');
  assert.equal(res.level, 'error');
  assert.ok(res.message.text);
  const loc = res.locations[0];
  assert.equal(loc.physicalLocation.artifactLocation.uri, 'examples/capital-one-2019.yaml');
  assert.deepEqual(loc.physicalLocation.region, { startLine: 59, startColumn: 17, endLine: 59, endColumn: 24 });
  assert.deepEqual(loc.logicalLocations[0], { name: 'WafRole', kind: 'resource', fullyQualifiedName: 'Resources.WafRole' });
  assert.equal(res.fixes.length, 1);
  assert.equal(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'Action');
  // An ambiguous unknown action carries one fix per candidate.
  const ua = run.results.find((x: any) => x.ruleId === 'iam/unknown-action');
  assert.ok(ua.fixes.length >= 2);
  assert.equal(rules[res.ruleIndex].id, 'iam/invalid-element');
});

test('--fix applies the unambiguous fixes in place, reports them, and leaves choices alone', () => {
  const dir = tmpdir();
  const file = path.join(dir, 'capital-one.yaml');
  fs.writeFileSync(file, fs.readFileSync(EXAMPLE, 'utf8'));
  const r = cli(['scan', file, '--fix', '--fail-on', 'never']);
  assert.equal(r.code, 0);
  assert.match(r.out, /fixed iam\/invalid-element/);
  assert.match(r.out, /fixed ec2\/imds-v1/);
  const after = fs.readFileSync(file, 'utf8');
  assert.match(after, /^ {16}Action:$/m);
  assert.match(after, /HttpTokens: required/);
  assert.match(after, /s3:ListBuckets/, 'ambiguous unknown-action must not be auto-fixed');
  assert.doesNotMatch(cli(['scan', file, '--fail-on', 'never']).out, /iam\/invalid-element|ec2\/imds-v1/);
});

test('.leastpriv.json files.include/exclude apply to directory scans (explicit files are always scanned)', () => {
  const dir = tmpdir();
  const tpl = fs.readFileSync(EXAMPLE, 'utf8');
  fs.mkdirSync(path.join(dir, 'infra'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'legacy'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'infra/a.yaml'), tpl);
  fs.writeFileSync(path.join(dir, 'legacy/b.yaml'), tpl);
  fs.writeFileSync(path.join(dir, '.leastpriv.json'), JSON.stringify({ files: { exclude: ['legacy/**'] } }));
  const files = (args: string[]) => JSON.parse(cli(['scan', ...args, '--format', 'json', '--fail-on', 'never'], dir).out).files.map((f: { file: string }) => f.file);
  assert.deepEqual(files(['.']), ['infra/a.yaml']);
  assert.deepEqual(files(['legacy/b.yaml']), ['legacy/b.yaml']);
});

test('LEASTPRIV_TIMING=1 prints where the time went on standard error; the report is unchanged', () => {
  const plain = cli(['scan', 'examples/capital-one-2019.yaml', '--fail-on', 'never']);
  const r = spawnSync(process.execPath, [BIN, 'scan', 'examples/capital-one-2019.yaml', '--fail-on', 'never'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, LEASTPRIV_TIMING: '1' } });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, plain.out);
  assert.equal(plain.err, '');
  for (const phase of ['node start and loading leastpriv', 'parse', 'model and policy extraction', 'rule ec2/imds-v1', 'output', 'total (process uptime)']) {
    assert.match(r.stderr, new RegExp(`^${phase.replace(/[()]/g, '\\$&')}\\s+\\d+\\.\\d ms`, 'm'), phase);
  }
});

test('a large report piped to another process arrives whole before the CLI exits', () => {
  const d = tmpdir();
  const parts = ['Resources:'];
  for (let i = 0; i < 400; i++) parts.push(`  Web${i}:`, '    Type: AWS::EC2::Instance', '    Properties:', '      ImageId: ami-1');
  fs.writeFileSync(path.join(d, 'many.yaml'), parts.join('\n') + '\n');
  const r = cli(['scan', path.join(d, 'many.yaml'), '--format', 'json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.out);
  assert.equal(report.files[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'ec2/imds-v1').length, 400);
});
