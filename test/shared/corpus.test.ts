/**
 * Over the 298 real templates of ../shared/corpus: no crash, no internal error, bounded time, and
 * every fix of every finding keeps the invariant. Needs ../shared (run by `npm run test:shared`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { parseJsonLibrary } from '../../server/src/parse/json';
import { parseJsonFast } from '../../server/src/parse/json-fast';
import { templateFiles } from '../unit/helpers/files';
import { checkFixes } from '../unit/helpers/fix-invariant';
import { assertSameTree } from '../unit/helpers/tree';

const root = path.resolve(__dirname, '../../..');
const corpus = path.resolve(root, '../shared/corpus');


const all = templateFiles(corpus);

test('the shared corpus is there (298 templates)', () => {
  assert.ok(all.length >= 290, `found ${all.length} files under ${corpus}`);
});

test('every corpus file analyses without throwing or internal errors, each within 2 s', () => {
  const slow: string[] = [];
  const internal: string[] = [];
  let findings = 0;
  const t0 = Date.now();
  for (const f of all) {
    const text = fs.readFileSync(f, 'utf8');
    const s = Date.now();
    const r = analyze(text, { fileName: f });
    if (Date.now() - s > 2000) slow.push(f);
    findings += r.findings.length;
    for (const x of r.findings) if (x.ruleId.startsWith('internal/')) internal.push(`${path.relative(corpus, f)}: ${x.message}`);
  }
  console.log(`corpus: ${all.length} files, ${findings} findings, ${Date.now() - t0} ms`);
  assert.deepEqual(internal, []);
  assert.deepEqual(slow, []);
});

test('fix invariant over every finding of the corpus', () => {
  let checked = 0;
  const failures: string[] = [];
  for (const f of all) {
    const r = checkFixes(path.relative(corpus, f), fs.readFileSync(f, 'utf8'));
    checked += r.checked;
    failures.push(...r.failures.map((x) => `${x.file}: ${x.ruleId} "${x.fix}": ${x.problem}`));
  }
  console.log(`corpus: ${checked} fixes applied and verified`);
  assert.deepEqual(failures.slice(0, 50), []);
});

test('JSON fast path: the same tree as jsonc-parser for every corpus JSON file it accepts', () => {
  const json = all.filter((f) => /\.json$/i.test(f));
  const bailed: string[] = [];
  for (const f of json) {
    const raw = fs.readFileSync(f, 'utf8');
    const text = raw.charCodeAt(0) === 0xfeff ? ' ' + raw.slice(1) : raw; // as parseDocument hands it over
    const name = path.relative(corpus, f);
    const fast = parseJsonFast(text);
    if (!fast) {
      bailed.push(name);
      continue;
    }
    const slow = parseJsonLibrary(text);
    assert.deepEqual(slow.problems, [], `${name}: the fast path accepted a file jsonc-parser reports problems for`);
    assertSameTree(fast.root, slow.root, name, text);
  }
  console.log(`corpus: JSON fast path handles ${json.length - bailed.length}/${json.length} JSON files`);
  for (const b of bailed) console.log(`corpus:   bail: ${b}`);
  assert.ok(json.length >= 140, `found ${json.length} JSON files`);
  assert.ok(bailed.length <= json.length / 20, `${bailed.length} files bail out`);
});
