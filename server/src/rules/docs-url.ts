/** Where each rule's documentation page lives (generated from its metadata into docs/rules/). */
export const REPOSITORY_URL = 'https://github.com/leastpriv/leastpriv';
export function ruleDocsUrl(id: string): string {
  if (id.startsWith('leastpriv/')) return `${REPOSITORY_URL}/blob/main/docs/suppression.md`;
  if (!id.includes('/') || id.startsWith('parse/') || id.startsWith('internal/')) return `${REPOSITORY_URL}/blob/main/docs/diagnostics.md`;
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}
