import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const REPO = path.resolve(__dirname, '../../../..');
const BIN = path.join(REPO, 'bin/leastpriv.js');
const CACHE = path.join(REPO, 'dist/cli.cache');

/** Compiles dist/cli.js with dist/cli.cache in a fresh process, under the given V8 flags set as the launcher sets them. */
function cacheRejected(flags: string[]): boolean {
  const script = `
    if (${JSON.stringify(flags.join(' '))}) require('node:v8').setFlagsFromString(${JSON.stringify(flags.join(' '))});
    const fs = require('node:fs'), vm = require('node:vm'), Module = require('node:module');
    const file = ${JSON.stringify(path.join(REPO, 'dist/cli.js'))};
    const s = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: fs.readFileSync(${JSON.stringify(CACHE)}) });
    process.stdout.write(String(s.cachedDataRejected));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout === 'true';
}

test('dist/cli.cache is made under the launcher V8 flags (V8 rejects a cache made under other flags)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SCAN_V8_FLAGS } = require(BIN) as { SCAN_V8_FLAGS: string[] };
  assert.ok(SCAN_V8_FLAGS.length > 0);
  assert.ok(fs.existsSync(CACHE), 'npm run build writes dist/cli.cache');
  assert.equal(cacheRejected(SCAN_V8_FLAGS), false, 'dist/cli.cache is accepted under SCAN_V8_FLAGS');
  // The check can fail: without the flags the flag hash differs and V8 refuses the cache.
  assert.equal(cacheRejected([]), true);
});

test('requiring the launcher (as scripts/make-code-cache.js does) runs nothing', () => {
  const r = spawnSync(process.execPath, ['-e', `const m = require(${JSON.stringify(BIN)}); process.stdout.write(Object.keys(m).join(','))`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'SCAN_V8_FLAGS');
});
