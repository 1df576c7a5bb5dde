import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkFixes } from './helpers/fix-invariant';

const root = path.resolve(__dirname, '../../..');

function files(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.(json|ya?ml|template)$/.test(e.name) && !/\.fixed\./.test(e.name)) out.push(p);
    }
  }
  return out.sort();
}

test('every fix of every finding in examples/ and test/fixtures/ keeps the invariant', () => {
  let checked = 0;
  const failures: string[] = [];
  for (const f of [...files(path.join(root, 'examples')), ...files(path.join(root, 'test/fixtures'))]) {
    const r = checkFixes(path.relative(root, f), fs.readFileSync(f, 'utf8'));
    checked += r.checked;
    failures.push(...r.failures.map((x) => `${x.file}: ${x.ruleId} "${x.fix}": ${x.problem}`));
  }
  assert.ok(checked > 10, `only ${checked} fixes checked`);
  assert.deepEqual(failures, []);
});
