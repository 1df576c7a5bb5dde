'use strict';
// Helpers shared by the real-editor tests (VS Code extension host through code-server, code-server UI,
// Neovim). Plain Node, no dependencies except playwright-core (loaded lazily by launchChromium).
//
// Environment knobs:
//   LEASTPRIV_TEST_CACHE        cache root (default ~/.cache/leastpriv-test); code-server lives in <cache>/code-server
//   CODE_SERVER_DIR             a code-server package folder (default <cache>/code-server/node_modules/code-server)
//   CHROMIUM                    browser executable (default /usr/bin/chromium)
//   LEASTPRIV_EXTENSION_ROOT    the extension to test (default: this repository)
//   LEASTPRIV_KEEP_RUNS=1       keep the temp run folders (user data, logs, workspace) even on success
//   LEASTPRIV_PGID_FILE         (set by run-all.js) every detached process group started here is appended to it,
//                               so the runner can kill leftovers even if a test process is SIGKILLed
//   HEADFUL=1                   show Chromium (run under xvfb-run -a)
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');
const { spawn } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');
const EXTENSION_ROOT = path.resolve(process.env.LEASTPRIV_EXTENSION_ROOT || REPO);
const FIXTURES = path.join(__dirname, 'fixtures');
const CACHE = path.resolve(process.env.LEASTPRIV_TEST_CACHE || path.join(os.homedir(), '.cache', 'leastpriv-test'));
const CODE_SERVER_DIR = path.resolve(process.env.CODE_SERVER_DIR || path.join(CACHE, 'code-server', 'node_modules', 'code-server'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const KEEP_RUNS = process.env.LEASTPRIV_KEEP_RUNS === '1';

// ---------------------------------------------------------------- timing
const T0 = Date.now();
let last = T0;
const timings = [];
function step(name) {
  const now = Date.now();
  timings.push({ step: name, ms: now - last, total: now - T0 });
  console.log(`[${String(now - T0).padStart(6)} ms] (+${now - last} ms) ${name}`);
  last = now;
}

// ---------------------------------------------------------------- prerequisites
function codeServerPaths() {
  return {
    entry: path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js'),
    serverMain: path.join(CODE_SERVER_DIR, 'lib', 'vscode', 'out', 'server-main.js'),
  };
}

/** Throws a loud, actionable error when an editor/browser/extension build is missing. */
function requireCodeServer() {
  const { entry, serverMain } = codeServerPaths();
  if (!fs.existsSync(entry) || !fs.existsSync(serverMain)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_DIR} (missing ${fs.existsSync(entry) ? serverMain : entry}).\n` +
      '  Install it with: bash test/editors/install-code-server.sh   (or set CODE_SERVER_DIR / LEASTPRIV_TEST_CACHE)');
  }
}
function requireChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y --no-install-recommends chromium   (or set CHROMIUM)`);
  }
}
function requireExtensionBuild() {
  const missing = ['package.json', 'dist/client.js', 'dist/server.js'].filter((f) => !fs.existsSync(path.join(EXTENSION_ROOT, f)));
  if (missing.length) {
    throw new Error(`extension build incomplete in ${EXTENSION_ROOT}: missing ${missing.join(', ')}. Run: npm run build`);
  }
}
function extensionManifest() {
  return JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8'));
}

// ---------------------------------------------------------------- run folders, sandboxed env
/**
 * A fresh run folder under os.tmpdir(): home/ (HOME, XDG_*), tmp/ (TMPDIR: IPC sockets, ripgrep cache,
 * Playwright temp), user-data/, extensions/, logs/. Removed by cleanup() unless the run failed or
 * LEASTPRIV_KEEP_RUNS=1.
 */
