#!/usr/bin/env node
// Renders the extension icon (docs/images/icon.png, 128x128) from the SVG below with Chromium
// (playwright-core, a devDependency; CHROMIUM=/usr/bin/chromium). Run once after changing the SVG.
'use strict';
const path = require('node:path');
const { chromium } = require('playwright-core');

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2563eb"/><stop offset="1" stop-color="#1e3a8a"/></linearGradient></defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="#0f172a"/>
  <path d="M64 16 L104 30 V62 C104 88 87 104 64 114 C41 104 24 88 24 62 V30 Z" fill="url(#g)" stroke="#93c5fd" stroke-width="3"/>
  <rect x="46" y="58" width="36" height="30" rx="5" fill="#f8fafc"/>
  <path d="M53 58 V49 C53 42 58 37 64 37 C70 37 75 42 75 49 V58" fill="none" stroke="#f8fafc" stroke-width="6"/>
  <circle cx="64" cy="70" r="4.5" fill="#1e3a8a"/><rect x="62" y="72" width="4" height="9" rx="2" fill="#1e3a8a"/>
</svg>`;

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${SVG}</body></html>`);
    const out = path.join(__dirname, '..', 'docs', 'images', 'icon.png');
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
