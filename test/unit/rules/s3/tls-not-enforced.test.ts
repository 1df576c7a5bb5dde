import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../../server/src/engine/analyze';
import { applyEdits } from '../../../../server/src/fixes/edits';
import { tlsNotEnforced } from '../../../../server/src/rules/s3/tls-not-enforced';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/s3/tls-not-enforced';
ruleTester(tlsNotEnforced, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-no-policy.yaml`, count: 1, lines: [3], severity: 'info', messages: ['no bucket policy in this template'], output: fixture(`${D}/bad-no-policy.fixed.yaml`) },
    { file: `${D}/bad-no-policy.json`, count: 1, lines: [4], output: fixture(`${D}/bad-no-policy.fixed.json`) },
    { file: `${D}/bad-long-form.yaml`, count: 1, lines: [2], output: fixture(`${D}/bad-long-form.fixed.yaml`) },
    { file: `${D}/bad-policy-no-tls.yaml`, count: 1, lines: [2], messages: ["bucket policy 'DataPolicy' has no statement"], output: fixture(`${D}/bad-policy-no-tls.fixed.yaml`) },
    { file: `${D}/bad-policy-no-tls.json`, count: 1, lines: [3], output: fixture(`${D}/bad-policy-no-tls.fixed.json`) },
    { file: `${D}/bad-partial.yaml`, count: 1, lines: [6], severity: 'warning', messages: ['only for its objects'], output: fixture(`${D}/bad-partial.fixed.yaml`) },
  ],
});

test('s3/tls-not-enforced: the finding points at the existing policy', () => {
  const text = fixture(`${D}/bad-policy-no-tls.yaml`);
  const [f] = findingsOf(text, 'x.yaml', 's3/tls-not-enforced');
  assert.equal(f.related.length, 1);
  assert.equal(text.slice(f.related[0].start, f.related[0].end), 'DataPolicy');
});

test('s3/tls-not-enforced: the new bucket policy makes the finding go away and keeps other rules quiet', () => {
  for (const name of ['bad-no-policy.yaml', 'bad-no-policy.json']) {
    const text = fixture(`${D}/${name}`);
    const [f] = findingsOf(text, name, 's3/tls-not-enforced');
    const out = applyEdits(text, f.fixes[0].edits);
    const after = analyze(out, { fileName: name }).findings;
    assert.deepEqual(after.filter((x) => x.ruleId === 's3/tls-not-enforced' || x.severity === 'error').map((x) => x.message), []);
  }
});

test('s3/tls-not-enforced: the new policy gets a logical id not yet used', () => {
  const text = 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  DataTlsOnlyPolicy:\n    Type: AWS::SNS::Topic\n';
  const [f] = findingsOf(text, 'x.yaml', 's3/tls-not-enforced');
  assert.match(f.fixes[0].title, /DataTlsOnlyPolicy2/);
});

test('s3/tls-not-enforced: a Deny limited to a key prefix does not count', () => {
  const text = fixture('rules/s3/tls-not-enforced/bad-policy-no-tls.yaml').replace('s3:TlsVersion: 1.2', 's3:TlsVersion: 1.2\n              Bool:\n                aws:SecureTransport: false').replace('- !GetAtt Data.Arn\n', '').replace('"${Data.Arn}/*"', '"${Data.Arn}/logs/*"');
  const [f] = findingsOf(text, 'x.yaml', 's3/tls-not-enforced');
  assert.match(f.message, /only for some key prefixes/);
});
