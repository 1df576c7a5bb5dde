'use strict';
// leastpriv's commands, activation time and live settings in a real VS Code extension host.
// Runs before leastpriv.test.js (files are loaded in name order), so no workspace file is open yet:
// "Scan Workspace" must publish the Capital One findings for a file nobody opened.
const assert = require('assert');
const vscode = require('vscode');

const { EXTENSION_ID, TEMPLATE, NON_AWS, sleep, waitFor, codeOf, wsUri, leastprivDiags } = require('./util');
const ACTIVATION_BUDGET_MS = 300; // reported; the assertion below is deliberately generous

function isOpen(uri) { return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()); }

suite('leastpriv commands, activation and settings', function () {
  let ext;

  test(`activates quickly (budget ${ACTIVATION_BUDGET_MS} ms) and the server becomes ready`, async function () {
    ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    const wasActive = ext.isActive;
    const t0 = Date.now();
    const api = await ext.activate();
    const wall = Date.now() - t0;
    const t1 = Date.now();
    await api.ready();
    const serverMs = Date.now() - t1;
    console.log(`ACTIVATION: activate() ran in ${api.activationMs} ms inside the extension; ext.activate() took ${wall} ms wall` +
      `${wasActive ? ' (already active)' : ''}; language server ready ${serverMs} ms later (budget for activation: ${ACTIVATION_BUDGET_MS} ms)`);
    assert.ok(ext.isActive);
    assert.ok(api.activationMs <= ACTIVATION_BUDGET_MS, `activate() took ${api.activationMs} ms, budget ${ACTIVATION_BUDGET_MS} ms`);
    assert.ok(wall < 5000, `ext.activate() took ${wall} ms`);
  });

  test('the four commands are registered', async function () {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ['leastpriv.scanWorkspace', 'leastpriv.showRuleDocs', 'leastpriv.restartServer', 'leastpriv.showOutput']) {
      assert.ok(all.has(c), `command ${c}`);
    }
  });

  test('Scan Workspace puts the Capital One findings of an unopened file into Problems, and nothing for non-AWS files', async function () {
    const template = wsUri(TEMPLATE);
    assert.ok(!isOpen(template), `${TEMPLATE} must not be open before the scan`);
    const t0 = Date.now();
    const result = await vscode.commands.executeCommand('leastpriv.scanWorkspace');
    console.log(`Scan Workspace: ${JSON.stringify(result)} in ${Date.now() - t0} ms`);
    assert.ok(result && !result.cancelled, 'the scan completed');
    assert.ok(result.found >= 3, `found ${result.found} files`);
    assert.ok(result.scanned >= 3, `scanned ${result.scanned} files`);
    const wanted = ['iam/invalid-element', 'iam/unknown-action', 'ec2/imds-v1'];
    await waitFor(() => wanted.every((c) => leastprivDiags(template).some((d) => codeOf(d) === c)), 10000,
      `${wanted.join(', ')} on ${TEMPLATE} (got ${leastprivDiags(template).map(codeOf).join(', ')})`);
    assert.ok(!isOpen(template), `${TEMPLATE} was not opened by the scan`);
    const onKey = leastprivDiags(template).find((d) => codeOf(d) === 'iam/invalid-element');
    assert.strictEqual(onKey.range.start.line, 58, 'iam/invalid-element on line 59');
    for (const rel of NON_AWS) {
      assert.deepStrictEqual(leastprivDiags(wsUri(rel)).map(codeOf), [], `${rel} has no leastpriv diagnostics`);
    }
    console.log(`Problems for ${TEMPLATE} after the scan: ${leastprivDiags(template).map(codeOf).join(', ')}`);
  });

  test('settings apply live: leastpriv.enable=false clears the Problems, true brings them back', async function () {
    const template = wsUri(TEMPLATE);
    const cfg = () => vscode.workspace.getConfiguration('leastpriv');
    try {
      await cfg().update('enable', false, vscode.ConfigurationTarget.Global);
      await waitFor(() => leastprivDiags(template).length === 0, 15000, 'diagnostics to clear with leastpriv.enable=false');
      await cfg().update('rules', { 'ec2/imds-v1': 'off' }, vscode.ConfigurationTarget.Global);
      await cfg().update('enable', true, vscode.ConfigurationTarget.Global);
      await waitFor(() => leastprivDiags(template).some((d) => codeOf(d) === 'iam/invalid-element'), 15000, 'diagnostics back with leastpriv.enable=true');
      assert.ok(!leastprivDiags(template).some((d) => codeOf(d) === 'ec2/imds-v1'), 'leastpriv.rules {ec2/imds-v1: off} applies');
    } finally {
      await cfg().update('rules', undefined, vscode.ConfigurationTarget.Global);
      await cfg().update('enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => leastprivDiags(template).some((d) => codeOf(d) === 'ec2/imds-v1'), 15000, 'ec2/imds-v1 back after resetting the settings');
  });

  test('Restart Server: the server comes back and analyses a new buffer', async function () {
    const t0 = Date.now();
    await vscode.commands.executeCommand('leastpriv.restartServer');
    await ext.exports.ready();
    console.log(`server restarted in ${Date.now() - t0} ms`);
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n' });
    await vscode.window.showTextDocument(doc);
    try {
      await waitFor(() => leastprivDiags(doc.uri).some((d) => codeOf(d) === 'ec2/imds-v1'), 20000, 'ec2/imds-v1 on the untitled buffer');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
