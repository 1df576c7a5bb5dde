import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Mirrors server/src/lsp/workspace-scan.ts (the client bundle does not import server code). */
interface RuleInfo {
  id: string;
  title: string;
  severity: string;
  docsUrl: string;
}
import type { ScanResult as ServerScanResult } from '../../server/src/lsp/workspace-scan';

/** What the server reports for a batch, plus how many files the client found. */
export type ScanResult = ServerScanResult & { found: number };

interface Deps {
  client: LanguageClient;
  output: vscode.OutputChannel;
  ready(): Promise<void>;
  restart(): Promise<void>;
}

const FILES = '**/*.{json,yaml,yml,template}';
const ALWAYS_EXCLUDED = '{**/node_modules/**,**/.git/**}';
const BATCH = 20;

export function registerCommands(context: vscode.ExtensionContext, deps: Deps): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  reg('leastpriv.scanWorkspace', () => scanWorkspace(deps));
  reg('leastpriv.showRuleDocs', (ruleId?: string) => showRuleDocs(deps, ruleId));
  reg('leastpriv.restartServer', async () => {
    deps.output.appendLine('leastpriv: restarting the language server');
    await deps.restart();
  });
  reg('leastpriv.showOutput', () => deps.output.show(true));
}

/**
 * Finds every *.json/*.yaml/*.yml/*.template file in the workspace and has the server analyse the
 * ones that are not open (it reads them from disk and publishes to the Problems panel), in batches,
 * with a cancellable progress notification. Returns the totals (used by the tests).
 */
async function scanWorkspace(deps: Deps): Promise<ScanResult | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showWarningMessage('leastpriv: open a folder to scan a workspace.');
    return undefined;
  }
  await deps.ready();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'leastpriv: scanning the workspace', cancellable: true },
    async (progress, token) => {
      const uris = (await vscode.workspace.findFiles(FILES, ALWAYS_EXCLUDED, undefined, token)).filter((u) => u.scheme === 'file');
      const total: ScanResult = { scanned: 0, withFindings: 0, errors: 0, warnings: 0, infos: 0, skipped: 0, cancelled: false, found: uris.length };
      const t0 = Date.now();
      for (let i = 0; i < uris.length && !token.isCancellationRequested; i += BATCH) {
        progress.report({ message: `${i} of ${uris.length} files`, increment: (100 * Math.min(BATCH, uris.length - i)) / Math.max(1, uris.length) });
        const batch = uris.slice(i, i + BATCH).map((u) => u.toString());
        let r: Omit<ScanResult, 'found'>;
        try {
          r = await deps.client.sendRequest<Omit<ScanResult, 'found'>>('leastpriv/scanWorkspace', { uris: batch }, token);
        } catch (e) {
          if (token.isCancellationRequested) break; // the request was cancelled
          throw e;
        }
        for (const k of ['scanned', 'withFindings', 'errors', 'warnings', 'infos', 'skipped'] as const) total[k] += r[k];
        if (r.cancelled) break;
      }
      total.cancelled = token.isCancellationRequested;
      const summary = `${total.cancelled ? 'scan cancelled after' : 'scanned'} ${total.scanned} file(s) in ${Date.now() - t0} ms: ` +
        `${total.errors} error(s), ${total.warnings} warning(s), ${total.infos} info in ${total.withFindings} file(s)` +
        (total.skipped ? ` (${total.skipped} open or excluded file(s) skipped)` : '');
      deps.output.appendLine(`leastpriv: ${summary}`);
      void vscode.window.showInformationMessage(`leastpriv: ${summary}`, 'Show Problems').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return total;
    },
  );
}

/** Quick pick of every rule (from the server's `leastpriv/rules`), then opens its documentation page. */
async function showRuleDocs(deps: Deps, ruleId?: string): Promise<string | undefined> {
  await deps.ready();
  const rules = await deps.client.sendRequest<RuleInfo[]>('leastpriv/rules');
  let rule = typeof ruleId === 'string' ? rules.find((r) => r.id === ruleId) : undefined;
  if (!rule) {
    const picked = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: r.severity, detail: r.title, rule: r })),
      { title: 'leastpriv: rule documentation', placeHolder: 'Type a rule id or words from its title', matchOnDetail: true },
    );
    rule = picked?.rule;
  }
  if (!rule) return undefined;
  await vscode.env.openExternal(vscode.Uri.parse(rule.docsUrl));
  return rule.docsUrl;
}
