/**
 * One long-running server process gets every hostile document (opened, then changed into the
 * next), and afterwards still analyses a normal document correctly and answers requests within
 * bounds. Bad settings fall back to the defaults with a warning.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hostileInputs, POLICY, TEMPLATE_YAML } from '../unit/hostile/inputs';
import { LspClient } from './client';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let c: LspClient;

before(async () => {
  c = new LspClient();
  await c.initialize({});
});

after(async () => {
  await c.shutdown();
});

const textOf = (content: string | Buffer) => (typeof content === 'string' ? content : content.toString('utf8'));
const langOf = (file: string) => (file.endsWith('.json') ? 'json' : 'yaml');

test('every hostile document, opened in one server: diagnostics within bounds, no internal error', async () => {
  const inputs = hostileInputs();
  const internal: string[] = [];
  const missing: string[] = [];
  let i = 0;
  for (const h of inputs) {
    const uri = `file:///hostile/${i++}/${h.file}`;
    const p = c.diagnostics(uri, 1, 30_000);
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId: langOf(h.file), version: 1, text: textOf(h.content) } });
    const diags: Json[] = await p;
    for (const d of diags) if (String(d.code).startsWith('internal/')) internal.push(`${h.name}: ${d.message}`);
    if (h.expect && !diags.some((d) => d.code === h.expect)) missing.push(`${h.name}: ${h.expect}`);
    c.notify('textDocument/didClose', { textDocument: { uri } });
  }
  assert.ok(c.alive, 'the server is still running');
  assert.deepEqual(internal, []);
  assert.deepEqual(missing, []);
});

test('one document changed through every hostile text in turn, then back to a normal template', async () => {
  const uri = 'file:///hostile/edited/template.yaml';
  let version = 1;
  let p = c.diagnostics(uri, version, 30_000);
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text: TEMPLATE_YAML } });
  assert.ok((await p).some((d: Json) => d.code === 'iam/wildcard-action'));
  for (const h of hostileInputs().filter((x) => !x.name.includes(': '))) {
    version++;
    p = c.diagnostics(uri, version, 30_000);
    // A full-text change, then an incremental one inserting at the start.
    c.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: textOf(h.content) }] });
    const diags: Json[] = await p;
    assert.ok(!diags.some((d) => String(d.code).startsWith('internal/')), h.name);
    version++;
    p = c.diagnostics(uri, version, 30_000);
    c.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\u0000{[' }],
    });
    await p;
  }
  version++;
  p = c.diagnostics(uri, version, 30_000);
  c.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: TEMPLATE_YAML }] });
  const diags: Json[] = await p;
  assert.ok(diags.some((d) => d.code === 'iam/wildcard-action'), 'the edit was not lost: the final text is analysed');
  assert.ok(!diags.some((d) => String(d.code).startsWith('parse/')), JSON.stringify(diags.map((d) => d.code)));
  c.notify('textDocument/didClose', { textDocument: { uri } });
});

test('after all of it, a normal document is analysed correctly and requests are answered quickly', async () => {
  const uri = 'file:///hostile/normal/policy.json';
  const p = c.diagnostics(uri, 1, 15_000);
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: POLICY } });
  const diags: Json[] = await p;
  const wild = diags.find((d) => d.code === 'iam/wildcard-action');
  assert.ok(wild, JSON.stringify(diags.map((d) => d.code)));
  assert.equal(wild.range.start.line, 2);
  const t0 = Date.now();
  const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: wild.range, context: { diagnostics: [wild] } }, 10_000);
  assert.ok(Array.isArray(actions));
  await c.request('textDocument/hover', { textDocument: { uri }, position: wild.range.start }, 10_000);
  assert.ok(Date.now() - t0 < 10_000);
  assert.ok(c.alive);
  assert.doesNotMatch(c.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace on stderr');
});

test('bad settings from the editor fall back to the defaults with a warning', async () => {
  const s = new LspClient();
    // showWarningMessage is a window/showMessageRequest (a request, which LspClient answers without
    // recording): read the warnings from the raw stream.
    let raw = '';
    (s as unknown as { proc: { stdout: NodeJS.ReadableStream } }).proc.stdout.on('data', (d: Buffer) => (raw += d.toString('utf8')));
  try {
    // No workspace/configuration capability: settings come with initialize and didChangeConfiguration.
    await s.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { settings: { maxFileSizeKb: 'huge', rules: { 'iam/wildcard-action': 'loud' }, s3KmsRequired: 7 } },
    });
    s.notify('initialized', {});
    const warned = (): string[] =>
      raw
        .split(/Content-Length: \d+\r\n\r\n/)
        .filter((b) => b.includes('window/showMessage'))
        .map((b) => JSON.parse(b) as Json)
        .filter((m) => /^window\/showMessage(Request)?$/.test(m.method) && m.params.type === 2)
        .map((m) => m.params.message as string);
    const uri = 'file:///settings/policy.json';
    let p = s.diagnostics(uri, 1, 15_000);
    s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: POLICY } });
    let diags: Json[] = await p;
    assert.ok(warned().some((m) => /maxFileSizeKb/.test(m)), JSON.stringify(warned()));
    assert.ok(warned().some((m) => /iam\/wildcard-action/.test(m)));
    assert.ok(warned().some((m) => /s3KmsRequired/.test(m)));
    // Defaults used: the policy is analysed (not skipped) and the rule keeps its default severity.
    let wild = diags.find((d) => d.code === 'iam/wildcard-action');
    assert.ok(wild, JSON.stringify(diags.map((d) => d.code)));
    const defaultSeverity = wild.severity;

    const before = warned().length;
    p = s.diagnostics(uri, 1, 15_000);
    s.notify('workspace/didChangeConfiguration', { settings: { leastpriv: { maxFileSizeKb: -1, rules: 'all', enable: 'yes', suppressions: 3 } } });
    diags = await p;
    const fresh = warned().slice(before);
    assert.ok(fresh.some((m) => /maxFileSizeKb/.test(m)), JSON.stringify(fresh));
    assert.ok(fresh.some((m) => /rules/.test(m)));
    wild = diags.find((d) => d.code === 'iam/wildcard-action');
    assert.ok(wild, 'still analysed with the defaults');
    assert.equal(wild.severity, defaultSeverity);
    assert.ok(!diags.some((d) => d.code === 'parse/skipped'));
  } finally {
    await s.shutdown();
  }
});
