#!/usr/bin/env node
// Bundles the VS Code client, the language server and the CLI with esbuild, and copies the IAM
// catalog data beside them (loaded lazily per service at run time).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  console.error('build: esbuild is not installed (run npm install)');
  process.exit(1);
}
const dist = path.join(root, 'dist');
fs.mkdirSync(dist, { recursive: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'linked',
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // jsonc-parser's UMD build uses dynamic requires esbuild cannot follow; take the ES modules.
  mainFields: ['module', 'main'],
  define: { __LEASTPRIV_VERSION__: JSON.stringify(pkg.version) },
};
// The language server and the CLI must never reach the network or start processes: the modules
// that could (pulled in by vscode-jsonrpc for socket/pipe transports we do not offer) are
// replaced by a stub that throws if anything ever uses it. Only the VS Code client may spawn
// (it starts the server).
const FORBIDDEN = /^(node:)?(child_process|net|http|https|http2|dgram|tls|cluster|worker_threads)$/;
const noNetwork = {
  name: 'no-network',
  setup(build) {
    build.onResolve({ filter: FORBIDDEN }, (args) => ({ path: args.path, namespace: 'forbidden' }));
    build.onLoad({ filter: /.*/, namespace: 'forbidden' }, (args) => ({
      contents:
        'const what = ' + JSON.stringify(args.path) + ';\n' +
        "module.exports = new Proxy({}, { get(_, k) { if (typeof k === 'symbol' || k === '__esModule' || k === 'default') return undefined; " +
        "throw new Error('leastpriv: ' + what + '.' + String(k) + ' is disabled: the engine never uses the network or starts processes'); } });",
      loader: 'js',
    }));
  },
};
// The CLI bundle leaves the language server out: `leastpriv lsp` requires dist/server.js (the
// same bundle the VS Code client starts), so `leastpriv scan` loads and compiles a third less.
const serverBesideCli = {
  name: 'server-beside-cli',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/lsp\/server$/ }, (args) => (args.importer.endsWith(path.join('cli', 'main.ts')) ? { path: './server.js', external: true } : undefined));
  },
};
// The CLI bundle is minified (whitespace and syntax; names kept for stack traces and profiles):
// a smaller script starts faster. LEASTPRIV_PLAIN_BUILD=1 keeps it as is (line-level profiles).
const plainCli = !!process.env.LEASTPRIV_PLAIN_BUILD;
const t0 = Date.now();
Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'client.js'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(dist, 'server.js'), plugins: [noNetwork] }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli/index.ts')], outfile: path.join(dist, 'cli.js'), plugins: [serverBesideCli, noNetwork], minifyWhitespace: !plainCli, minifySyntax: !plainCli }),
])
  .then(() => {
    const r = require('node:child_process').spawnSync(process.execPath, [path.join(root, 'scripts/copy-iam-data.js'), path.join(dist, 'iam-data')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('copying the IAM catalog data failed');
    const c = require('node:child_process').spawnSync(process.execPath, [path.join(root, 'scripts/make-code-cache.js')], { stdio: 'inherit' });
    if (c.status !== 0) console.warn('build: no code cache for the CLI (it still works, a little slower to start)');
    console.log(`build: dist/ written in ${Date.now() - t0} ms`);
  })
  .catch((e) => {
    console.error(`build failed: ${e.message}`);
    process.exit(1);
  });
