import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../../../server/src/fixes/edits';
import { publicAclRule } from '../../../../server/src/rules/s3/public-acl';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/s3/public-acl';
ruleTester(publicAclRule, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-public-read.yaml`, count: 2, lines: [5, 11], severity: 'error', messages: ['PublicRead', 'AuthenticatedRead'], output: fixture(`${D}/bad-public-read.fixed.yaml`) },
    { file: `${D}/bad-public-read-write.json`, count: 1, lines: [7], severity: 'error', messages: ['PublicReadWrite'], output: fixture(`${D}/bad-public-read-write.fixed.json`) },
    { file: `${D}/bad-website.yaml`, count: 1, lines: [5], severity: 'warning', messages: ['CloudFront with origin access control'], output: fixture(`${D}/bad-website.fixed.yaml`) },
    { file: `${D}/bad-intrinsics.yaml`, count: 2, lines: [11, 15], messages: ['PublicRead (parameter default)', 'PublicReadWrite'] },
  ],
});

test('s3/public-acl: PublicReadWrite is critical; the website fix is a choice', () => {
  const [rw] = findingsOf(fixture(`${D}/bad-public-read-write.json`), 'x.json', 's3/public-acl');
  assert.equal(rw.securitySeverity, 'critical');
  const [site] = findingsOf(fixture(`${D}/bad-website.yaml`), 'x.yaml', 's3/public-acl');
  assert.deepEqual(site.fixes.map((f) => f.kind), ['choice']);
});

test('s3/public-acl: removing the only property removes Properties too', () => {
  const text = fixture(`${D}/bad-public-read.yaml`);
  const f = findingsOf(text, 'x.yaml', 's3/public-acl')[1];
  assert.equal(applyEdits(text, f.fixes[0].edits), text.replace('    Properties:\n      AccessControl: AuthenticatedRead\n', ''));
});
