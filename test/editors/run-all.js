#!/usr/bin/env node
'use strict';
// Runs every real-editor test in sequence, each in its own process group with a timeout:
//   vscode-extension-host  node test/vscode/runTest.js   (@vscode/test-electron runTests -> code-server's VS Code 1.100.3)
//   code-server-ui         node test/ui/cs-ui-test.js    (the user's path in the real UI, Playwright + Chromium)
//   neovim-lsp             bash test/nvim/run.sh         (Neovim 0.7.2 as LSP client of `leastpriv lsp --stdio`)
//   emacs-eglot            bash test/emacs/run.sh        (Emacs 28 + eglot as LSP client of `leastpriv lsp --stdio`)
// Prints one result line per test and a final line `N passed, N failed`; exits 1 on any failure.
// A missing code-server / Chromium / Neovim / build is a FAILURE with instructions, never a skip.
// Usage: node test/editors/run-all.js [name-substring ...]   (npm run test:editors)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const lib = require('./lib');

const REPO = lib.REPO;
const TESTS = [
  { name: 'vscode-extension-host', cmd: [process.execPath, path.join(REPO, 'test/vscode/runTest.js')], timeoutS: 300, needs: ['build', 'code-server', 'chromium'] },
  { name: 'code-server-ui', cmd: [process.execPath, path.join(REPO, 'test/ui/cs-ui-test.js')], timeoutS: 240, needs: ['build', 'code-server', 'chromium'] },
  { name: 'neovim-lsp', cmd: ['bash', path.join(REPO, 'test/nvim/run.sh')], timeoutS: 120, needs: ['build', 'nvim'] },
  { name: 'emacs-eglot', cmd: ['bash', path.join(REPO, 'test/emacs/run.sh')], timeoutS: 120, needs: ['build', 'emacs'] },
];

// LEASTPRIV_EDITOR_TIMEOUT_S overrides every test's timeout (seconds).
if (process.env.LEASTPRIV_EDITOR_TIMEOUT_S) for (const t of TESTS) t.timeoutS = Number(process.env.LEASTPRIV_EDITOR_TIMEOUT_S);

function missing(need) {
  try {
    if (need === 'build') lib.requireExtensionBuild();
    else if (need === 'code-server') lib.requireCodeServer();
    else if (need === 'chromium') lib.requireChromium();
    else if (need === 'nvim') {
      const r = spawnSync(process.env.NVIM || 'nvim', ['--version'], { encoding: 'utf8' });
      if (r.error || r.status !== 0) throw new Error('Neovim (nvim) not found. Install it with: apt-get install -y --no-install-recommends neovim');
    } else if (need === 'emacs') {
      const r = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
      if (r.error || r.status !== 0) throw new Error('Emacs not found. Install it with: apt-get install -y --no-install-recommends emacs-nox elpa-eglot elpa-yaml-mode');
    }
    return null;
  } catch (e) {
    return e.message;
  }
}

function aliveGroup(pgid) {
  try { process.kill(-pgid, 0); return true; } catch (_) { return false; }
}

