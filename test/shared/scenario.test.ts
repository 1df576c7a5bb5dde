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
  const links = [
    'iam/invalid-element', // "Actions" as quoted in writing about the breach
    'iam/unknown-action', // s3:ListBuckets
    'iam/redundant-action', // the duplicated entry
    'ec2/imds-v1', // SSRF → credentials
    'ec2/open-ingress', // the public WAF
    'ec2/public-ip',
    'iam/data-exfiltration', // ListAllMyBuckets + GetObject on * (the Capital One pattern)
    's3/public-access-block',
    's3/no-encryption', // no KMS on a credit-applications bucket
    's3/tls-not-enforced',
    'chain/imds-credential-exfiltration',
  ];
  for (const id of links) assert.ok(ids.has(id), `missing ${id}`);
  const exfil = r.findings.find((f) => f.ruleId === 'iam/data-exfiltration')!;
  assert.match(exfil.message, /Capital One/);
  const chain = r.findings.find((f) => f.ruleId === 'chain/imds-credential-exfiltration')!;
  assert.equal(chain.resourceId, 'WafInstance');
  assert.ok(chain.related.length >= 3, 'the chain points at each link');
});

test('SARIF for the scenario carries the chain with relatedLocations and logical locations', () => {
  const { toSarif } = require('../../server/src/output/sarif') as typeof import('../../server/src/output/sarif');
  const r = analyze(fs.readFileSync(path.join(scen, 'capital-one-2019.yaml'), 'utf8'), { fileName: 'capital-one-2019.yaml' });
  const sarif = toSarif([{ uri: 'capital-one-2019.yaml', result: r }], '0') as { runs: { results: { ruleId: string; relatedLocations?: unknown[]; locations: { logicalLocations?: { name: string }[] }[] }[] }[] };
  const chain = sarif.runs[0].results.find((x) => x.ruleId === 'chain/imds-credential-exfiltration')!;
  assert.ok((chain.relatedLocations ?? []).length >= 3);
  assert.equal(chain.locations[0].logicalLocations?.[0].name, 'WafInstance');
});

test('the standalone WAF role policy lights up', () => {
  const r = analyze(fs.readFileSync(path.join(scen, 'capital-one-waf-role-policy.json'), 'utf8'), { fileName: 'capital-one-waf-role-policy.json' });
  assert.equal(r.kind, 'policy');
  const ids = new Set(r.findings.map((f) => f.ruleId));
  for (const id of ['iam/invalid-element', 'iam/unknown-action', 'iam/redundant-action', 'iam/data-exfiltration']) assert.ok(ids.has(id), `missing ${id}`);
});
