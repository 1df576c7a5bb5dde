#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm run build` (run automatically by `npm install`).
// dist/cli.cache, when present, is V8's compiled code for it (scripts/make-code-cache.js).
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const file = path.join(dist, 'cli.js');

function load() {
  let cache;
  try {
    cache = fs.readFileSync(path.join(dist, 'cli.cache'));
  } catch {
    return require(file);
  }
  const vm = require('node:vm');
  const Module = require('node:module');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cache });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dist);
  return mod.exports;
}

if (!fs.existsSync(file)) {
  process.stderr.write('leastpriv: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
load();
