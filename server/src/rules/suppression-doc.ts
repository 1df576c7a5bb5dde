import { PEER_MAPPINGS, type PeerMapping } from '../engine/peer-ids';
import { SUPPRESSION_WITHOUT_REASON, UNKNOWN_SUPPRESSED_RULE } from '../engine/suppress';
import type { Rule } from '../engine/types';

const TOOLS: { tool: PeerMapping['tool']; name: string; url: string }[] = [
  { tool: 'cfn-lint', name: 'cfn-lint', url: 'https://github.com/aws-cloudformation/cfn-lint' },
  { tool: 'cfn_nag', name: 'cfn_nag', url: 'https://github.com/stelligent/cfn_nag' },
  { tool: 'checkov', name: 'Checkov', url: 'https://github.com/bridgecrewio/checkov' },
];

const code = (lang: string, text: string) => ['```' + lang, text.trimEnd(), '```', ''];
const ruleLink = (id: string) => `[${id}](rules/${id}.md)`;

/** Natural order of peer ids: E2507 < E3027 < E3510, F3 < F13, CKV_AWS_3 < CKV_AWS_24. */
function byId(a: PeerMapping, b: PeerMapping): number {
  return a.id.localeCompare(b.id, 'en', { numeric: true });
}

/** docs/suppression.md, generated from PEER_MAPPINGS and the rule registry by `npm run docs`. */
export function suppressionDocPage(rules: Rule[]): string {
  const known = new Set(rules.map((r) => r.meta.id));
  const lines: string[] = [
    '<!-- Generated from server/src/engine/peer-ids.ts and server/src/rules/suppression-doc.ts by `npm run docs`. Do not edit. -->',
    '# Suppressing findings',
    '',
    'A finding you have reviewed and accepted can be suppressed where it is written, with the reason next to it, so that the next reviewer sees why. A suppressed finding is not deleted: it is hidden in the editor and in the CLI text output, does not fail `leastpriv scan`, and stays in SARIF output marked as suppressed with its justification. Suppressions already written for cfn-lint, cfn_nag or Checkov are honoured too, for the peer rules that mean the same as ours ([table below](#peer-rule-ids)).',
    '',
    '## In a resource\'s `Metadata`',
    '',
    'Suppresses the rules for that resource only. `rule` is a rule id (or a list of them, or `*` for every rule); `reason` says why the risk is accepted.',
    '',
    ...code(
      'yaml',
      `LegacyServer:
  Type: AWS::EC2::Instance
  Metadata:
    leastpriv:
      suppress:
        - rule: ec2/imds-v1
          reason: Vendor AMI without IMDSv2 support; replaced in Q3 (TICKET-123)
  Properties:
    ImageId: !Ref VendorAmi`,
    ),
    ...code(
      'json',
      `"LegacyServer": {
  "Type": "AWS::EC2::Instance",
  "Metadata": {
    "leastpriv": {
      "suppress": [
        { "rule": "ec2/imds-v1", "reason": "Vendor AMI without IMDSv2 support; replaced in Q3 (TICKET-123)" }
      ]
    }
  },
  "Properties": { "ImageId": { "Ref": "VendorAmi" } }
}`,
    ),
    '## In the template\'s `Metadata`',
    '',
    'The same list in the template-level `Metadata` suppresses the rules in the whole file.',
    '',
    ...code(
      'yaml',
      `AWSTemplateFormatVersion: "2010-09-09"
Metadata:
  leastpriv:
    suppress:
      - rule: [s3/access-logging-disabled, s3/versioning-disabled]
        reason: Sandbox account; buckets hold test data only`,
    ),
    ...code(
      'json',
      `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Metadata": {
    "leastpriv": {
      "suppress": [
        { "rule": ["s3/access-logging-disabled", "s3/versioning-disabled"], "reason": "Sandbox account; buckets hold test data only" }
      ]
    }
  }
}`,
    ),
    '## On a line (YAML)',
    '',
    'A comment `# leastpriv-ignore <rule>[, <rule>]: <reason>` suppresses the rules for findings on its own line, or on the next line when the comment stands alone on its line.',
    '',
    ...code(
      'yaml',
      `Statement:
  - Effect: Allow
    # leastpriv-ignore iam/data-exfiltration: reads every tenant's table by design
    Action: dynamodb:GetItem
    Resource: "*" # leastpriv-ignore iam/wildcard-resource: table names are not known at deploy time`,
    ),
    'Several rules are separated by commas (`# leastpriv-ignore iam/wildcard-action, iam/wildcard-resource: …`); `*` stands for every rule. A finding is reported on the element it is about (`Action`, `Resource`, the resource\'s `Type`…): put the comment on that line or the line above.',
    '',
    'JSON has no comments: in a JSON template use `Metadata`.',
    '',
    '## In `.leastpriv.json` (JSON policy files)',
    '',
    'A standalone IAM policy file has no `Metadata` and, in JSON, no comments. List its suppressions in `.leastpriv.json` (or `.leastpriv.yaml`, or the VS Code setting `leastpriv.suppressions`): `path` is a glob matched against the end of the file path (`*` within a folder, `**/` across folders), `rule` a rule id or `*`.',
    '',
    ...code(
      'json',
      `{
  "suppressions": [
    { "path": "policies/break-glass/*.json", "rule": "iam/full-admin", "reason": "Break-glass role, MFA enforced by SCP" },
    { "path": "policies/**/generated-*.json", "rule": "iam/unknown-action", "reason": "Generated from a newer service catalog" }
  ]
}`,
    ),
    ...code(
      'yaml',
      `suppressions:
  - path: policies/break-glass/*.json
    rule: iam/full-admin
    reason: Break-glass role, MFA enforced by SCP`,
    ),
    '## Reasons and rule ids are checked',
    '',
    `- \`${SUPPRESSION_WITHOUT_REASON}\` (info): a leastpriv suppression without a \`reason\` still applies, but is reported so that someone writes down why the risk is accepted.`,
    `- \`${UNKNOWN_SUPPRESSED_RULE}\` (info): a leastpriv suppression names a rule id that does not exist (a typo, or a rule that was renamed) and therefore suppresses nothing.`,
    '',
    'Both are reported on the suppression itself. Peer suppressions (below) are not checked this way: they belong to the other tool, and ids that do not correspond to a leastpriv rule are simply ignored.',
    '',
    '## How suppressed findings appear',
    '',
    '- **Editor**: not shown as diagnostics.',
    '- **CLI, text output**: left out, and counted in the summary line. `leastpriv scan --show-suppressed` lists them, each followed by `[suppressed: <justification>]`:',
    '',
    ...code(
      'text',
      `template.yaml:20:27 info iam/wildcard-resource Resource '*' lets dynamodb:GetItem (Read) act on every matching resource in the account; scope it to the ARNs the workload uses. [suppressed: table names are not known at deploy time]
0 findings (0 error, 0 warning, 0 info) in 1 file, 2 suppressed`,
    ),
    '- **CLI exit code**: suppressed findings never fail the scan (`--fail-on`).',
    '- **JSON output**: each suppressed finding has `suppressed: {kind, justification, via}`.',
    '- **SARIF output** (`--format sarif`, for GitHub code scanning): the result carries `suppressions: [{"kind": "inSource", "justification": "<reason>"}]`, which SARIF viewers show as suppressed rather than open. Without a reason, the justification names where the suppression was written (`suppressed by leastpriv-ignore comment (no reason given)`).',
    '',
    ...code(
      'json',
      `{
  "ruleId": "ec2/imds-v1",
  "level": "error",
  "suppressions": [
    { "kind": "inSource", "justification": "Vendor AMI without IMDSv2 support; replaced in Q3 (TICKET-123)" }
  ]
}`,
    ),
    '## Quick fixes',
    '',
    'Every finding in the editor offers two code actions that write a suppression for you, with a `TODO` reason to replace:',
    '',
    '- **Suppress `<rule>` for `<Resource>`** adds the rule to the resource\'s `Metadata: leastpriv: suppress` list (creating `Metadata` when needed), in YAML and JSON templates.',
    '- **Suppress `<rule>` on this line** (YAML) inserts a `# leastpriv-ignore <rule>: TODO: explain why this risk is accepted` comment above the line.',
    '',
    '## Suppressions written for other tools',
    '',
    'These are read as well, so that a template already reviewed with another linter does not need its suppressions written twice. The peer rule id is translated with the [table below](#peer-rule-ids); an id with no leastpriv equivalent suppresses nothing.',
    '',
    '### cfn-lint: `Metadata: cfn-lint: config: ignore_checks`',
    '',
    'In a resource\'s or the template\'s `Metadata`. cfn-lint has no reason field, so the justification says where the suppression came from.',
    '',
    ...code(
      'yaml',
      `DeployPolicy:
  Type: AWS::IAM::ManagedPolicy
  Metadata:
    cfn-lint:
      config:
        ignore_checks: [W3037]   # suppresses iam/unknown-action`,
    ),
    ...code('json', `"Metadata": { "cfn-lint": { "config": { "ignore_checks": ["W3037"] } } }`),
    '### cfn_nag: `Metadata: cfn_nag: rules_to_suppress`',
    '',
    'The `reason` becomes the justification.',
    '',
    ...code(
      'yaml',
      `AppRole:
  Type: AWS::IAM::Role
  Metadata:
    cfn_nag:
      rules_to_suppress:
        - id: W11
          reason: X-Ray and CloudWatch actions only support "*"   # suppresses iam/wildcard-resource`,
    ),
    ...code('json', `"Metadata": { "cfn_nag": { "rules_to_suppress": [ { "id": "W11", "reason": "X-Ray and CloudWatch actions only support \\"*\\"" } ] } }`),
    '### Checkov: `Metadata: checkov: skip` and `# checkov:skip=` comments',
    '',
    'The `comment` (or the text after the second `:` of the comment) becomes the justification. A `# checkov:skip=<ID>:<reason>` comment applies to the whole resource it is written in (or directly above).',
    '',
    ...code(
      'yaml',
      `Uploads:
  Type: AWS::S3::Bucket
  Metadata:
    checkov:
      skip:
        - id: CKV_AWS_18
          comment: Access logs go to CloudTrail data events   # suppresses s3/access-logging-disabled
WebServer:
  Type: AWS::EC2::Instance
  Properties:
    # checkov:skip=CKV_AWS_79:Vendor AMI without IMDSv2 support
    ImageId: !Ref VendorAmi`,
    ),
    ...code('json', `"Metadata": { "checkov": { "skip": [ { "id": "CKV_AWS_18", "comment": "Access logs go to CloudTrail data events" } ] } }`),
    '## Peer rule ids',
    '',
    'A peer id maps to every leastpriv rule that reports what it reports; one id can stand for several of ours (cfn_nag F3, "`*` action", is `iam/wildcard-action` and, on `*` resources, `iam/full-admin`). Peer checks that only look alike are not mapped (for example cfn-lint W3045, which flags any `AccessControl`, or cfn_nag W37, which asks for a customer managed key on EBS volumes). Ids and titles were taken from each tool\'s rule sources; see the header of `server/src/engine/peer-ids.ts` for the versions read.',
    '',
  ];
  for (const t of TOOLS) {
    const rows = PEER_MAPPINGS.filter((m) => m.tool === t.tool).sort(byId);
    lines.push(`### [${t.name}](${t.url})`, '', '| Peer id | Peer title | leastpriv rules |', '|---|---|---|');
    for (const m of rows) lines.push(`| ${m.id} | ${m.title.replace(/([|*_])/g, '\\$1')} | ${m.rules.map((id) => (known.has(id) ? ruleLink(id) : '`' + id + '`')).join(', ')} |`);
    lines.push('');
  }
  const covered = new Set(PEER_MAPPINGS.flatMap((m) => m.rules));
  const none = rules.filter((r) => !covered.has(r.meta.id));
  lines.push('### leastpriv rules without a peer equivalent', '');
  if (none.length) {
    lines.push('None of the three tools reports the same thing as:', '');
    for (const r of none) lines.push(`- ${ruleLink(r.meta.id)} — ${r.meta.title}`);
  } else lines.push('Every leastpriv rule has an equivalent in at least one of the three tools.');
  lines.push('');
  return lines.join('\n');
}
