import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { templateFiles } from './helpers/files';
import { checkFixes } from './helpers/fix-invariant';

const root = path.resolve(__dirname, '../../..');


test('every fix of every finding in examples/ and test/fixtures/ keeps the invariant', () => {
  let checked = 0;
  const failures: string[] = [];
  for (const f of [...templateFiles(path.join(root, 'examples')), ...templateFiles(path.join(root, 'test/fixtures'))]) {
    const r = checkFixes(path.relative(root, f), fs.readFileSync(f, 'utf8'));
    checked += r.checked;
    failures.push(...r.failures.map((x) => `${x.file}: ${x.ruleId} "${x.fix}": ${x.problem}`));
  }
  assert.ok(checked > 10, `only ${checked} fixes checked`);
  assert.deepEqual(failures, []);
});
