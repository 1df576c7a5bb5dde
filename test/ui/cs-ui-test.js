#!/usr/bin/env node
'use strict';
// The user's path through code-server's real VS Code UI (1.100.3), driven with playwright-core in Debian's
// headless Chromium:
//   open the workspace -> Quick Open capital-one-2019.yaml -> squiggle -> Problems panel lists a leastpriv
//   row -> click on `Actions` -> Ctrl+. -> choose "Change 'Actions' to 'Action'" -> line reads `Action:` and
//   the iam/invalid-element problem goes -> Ctrl+S -> the file on disk changed.
// Exit 0 = pass. Screenshots: $LEASTPRIV_SHOTS_DIR (default: a new /tmp/leastpriv-shots-* folder).
// Env: LEASTPRIV_UI_EXT_MODE=copy (default: extension copied into --extensions-dir as
//      <publisher>.<name>-<version>, like an installed VSIX) | devpath (?payload=extensionDevelopmentPath),
//      LEASTPRIV_EXTENSION_ROOT, LEASTPRIV_KEEP_RUNS=1, HEADFUL=1 (under xvfb-run -a).
const fs = require('fs');
const os = require('os');
const path = require('path');
const lib = require('../editors/lib');

const MODE = process.env.LEASTPRIV_UI_EXT_MODE || 'copy';
const FILE = 'capital-one-2019.yaml';
const LINE = 59; // 1-based line of the `Actions:` key in the template
const FIX_TITLE = new RegExp(process.env.LEASTPRIV_UI_FIX_TITLE || "\\bActions\\b.*\\bAction\\b");
const NBSP = /\u00a0/g;

