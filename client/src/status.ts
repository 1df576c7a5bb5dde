import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

const LANGUAGES = new Set(['json', 'jsonc', 'yaml']);

/** Status bar: the server state (starting / ready / stopped) and the active file's leastpriv findings. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('leastpriv.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subs: vscode.Disposable[] = [];
  private state: State = State.Starting;

  constructor(client: LanguageClient) {
    this.item.name = 'leastpriv';
    this.subs.push(
      client.onDidChangeState((e) => {
        this.state = e.newState;
        this.update();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('leastpriv.enable')) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const enabled = vscode.workspace.getConfiguration('leastpriv').get<boolean>('enable', true);
    const relevant = !!editor && LANGUAGES.has(editor.document.languageId);
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.state === State.Starting) {
      item.text = '$(sync~spin) leastpriv';
      item.tooltip = 'leastpriv: the language server is starting';
      item.command = 'leastpriv.showOutput';
    } else if (this.state === State.Stopped) {
      item.text = '$(error) leastpriv';
      item.tooltip = 'leastpriv: the language server is stopped. Click to restart it.';
      item.command = 'leastpriv.restartServer';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (!enabled) {
      item.text = '$(circle-slash) leastpriv';
      item.tooltip = 'leastpriv is turned off (setting leastpriv.enable)';
      item.command = { title: 'Settings', command: 'workbench.action.openSettings', arguments: ['leastpriv.enable'] };
    } else {
      const diags = relevant ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'leastpriv') : [];
      const n = (s: vscode.DiagnosticSeverity) => diags.filter((d) => d.severity === s).length;
      const [errors, warnings, infos] = [n(vscode.DiagnosticSeverity.Error), n(vscode.DiagnosticSeverity.Warning), n(vscode.DiagnosticSeverity.Information) + n(vscode.DiagnosticSeverity.Hint)];
      item.text = diags.length ? `$(shield) ${diags.length}` : '$(shield) leastpriv';
      item.tooltip = relevant
        ? `leastpriv: ready. This file: ${errors} error(s), ${warnings} warning(s), ${infos} info. Click for the Problems panel.`
        : 'leastpriv: ready';
      item.command = 'workbench.actions.view.problems';
    }
    // Shown for JSON/YAML files, and whenever the server is not ready.
    if (relevant || this.state !== State.Running) item.show();
    else item.hide();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}
