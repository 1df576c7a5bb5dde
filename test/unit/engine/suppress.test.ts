import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { suppressionFixes } from '../../../server/src/engine/suppress';
import { applyEdits } from '../../../server/src/fixes/edits';
import { globMatchesPath } from '../../../server/src/engine/suppress';

const TEMPLATE = (metadata = '', inline = '') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Web:
    Type: AWS::EC2::Instance
${metadata}    Properties:
      ImageId: ami-1
  Other:
    Type: AWS::EC2::Instance
    Properties:
${inline}      ImageId: ami-2
`;

const imds = (text: string, settings = {}) => analyze(text, { fileName: 't.yaml', settings }).findings.filter((f) => f.ruleId === 'ec2/imds-v1');

test('resource Metadata leastpriv suppress hides that resource only, with the reason as justification', () => {
  const text = TEMPLATE('    Metadata:\n      leastpriv:\n        suppress:\n          - rule: ec2/imds-v1\n            reason: legacy AMI without IMDSv2 support\n');
  const f = imds(text);
  assert.equal(f.length, 2);
  const web = f.find((x) => x.resourceId === 'Web')!;
  assert.deepEqual(web.suppression && { kind: web.suppression.kind, justification: web.suppression.justification }, { kind: 'inSource', justification: 'legacy AMI without IMDSv2 support' });
  assert.equal(f.find((x) => x.resourceId === 'Other')!.suppression, undefined);
});

test('template-level Metadata suppresses in the whole file', () => {
  const text = 'Metadata:\n  leastpriv:\n    suppress:\n      - {rule: ec2/imds-v1, reason: lab account}\n' + TEMPLATE();
  assert.ok(imds(text).every((f) => f.suppression?.justification === 'lab account'));
});

test('a suppression without a reason still applies and is itself reported (info); unknown ids are reported', () => {
  const text = TEMPLATE('    Metadata:\n      leastpriv:\n        suppress:\n          - rule: ec2/imds-v1\n          - rule: ec2/no-such-rule\n            reason: x\n');
  const all = analyze(text, { fileName: 't.yaml' }).findings;
  assert.ok(all.find((f) => f.ruleId === 'ec2/imds-v1' && f.resourceId === 'Web')!.suppression);
  const noReason = all.filter((f) => f.ruleId === 'leastpriv/suppression-without-reason');
  assert.equal(noReason.length, 1);
  assert.equal(noReason[0].severity, 'info');
  assert.equal(all.filter((f) => f.ruleId === 'leastpriv/unknown-rule-id').length, 1);
});

test('inline # leastpriv-ignore comment on or above the line', () => {
  const above = TEMPLATE().replace('  Web:\n', '  # leastpriv-ignore ec2/imds-v1: vendor appliance\n  Web:\n');
  const f = imds(above);
  assert.equal(f.find((x) => x.resourceId === 'Web')!.suppression?.justification, 'vendor appliance');
  assert.equal(f.find((x) => x.resourceId === 'Other')!.suppression, undefined);
  const same = TEMPLATE().replace('  Other:\n', '  Other: # leastpriv-ignore ec2/imds-v1, iam/full-admin: test box\n');
  assert.equal(imds(same).find((x) => x.resourceId === 'Other')!.suppression?.justification, 'test box');
  const noReason = TEMPLATE().replace('  Web:\n', '  # leastpriv-ignore ec2/imds-v1\n  Web:\n');
  const all = analyze(noReason, { fileName: 't.yaml' }).findings;
  assert.ok(all.find((x) => x.resourceId === 'Web' && x.ruleId === 'ec2/imds-v1')!.suppression);
  assert.equal(all.filter((x) => x.ruleId === 'leastpriv/suppression-without-reason').length, 1);
});

test('JSON policy files: suppression by path from settings', () => {
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
  const settings = { suppressions: [{ path: 'policies/**/*.json', rule: 'iam/unknown-action', reason: 'generated' }] };
  const hit = analyze(policy, { fileName: '/repo/policies/a/b.json', settings }).findings.find((f) => f.ruleId === 'iam/unknown-action')!;
  assert.equal(hit.suppression?.justification, 'generated');
  const miss = analyze(policy, { fileName: '/repo/other/b.json', settings }).findings.find((f) => f.ruleId === 'iam/unknown-action')!;
  assert.equal(miss.suppression, undefined);
  assert.ok(globMatchesPath('*.json', '/x/y/z.json'));
  assert.ok(!globMatchesPath('policies/*.json', '/x/policies/a/z.json'));
});

test('cfn_nag rules_to_suppress maps W11 to iam/wildcard-resource ids (mapping table)', async () => {
  const { peerRules } = await import('../../../server/src/engine/peer-ids');
  assert.ok(peerRules('cfn_nag', 'W11').includes('iam/wildcard-resource'));
});

test('"Suppress <rule> for <Resource>" writes Metadata that suppresses the finding (YAML and JSON)', () => {
  const text = TEMPLATE();
  const res = analyze(text, { fileName: 't.yaml' });
  const f = res.findings.find((x) => x.ruleId === 'ec2/imds-v1' && x.resourceId === 'Web')!;
  const fix = suppressionFixes(res.parsed, res.template, f).find((x) => x.title === 'Suppress ec2/imds-v1 for Web')!;
  const out = applyEdits(text, fix.edits);
  const after = imds(out);
  assert.ok(after.find((x) => x.resourceId === 'Web')!.suppression, out);
  assert.equal(after.find((x) => x.resourceId === 'Other')!.suppression, undefined);
  const line = suppressionFixes(res.parsed, res.template, f).find((x) => x.title.includes('on this line'))!;
  assert.ok(imds(applyEdits(text, line.edits)).find((x) => x.resourceId === 'Web')!.suppression);

  const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1' } } } }, null, 2);
  const jr = analyze(json, { fileName: 't.json' });
  const jf = jr.findings.find((x) => x.ruleId === 'ec2/imds-v1')!;
  const jfix = suppressionFixes(jr.parsed, jr.template, jf)[0];
  const jout = applyEdits(json, jfix.edits);
  JSON.parse(jout);
  assert.ok(analyze(jout, { fileName: 't.json' }).findings.find((x) => x.ruleId === 'ec2/imds-v1')!.suppression);
});
