/**
 * The server's workspace features over stdio: `leastpriv/rules`, `leastpriv/scanWorkspace` (files not
 * open in the editor), `.leastpriv.json` from the workspace root merged over the editor's settings, and
 * the live `enable` / `files.include` / `files.exclude` settings.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient, REPO } from './client';

let client: LspClient;
let ws: string;
const url = (rel: string) => pathToFileURL(path.join(ws, rel)).toString();
const codes = (diags: any[]) => diags.map((d) => d.code as string);

before(async () => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'leastpriv-ws-'));
  fs.copyFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), path.join(ws, 'capital-one-2019.yaml'));
  fs.writeFileSync(path.join(ws, 'package.json'), '{ "name": "app", "version": "1.0.0", "scripts": { "test": "node --test" } }\n');
  fs.mkdirSync(path.join(ws, 'node_modules/dep'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), path.join(ws, 'node_modules/dep/template.yaml'));
  // The workspace file turns ec2/imds-v1 off; the editor settings below try to make it an error.
  fs.writeFileSync(path.join(ws, '.leastpriv.json'), JSON.stringify({ rules: { 'ec2/imds-v1': 'off' } }));
  client = new LspClient();
  const init = await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).toString(), capabilities: {} });
  assert.equal(init.serverInfo.name, 'leastpriv');
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: { leastpriv: { rules: { 'ec2/imds-v1': 'error', 'iam/unknown-action': 'info' } } } });
});
after(async () => {
  await client.shutdown();
  fs.rmSync(ws, { recursive: true, force: true });
});

test('leastpriv/rules lists every rule with its title and documentation URL', async () => {
  const rules = await client.request('leastpriv/rules', null);
  assert.ok(rules.length >= 3);
  const r = rules.find((x: any) => x.id === 'iam/invalid-element');
  assert.ok(r && r.title && r.severity);
  assert.match(r.docsUrl, /^https:\/\/github\.com\/leastpriv\/leastpriv\/blob\/main\/docs\/rules\/iam\/invalid-element\.md$/);
});

test('leastpriv/scanWorkspace publishes closed files; .leastpriv.json wins over editor settings; node_modules is excluded', async () => {
  const diags = client.diagnostics(url('capital-one-2019.yaml'));
  const result = await client.request('leastpriv/scanWorkspace', { uris: ['capital-one-2019.yaml', 'package.json', 'node_modules/dep/template.yaml'].map(url) });
  assert.deepEqual({ scanned: result.scanned, withFindings: result.withFindings, skipped: result.skipped, cancelled: result.cancelled }, { scanned: 2, withFindings: 1, skipped: 1, cancelled: false });
  const got = await diags;
  assert.ok(codes(got).includes('iam/invalid-element'), JSON.stringify(codes(got)));
  assert.ok(!codes(got).includes('ec2/imds-v1'), 'turned off by .leastpriv.json although the editor says error');
  const unknown = got.filter((d: any) => d.code === 'iam/unknown-action');
  assert.ok(unknown.length && unknown.every((d: any) => d.severity === 3), 'editor setting iam/unknown-action: info applies (the file does not name it)');
  const published = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics').map((m) => m.params.uri);
  assert.ok(!published.includes(url('package.json')) && !published.includes(url('node_modules/dep/template.yaml')), published.join(' '));
});

test('leastpriv.enable=false clears scanned and open files at once; files.exclude applies live', async () => {
  const open = url('open.yaml');
  const text = fs.readFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), 'utf8');
  const first = client.diagnostics(open, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri: open, languageId: 'yaml', version: 1, text } });
  assert.ok((await first).length > 0);

  const cleared = client.diagnostics(open, 1);
  const scannedCleared = client.diagnostics(url('capital-one-2019.yaml'));
  client.notify('workspace/didChangeConfiguration', { settings: { leastpriv: { enable: false } } });
  assert.deepEqual(await cleared, []);
  assert.deepEqual(await scannedCleared, []);
  assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: open }, range: { start: { line: 58, character: 16 }, end: { line: 58, character: 16 } }, context: { diagnostics: [] } }), []);

  const back = client.diagnostics(open, 1);
  client.notify('workspace/didChangeConfiguration', { settings: { leastpriv: { enable: true } } });
  assert.ok(codes(await back).includes('iam/invalid-element'));

  const excluded = client.diagnostics(open, 1);
  client.notify('workspace/didChangeConfiguration', { settings: { leastpriv: { files: { exclude: ['**/open.yaml'] } } } });
  assert.deepEqual(await excluded, []);
  const included = client.diagnostics(open, 1);
  client.notify('workspace/didChangeConfiguration', { settings: { leastpriv: { files: { include: ['**/*.yaml'], exclude: [] } } } });
  assert.ok((await included).length > 0);
});
