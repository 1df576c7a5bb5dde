#!/usr/bin/env node
'use strict';
/**
 * Writes dist/cli.cache: V8's compiled code for dist/cli.js after a warm-up scan of examples/, so
 * that a cold `leastpriv scan` skips compiling what it is about to run (~30 ms). bin/leastpriv.js
 * uses it when present; V8 rejects a cache from another Node version and the launcher then loads
 * the bundle normally. The cache is made under the launcher's V8 flags (SCAN_V8_FLAGS): V8 checks
 * those too.
 */
const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
require('node:v8').setFlagsFromString(require(path.join(root, 'bin/leastpriv.js')).SCAN_V8_FLAGS.join(' '));
const file = path.join(root, 'dist/cli.js');
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file });
const mod = { exports: {} };
const write = process.stdout.write;
process.stdout.write = () => true; // the warm-up scan's report is not wanted
process.argv = [process.argv[0], file, 'scan', path.join(root, 'examples'), '--fail-on', 'never'];
script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
setImmediate(() => {
  process.stdout.write = write;
  process.exitCode = 0;
  fs.writeFileSync(path.join(root, 'dist/cli.cache'), script.createCachedData());
});
