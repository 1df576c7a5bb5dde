#!/usr/bin/env node
'use strict';
// Runs the mocha suite test/vscode/suite/ inside a real VS Code extension host with the extension
// under development loaded, through @vscode/test-electron's runTests().
//
// There is no desktop VS Code on our machines (test-electron's download needs update.code.visualstudio.com),
// so vscodeExecutablePath is test/vscode/vscode-shim.js, which runs the tests in code-server's bundled
// VS Code server (see vscode-shim.js). On a desktop with VS Code, LEASTPRIV_VSCODE_EXECUTABLE=/path/to/code
// runs the very same suite in Electron.
//
// Each run gets a fresh temp workspace with copies of the fixtures (see test/editors/lib.js makeWorkspace).
// Env: LEASTPRIV_EXTENSION_ROOT (extension to load, default: repo root), LEASTPRIV_VSCODE_SUITE (index.js),
//      LEASTPRIV_KEEP_RUNS=1 (keep the temp folder).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const lib = require('../editors/lib');

async function main() {
  const t0 = Date.now();
  const extensionDevelopmentPath = lib.EXTENSION_ROOT;
  const extensionTestsPath = path.resolve(process.env.LEASTPRIV_VSCODE_SUITE || path.join(__dirname, 'suite', 'index.js'));
  if (!process.env.LEASTPRIV_VSCODE_SUITE) lib.requireExtensionBuild();
  const shim = path.join(__dirname, 'vscode-shim.js');
  const vscodeExecutablePath = process.env.LEASTPRIV_VSCODE_EXECUTABLE || shim;
  if (vscodeExecutablePath === shim) {
    lib.requireCodeServer();
    lib.requireChromium();
    try { fs.accessSync(shim, fs.constants.X_OK); } catch (_) { fs.chmodSync(shim, 0o755); } // git checkouts may drop +x
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leastpriv-runtest-'));
  const workspace = lib.makeWorkspace(path.join(tmp, 'workspace'));
  const resultsFile = path.join(tmp, 'results.txt');
  console.log(`extension: ${extensionDevelopmentPath}\nsuite:     ${extensionTestsPath}\nworkspace: ${workspace}\nexecutable: ${vscodeExecutablePath}`);
  let ok = false;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
        '--disable-extensions', // other installed extensions (desktop VS Code); the dev extension still loads
      ],
      extensionTestsEnv: {
        LEASTPRIV_VSCODE_RESULTS: resultsFile,
        LEASTPRIV_TEST_WORKSPACE: workspace,
      },
    });
    ok = true;
  } catch (e) {
    console.error(`runTests failed: ${e && e.message || e}`);
  }
  if (fs.existsSync(resultsFile)) {
    const lines = fs.readFileSync(resultsFile, 'utf8').trim().split('\n');
    console.log(`--- suite results (${resultsFile})`);
    for (const l of lines) if (/^FAIL /.test(l)) console.log(l.split('\n')[0]);
    console.log(lines[lines.length - 1]);
  } else if (ok) {
    console.error('runTests resolved but the suite wrote no results file');
    ok = false;
  }
  console.log(`runTests ${ok ? 'passed' : 'FAILED'} in ${Date.now() - t0} ms`);
  if (ok && process.env.LEASTPRIV_KEEP_RUNS !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`temp folder kept: ${tmp}`);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => { console.error(e && e.stack || e); process.exit(1); });
