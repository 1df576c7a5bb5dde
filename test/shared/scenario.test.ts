/** The Capital One scenario in ../shared/scenarios lights up (and stays identical to our example). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';

const root = path.resolve(__dirname, '../../..');
const scen = path.resolve(root, '../shared/scenarios');

test('examples/ are copies of ../shared/scenarios', () => {
  for (const f of ['capital-one-2019.yaml', 'capital-one-waf-role-policy.json']) {
    assert.equal(fs.readFileSync(path.join(root, 'examples', f), 'utf8'), fs.readFileSync(path.join(scen, f), 'utf8'), f);
  }
});

test('the Capital One template shows every link of the chain', () => {
  const r = analyze(fs.readFileSync(path.join(scen, 'capital-one-2019.yaml'), 'utf8'), { fileName: 'capital-one-2019.yaml' });
  const ids = new Set(r.findings.map((f) => f.ruleId));
  for (const id of ['iam/invalid-element', 'iam/unknown-action', 'ec2/imds-v1']) assert.ok(ids.has(id), `missing ${id}`);
});

test('the standalone WAF role policy lights up', () => {
  const r = analyze(fs.readFileSync(path.join(scen, 'capital-one-waf-role-policy.json'), 'utf8'), { fileName: 'capital-one-waf-role-policy.json' });
  assert.equal(r.kind, 'policy');
  const ids = new Set(r.findings.map((f) => f.ruleId));
  for (const id of ['iam/invalid-element', 'iam/unknown-action']) assert.ok(ids.has(id), `missing ${id}`);
});
