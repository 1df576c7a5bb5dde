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
import { DEFAULT_SETTINGS, mergeSettings, type Settings } from '../engine/settings';
import { validateSettings } from '../engine/config';
import { VERSION } from '../version';
import { fixToCodeAction, toDiagnostic, type DiagnosticData } from './convert';
import { codeActions } from './code-actions';

/** Analysis of one document version, kept so code actions, hover and completion reuse it. */
interface Cached {
  version: number;
  result: AnalysisResult;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let settings: Settings = DEFAULT_SETTINGS;
  let hasConfigurationCapability = false;

  // Never write to stdout: with --stdio it is the JSON-RPC channel.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));

  connection.onInitialize((params) => {
    hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown };
    if (init.settings) settings = fromRaw(init.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, 'source.fixAll.leastpriv'] },
      },
      serverInfo: { name: 'leastpriv', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfigurationCapability) await refreshSettings();
  });

  function fromRaw(raw: unknown): Settings {
    const { settings: s, warnings } = validateSettings(raw);
    for (const w of warnings) connection.window.showWarningMessage(`leastpriv: setting ${w}`);
    return mergeSettings(DEFAULT_SETTINGS, s);
  }

  async function refreshSettings(): Promise<void> {
    try {
      const raw = await connection.workspace.getConfiguration('leastpriv');
      settings = fromRaw(raw ?? {});
    } catch {
      settings = DEFAULT_SETTINGS;
    }
    cache.clear();
    for (const d of documents.all()) schedule(d);
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (hasConfigurationCapability) await refreshSettings();
    else {
      settings = fromRaw((change.settings as { leastpriv?: unknown })?.leastpriv ?? {});
      cache.clear();
      for (const d of documents.all()) schedule(d);
    }
  });

  /** The analysis of the document's current version (computed once per version). */
  function analysisOf(doc: TextDocument): AnalysisResult {
    const c = cache.get(doc.uri);
    if (c && c.version === doc.version) return c.result;
    const result = analyze(doc.getText(), { fileName: uriToName(doc.uri), languageId: doc.languageId, settings });
    cache.set(doc.uri, { version: doc.version, result });
    return result;
  }

  function publish(doc: TextDocument): void {
    const result = analysisOf(doc);
    const diagnostics = result.findings
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => !f.suppression)
      .map(({ f, i }) => toDiagnostic(doc.uri, result, f, i, doc.version));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /**
   * Analyse on the next turn of the event loop: a burst of changes analyses only the latest
   * version, and requests queued meanwhile (code actions, hover) are not starved.
   */
  function schedule(doc: TextDocument): void {
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
    if (!doc) return [];
    try {
      const result = analysisOf(doc);
      return codeActions(doc, result, params, fixToCodeAction);
    } catch (e) {
      connection.console.error(`leastpriv: code actions failed: ${(e as Error).message}`);
      return [];
    }
  });

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
