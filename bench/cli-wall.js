#!/usr/bin/env node
'use strict';
/**
 * `node bench/cli-wall.js RUNS ARGS…`: runs `leastpriv ARGS…` RUNS times and prints the wall times
 * (ms, JSON array). bench/run.js times the CLI through this small process rather than from its own:
 * a parent holding hundreds of MB (the in-process benchmarks) makes every spawn ~15 ms slower
 * (fork copies its page tables), which a user starting leastpriv from a shell never pays.
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const [runs, ...args] = process.argv.slice(2);
const bin = path.join(__dirname, '..', 'bin', 'leastpriv.js');
const xs = [];
for (let i = 0; i < Number(runs); i++) {
  const s = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  xs.push(Number(process.hrtime.bigint() - s) / 1e6);
  if (r.status !== 0 && r.status !== 1) {
    process.stderr.write(r.stderr);
    process.exit(2);
  }
}
process.stdout.write(JSON.stringify(xs));