function freshRun(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `leastpriv-${prefix}-`));
  const run = {
    dir,
    home: path.join(dir, 'home'),
    tmp: path.join(dir, 'tmp'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    logs: path.join(dir, 'logs'),
  };
  for (const d of [run.home, run.tmp, path.join(run.userData, 'User'), run.extensions, run.logs]) fs.mkdirSync(d, { recursive: true });
  run.env = sandboxEnv(run);
  run.cleanup = (ok) => {
    if (ok && !KEEP_RUNS) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    else console.log(`run folder kept: ${dir}`);
  };
  return run;
}

function sandboxEnv(run, extra = {}) {
  const env = { ...process.env };
  // Don't leak an outer test harness's idea of the extension host into the one we start.
  for (const k of Object.keys(env)) if (/^(VSCODE_|ELECTRON_)/.test(k) && k !== 'VSCODE_SHIM_DEBUG') delete env[k];
  return Object.assign(env, {
    HOME: run.home,
    XDG_CONFIG_HOME: path.join(run.home, '.config'),
    XDG_DATA_HOME: path.join(run.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(run.home, '.cache'),
    XDG_STATE_HOME: path.join(run.home, '.local', 'state'),
    TMPDIR: run.tmp,
    // npm/npx inside the editor must still find the real cache config
    npm_config_cache: process.env.npm_config_cache || path.join(os.homedir(), '.npm'),
  }, extra);
}

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'git.enabled': false,
  'json.schemaDownload.enable': false,
  'chat.disableAIFeatures': true,
};
function writeSettings(run, extra = {}) {
  const file = path.join(run.userData, 'User', 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, ...extra }, null, 2));
}

/**
 * Workspace with copies of the fixtures:
 *   capital-one-2019.yaml          <- <extension root>/examples/capital-one-2019.yaml (the project's own example)
 *   package.json                   <- fixtures/package.json.txt           (not AWS: must get zero diagnostics)
 *   k8s/deployment.yaml            <- fixtures/k8s-deployment.yaml
 *   .github/workflows/ci.yml       <- fixtures/github-workflow.yml
 */
function makeWorkspace(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    'capital-one-2019.yaml': path.join(EXTENSION_ROOT, 'examples', 'capital-one-2019.yaml'),
    'package.json': path.join(FIXTURES, 'package.json.txt'),
    'k8s/deployment.yaml': path.join(FIXTURES, 'k8s-deployment.yaml'),
    '.github/workflows/ci.yml': path.join(FIXTURES, 'github-workflow.yml'),
  };
  for (const [rel, src] of Object.entries(files)) {
    if (!fs.existsSync(src)) throw new Error(`fixture missing: ${src}`);
    const dst = path.join(dir, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(src, dst);
    fs.chmodSync(dst, 0o644); // the source may be read-only; the tests edit and save the copies
  }
  return dir;
}

// ---------------------------------------------------------------- processes
function recordGroup(pid) {
  if (process.env.LEASTPRIV_PGID_FILE && pid) {
    try { fs.appendFileSync(process.env.LEASTPRIV_PGID_FILE, `${pid}\n`); } catch (_) { /* best effort */ }
  }
}
/** Kills a whole process group (spawned with detached:true): SIGTERM, then SIGKILL after graceMs; resolves once it is gone. */
function killGroup(pid, graceMs = 4000) {
  if (!pid) return Promise.resolve();
  const alive = () => { try { process.kill(-pid, 0); return true; } catch (_) { return false; } };
  try { process.kill(-pid, 'SIGTERM'); } catch (_) { return Promise.resolve(); }
  return new Promise((resolve) => {
    const t0 = Date.now();
    let killed = false;
    const poll = () => {
      if (!alive()) return resolve();
      if (!killed && Date.now() - t0 > graceMs) { killed = true; try { process.kill(-pid, 'SIGKILL'); } catch (_) { /* gone */ } }
      if (Date.now() - t0 > graceMs + 3000) return resolve();
      setTimeout(poll, 25);
    };
    poll();
  });
}
function killGroupNow(pid) {
  try { process.kill(-pid, 'SIGKILL'); } catch (_) { /* gone */ }
}

