import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publicIp } from '../../../../server/src/rules/ec2/public-ip';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/ec2/public-ip';
ruleTester(publicIp, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    {
      file: `${D}/bad.yaml`,
      count: 4,
      lines: [17, 25, 31, 38],
      severity: 'info',
      messages: [
        "Subnet 'PublicSubnet' gives every instance launched in it a public IP address",
        "Instance 'Bastion' network interface 0 gets a public IP address",
        "LaunchConfiguration 'Config' gets a public IP address (AssociatePublicIpAddress: true; default of parameter 'PublicLaunch')",
        "LaunchTemplate 'Template' network interface 0",
      ],
      output: fixture(`${D}/bad.fixed.yaml`),
    },
    { file: `${D}/bad.json`, count: 1, lines: [8], output: fixture(`${D}/bad.fixed.json`) },
  ],
});

test('ec2/public-ip: fixes are choices (a public address may be intended); none for a parameter default', () => {
  const f = findingsOf(fixture(`${D}/bad.yaml`), 'x.yaml', 'ec2/public-ip');
  assert.deepEqual(f.map((x) => x.fixes.map((y) => y.kind).join()), ['choice', 'choice', '', 'choice']);
});
