import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { applyLspEdits, LspClient, REPO } from './client';

const capitalOne = fs.readFileSync(path.join(REPO, 'examples/capital-one-2019.yaml'), 'utf8');
let client: LspClient;
const latencies: Record<string, number[]> = {};

before(async () => {
  client = new LspClient();
  const init = await client.initialize({
    textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] } },
  });
  assert.equal(init.capabilities.hoverProvider, true);
  assert.deepEqual(init.capabilities.completionProvider.triggerCharacters, [':', '"', '*']);
});
after(async () => {
  const fmt = (k: string) => {
    const v = (latencies[k] ?? []).slice().sort((a, b) => a - b);
    return v.length ? `${k} n=${v.length} median ${v[v.length >> 1].toFixed(1)} ms max ${v[v.length - 1].toFixed(1)} ms` : `${k} n=0`;
  };
  console.log(`# LSP round trip (incl. JSON-RPC): ${fmt('hover')}; ${fmt('completion')}`);
  await client.shutdown();
});

/** Position (line, character) of the `nth` occurrence of `needle` plus `delta` characters. */
function pos(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not found`);
  const off = i + delta;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

async function timed(kind: 'hover' | 'completion', method: string, params: unknown): Promise<any> {
  const t0 = performance.now();
  const r = await client.request(method, params);
  (latencies[kind] ??= []).push(performance.now() - t0);
  return r;
}

async function open(uri: string, languageId: string, text: string): Promise<void> {
  const p = client.diagnostics(uri, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await p;
}

test('hover on s3:GetObject in examples/capital-one-2019.yaml: access level, description, reference link', async () => {
  const uri = 'file:///work/hc/capital-one-2019.yaml';
  await open(uri, 'yaml', capitalOne);
  const at = pos(capitalOne, '- s3:GetObject', 5);
  const h = await timed('hover', 'textDocument/hover', { textDocument: { uri }, position: at });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /\*\*s3:GetObject\*\* — Read/);
  assert.match(h.contents.value, /Grants permission to retrieve objects from Amazon S3/);
  assert.match(h.contents.value, /list_amazons3\.html/);
  assert.deepEqual(h.range, { start: { line: at.line, character: at.character - 3 }, end: { line: at.line, character: at.character + 9 } });
  // Repeated hovers reuse the cached analysis.
  for (let i = 0; i < 10; i++) await timed('hover', 'textDocument/hover', { textDocument: { uri }, position: at });
  const none = await client.request('textDocument/hover', { textDocument: { uri }, position: pos(capitalOne, 'AWS::EC2::Instance', 3) });
  assert.equal(none, null);
});

test('completion after `s3:Get` offers s3:GetObject and replaces only the token', async () => {
  const uri = 'file:///work/hc/typing.yaml';
  await open(uri, 'yaml', capitalOne);
  const typed = capitalOne.replace('- s3:GetObject', '- s3:Get');
  const p = client.diagnostics(uri, 2);
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
  await p;
  const at = pos(typed, '- s3:Get\n', 8);
  const list = await timed('completion', 'textDocument/completion', { textDocument: { uri }, position: at, context: { triggerKind: 1 } });
  const item = list.items.find((i: any) => i.label === 's3:GetObject');
  assert.ok(item, `${list.items.length} items`);
  assert.equal(item.detail, 'Read');
  assert.equal(item.kind, 3 /* Function */);
  assert.equal(applyLspEdits(typed, [item.textEdit]), capitalOne);
  for (let i = 0; i < 10; i++) await timed('completion', 'textDocument/completion', { textDocument: { uri }, position: at });
});

test('service prefixes first, then (on `:`) the service actions, while the YAML has a syntax error', async () => {
  const uri = 'file:///work/hc/new.yaml';
  const text = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s\n    Resource: "*"\n';
  await open(uri, 'yaml', text);
  const list = await timed('completion', 'textDocument/completion', { textDocument: { uri }, position: pos(text, 'Action: s', 9) });
  const s3 = list.items.find((i: any) => i.label === 's3');
  assert.equal(s3.detail, 'Amazon S3');
  assert.equal(s3.command, undefined); // retrigger only for VS Code clients
  const typed = text.replace('Action: s\n', 'Action: s3:\n'); // YAML reads `s3:` as a mapping: a syntax error
  const p = client.diagnostics(uri, 2);
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
  assert.ok((await p).some((d: any) => d.code === 'parse/syntax-error'));
  const after = await timed('completion', 'textDocument/completion', {
    textDocument: { uri },
    position: pos(typed, 'Action: s3:', 11),
    context: { triggerKind: 2, triggerCharacter: ':' },
  });
  const get = after.items.find((i: any) => i.label === 's3:GetObject');
  assert.ok(get);
  assert.ok(applyLspEdits(typed, [get.textEdit]).includes('    Action: s3:GetObject\n'));
});

test('condition keys under an operator in an incomplete JSON policy', async () => {
  const uri = 'file:///work/hc/policy.json';
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:';
  await open(uri, 'json', text);
  const list = await timed('completion', 'textDocument/completion', {
    textDocument: { uri },
    position: pos(text, '{"s3:', 5),
    context: { triggerKind: 2, triggerCharacter: ':' },
  });
  const labels = list.items.map((i: any) => i.label);
  assert.ok(labels.includes('s3:prefix'));
  assert.ok(labels.includes('aws:SourceIp'));
  const prefix = list.items.find((i: any) => i.label === 's3:prefix');
  assert.ok(applyLspEdits(text, [prefix.textEdit]).endsWith('{"StringLike": {"s3:prefix'));
  const ops = await timed('completion', 'textDocument/completion', { textDocument: { uri }, position: pos(text, '"Condition": {"', 15) });
  assert.ok(ops.items.some((i: any) => i.label === 'StringLike' && i.kind === 24 /* Operator */));
});

test('ARN templates in Resource for the statement actions, as snippets', async () => {
  const uri = 'file:///work/hc/arn.yaml';
  const text = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: \n';
  await open(uri, 'yaml', text);
  const list = await timed('completion', 'textDocument/completion', { textDocument: { uri }, position: pos(text, 'Resource: ', 10) });
  const first = list.items[0];
  assert.equal(first.label, 'arn:aws:s3:::BUCKET_NAME/OBJECT_NAME');
  assert.equal(first.insertTextFormat, 2 /* Snippet */);
  assert.equal(first.textEdit.newText, 'arn:aws:s3:::${1:BUCKET_NAME}/${2:OBJECT_NAME}');
  // In a template outside Fn::Sub, the `!Sub` form with pseudo parameters comes first.
  const tUri = 'file:///work/hc/arn-template.yaml';
  const tText =
    'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n' +
    '      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: dynamodb:GetItem\n                Resource:\n                  - \n';
  await open(tUri, 'yaml', tText);
  const t = await timed('completion', 'textDocument/completion', { textDocument: { uri: tUri }, position: pos(tText, '                  - ', 20) });
  assert.equal(t.items[0].label, '!Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/TABLE_NAME');
});

test('clients without snippet support get plain text', async () => {
  const plain = new LspClient();
  try {
    await plain.initialize({});
    const uri = 'file:///work/hc/plain.yaml';
    const text = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: \n';
    plain.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const list = await plain.request('textDocument/completion', { textDocument: { uri }, position: pos(text, 'Resource: ', 10) });
    assert.equal(list.items[0].insertTextFormat, 1);
    assert.equal(list.items[0].textEdit.newText, 'arn:aws:s3:::BUCKET_NAME/OBJECT_NAME');
  } finally {
    await plain.shutdown();
  }
});
