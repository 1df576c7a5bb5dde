#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm run build` (run automatically by `npm install`).
// dist/cli.cache, when present, is V8's compiled code for it (scripts/make-code-cache.js).
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const file = path.join(dist, 'cli.js');

/**
 * V8 flags for every command but `lsp` (a language server runs for hours: V8's defaults suit it).
 *
 * A scan is a short process, often on a CI machine with two cores. With V8's default budget,
 * TurboFan optimises a function after a few thousand calls; most such code finishes before the
 * optimisation pays back, and the compile threads compete with the scan for the cores. Six times
 * the budget leaves TurboFan to what really runs hot. On 2 cores (docs/performance.md): 1500-resource
 * template −6 %, 5000 resources −15 %, the 298-template corpus −14 %, 2980 files −10 %.
 *
 * They are set before the bundle loads; dist/cli.cache is made under the same flags, since V8
 * rejects a code cache made under other flags.
 */
const SCAN_V8_FLAGS = ['--interrupt-budget=400000'];

function load(useCache) {
  let cache;
  try {
    if (useCache) cache = fs.readFileSync(path.join(dist, 'cli.cache'));
  } catch {
    // no cache: compile as usual
  }
  if (!cache) return require(file);
  const vm = require('node:vm');
  const Module = require('node:module');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cache });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dist);
  return mod.exports;
}

if (require.main === module) {
  if (!fs.existsSync(file)) {
    process.stderr.write('leastpriv: dist/cli.js is missing; run `npm run build` first.\n');
    process.exit(2);
  }
  const scanLike = process.argv[2] !== 'lsp';
  if (scanLike) require('node:v8').setFlagsFromString(SCAN_V8_FLAGS.join(' '));
  load(scanLike);
}

module.exports = { SCAN_V8_FLAGS };
