/**
 * What the VS Code client does when the language server crashes: restart it, say so once, and give
 * up (with a message naming the Restart Server command) if it keeps crashing.
 *
 * Only types are imported from vscode-languageclient so that this file loads (and is unit tested)
 * outside VS Code. Wire it in extension.ts:
 *
 *   errorHandler: restartHandler(vscode.window, output),
 */
import type { CloseAction, CloseHandlerResult, ErrorAction, ErrorHandler, ErrorHandlerResult, Message } from 'vscode-languageclient';

// vscode-languageclient's enum values (ErrorAction.Continue/Shutdown, CloseAction.DoNotRestart/Restart).
const CONTINUE = 1 as ErrorAction;
const SHUTDOWN = 2 as ErrorAction;
const DO_NOT_RESTART = 1 as CloseAction;
const RESTART = 2 as CloseAction;

/** The parts of `vscode.window` used (structural, so tests can pass a fake). */
export interface Notifier {
  showInformationMessage(message: string): unknown;
  showErrorMessage(message: string, ...items: string[]): unknown;
}

/** The parts of an OutputChannel used. */
export interface Log {
  appendLine(line: string): void;
}

export interface RestartOptions {
  /** Restarts allowed within `windowMs` before giving up (default 4, as vscode-languageclient). */
  maxRestarts?: number;
  /** Default 3 minutes. */
  windowMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface RestartHandler extends ErrorHandler {
  /** Forget past crashes (call after a manual restart, e.g. the Restart Server command). */
  reset(): void;
}

/** Builds the `errorHandler` of LanguageClientOptions. */
export function restartHandler(window: Notifier, log: Log, opts: RestartOptions = {}): RestartHandler {
  const maxRestarts = opts.maxRestarts ?? 4;
  const windowMs = opts.windowMs ?? 3 * 60 * 1000;
  const now = opts.now ?? Date.now;
  let crashes: number[] = [];
  let told = false;
  return {
    error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
      log.appendLine(`leastpriv: connection error (${count ?? 1}): ${error?.message ?? error}`);
      // A few transient read/write errors are tolerated; after that the connection is shut down,
      // which ends in closed() below and a restart.
      return count !== undefined && count <= 3 ? { action: CONTINUE, handled: true } : { action: SHUTDOWN, handled: true };
    },
    closed(): CloseHandlerResult {
      const t = now();
      crashes = crashes.filter((c) => t - c < windowMs);
      crashes.push(t);
      if (crashes.length > maxRestarts) {
        const message = `leastpriv: the language server crashed ${crashes.length} times in ${Math.round(windowMs / 60000)} minutes and was not restarted. See the leastpriv output, then run "leastpriv: Restart Server".`;
        log.appendLine(message);
        void window.showErrorMessage(message);
        return { action: DO_NOT_RESTART, message, handled: true };
      }
      const message = 'leastpriv: the language server stopped unexpectedly and was restarted.';
      log.appendLine(message);
      if (!told) {
        // Said once per session; later restarts are only logged.
        told = true;
        void window.showInformationMessage(message);
      }
      return { action: RESTART, message, handled: true };
    },
    reset() {
      crashes = [];
    },
  };
}