/** Children of this process whose command name starts with `comm` (used to find Chromium's pid for cleanup). */
function childPids(commPrefix) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S (\d+) (\d+)/.exec(stat);
      if (m && Number(m[2]) === process.pid && m[1].startsWith(commPrefix)) out.push({ pid: Number(d), pgid: Number(m[3]) });
    } catch (_) { /* raced */ }
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n'); } catch (_) { return '(no log)'; }
}

function waitHttp(url, { timeoutMs = 60000, child, logFile } = {}) {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child && child.exitCode !== null) {
        return reject(new Error(`server exited with code ${child.exitCode} before answering ${url}\n--- ${logFile}\n${tail(logFile)}`));
      }
      const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
      req.setTimeout(2000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        if (Date.now() > end) reject(new Error(`timeout waiting for ${url}\n--- ${logFile}\n${tail(logFile)}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function spawnServer(cmd, args, run, logName, env) {
  const logFile = path.join(run.logs, logName);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], detached: true, env });
  fs.closeSync(out);
  recordGroup(child.pid);
  console.log(`${logName.replace(/\.log$/, '')} pid ${child.pid} (log: ${logFile})`);
  return { child, logFile, stop: () => killGroup(child.pid) };
}

/**
 * The VS Code server bundled in code-server (lib/vscode/out/server-main.js), started directly so that
 * VS Code's own --enable-smoke-test-driver is available: built web clients honour the
 * ?payload=[["extensionDevelopmentPath",..],["extensionTestsPath",..]] URL only with it.
 */
function startVsCodeServer({ run, port, env = {} }) {
  requireCodeServer();
  const { serverMain } = codeServerPaths();
  const args = [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--disable-telemetry', '--enable-smoke-test-driver', '--disable-workspace-trust',
    '--user-data-dir', run.userData, '--server-data-dir', run.userData, '--extensions-dir', run.extensions,
    '--logsPath', path.join(run.logs, 'vscode')];
  return spawnServer(process.execPath, args, run, 'vscode-server.log', { ...run.env, ...env });
}

/** code-server itself (the product users run), serving `folder`. */
function startCodeServer({ run, port, folder, env = {} }) {
  requireCodeServer();
  const { entry } = codeServerPaths();
  const config = path.join(run.dir, 'code-server-config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--config', config, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, folder];
  return spawnServer(process.execPath, args, run, 'code-server.log', { ...run.env, ...env });
}

// ---------------------------------------------------------------- Chromium
function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is not installed (${e.message}). It is a devDependency: run npm ci`);
  }
}

/**
 * Headless Debian Chromium through playwright-core, with a fresh profile in the run folder
 * (Playwright forbids --user-data-dir in launch(); launchPersistentContext is the way).
 * Playwright's own signal handlers are off: the caller's cleanup kills everything; Playwright's
 * process 'exit' hook still SIGKILLs the browser group if this process exits early.
 */
async function launchChromium(run, { viewport = { width: 1400, height: 900 } } = {}) {
  requireChromium();
  const { chromium } = loadPlaywright();
  const headful = process.env.HEADFUL === '1';
  const before = new Set(childPids('chrom').map((p) => p.pid));
  const ctx = await chromium.launchPersistentContext(path.join(run.dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: !headful,
    env: run.env,
    viewport,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60000,
    args: [...(headful ? [] : ['--headless']), '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-features=Translate,MediaRouter,OptimizationHints', '--password-store=basic'],
  });
  for (const p of childPids('chrom')) if (!before.has(p.pid)) recordGroup(p.pgid);
  return ctx;
}

