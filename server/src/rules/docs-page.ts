import type { Rule } from '../engine/types';
import { ruleDocsUrl } from './docs-url';

const FIX_KIND: Record<string, string> = {
  safe: 'Yes — a single safe fix (applied by `leastpriv scan --fix`, fix-all and `source.fixAll.leastpriv`).',
  choice: 'Yes — several candidates; you choose one in the editor (never applied automatically).',
  refactor: 'A refactoring to help you prune by hand (never applied automatically).',
};

/** The Markdown page of a rule, generated from its metadata so that it cannot drift. */
export function ruleDocsPage(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `<!-- Generated from server/src/rules/${m.id}.ts by \`npm run docs\`. Do not edit. -->`,
    `# ${m.id}`,
    '',
    `**${m.title}**`,
    '',
    `| | |`,
    `|---|---|`,
    `| Default severity | ${m.severity} |`,
    `| Security severity (SARIF) | ${m.securitySeverity} |`,
    `| Applies to | ${m.scope.map((s) => (s === 'template' ? 'CloudFormation/SAM templates' : 'standalone IAM policy files')).join(', ')} |`,
    `| Fix | ${m.fixable ? FIX_KIND[m.fixable] : 'No automatic fix (see below).'} |`,
    ...(m.tags?.length ? [`| Tags | ${m.tags.map((t) => '`' + t + '`').join(' ')} |`] : []),
    '',
    '## Why',
    '',
    m.docs.rationale,
    '',
  ];
  if (m.docs.bad) lines.push('## Flagged', '', '```' + m.docs.bad.format, m.docs.bad.text.trimEnd(), '```', '');
  if (m.docs.good) lines.push('## Not flagged', '', '```' + m.docs.good.format, m.docs.good.text.trimEnd(), '```', '');
  lines.push('## Fix', '', m.docs.fix, '');
  lines.push(
    '## Configure',
    '',
    'Change the severity or turn the rule off in VS Code settings or in `.leastpriv.json`:',
    '',
    '```json',
    JSON.stringify({ rules: { [m.id]: 'off' } }, null, 2),
    '```',
    '',
    `Suppress one finding with resource \`Metadata\` (see [suppression](../../suppression.md)).`,
    '',
  );
  if (m.docs.references?.length) {
    lines.push('## References', '', ...m.docs.references.map((r) => `- ${r}`), '');
  }
  return lines.join('\n');
}

export function rulesIndexPage(rules: Rule[]): string {
  const lines = [
    '<!-- Generated from the rule registry by `npm run docs`. Do not edit. -->',
    '# Rules',
    '',
    '| Rule | Severity | Security | Fix | What it finds |',
    '|---|---|---|---|---|',
    ...rules.map((r) => {
      const m = r.meta;
      return `| [${m.id}](${m.id}.md) | ${m.severity} | ${m.securitySeverity} | ${m.fixable ?? '—'} | ${m.title} |`;
    }),
    '',
    `Each diagnostic links to its page (${ruleDocsUrl('iam/invalid-element').replace('iam/invalid-element', '<id>')}).`,
    '',
  ];
  return lines.join('\n');
}
