/**
 * Writes docs/rules/<area>/<name>.md and docs/rules/README.md from the rule metadata.
 * `--check` exits 1 when a page is stale (the unit tests run the same comparison).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/rules/registry';
import { ruleDocsPage, rulesIndexPage } from '../server/src/rules/docs-page';
import { suppressionDocPage } from '../server/src/rules/suppression-doc';

export function expectedDocs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of allRules()) out.set(`docs/rules/${r.meta.id}.md`, ruleDocsPage(r));
  out.set('docs/rules/README.md', rulesIndexPage(allRules()));
  out.set('docs/suppression.md', suppressionDocPage(allRules()));
  return out;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '../..');
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [rel, content] of expectedDocs()) {
    const file = path.join(root, rel);
    const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (cur === content) continue;
    stale++;
    if (check) console.error(`stale: ${rel}`);
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      console.log(`wrote ${rel}`);
    }
  }
  if (check && stale) process.exit(1);
}
