import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { StatusItem } from './status';
import { restartHandler } from './restart';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/node-options';

/**
 * The client starts the language server, forwards settings and offers a few commands; every analysis
 * feature lives in the server so that VS Code, Neovim and Emacs get the same behaviour.
 * activate() does not wait for the server: the status bar item shows when it is ready.
 */
let client: LanguageClient | undefined;

export interface LeastprivApi {
  /** How long activate() took, in ms (measured by the extension itself). */
  activationMs: number;
  /** Resolves when the language server has started (rejects if it could not start). */
  ready(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): LeastprivApi {
  const t0 = Date.now();
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
  };
  const output = vscode.window.createOutputChannel('leastpriv');
  // Restarts a crashed server and says so once; gives up (and says how to restart) after repeated crashes.
  const errorHandler = restartHandler(vscode.window, output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
    ],
    synchronize: {
      configurationSection: 'leastpriv',
      // the server re-reads .leastpriv.json/.yaml when it changes
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.leastpriv.{json,yaml,yml}'),
    },
    outputChannel: output,
    errorHandler,
  };
  // The id 'leastpriv' makes the client honour the `leastpriv.trace.server` setting.
  const lc = new LanguageClient('leastpriv', 'leastpriv', serverOptions, clientOptions);
  client = lc;
  const status = new StatusItem(lc);
  context.subscriptions.push(output, status);

  let starting: Promise<void> = Promise.resolve();
  const start = (): Promise<void> => {
    starting = lc.start().catch((e: unknown) => {
      output.appendLine(`leastpriv: the language server could not start: ${(e as Error)?.message ?? e}`);
      throw e;
    });
    starting.catch(() => undefined);
    return starting;
  };
  const ready = async (): Promise<void> => {
    await starting;
    if (lc.state !== State.Running) await start();
  };
  registerCommands(context, {
    client: lc,
    output,
    ready,
    restart: async () => {
      errorHandler.reset(); // a manual restart gets a fresh allowance of automatic ones
      if (lc.state === State.Starting) await starting.catch(() => undefined);
      if (lc.state === State.Running) await lc.stop();
      await start();
    },
  });
  void start();
  return { activationMs: Date.now() - t0, ready };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) await c.stop().catch(() => undefined);
}
