#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm run build` (run automatically by `npm install`).
try {
  require('../dist/cli.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js')) {
    process.stderr.write('leastpriv: dist/cli.js is missing; run `npm run build` first.\n');
    process.exit(2);
  }
  throw e;
}
