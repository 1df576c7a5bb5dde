import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { applyLspEdits, LspClient, REPO } from './client';

const capitalOne = fs.readFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), 'utf8');
const uri = 'file:///work/capital-one-2019.yaml';
let client: LspClient;

before(async () => {
  client = new LspClient();
  const init = await client.initialize({ textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } });
  assert.equal(init.serverInfo.name, 'leastpriv');
});
after(async () => {
  await client.shutdown();
});

test('diagnostics on open: exact nodes, rule ids, docs links, source', async () => {
  const p = client.diagnostics(uri, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: capitalOne } });
  const diags = await p;
  const byCode = (c: string) => diags.filter((d: any) => d.code === c);
  const invalid = byCode('iam/invalid-element');
  assert.equal(invalid.length, 1);
  assert.deepEqual(invalid[0].range, { start: { line: 58, character: 16 }, end: { line: 58, character: 23 } });
  assert.equal(invalid[0].source, 'leastpriv');
  assert.match(invalid[0].codeDescription.href, /docs\/rules\/iam\/invalid-element\.md$/);
  assert.equal(byCode('iam/unknown-action').length, 2);
  assert.equal(byCode('ec2/imds-v1').length, 1);
  for (const d of diags) assert.ok(d.message && typeof d.code === 'string' && d.codeDescription?.href, JSON.stringify(d));
});

test('quick fix for Actions renames the key; the diagnostic goes away after the change', async () => {
  const diags = await (async () => {
    const p = client.diagnostics(uri, 2);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: capitalOne }] });
    return p;
  })();
  const d = diags.find((x: any) => x.code === 'iam/invalid-element');
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const preferred = actions.find((a: any) => a.isPreferred);
  assert.ok(preferred, JSON.stringify(actions.map((a: any) => a.title)));
  assert.equal(preferred.kind, 'quickfix');
  assert.equal(preferred.title, "Change 'Actions' to 'Action'");
  const fixed = applyLspEdits(capitalOne, preferred.edit.changes[uri]);
  assert.ok(fixed.includes('                Action:\n'));
  const p = client.diagnostics(uri, 3);
  client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: fixed }] });
  const after = await p;
  assert.equal(after.filter((x: any) => x.code === 'iam/invalid-element').length, 0);
  // The statement is now read as written and the remaining findings stay.
  assert.ok(after.some((x: any) => x.code === 'ec2/imds-v1'));
});

test('incremental changes are applied and analysed', async () => {
  const u = 'file:///work/inc.json';
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]\n}\n';
  const p1 = client.diagnostics(u, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'json', version: 1, text } });
  assert.equal((await p1).filter((d: any) => d.code === 'iam/unknown-action').length, 0);
  const col = text.split('\n')[2].indexOf('GetObject');
  const p2 = client.diagnostics(u, 2);
  client.notify('textDocument/didChange', {
    textDocument: { uri: u, version: 2 },
    contentChanges: [{ range: { start: { line: 2, character: col }, end: { line: 2, character: col + 9 } }, text: 'GetObjekt' }],
  });
  const d2 = await p2;
  assert.equal(d2.filter((d: any) => d.code === 'iam/unknown-action').length, 1);
});

test('imds-v1 quick fix inserts MetadataOptions keeping the YAML style', async () => {
  const u = 'file:///work/imds.yaml';
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1  # base image\n';
  const p = client.diagnostics(u, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'yaml', version: 1, text } });
  const d = (await p).find((x: any) => x.code === 'ec2/imds-v1');
  assert.ok(d);
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
  const fix = actions.find((a: any) => a.isPreferred);
  const out = applyLspEdits(text, fix.edit.changes[u]);
  assert.equal(out, text + '      MetadataOptions:\n        HttpTokens: required\n');
});

test('non-AWS JSON and YAML get no diagnostics at all', async () => {
  const files: [string, string, string][] = [
    ['file:///work/package.json', 'json', '{"name": "x", "version": "1.0.0", "scripts": {"test": "node --test"}}'],
    ['file:///work/.github/workflows/ci.yml', 'yaml', 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n'],
    ['file:///work/deploy.yaml', 'yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n'],
    ['file:///work/broken.json', 'json', '{"name": '],
  ];
  for (const [u, lang, text] of files) {
    const p = client.diagnostics(u, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: lang, version: 1, text } });
    assert.deepEqual(await p, [], u);
  }
});

test('syntax errors in a template become positioned diagnostics; the server keeps answering', async () => {
  const u = 'file:///work/truncated.json';
  const text = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Web": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "ami-1"}}\n';
  const p = client.diagnostics(u, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'json', version: 1, text } });
  const diags = await p;
  const syntax = diags.filter((d: any) => d.code === 'parse/syntax-error');
  assert.ok(syntax.length >= 1);
  assert.ok(syntax[0].range.start.line >= 3, JSON.stringify(syntax[0].range));
  // What parsed is still analysed.
  assert.ok(diags.some((d: any) => d.code === 'ec2/imds-v1'));
  assert.ok(client.alive);
});

test('closing a document clears its diagnostics', async () => {
  const p = client.diagnostics(uri);
  client.notify('textDocument/didClose', { textDocument: { uri } });
  assert.deepEqual(await p, []);
});
