import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { expectedDocs } from '../../scripts/gen-docs';
import { allRules } from '../../server/src/rules/registry';

const root = path.resolve(__dirname, '../../..');

test('docs/rules/ is generated from the rule metadata and up to date (npm run docs)', () => {
  const stale: string[] = [];
  for (const [rel, content] of expectedDocs()) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) stale.push(rel);
  }
  assert.deepEqual(stale, [], 'run `npm run docs`');
});

test('every rule has a valid id, metadata and fixtures in JSON and YAML', () => {
  const ids = new Set<string>();
  for (const r of allRules()) {
    const m = r.meta;
    assert.match(m.id, /^(iam|ec2|s3|chain)\/[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!ids.has(m.id), `duplicate id ${m.id}`);
    ids.add(m.id);
    assert.ok(m.title && m.docs.rationale.length > 80 && m.docs.fix, `${m.id}: metadata incomplete`);
    const dir = path.join(root, 'test/fixtures/rules', m.id);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    assert.ok(files.some((f) => f.endsWith('.json')), `${m.id}: no JSON fixture`);
    assert.ok(files.some((f) => /\.ya?ml$/.test(f)), `${m.id}: no YAML fixture`);
    assert.ok(fs.existsSync(path.join(root, 'test/unit/rules', `${m.id}.test.ts`)), `${m.id}: no test file`);
  }
});