// ---------------------------------------------------------------- installing the extension by copy
const BUILTINS = new Set(require('module').builtinModules);
/** Package names required by the bundles in dist/ that esbuild left external (besides vscode and builtins). */
function externalRequires(distDir) {
  const names = new Set();
  for (const f of fs.readdirSync(distDir)) {
    if (!/\.(c|m)?js$/.test(f)) continue;
    const src = fs.readFileSync(path.join(distDir, f), 'utf8');
    for (const m of src.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      const spec = m[1];
      if (spec.startsWith('node:') || spec === 'vscode') continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!BUILTINS.has(name)) names.add(name);
    }
  }
  return [...names];
}

function copyRecursive(src, dst) {
  fs.cpSync(src, dst, { recursive: true, dereference: true, filter: (s) => !/\/\.git(\/|$)/.test(s) });
}

/**
 * "Installs" the extension the way an unpacked VSIX lands on disk: copies its package.json, dist/, README,
 * LICENSE, CHANGELOG, icon, files named in package.json `files`/`contributes`, and the node_modules packages
 * that the bundles require at run time (with their dependencies) into
 * <extensionsDir>/<publisher>.<name>-<version>. Returns that folder.
 */
function copyExtension(root, extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const dest = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(dest, { recursive: true });
  const entries = new Set(['package.json', 'dist']);
  for (const f of fs.readdirSync(root)) if (/^(README|LICENSE|LICENCE|CHANGELOG|NOTICE|package\.nls)/i.test(f)) entries.add(f);
  if (manifest.icon) entries.add(manifest.icon);
  for (const f of manifest.files || []) if (!/[*?{]/.test(f)) entries.add(f.replace(/^\.\//, '').replace(/\/$/, ''));
  (function walk(v) { // ./schemas/x.json, ./syntaxes/y.json ... referenced by contributes
    if (typeof v === 'string') { if (/^\.\//.test(v)) entries.add(v.slice(2)); } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  })(manifest.contributes || {});
  for (const e of entries) {
    const src = path.join(root, e);
    if (fs.existsSync(src)) copyRecursive(src, path.join(dest, e));
  }
  // runtime node_modules closure
  const copied = [];
  const queue = fs.existsSync(path.join(root, 'dist')) ? externalRequires(path.join(root, 'dist')) : [];
  const seen = new Set();
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    seen.add(name);
    const src = path.join(root, 'node_modules', name);
    if (!fs.existsSync(path.join(src, 'package.json'))) {
      console.log(`copyExtension: warning: ${name} is required by dist/ but not in ${root}/node_modules`);
      continue;
    }
    copyRecursive(src, path.join(dest, 'node_modules', name));
    copied.push(name);
    const pj = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...(pj.dependencies || {}), ...(pj.optionalDependencies || {}) })) {
      if (!fs.existsSync(path.join(src, 'node_modules', dep))) queue.push(dep); // nested ones came with the copy
    }
  }
  console.log(`extension copied to ${dest}: ${[...entries].filter((e) => fs.existsSync(path.join(root, e))).join(', ')}` +
    (copied.length ? `; node_modules: ${copied.join(', ')}` : ''));
  return dest;
}

/** Runs `fn` on SIGINT/SIGTERM/SIGHUP once, then exits with 128+n. For killing servers on interruption. */
function onInterrupt(fn) {
  let done = false;
  for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.on(sig, () => {
      if (done) return;
      done = true;
      console.error(`received ${sig}, cleaning up`);
      try { fn(); } catch (_) { /* ignore */ }
      process.exit(128 + n);
    });
  }
}

module.exports = {
  REPO, EXTENSION_ROOT, FIXTURES, CACHE, CODE_SERVER_DIR, CHROMIUM, KEEP_RUNS,
  step, timings, codeServerPaths, requireCodeServer, requireChromium, requireExtensionBuild, extensionManifest,
  freshRun, sandboxEnv, writeSettings, makeWorkspace, recordGroup, killGroup, killGroupNow, childPids, freePort,
  waitHttp, tail, startVsCodeServer, startCodeServer, launchChromium, loadPlaywright, onInterrupt,
  externalRequires, copyExtension,
};