async function main() {
  lib.requireCodeServer();
  lib.requireChromium();
  lib.requireExtensionBuild();
  if (!['copy', 'devpath'].includes(MODE)) throw new Error(`LEASTPRIV_UI_EXT_MODE must be copy or devpath, not ${MODE}`);
  const shots = process.env.LEASTPRIV_SHOTS_DIR ? path.resolve(process.env.LEASTPRIV_SHOTS_DIR)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'leastpriv-shots-'));
  fs.mkdirSync(shots, { recursive: true });
  console.log(`screenshots: ${shots}`);
  const run = lib.freshRun('ui');
  const ws = lib.makeWorkspace(path.join(run.dir, 'workspace'));
  const file = path.join(ws, FILE);
  lib.writeSettings(run);
  if (MODE === 'copy') lib.copyExtension(lib.EXTENSION_ROOT, run.extensions);
  lib.step(`workspace + extension ready (mode ${MODE})`);

  const port = await lib.freePort();
  const cs = lib.startCodeServer({ run, port, folder: ws });
  let ctx;
  let page;
  let ok = false;
  let n = 0;
  const shot = async (name) => {
    const p = path.join(shots, `ui-${++n}-${name}.png`);
    await page.screenshot({ path: p });
    console.log(`  screenshot ${p}`);
  };
  let chromiumGroups = [];
  lib.onInterrupt(() => { lib.killGroupNow(cs.child.pid); for (const g of chromiumGroups) lib.killGroupNow(g); });
  try {
    await lib.waitHttp(`http://127.0.0.1:${port}/healthz`, { child: cs.child, logFile: cs.logFile });
    lib.step(`code-server answering on port ${port}`);
    const before = new Set(lib.childPids('chrom').map((p) => p.pid));
    ctx = await lib.launchChromium(run);
    chromiumGroups = lib.childPids('chrom').filter((p) => !before.has(p.pid)).map((p) => p.pgid);
    page = ctx.pages()[0] || await ctx.newPage();
    page.setDefaultTimeout(30000);
    page.on('pageerror', (e) => console.log(`  [page error] ${String(e && e.message || e).slice(0, 300)}`));
    page.on('console', (m) => { if (/leastpriv/i.test(m.text())) console.log(`  [browser console] ${m.type()} ${m.text().slice(0, 300)}`); });
    lib.step('chromium launched');

    let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`;
    if (MODE === 'devpath') {
      url += '&payload=' + encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${lib.EXTENSION_ROOT}`]]));
    }
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .explorer-folders-view .monaco-list-row', { timeout: 60000 });
    lib.step('workbench loaded, explorer shows the workspace');
    await shot('workbench');

    // Open the template through Quick Open (Ctrl+P), as a person would.
    await page.click('.monaco-workbench .part.editor');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(FILE);
    await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${FILE}")`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tabs-container .tab.active:has-text("${FILE}")`);
    await page.waitForSelector('.monaco-editor .view-lines .view-line');
    lib.step(`${FILE} open in the editor`);
    await shot('template-open');

    // Reveal line 59 (Ctrl+G): Monaco renders squiggles only for lines in view.
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(`${LINE}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info', { timeout: 60000 });
    lib.step(`leastpriv squiggle visible around line ${LINE}`);
    await page.keyboard.press('Control+Shift+M'); // Problems panel
    await page.waitForSelector('.markers-panel .monaco-list-row:has-text("leastpriv")', { timeout: 30000 });
    const invalidRow = '.markers-panel .monaco-list-row:has-text("iam/invalid-element")';
    await page.waitForSelector(invalidRow, { timeout: 30000 });
    const rows = await page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
    console.log(`  Problems panel (${rows.length} rows shown):\n${rows.map((r) => '    ' + r).join('\n')}`);
    lib.step('Problems panel lists leastpriv rows incl. iam/invalid-element');
    await shot('problems');

    // Click the iam/invalid-element row (the editor reveals it), then click on the word `Actions` itself.
    await page.click(invalidRow);
    const actionsToken = page.locator('.monaco-editor .view-lines .view-line span:text-is("Actions")').first();
    await actionsToken.waitFor({ state: 'visible' });
    await actionsToken.click();
    // The status bar updates a moment after the click: wait until it shows a plain cursor position.
    const statusItem = page.locator('.statusbar-item[id="status.editor.selection"]');
    let status = '?';
    for (const end = Date.now() + 2000; Date.now() < end;) {
      status = (await statusItem.innerText().catch(() => '?')).replace(/\s+/g, ' ');
      if (new RegExp(`^Ln ${LINE}, Col \\d+$`).test(status)) break;
      await page.waitForTimeout(50);
    }
    console.log(`  cursor after clicking 'Actions': ${status}`);
    if (!new RegExp(`Ln ${LINE},`).test(status)) throw new Error(`cursor not on line ${LINE} after clicking Actions (status bar: ${status})`);
    lib.step(`clicked on 'Actions' (line ${LINE})`);

    await page.keyboard.press('Control+.');
    await page.waitForSelector('.action-widget .monaco-list-row.action', { timeout: 20000 });
    const menu = await page.$$eval('.action-widget .monaco-list-row', (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
    console.log(`  quick-fix menu: ${JSON.stringify(menu)}`);
    lib.step('quick-fix menu open (Ctrl+.)');
    await shot('quickfix-menu');
    // Move the keyboard focus to the fix (arrow keys), then Enter, like a user would.
    let chosen = null;
    for (let i = 0; i < 30 && !chosen; i++) {
      const focused = await page.$eval('.action-widget .monaco-list-row.focused', (e) => e.innerText.replace(/\s+/g, ' ').trim()).catch(() => null);
      if (focused && FIX_TITLE.test(focused)) chosen = focused;
      else await page.keyboard.press('ArrowDown');
    }
    if (!chosen) throw new Error(`no quick fix matching ${FIX_TITLE} in the menu ${JSON.stringify(menu)}`);
    console.log(`  choosing: ${chosen}`);
    await page.keyboard.press('Enter');

    await page.waitForFunction((ln) => {
      const lines = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')].map((e) => e.textContent.replace(/\u00a0/g, ' '));
      return lines.some((t) => /^\s*Action:\s*$/.test(t)) && !lines.some((t) => /^\s*Actions:/.test(t));
    }, LINE, { timeout: 20000 });
    lib.step("quick fix applied: the editor shows 'Action:'");
    await page.waitForSelector(invalidRow, { state: 'detached', timeout: 20000 });
    lib.step('iam/invalid-element gone from the Problems panel');
    await shot('fixed');

    await page.keyboard.press('Control+S');
    const end = Date.now() + 15000;
    let onDisk = '';
    while (Date.now() < end) {
      onDisk = fs.readFileSync(file, 'utf8').split('\n')[LINE - 1];
      if (/^\s*Action:\s*$/.test(onDisk)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`  line ${LINE} on disk: ${JSON.stringify(onDisk)}`);
    if (!/^\s*Action:\s*$/.test(onDisk)) throw new Error(`file on disk not changed (line ${LINE}: ${JSON.stringify(onDisk)})`);
    await page.waitForSelector(`.tabs-container .tab.active:has-text("${FILE}"):not(.dirty)`, { timeout: 10000 });
    lib.step('saved (Ctrl+S): file on disk has Action:');
    await shot('saved');
    ok = true;
  } catch (e) {
    console.error('FAIL:', e && e.stack || e);
    if (page) await shot('failure').catch(() => {});
    console.error(`code-server log: ${cs.logFile}\n${lib.tail(cs.logFile, 20).replace(NBSP, ' ')}`);
  } finally {
    if (ctx) await Promise.race([ctx.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    for (const g of chromiumGroups) await lib.killGroup(g, 2000);
    await cs.stop();
    console.log(`timings: ${JSON.stringify(lib.timings)}`);
    console.log(ok ? 'PASS' : 'FAIL');
    run.cleanup(ok);
  }
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => { console.error('FAIL:', e && e.stack || e); process.exit(1); });
