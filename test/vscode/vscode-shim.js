#!/usr/bin/env node
'use strict';
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// No desktop VS Code can be downloaded on our test machines, so this takes the command line that
// test-electron builds (--extensionTestsPath=, --extensionDevelopmentPath= (repeatable), --user-data-dir=,
// --extensions-dir=, a positional workspace folder, plus flags it ignores) and runs the same tests in
// code-server's bundled VS Code server: real Node extension host, workbench in headless Chromium.
// The exit code is the test result (0 = all passed). With a real VS Code available, runTest.js can use
// it instead (LEASTPRIV_VSCODE_EXECUTABLE).
const { runExtensionTests } = require('./run-ext-tests');

const opts = { extensionDevelopmentPath: [], folder: null };
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/s.exec(a);
  if (m) {
    if (m[1] === 'extensionTestsPath') opts.extensionTestsPath = m[2];
    else if (m[1] === 'extensionDevelopmentPath') opts.extensionDevelopmentPath.push(m[2]);
    else if (m[1] === 'user-data-dir') opts.userDataDir = m[2];
    else if (m[1] === 'extensions-dir') opts.extensionsDir = m[2];
  } else if (!a.startsWith('-')) {
    opts.folder = a;
  }
}
if (!opts.extensionTestsPath || !opts.extensionDevelopmentPath.length) {
  console.error('vscode-shim: only extension test runs (--extensionTestsPath= and --extensionDevelopmentPath=) are supported');
  process.exit(2);
}
runExtensionTests(opts).then(
  (code) => process.exit(code),
  (e) => { console.error('vscode-shim:', e && e.stack || e); process.exit(1); },
);
