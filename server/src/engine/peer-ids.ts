/**
 * Peers' rule ids mapped to leastpriv's, where they mean the same thing, so that suppressions a
 * team already wrote for cfn-lint, cfn_nag or Checkov keep working. The table is documented in
 * docs/suppression.md.
 *
 * Each entry: peer id → our rule ids it covers, with the peer's own title (from its source).
 */
export interface PeerMapping {
  tool: 'cfn-lint' | 'cfn_nag' | 'checkov';
  id: string;
  title: string;
  rules: string[];
}

export const PEER_MAPPINGS: PeerMapping[] = [
  { tool: 'cfn_nag', id: 'W11', title: 'IAM role should not allow * resource on its permissions policy', rules: ['iam/wildcard-resource'] },
];

let index: Map<string, string[]> | undefined;
export function peerRules(tool: PeerMapping['tool'], id: string): string[] {
  if (!index) {
    index = new Map();
    for (const m of PEER_MAPPINGS) index.set(`${m.tool}:${m.id.toUpperCase()}`, m.rules);
  }
  return index.get(`${tool}:${id.toUpperCase()}`) ?? [];
}
