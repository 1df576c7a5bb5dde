'use strict';
// The chain's related locations, hover, completion and fix-all, in a real VS Code extension host.
// Works on a copy of the Capital One template so that the other suites see the original.
const assert = require('assert');
const vscode = require('vscode');
const { TEMPLATE, waitFor, codeOf, wsUri, leastprivDiags, revert } = require('./util');

suite('leastpriv features in VS Code: attack path, hover, completion, fix-all', function () {
  let uri;
  let doc;

  suiteSetup(async function () {
    uri = wsUri('features-capital-one.yaml');
    await vscode.workspace.fs.copy(wsUri(TEMPLATE), uri, { overwrite: true });
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor(() => leastprivDiags(uri).some((d) => codeOf(d) === 'chain/imds-credential-exfiltration'), 60000, 'the chain diagnostic');
  });

  suiteTeardown(async function () {
    if (doc && doc.isDirty) await revert(doc);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('chain/imds-credential-exfiltration on WafInstance points at every link (relatedInformation)', function () {
    const chain = leastprivDiags(uri).find((d) => codeOf(d) === 'chain/imds-credential-exfiltration');
    assert.ok(chain);
    assert.equal(doc.getText(chain.range), 'WafInstance');
    assert.match(chain.message, /Capital One/);
    const related = chain.relatedInformation || [];
    const lines = related.map((r) => r.location.range.start.line + 1);
    console.log(`chain related: ${related.map((r) => `${r.location.range.start.line + 1}: ${r.message}`).join(' | ')}`);
    assert.ok(related.every((r) => r.location.uri.toString() === uri.toString()));
    assert.ok(lines.includes(40), 'the port-22 ingress CidrIp (line 40)');
    assert.ok(lines.some((l) => l >= 72 && l <= 88), 'a link on the instance (IMDS or public IP)');
    assert.ok(lines.includes(63), "the role's s3:GetObject item (line 63)");
  });

  test('hover on s3:GetObject shows its access level and description from the IAM catalog', async function () {
    const line = 62;
    const character = doc.lineAt(line).text.indexOf('s3:GetObject') + 4;
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
    const text = (hovers || []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Read/);
    assert.match(text, /retrieve objects/i);
  });

  test('completion after "s3:Get" offers s3:GetObject', async function () {
    const line = 62;
    const lineText = doc.lineAt(line).text;
    const start = lineText.indexOf('s3:GetObject');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(line, start, line, start + 'GetObject'.length + 3), 's3:Get');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, start + 's3:Get'.length));
    const labels = (list.items || []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('s3:GetObject'), labels.slice(0, 20).join(', '));
    await revert(doc);
  });

  test('completion of an Effect value offers Allow and Deny, and of a Principal key the principal types', async function () {
    const labelsAt = async (line, character) => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, character));
      return (list.items || []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    // Line 58 (0-based 57): `              - Effect: Allow`, cursor after `Al`.
    const effectLine = 57;
    const effectAt = doc.lineAt(effectLine).text.indexOf('Allow');
    assert.ok(effectAt > 0, doc.lineAt(effectLine).text);
    const effects = await labelsAt(effectLine, effectAt + 2);
    assert.ok(effects.includes('Allow') && effects.includes('Deny'), effects.join(', '));
    // Line 51 (0-based 50): `              Service: ec2.amazonaws.com`, a key of the trust policy's Principal.
    const principalLine = 50;
    const keyAt = doc.lineAt(principalLine).text.indexOf('Service');
    assert.ok(keyAt > 0, doc.lineAt(principalLine).text);
    const types = await labelsAt(principalLine, keyAt + 3);
    for (const t of ['AWS', 'Federated', 'CanonicalUser']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
  });

  test('fix-all (source.fixAll.leastpriv) applies every safe fix; nothing fixable remains', async function () {
    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    const before = leastprivDiags(uri).map(codeOf);
    for (let round = 0; round < 5; round++) {
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, full, 'source.fixAll.leastpriv')) || [];
      const fixAll = actions.find((a) => a.kind && a.kind.value === 'source.fixAll.leastpriv');
      if (!fixAll) break;
      assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
      const version = doc.version;
      await waitFor(() => doc.version === version && leastprivDiags(uri).length > 0, 10000, 'diagnostics after fix-all');
      await new Promise((r) => setTimeout(r, 300));
    }
    const after = leastprivDiags(uri).map(codeOf);
    console.log(`fix-all: ${before.length} → ${after.length} diagnostics (${after.join(', ')})`);
    for (const fixed of ['iam/invalid-element', 'ec2/imds-v1', 'ec2/unencrypted-ebs', 's3/public-access-block', 's3/tls-not-enforced']) {
      assert.ok(!after.includes(fixed), `${fixed} should be fixed by fix-all`);
    }
    assert.ok(!after.includes('chain/imds-credential-exfiltration'), 'requiring IMDSv2 breaks the chain');
    const again = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, full, 'source.fixAll.leastpriv')) || [];
    assert.equal(again.filter((a) => a.kind && a.kind.value === 'source.fixAll.leastpriv').length, 0, 'no fixable finding remains');
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor(() => !doc.isDirty, 5000, 'saved');
  });
});
