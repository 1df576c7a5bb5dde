import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../../server/src/engine/analyze';
import { positionAt } from '../../../../server/src/parse/lines';
import { imdsCredentialExfiltration } from '../../../../server/src/rules/chain/imds-credential-exfiltration';
import { REPO, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/chain/imds-credential-exfiltration';
const ID = 'chain/imds-credential-exfiltration';
const EXAMPLE = 'examples/capital-one-2019.yaml';
const example = fs.readFileSync(path.join(REPO, EXAMPLE), 'utf8');

ruleTester(imdsCredentialExfiltration, {
  valid: [
    // Each link broken in turn: IMDSv2 required; security group private and no public IP; role scoped to one bucket.
    { file: `${D}/good-imdsv2.yaml` },
    { file: `${D}/good-private-no-public-ip.yaml` },
    { file: `${D}/good-scoped-role.yaml` },
    { file: `${D}/good.json` },
  ],
  invalid: [
    {
      name: EXAMPLE,
      text: example,
      count: 1,
      lines: [72],
      severity: 'error',
      messages: ["Internet → WafSecurityGroup port 22/80/443 → WafInstance answers IMDSv1 → role WafRole's credentials → s3:GetObject on every bucket"],
    },
    {
      file: `${D}/bad-asg-launch-template.yaml`,
      count: 1,
      lines: [45],
      messages: ["Internet → AppSecurityGroup port 22 → instances of AppTemplate answer IMDSv1 → role AppRole's credentials → ssm:GetParameter"],
    },
    {
      file: `${D}/bad-instance-lt.json`,
      count: 1,
      lines: [41],
      messages: ["Internet → public IP (subnet PublicSubnet) → WebServer answers IMDSv1 → role AdminRole's credentials → every action on every resource"],
    },
  ],
});

test('chain on the Capital One example: related locations at every link', () => {
  const res = analyze(example, { fileName: EXAMPLE });
  const [f] = res.findings.filter((x) => x.ruleId === ID);
  assert.ok(f, 'no chain finding');
  assert.equal(f.resourceId, 'WafInstance');
  assert.equal(f.securitySeverity, 'critical');
  assert.equal(f.fixes.length, 0);
  const line = (o: number) => positionAt(res.parsed.lineStarts, o).line + 1;
  const rel = f.related.map((r) => ({ line: line(r.start), text: example.slice(r.start, r.end), message: r.message }));
  const at = (l: number, what: RegExp) => assert.ok(rel.some((r) => r.line === l && what.test(r.message)), `no related location at line ${l} (${what}): ${JSON.stringify(rel)}`);
  at(40, /SSH \(tcp port 22\) from 0\.0\.0\.0\/0/); // the port-22 ingress CidrIp
  assert.equal(rel.find((r) => r.line === 40)?.text, '0.0.0.0/0');
  at(72, /IMDSv1: 'WafInstance' has no MetadataOptions/); // the instance (no MetadataOptions)
  at(63, /Role 'WafRole' grants s3:GetObject/); // the role statement's action item
  at(81, /Public IP address/);
  at(77, /Instance profile 'WafInstanceProfile' carries role 'WafRole'/);
  // Every link lights up too.
  const ids = new Set(res.findings.map((x) => x.ruleId));
  for (const id of ['ec2/open-ingress', 'ec2/imds-v1', 'ec2/public-ip', 'ec2/unencrypted-ebs', ID]) assert.ok(ids.has(id), id);
});

test('chain: an instance whose security groups are all in the template and closed is not reachable through its public IP alone', () => {
  const text = example.replace(/CidrIp: 0\.0\.0\.0\/0/g, 'CidrIp: 10.0.0.0/8');
  assert.equal(analyze(text, { fileName: 'x.yaml' }).findings.filter((x) => x.ruleId === ID).length, 0);
  // …but a security group from a parameter with a public IP is.
  const viaParam = text.replace('            - !Ref WafSecurityGroup', '            - !Ref WafSecurityGroup\n            - !Ref VpcId');
  assert.equal(analyze(viaParam, { fileName: 'x.yaml' }).findings.filter((x) => x.ruleId === ID).length, 1);
});

test('chain: an Elastic IP makes the instance public', () => {
  const text = example
    .replace(/CidrIp: 0\.0\.0\.0\/0/g, 'CidrIp: 10.0.0.0/8')
    .replace('          AssociatePublicIpAddress: true\n', '')
    .replace('            - !Ref WafSecurityGroup', '            - !Ref WafSecurityGroup\n            - !Ref VpcId')
    .replace('  CreditApplicationsBucket:', '  WafEip:\n    Type: AWS::EC2::EIP\n    Properties:\n      InstanceId: !Ref WafInstance\n\n  CreditApplicationsBucket:');
  const f = analyze(text, { fileName: 'x.yaml' }).findings.filter((x) => x.ruleId === ID);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Elastic IP 'WafEip'/);
});
