import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unencryptedEbs } from '../../../../server/src/rules/ec2/unencrypted-ebs';
import { applyAndCheck, findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/ec2/unencrypted-ebs';
ruleTester(unencryptedEbs, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-volume.yaml`, count: 1, lines: [3], severity: 'warning', messages: ["Volume 'DataVolume' has no Encrypted: true"], output: fixture(`${D}/bad-volume.fixed.yaml`) },
    {
      file: `${D}/bad-mappings.json`,
      count: 3,
      lines: [9, 19, 28],
      messages: ["Instance 'Server' block device /dev/xvda has no Encrypted", "LaunchTemplate 'Template' block device /dev/xvda sets Encrypted to false", "LaunchConfiguration 'Config' block device /dev/xvda sets Encrypted to false"],
      output: fixture(`${D}/bad-mappings.fixed.json`),
    },
    { file: `${D}/bad-intrinsics.yaml`, count: 2, lines: [17, 23], messages: ['false (parameter default)', "'FromCondition' sets Encrypted to false"] },
  ],
});

test('ec2/unencrypted-ebs: no fix when the value comes from a parameter; the !If branch is fixed in place', () => {
  const f = findingsOf(fixture(`${D}/bad-intrinsics.yaml`), 'x.yaml', 'ec2/unencrypted-ebs');
  assert.equal(f[0].fixes.length, 0);
  assert.equal(f[1].fixes[0].kind, 'safe');
  assert.match(f[0].message, /encryption by default/);
});

test('ec2/unencrypted-ebs: the !If branch fix', () => {
  const text = fixture(`${D}/bad-intrinsics.yaml`);
  const f = findingsOf(text, 'x.yaml', 'ec2/unencrypted-ebs')[1];
  assert.equal(applyAndCheck(text, 'x.yaml', f, f.fixes[0]), fixture(`${D}/bad-intrinsics.fixed.yaml`));
});
