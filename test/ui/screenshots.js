#!/usr/bin/env node
'use strict';
// README / walkthrough screenshots taken in code-server's real UI (VS Code 1.100.3) with the extension
// installed as from a VSIX. Not part of `npm run test:editors`; run after `npm run build`:
//   node test/ui/screenshots.js [outDir]        (default: docs/images)
// Writes:
//   editor-squiggles.png  the Capital One template with squiggles, a hover and the Problems panel
//   quick-fix.png         Ctrl+. on `Actions`: the quick-fix menu
//   after-fix.png         after "Change 'Actions' to 'Action'": the problem is gone
//   scan-workspace.png    after "leastpriv: Scan Workspace": Problems for files that are not open, status bar
// Look at every PNG before committing it. Env: as test/ui/cs-ui-test.js (HEADFUL=1, LEASTPRIV_KEEP_RUNS=1).
const fs = require('fs');
const path = require('path');
const lib = require('../editors/lib');

const FILE = 'capital-one-2019.yaml';
const LINE = 59;
const OUT = path.resolve(process.argv[2] || path.join(lib.REPO, 'docs', 'images'));
const VIEWPORT = { width: 1280, height: 800 };

async function main() {
  lib.requireCodeServer();
  lib.requireChromium();
  lib.requireExtensionBuild();
  fs.mkdirSync(OUT, { recursive: true });
  const run = lib.freshRun('shots');
  const ws = lib.makeWorkspace(path.join(run.dir, 'workspace'));
  lib.writeSettings(run, { 'workbench.colorTheme': 'Default Dark Modern', 'editor.fontSize': 14, 'window.commandCenter': false,
    'workbench.layoutControl.enabled': false, 'editor.hover.delay': 200, 'breadcrumbs.enabled': false });
  lib.copyExtension(lib.EXTENSION_ROOT, run.extensions);
  const port = await lib.freePort();
  const cs = lib.startCodeServer({ run, port, folder: ws });
  let ctx;
  let page;
  let ok = false;
  let chromiumGroups = [];
  lib.onInterrupt(() => { lib.killGroupNow(cs.child.pid); for (const g of chromiumGroups) lib.killGroupNow(g); });
  const shot = async (name) => {
    const p = path.join(OUT, name);
    await page.screenshot({ path: p });
    console.log(`  wrote ${p}`);
  };
  const problemsRows = () => page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
  try {
    await lib.waitHttp(`http://127.0.0.1:${port}/healthz`, { child: cs.child, logFile: cs.logFile });
    const before = new Set(lib.childPids('chrom').map((p) => p.pid));
    ctx = await lib.launchChromium(run, { viewport: VIEWPORT });
    chromiumGroups = lib.childPids('chrom').filter((p) => !before.has(p.pid)).map((p) => p.pgid);
    page = ctx.pages()[0] || await ctx.newPage();
    page.setDefaultTimeout(30000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench .explorer-folders-view .monaco-list-row', { timeout: 60000 });
    lib.step('workbench loaded');

    // Scan Workspace first, with no file open: Problems lists the template although it is closed.
    // The extension's commands appear once the extension host has scanned the extensions: retry.
    const palette = async (cmd) => {
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press('Control+Shift+P');
        await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
        await page.keyboard.type(cmd);
        const row = await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${cmd}")`, { timeout: 2000 }).catch(() => null);
        if (row) break;
        await page.keyboard.press('Escape');
        if (attempt > 30) throw new Error(`command ${cmd} not in the Command Palette`);
        await page.waitForTimeout(1000);
      }
      await page.keyboard.press('Enter');
    };
    await page.click('.monaco-workbench .part.editor');
    await palette('leastpriv: Scan Workspace');
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row:has-text("iam/invalid-element")', { timeout: 60000 });
    await page.waitForSelector('.notifications-toasts .notification-toast:has-text("leastpriv: scanned")', { timeout: 30000 }).catch(() => {});
    await page.waitForTimeout(500);
    console.log(`  Problems after the scan: ${(await problemsRows()).length} rows`);
    await shot('scan-workspace.png');
    lib.step('scan-workspace.png');
    // dismiss the notification
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.querySelectorAll('.notifications-toasts .codicon-notifications-clear, .notifications-toasts .codicon-close').forEach((e) => e.click()));

    await page.click('.monaco-workbench .part.editor');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(FILE);
    await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${FILE}")`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tabs-container .tab.active:has-text("${FILE}")`);
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(`${LINE - 8}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(`${LINE}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
    await page.waitForTimeout(800);
    // Hover the first s3:ListBuckets: the diagnostic and its documentation link appear.
    const token = page.locator('.monaco-editor .view-lines .view-line span:text-is("s3:ListBuckets")').first();
    await token.waitFor({ state: 'visible' });
    await token.hover();
    await page.waitForSelector('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover .hover-row', { timeout: 15000 });
    await page.waitForTimeout(600);
    await shot('editor-squiggles.png');
    lib.step('editor-squiggles.png');

    // Quick fix on `Actions`.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const actions = page.locator('.monaco-editor .view-lines .view-line span:text-is("Actions")').first();
    await actions.click();
    await page.keyboard.press('Control+.');
    await page.waitForSelector('.action-widget .monaco-list-row.action', { timeout: 20000 });
    await page.waitForTimeout(400);
    await shot('quick-fix.png');
    lib.step('quick-fix.png');
    let chosen = false;
    for (let i = 0; i < 30 && !chosen; i++) {
      const focused = await page.$eval('.action-widget .monaco-list-row.focused', (e) => e.innerText).catch(() => '');
      if (/\bActions\b.*\bAction\b/.test(focused)) chosen = true;
      else await page.keyboard.press('ArrowDown');
    }
    if (!chosen) throw new Error('no "Change \'Actions\' to \'Action\'" in the quick-fix menu');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.markers-panel .monaco-list-row:has-text("iam/invalid-element")', { state: 'detached', timeout: 20000 });
    await page.waitForTimeout(600);
    await shot('after-fix.png');
    lib.step('after-fix.png');
    ok = true;
  } catch (e) {
    console.error('FAIL:', e && e.stack || e);
    if (page) await page.screenshot({ path: path.join(run.dir, 'failure.png') }).then(() => console.error(`failure screenshot: ${path.join(run.dir, 'failure.png')}`)).catch(() => {});
  } finally {
    if (ctx) await Promise.race([ctx.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    for (const g of chromiumGroups) await lib.killGroup(g, 2000);
    await cs.stop();
    run.cleanup(ok);
  }
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => { console.error('FAIL:', e && e.stack || e); process.exit(1); });
