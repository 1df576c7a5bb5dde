import { IdleCollector } from './memory';
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type AnalysisResult } from '../engine/analyze';
import { DEFAULT_SETTINGS, type Settings } from '../engine/settings';
import { VERSION } from '../version';
import { fixToCodeAction, toDiagnostic, type DiagnosticData } from './convert';
import { codeActions } from './code-actions';
import { effectiveSettings, shouldAnalyse, workspaceRoot } from './workspace-config';
import { registerWorkspaceRequests } from './workspace-scan';
import { hover } from './hover';
import { completion, TRIGGER_CHARACTERS, type CompletionOptions } from './completion';

/** Analysis of one document version, kept so code actions, hover and completion reuse it. */
interface Cached {
  version: number;
  result: AnalysisResult;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const idle = new IdleCollector();
  let settings: Settings = DEFAULT_SETTINGS;
  let hasConfigurationCapability = false;
  let root: string | undefined; // where .leastpriv.json/.yaml is read
  let editorRaw: unknown = {}; // the client's last `leastpriv` settings
  const completionOptions: CompletionOptions = { snippets: false, retrigger: false };

  // Never write to stdout: with --stdio it is the JSON-RPC channel.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));

  connection.onInitialize((params) => {
    hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
    root = workspaceRoot(params);
    completionOptions.snippets = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
    completionOptions.retrigger = /visual studio code|vscode|vscodium|cursor/i.test(params.clientInfo?.name ?? '');
    const init = (params.initializationOptions ?? {}) as { settings?: unknown };
    settings = fromRaw((editorRaw = init.settings ?? {}));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, 'source.fixAll.leastpriv'] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
      },
      serverInfo: { name: 'leastpriv', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfigurationCapability) await refreshSettings();
  });

  /** Editor settings merged with the workspace's .leastpriv.json/.yaml (see workspace-config.ts). */
  function fromRaw(raw: unknown): Settings {
    const { settings: s, warnings } = effectiveSettings(raw, root);
    for (const w of warnings) connection.window.showWarningMessage(`leastpriv: ${w}`);
    return s;
  }

  /** New settings apply at once: open documents and files scanned by Scan Workspace are analysed again. */
  function applySettings(raw: unknown): void {
    editorRaw = raw;
    settings = fromRaw(raw);
    cache.clear();
    for (const d of documents.all()) schedule(d);
    void workspaceScan.refresh();
  }

  async function refreshSettings(): Promise<void> {
    let raw: unknown = {};
    try {
      raw = (await connection.workspace.getConfiguration('leastpriv')) ?? {};
    } catch {
      raw = {};
    }
    applySettings(raw);
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (hasConfigurationCapability) await refreshSettings();
    else applySettings((change.settings as { leastpriv?: unknown })?.leastpriv ?? {});
  });
  // .leastpriv.json/.yaml changed (the VS Code client watches them).
  connection.onDidChangeWatchedFiles(() => applySettings(editorRaw));

  /** The analysis of the document's current version (computed once per version). */
  function analysisOf(doc: TextDocument): AnalysisResult {
    const c = cache.get(doc.uri);
    if (c && c.version === doc.version) return c.result;
    const result = analyze(doc.getText(), { fileName: uriToName(doc.uri), languageId: doc.languageId, settings });
    cache.set(doc.uri, { version: doc.version, result });
    return result;
  }

  function publish(doc: TextDocument): void {
    if (!shouldAnalyse(settings, doc.uri)) {
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      return;
    }
    const result = analysisOf(doc);
    const diagnostics = result.findings
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => !f.suppression)
      .map(({ f, i }) => toDiagnostic(doc.uri, result, f, i, doc.version));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    idle.analysed(result.parsed.text.length);
  }

  /**
   * Analyse on the next turn of the event loop: a burst of changes analyses only the latest
   * version, and requests queued meanwhile (code actions, hover) are not starved.
   */
  function schedule(doc: TextDocument): void {
    idle.postpone();
    const prev = pending.get(doc.uri);
    if (prev) clearTimeout(prev);
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        try {
          publish(current);
        } catch (e) {
          connection.console.error(`leastpriv: analysis failed for ${doc.uri}: ${(e as Error).stack ?? e}`);
        }
      }, 0),
    );
  }

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    const p = pending.get(e.document.uri);
    if (p) clearTimeout(p);
    pending.delete(e.document.uri);
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params): CodeAction[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !shouldAnalyse(settings, doc.uri)) return [];
    try {
      const result = analysisOf(doc);
      return codeActions(doc, result, params, fixToCodeAction);
    } catch (e) {
      connection.console.error(`leastpriv: code actions failed: ${(e as Error).message}`);
      return [];
    }
  });

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    try {
      return shouldAnalyse(settings, doc.uri) ? hover(analysisOf(doc), params) : null;
    } catch (e) {
      connection.console.error(`leastpriv: hover failed: ${(e as Error).message}`);
      return null;
    }
  });

  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    try {
      return shouldAnalyse(settings, doc.uri) ? completion(analysisOf(doc), params, completionOptions) : null;
    } catch (e) {
      connection.console.error(`leastpriv: completion failed: ${(e as Error).message}`);
      return null;
    }
  });

  const workspaceScan = registerWorkspaceRequests(connection, documents, () => settings);

  documents.listen(connection);
  connection.listen();
  return connection;
}

function uriToName(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/^file:\/\//, ''));
  } catch {
    return uri;
  }
}

export type { DiagnosticData };
