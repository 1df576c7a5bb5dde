'use strict';
// runExtensionTests(): runs a VS Code extension's integration tests (an extensionTestsPath module that
// exports run(): Promise<void>, exactly what @vscode/test-electron loads) inside the REAL Node extension
// host of the VS Code server bundled with code-server, with the workbench in headless Chromium.
//
// Mechanism: `node lib/vscode/out/server-main.js --enable-smoke-test-driver ...`, then the workbench URL
//   /?folder=WS&payload=[["extensionDevelopmentPath","vscode-remote://HOST/EXT"],["extensionTestsPath","vscode-remote://HOST/T"]]
// The workbench runs the tests in the extension host, forwards its console through
// window.codeAutomationLog and reports the result through window.codeAutomationExit(code).
const fs = require('fs');
const path = require('path');
const util = require('util');
const lib = require('../editors/lib');

const NOISE = /^(Creating a socket|Resolving connection token|Resolved connection token|Updating additional builtin|\[Service Worker\]|ChatSessionStore|.*getaddrinfo ENOTFOUND|%c\[Extension Host\]|Started initializing default profile|Completed initializing default profile|Found additional builtin|Extension host agent)/;

async function runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, folder, userDataDir, extensionsDir,
  env = {}, timeoutMs = Number(process.env.LEASTPRIV_VSCODE_TIMEOUT_MS || 240000), screenshot }) {
  const devPaths = [].concat(extensionDevelopmentPath || []).map((p) => path.resolve(p));
  if (!devPaths.length) throw new Error('runExtensionTests: no extensionDevelopmentPath');
  lib.requireCodeServer();
  lib.requireChromium();
  const run = lib.freshRun('vscode-host');
  if (userDataDir) { run.userData = path.resolve(userDataDir); fs.mkdirSync(path.join(run.userData, 'User'), { recursive: true }); }
  if (extensionsDir) { run.extensions = path.resolve(extensionsDir); fs.mkdirSync(run.extensions, { recursive: true }); }
  if (!fs.existsSync(path.join(run.userData, 'User', 'settings.json'))) lib.writeSettings(run);

  const port = await lib.freePort();
  const server = lib.startVsCodeServer({ run, port, env });
  let ctx;
  let code = 1;
  let chromiumGroups = [];
  lib.onInterrupt(() => {
    lib.killGroupNow(server.child.pid);
    for (const g of chromiumGroups) lib.killGroupNow(g);
  });
  try {
    await lib.waitHttp(`http://127.0.0.1:${port}/version`, { child: server.child, logFile: server.logFile });
    lib.step(`VS Code server (code-server ${path.basename(lib.CODE_SERVER_DIR)}) answering on port ${port}`);
    const before = new Set(lib.childPids('chrom').map((p) => p.pid));
    ctx = await lib.launchChromium(run);
    chromiumGroups = lib.childPids('chrom').filter((p) => !before.has(p.pid)).map((p) => p.pgid);
    const page = ctx.pages()[0] || await ctx.newPage();
    lib.step('chromium launched');
    let resolveExit;
    const done = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(args || []));
      if (!NOISE.test(line)) console.log(type === 'error' ? `[ext host error] ${line}` : line);
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => resolveExit(exitCode));
    page.on('crash', () => resolveExit(Promise.reject(new Error('the workbench page crashed'))));
    page.on('pageerror', (e) => console.log(`[workbench page error] ${String(e && e.message || e).slice(0, 300)}`));
    const auth = `127.0.0.1:${port}`;
    const payload = devPaths.map((p) => ['extensionDevelopmentPath', `vscode-remote://${auth}${p}`]);
    payload.push(['extensionTestsPath', `vscode-remote://${auth}${path.resolve(extensionTestsPath)}`]);
    const where = folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true';
    await page.goto(`http://${auth}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    lib.step('workbench page loaded; extension tests running in the extension host');
    let timer;
    const serverDied = new Promise((_, rej) => server.child.once('exit', (c, s) =>
      rej(new Error(`VS Code server exited (code ${c}, signal ${s}) before the tests finished\n${lib.tail(server.logFile)}`))));
    const timeout = new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`no test result within ${timeoutMs} ms (codeAutomationExit never called)`)), timeoutMs);
    });
    code = await Promise.race([done, timeout, serverDied]);
    clearTimeout(timer);
    lib.step(`extension tests finished, exit code ${code}`);
    if (screenshot) await page.screenshot({ path: screenshot }).catch(() => {});
  } catch (e) {
    console.error('runExtensionTests failed:', e && e.stack || e);
    code = 1;
    try {
      const pages = ctx && ctx.pages();
      if (pages && pages.length) {
        const shot = path.join(run.dir, 'failure.png');
        await pages[pages.length - 1].screenshot({ path: shot });
        console.error(`screenshot of the workbench: ${shot}`);
      }
    } catch (_) { /* ignore */ }
  } finally {
    if (ctx) await Promise.race([ctx.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    for (const g of chromiumGroups) await lib.killGroup(g, 2000);
    await server.stop();
    if (code !== 0) console.error(`VS Code server log: ${server.logFile}`);
    run.cleanup(code === 0);
  }
  return typeof code === 'number' ? code : 1;
}

module.exports = { runExtensionTests };