let currentPgid = null;
function runOne(t, pgidFile) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const env = { ...process.env, LEASTPRIV_TEST_CACHE: lib.CACHE, LEASTPRIV_PGID_FILE: pgidFile, FORCE_COLOR: '0' };
    const child = spawn(t.cmd[0], t.cmd.slice(1), { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    currentPgid = child.pid;
    let timedOut = false;
    let killTimer;
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(`[${t.name}] TIMEOUT after ${t.timeoutS} s: sending SIGTERM to process group ${child.pid}`);
      try { process.kill(-child.pid, 'SIGTERM'); } catch (_) { /* gone */ }
      killTimer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch (_) { /* gone */ } }, 5000);
    }, t.timeoutS * 1000);
    const prefix = (stream, out) => {
      let buf = '';
      stream.on('data', (d) => {
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop();
        for (const l of lines) out.write(`[${t.name}] ${l}\n`);
      });
      stream.on('end', () => { if (buf) out.write(`[${t.name}] ${buf}\n`); });
    };
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on('error', (e) => console.log(`[${t.name}] could not start: ${e.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      currentPgid = null;
      // Leftovers: the test's own group, and every server/browser group it recorded.
      const groups = [child.pid];
      try { groups.push(...fs.readFileSync(pgidFile, 'utf8').split('\n').filter(Boolean).map(Number)); } catch (_) { /* none */ }
      const ms = Date.now() - t0;
      const finish = () => {
        const stray = groups.filter((g) => g > 1 && g !== process.pid && aliveGroup(g));
        for (const g of stray) { try { process.kill(-g, 'SIGKILL'); } catch (_) { /* gone */ } }
        if (stray.length) console.log(`[${t.name}] killed leftover process groups: ${stray.join(' ')}`);
        try { fs.unlinkSync(pgidFile); } catch (_) { /* none */ }
        const ok = code === 0 && !timedOut;
        resolve({ ok, ms, detail: timedOut ? `timed out after ${t.timeoutS} s` : (signal ? `killed by ${signal}` : `exit code ${code}`) });
      };
      // processes that are exiting right now get 2 s before they count as leftovers
      const until = Date.now() + 2000;
      const poll = () => (groups.some((g) => g > 1 && aliveGroup(g)) && Date.now() < until ? setTimeout(poll, 50) : finish());
      poll();
    });
  });
}

async function main() {
  const filters = process.argv.slice(2);
  const tests = filters.length ? TESTS.filter((t) => filters.some((f) => t.name.includes(f))) : TESTS;
  if (!tests.length) { console.error(`no test matches ${filters.join(' ')}; tests: ${TESTS.map((t) => t.name).join(', ')}`); return 1; }
  console.log(`real-editor tests for ${lib.EXTENSION_ROOT}\n  code-server: ${lib.CODE_SERVER_DIR}\n  chromium:    ${lib.CHROMIUM}\n  node:        ${process.version}`);
  const results = [];
  const pgidFile = path.join(os.tmpdir(), `leastpriv-editors-pgids-${process.pid}`);
  const onSignal = (sig) => {
    console.log(`run-all: ${sig}, stopping`);
    if (currentPgid) { try { process.kill(-currentPgid, 'SIGTERM'); } catch (_) { /* gone */ } }
    setTimeout(() => {
      const groups = [currentPgid];
      try { groups.push(...fs.readFileSync(pgidFile, 'utf8').split('\n').filter(Boolean).map(Number)); } catch (_) { /* none */ }
      for (const g of groups) if (g > 1) { try { process.kill(-g, 'SIGKILL'); } catch (_) { /* gone */ } }
      try { fs.unlinkSync(pgidFile); } catch (_) { /* none */ }
      process.exit(1);
    }, 3000);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (const t of tests) {
    const why = t.needs.map(missing).filter(Boolean);
    if (why.length) {
      const msg = [...new Set(why)].join('\n    ');
      console.log(`[${t.name}] MISSING PREREQUISITE:\n    ${msg}`);
      results.push({ name: t.name, ok: false, ms: 0, detail: `not run: ${[...new Set(why)].map((w) => w.split('\n')[0]).join('; ')}` });
      continue;
    }
    console.log(`\n=== ${t.name}: ${t.cmd.map((c) => (c.startsWith(REPO + '/') ? path.relative(REPO, c) : path.basename(c))).join(' ')} (timeout ${t.timeoutS} s)`);
    const r = await runOne(t, pgidFile);
    results.push({ name: t.name, ...r });
    console.log(`=== ${t.name}: ${r.ok ? 'PASS' : 'FAIL'} in ${(r.ms / 1000).toFixed(1)} s (${r.detail})`);
  }
  console.log('\nreal-editor results:');
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(24)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.ok ? '' : r.detail}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e && e.stack || e); console.log('0 passed, 1 failed'); process.exit(1); });
