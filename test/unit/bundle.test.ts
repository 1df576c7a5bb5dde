import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const NETWORK = /require\(["'](node:)?(child_process|net|http|https|http2|dgram|tls|cluster)["']\)/;

test('the server and CLI bundles cannot reach the network or start processes', () => {
  for (const f of ['dist/server.js', 'dist/cli.js']) {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    assert.doesNotMatch(text, NETWORK, f);
    assert.doesNotMatch(text, /\beval\(|new Function\(/, `${f} must not execute template content`);
  }
});

test('only the client may spawn (it starts the language server)', () => {
  const text = fs.readFileSync(path.join(root, 'dist/client.js'), 'utf8');
  assert.doesNotMatch(text, /require\(["'](node:)?(http|https|http2|dgram|tls)["']\)/);
});

test('engine sources import neither vscode, the LSP libraries, nor network or process modules', () => {
  const bad: string[] = [];
  const stack = [path.join(root, 'server/src')];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.ts')) {
        const rel = path.relative(root, p);
        const src = fs.readFileSync(p, 'utf8');
        const imports = [...src.matchAll(/(?:from|import\(|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
        for (const m of imports) {
          if (/^(node:)?(child_process|net|http|https|http2|dgram|tls)$/.test(m)) bad.push(`${rel}: ${m}`);
          const protocolLayer = rel.startsWith('server/src/lsp/') || rel.startsWith('server/src/cli/');
          if (!protocolLayer && /^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)/.test(m)) bad.push(`${rel}: ${m}`);
        }
      }
    }
  }
  assert.deepEqual(bad, []);
});
