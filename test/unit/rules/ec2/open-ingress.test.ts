import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCidr, isOpenCidr, parseCidr } from '../../../../server/src/rules/ec2/cidr';
import { openIngress } from '../../../../server/src/rules/ec2/open-ingress';
import { findingsOf, fixture, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/ec2/open-ingress';
ruleTester(openIngress, {
  valid: [{ file: `${D}/good.yaml` }, { file: `${D}/good.json` }],
  invalid: [
    { file: `${D}/bad-ssh.yaml`, count: 1, lines: [13], severity: 'error', messages: ['SSH (tcp port 22) from 0.0.0.0/0 (the whole internet)'], output: fixture(`${D}/bad-ssh.fixed.yaml`) },
    {
      file: `${D}/bad-all.json`,
      count: 4,
      lines: [9, 10, 11, 22],
      severity: 'error',
      messages: ['all traffic (every protocol and port)', 'MySQL (tcp port 3306) from ::/0', 'tcp ports 1024-65535, including SQL Server 1433', "Ingress rule 'RedisIngress' of security group 'AppSecurityGroup' allows Redis (tcp port 6379) from 128.0.0.0/2"],
      output: fixture(`${D}/bad-all.fixed.json`),
    },
    {
      file: `${D}/bad-intrinsics.yaml`,
      count: 5,
      lines: [20, 24, 28, 32, 38],
      messages: ["RDP (tcp port 3389) from 0.0.0.0/0 (the whole internet; default of parameter 'AllowedCidr')", 'tcp port 8080', 'HTTPS (tcp port 443) from ::/0', 'ICMP (all types)', 'udp ports 3000-3100'],
    },
    { file: `${D}/bad-existing-param.yaml`, count: 1, lines: [11], messages: ['PostgreSQL (tcp port 5432)'], output: fixture(`${D}/bad-existing-param.fixed.yaml`) },
  ],
});

test('ec2/open-ingress severity by exposure: admin/data/all ports error, others warning, 80/443 and ICMP info', () => {
  const sev = findingsOf(fixture(`${D}/bad-intrinsics.yaml`), 'x.yaml', 'ec2/open-ingress').map((f) => f.severity);
  assert.deepEqual(sev, ['error', 'warning', 'info', 'info', 'warning']);
  const f = findingsOf(fixture(`${D}/bad-intrinsics.yaml`), 'x.yaml', 'ec2/open-ingress');
  assert.match(f[2].message, /public web tier/);
  // From a parameter default: no fix (change the default instead); !If branch literal: fix replaces the branch.
  assert.equal(f[0].fixes.length, 0);
  assert.equal(f[1].fixes.length, 1);
  assert.equal(f[1].fixes[0].kind, 'choice');
});

test('ec2/open-ingress CIDR math (IPv4 and IPv6)', () => {
  for (const c of ['0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/7', '::/0', '2000::/3', '::/1', ' 0.0.0.0/0 ']) assert.ok(isOpenCidr(c), c);
  for (const c of ['10.0.0.0/8', '3.0.0.0/8', '1.2.3.4/32', 'fc00::/7', 'fd00::/8', '2001:db8::/32', '0.0.0.0', 'nonsense', '300.0.0.0/0', '::/129', '1:2:3:4:5:6:7:8:9/0']) {
    assert.ok(!isOpenCidr(c), c);
  }
  assert.equal(parseCidr('10.1.2.3/8')?.network, 10n << 24n);
  assert.equal(parseCidr('::ffff:1.2.3.4/128')?.network, (0xffffn << 32n) | 0x01020304n);
  assert.equal(describeCidr('0.0.0.0/1'), '0.0.0.0/1 (half of the IPv4 address space)');
  assert.equal(describeCidr('192.168.1.0/0'), '192.168.1.0/0 (the whole internet; the /0 prefix ignores the address)');
  assert.ok(isOpenCidr('192.168.1.0/0'));
});

test('ec2/open-ingress fix reuses an existing parameter and is never offered when that parameter is open', () => {
  const text = fixture(`${D}/bad-existing-param.yaml`).replace('192.168.0.0/16', '0.0.0.0/0');
  const f = findingsOf(text, 'x.yaml', 'ec2/open-ingress');
  assert.equal(f.length, 1);
  assert.equal(f[0].fixes.length, 0);
});
