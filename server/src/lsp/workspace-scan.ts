import * as fs from 'node:fs/promises';
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../engine/analyze';
import type { Settings } from '../engine/settings';
import { allRules } from '../rules/registry';
import { ruleDocsUrl } from '../rules/docs-url';
import { toDiagnostic } from './convert';
import { shouldAnalyse, uriToPath } from './workspace-config';

/**
 * Custom requests of the leastpriv server (any LSP client may send them):
 *
 * - `leastpriv/rules` → `RuleInfo[]`: every rule with its title, default severity and documentation URL.
 * - `leastpriv/scanWorkspace` `{ uris }` → `ScanResult`: analyses files that are NOT open in the editor,
 *   reading them from disk, and publishes their diagnostics (the Problems panel). Open documents are
 *   skipped: the editor's own analysis of their current text already covers them. The client sends the
 *   files in batches, so progress and cancellation stay responsive; within a batch the server yields
 *   between files so that analysis of what the user is typing is never held up.
 *
 * Scanned files stay known: when settings change they are analysed again, and when one is opened
 * and closed its on-disk diagnostics come back.
 */
export const RULES_REQUEST = 'leastpriv/rules';
export const SCAN_WORKSPACE_REQUEST = 'leastpriv/scanWorkspace';

export interface RuleInfo {
  id: string;
  title: string;
  severity: string;
  docsUrl: string;
}

export interface ScanParams {
  uris: string[];
}

export interface ScanResult {
  /** Files analysed (read from disk). */
  scanned: number;
  /** Files with at least one diagnostic. */
  withFindings: number;
  /** Diagnostics published, by severity. */
  errors: number;
  warnings: number;
  infos: number;
  /** Open in the editor (already analysed), excluded by settings, or unreadable. */
  skipped: number;
  cancelled: boolean;
}

export interface WorkspaceScan {
  /** Re-analyse every file scanned so far (after a settings change); clears them when disabled. */
  refresh(): Promise<void>;
}

export function registerWorkspaceRequests(connection: Connection, documents: TextDocuments<TextDocument>, getSettings: () => Settings): WorkspaceScan {
  /** uri → whether diagnostics were published for it (so they can be cleared). */
  const scanned = new Map<string, boolean>();

  connection.onRequest(RULES_REQUEST, (): RuleInfo[] =>
    allRules().map((r) => ({ id: r.meta.id, title: r.meta.title, severity: r.meta.severity, docsUrl: ruleDocsUrl(r.meta.id) })),
  );

  /** Analyses one closed file from disk and publishes; returns diagnostic counts, or undefined when skipped. */
  async function scanOne(uri: string): Promise<{ errors: number; warnings: number; infos: number } | undefined> {
    const settings = getSettings();
    const file = uriToPath(uri);
    if (!file || documents.get(uri)) return undefined;
    if (!shouldAnalyse(settings, uri)) {
      if (scanned.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      if (scanned.has(uri)) scanned.set(uri, false); // kept: analysed again if settings allow it later
      return undefined;
    }
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8'); // analyze() skips (and reports) files over maxFileSizeKb
    } catch {
      return undefined;
    }
    const result = analyze(text, { fileName: file, settings });
    const diagnostics = result.findings
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => !f.suppression)
      .map(({ f, i }) => toDiagnostic(uri, result, f, i, 0));
    if (diagnostics.length || scanned.get(uri)) void connection.sendDiagnostics({ uri, diagnostics });
    scanned.set(uri, diagnostics.length > 0);
    const count = (s: number) => diagnostics.filter((d) => d.severity === s).length;
    return { errors: count(1), warnings: count(2), infos: count(3) + count(4) };
  }

  connection.onRequest(SCAN_WORKSPACE_REQUEST, async (params: ScanParams, token: CancellationToken): Promise<ScanResult> => {
    const r: ScanResult = { scanned: 0, withFindings: 0, errors: 0, warnings: 0, infos: 0, skipped: 0, cancelled: false };
    for (const uri of params?.uris ?? []) {
      if (token.isCancellationRequested) {
        r.cancelled = true;
        break;
      }
      await new Promise((resolve) => setImmediate(resolve)); // let didChange/hover/code actions in first
      let c: Awaited<ReturnType<typeof scanOne>>;
      try {
        c = await scanOne(uri);
      } catch (e) {
        connection.console.error(`leastpriv: scanning ${uri} failed: ${(e as Error).stack ?? e}`);
        c = undefined;
      }
      if (!c) {
        r.skipped++;
        continue;
      }
      r.scanned++;
      if (c.errors + c.warnings + c.infos) r.withFindings++;
      r.errors += c.errors;
      r.warnings += c.warnings;
      r.infos += c.infos;
    }
    return r;
  });

  // A scanned file that is opened and closed again: the server clears its diagnostics on close; bring
  // back the on-disk analysis (the text may have been saved with changes).
  documents.onDidClose((e) => {
    if (scanned.has(e.document.uri)) setTimeout(() => void scanOne(e.document.uri).catch(() => undefined), 0);
  });

  return {
    async refresh() {
      for (const uri of [...scanned.keys()]) {
        await new Promise((resolve) => setImmediate(resolve));
        await scanOne(uri).catch(() => undefined);
      }
    },
  };
}
