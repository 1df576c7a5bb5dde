'use strict';
// Helpers shared by the real-VS-Code suites (not a test file: index.js loads *.test.js only).
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'leastpriv.leastpriv';
const SOURCE = 'leastpriv';
const TEMPLATE = 'capital-one-2019.yaml';
const NON_AWS = ['package.json', 'k8s/deployment.yaml', '.github/workflows/ci.yml'];
const SETTLE_MS = Number(process.env.LEASTPRIV_SETTLE_MS || 3000);

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
async function waitFor(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}
function codeOf(d) { return d.code && typeof d.code === 'object' ? String(d.code.value) : (d.code === undefined ? undefined : String(d.code)); }
function hrefOf(d) { return d.code && typeof d.code === 'object' && d.code.target ? d.code.target.toString(true) : undefined; }
function rangeStr(r) { return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`; }
function wsUri(rel) { return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, ...rel.split('/')); }
function leastprivDiags(uri) { return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE); }
function describe(doc, d) {
  return `${codeOf(d)} [${rangeStr(d.range)}] ${JSON.stringify(doc.getText(d.range).slice(0, 40))} source=${d.source} href=${hrefOf(d)} :: ${d.message}`;
}
function kindOf(a) { return a.kind ? (a.kind.value !== undefined ? a.kind.value : String(a.kind)) : ''; }
function isQuickFix(a) { return kindOf(a) === 'quickfix' || kindOf(a).startsWith('quickfix.'); }
function editTexts(a) {
  if (!a.edit) return [];
  const out = [];
  for (const [, edits] of a.edit.entries()) for (const e of edits) if (e && typeof e.newText === 'string') out.push(e.newText);
  return out;
}
function describeAction(a) {
  return `${JSON.stringify(a.title)} kind=${kindOf(a)} preferred=${!!a.isPreferred} edits=${JSON.stringify(editTexts(a)).slice(0, 160)}${a.command ? ' command=' + a.command.command : ''}`;
}
async function codeActionsAt(uri, range) {
  // itemResolveCount: resolve lazily computed edits (codeAction/resolve) for up to 100 items
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, undefined, 100);
  return (actions || []).filter((a) => a && typeof a.title === 'string');
}
async function applyAction(a) {
  if (a.edit) assert.ok(await vscode.workspace.applyEdit(a.edit), `workspace.applyEdit failed for ${a.title}`);
  if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments || []));
  assert.ok(a.edit || a.command, `code action ${JSON.stringify(a.title)} has neither an edit nor a command`);
}
async function revert(doc) {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(() => !doc.isDirty, 10000, `${doc.uri.fsPath} to revert`);
}

module.exports = {
  EXTENSION_ID, SOURCE, TEMPLATE, NON_AWS, SETTLE_MS,
  sleep, waitFor, codeOf, hrefOf, rangeStr, wsUri, leastprivDiags, describe, kindOf, isQuickFix, editTexts, describeAction, codeActionsAt, applyAction, revert,
};
