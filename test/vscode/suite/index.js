'use strict';
// Mocha entry point loaded by the VS Code extension host (extensionTestsPath): exports run(): Promise<void>,
// the shape @vscode/test-electron uses. Prints per-test lines and a final `N passed, N failed`; writes the
// same to $LEASTPRIV_VSCODE_RESULTS when set. Rejects (=> non-zero exit of the editor) on any failure.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90000, reporter: 'spec' });
  const grep = process.env.LEASTPRIV_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  const lines = [];
  return new Promise((resolve, reject) => {
    let runner;
    try {
      runner = mocha.run((failures) => {
        const summary = `${runner.stats.passes} passed, ${failures} failed`;
        lines.push(summary);
        if (process.env.LEASTPRIV_VSCODE_RESULTS) {
          try { fs.writeFileSync(process.env.LEASTPRIV_VSCODE_RESULTS, lines.join('\n') + '\n'); } catch (e) { console.error(e); }
        }
        console.log(summary);
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else if (runner.stats.passes === 0) reject(new Error('no tests ran'));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      reject(e);
      return;
    }
    runner.on('pass', (t) => lines.push(`PASS ${t.fullTitle()} (${t.duration} ms)`));
    runner.on('fail', (t, err) => lines.push(`FAIL ${t.fullTitle()}: ${(err && (err.stack || err.message)) || err}`));
  });
};
