import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalysisResult } from '../engine/analyze';
import type { Settings } from '../engine/settings';
import type { Finding, Severity } from '../engine/types';
import { applyEdits } from '../fixes/edits';
import { unambiguousFixes } from '../fixes/fix-all';
import { toSarif, type FileResult } from '../output/sarif';
import { formatTextLine } from '../output/text';
import { loadConfigFile } from '../engine/config';
import { isFileIncluded } from '../engine/files';
import { DEFAULT_SETTINGS, mergeSettings } from '../engine/settings';
import { laps } from '../util/laps';
import { VERSION } from '../version';

const USAGE = `leastpriv ${VERSION} — least privilege for AWS CloudFormation, SAM and IAM policy files

Usage:
  leastpriv scan [paths...] [options]   scan files and directories (default: .)
  leastpriv lsp --stdio                 run the language server over stdio
  leastpriv --version | --help

Scan options:
  --format text|json|sarif   output format (default: text)
  --fail-on error|warning|info|never
                             exit 1 when a finding is at or above this severity (default: warning)
  --fix                      apply every unambiguous fix in place and report what changed
  --show-suppressed          include suppressed findings in text output
  --config FILE              settings file (default: .leastpriv.json / .leastpriv.yaml in the current directory)
  --output FILE              write the report to FILE instead of standard output

Directories are searched for *.json, *.yaml, *.yml and *.template (node_modules and .git skipped).
Files that are not CloudFormation/SAM templates or IAM policies are ignored.
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or unreadable path.`;

class UsageError extends Error {}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'cdk.out', '.aws-sam']);

interface ScanOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  failOn: Severity | 'never';
  fix: boolean;
  showSuppressed: boolean;
  config?: string;
  output?: string;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      process.stdout.write(USAGE + '\n');
      return cmd ? 0 : 2;
    }
    if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
      process.stdout.write(VERSION + '\n');
      return 0;
    }
    if (cmd === 'lsp') {
      if (!rest.includes('--stdio') && !rest.some((a) => a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
        throw new UsageError('leastpriv lsp needs a transport: --stdio');
      }
      // Loaded only here so that `scan` and `--version` stay fast (the CLI bundle requires the
      // separate dist/server.js bundle here: see scripts/build.js).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startServer } = require('../lsp/server') as typeof import('../lsp/server');
      startServer();
      return -1; // keep running
    }
    if (cmd === 'scan') return scan(parseScanArgs(rest));
    throw new UsageError(`unknown command '${cmd}' (try: leastpriv scan, leastpriv lsp --stdio, leastpriv --help)`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`leastpriv: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`leastpriv: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

function parseScanArgs(args: string[]): ScanOptions {
  const o: ScanOptions = { paths: [], format: 'text', failOn: 'warning', fix: false, showSuppressed: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got '${v}')`);
        o.format = v;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (!['error', 'warning', 'info', 'never'].includes(v)) throw new UsageError(`--fail-on must be error, warning, info or never (got '${v}')`);
        o.failOn = v as ScanOptions['failOn'];
        break;
      }
      case '--fix':
        o.fix = true;
        break;
      case '--show-suppressed':
        o.showSuppressed = true;
        break;
      case '--config':
        o.config = value();
        break;
      case '--output':
      case '-o':
        o.output = value();
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

/** Files to scan: those named explicitly, and under directories those `files.include/exclude` allow. */
function collectFiles(paths: string[], included: (file: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UsageError(`cannot read '${p}': no such file or directory`);
    }
    if (st.isFile()) out.push(p);
    else if (st.isDirectory()) {
      const found: string[] = [];
      walkDir(p, found);
      for (const f of found) if (included(path.relative(process.cwd(), f).split(path.sep).join('/') || f)) out.push(f);
    }
    else throw new UsageError(`cannot read '${p}': not a file or directory`);
  }
  return out;
}

function walkDir(dir: string, out: string[]): void {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      throw new UsageError(`cannot read directory '${d}'`);
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const subdirs: string[] = [];
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) subdirs.push(full);
      } else if (e.isFile() && EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(full);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Apply every `safe` fix, re-analysing until nothing more applies (fixes may enable others). */
export function fixText(text: string, fileName: string, settings: Partial<Settings>): { text: string; applied: { ruleId: string; title: string }[] } {
  const applied: { ruleId: string; title: string }[] = [];
  let cur = text;
  for (let pass = 0; pass < 10; pass++) {
    const chosen = unambiguousFixes(analyze(cur, { fileName, settings }));
    if (!chosen.length) break;
    const next = applyEdits(cur, chosen.flatMap((c) => c.edits));
    if (next === cur) break;
    cur = next;
    for (const c of chosen) applied.push({ ruleId: c.finding.ruleId, title: c.title });
  }
  return { text: cur, applied };
}

function scan(o: ScanOptions): number {
  // LEASTPRIV_TIMING=1: where the time went, per phase and per rule, on standard error (like ESLint's TIMING).
  const timings = process.env.LEASTPRIV_TIMING ? new Map<string, number>([['node start and loading leastpriv', performance.now()]]) : undefined;
  const { lap, restart } = laps(timings);
  const config = loadConfigFile(o.config);
  if (config.error) throw new UsageError(config.error);
  const settings = config.settings;
  const effective = mergeSettings(DEFAULT_SETTINGS, settings);
  const files = collectFiles(o.paths, settings.files ? (f) => isFileIncluded(effective, f) : undefined);
  const cwd = process.cwd();
  const results: FileResult[] = [];
  const fixReport: string[] = [];
  lap('config and finding files');
  for (const file of files) {
    restart();
    let text = readText(file);
    lap('reading files');
    const rel = path.relative(cwd, file).split(path.sep).join('/') || file;
    if (o.fix) {
      const fixed = fixText(text, file, settings);
      if (fixed.applied.length) {
        fs.writeFileSync(file, fixed.text);
        text = fixed.text;
        for (const a of fixed.applied) fixReport.push(`${rel}: fixed ${a.ruleId}: ${a.title}`);
      }
    }
    restart();
    const result = analyze(text, { fileName: file, settings, timings });
    restart();
    if (result.kind === 'none' && result.findings.length === 0) continue;
    results.push({ uri: rel, result });
  }

  let out: string;
  const visible = (f: Finding) => !f.suppression;
  if (o.format === 'sarif') out = JSON.stringify(toSarif(results, VERSION), null, 2) + '\n';
  else if (o.format === 'json') out = JSON.stringify(toJson(results, fixReport), null, 2) + '\n';
  else out = toText(results, o.showSuppressed, fixReport);

  if (o.output) fs.writeFileSync(o.output, out);
  else process.stdout.write(out);
  lap('output');
  if (timings) printTimings(timings);

  if (o.failOn === 'never') return 0;
  const threshold = RANK[o.failOn];
  const failing = results.some((r) => r.result.findings.some((f) => visible(f) && RANK[f.severity] >= threshold));
  return failing ? 1 : 0;
}

function printTimings(timings: Map<string, number>): void {
  const total = performance.now();
  const rows = [...timings].sort((a, b) => b[1] - a[1]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v.toFixed(1).padStart(8)} ms  ${((100 * v) / total).toFixed(1).padStart(5)} %`);
  process.stderr.write(`${lines.join('\n')}\n${'total (process uptime)'.padEnd(width)}  ${total.toFixed(1).padStart(8)} ms\n`);
}

function toText(results: FileResult[], showSuppressed: boolean, fixReport: string[]): string {
  const lines: string[] = [...fixReport];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let suppressed = 0;
  for (const { uri, result } of results) {
    for (const f of result.findings) {
      if (f.suppression) {
        suppressed++;
        if (!showSuppressed) continue;
      } else counts[f.severity]++;
      lines.push(formatTextLine(uri, result.parsed.lineStarts, f));
    }
  }
  const total = counts.error + counts.warning + counts.info;
  lines.push(
    `${total} finding${total === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.info} info) in ${results.length} file${results.length === 1 ? '' : 's'}` +
      (suppressed ? `, ${suppressed} suppressed` : ''),
  );
  return lines.join('\n') + '\n';
}

function toJson(results: FileResult[], fixReport: string[]): object {
  const { positionAt } = require('../parse/lines') as typeof import('../parse/lines');
  return {
    version: VERSION,
    fixed: fixReport,
    files: results.map(({ uri, result }: { uri: string; result: AnalysisResult }) => ({
      file: uri,
      kind: result.kind,
      findings: result.findings.map((f) => {
        const s = positionAt(result.parsed.lineStarts, f.start);
        const e = positionAt(result.parsed.lineStarts, f.end);
        return {
          ruleId: f.ruleId,
          severity: f.severity,
          securitySeverity: f.securitySeverity,
          message: f.message,
          line: s.line + 1,
          column: s.character + 1,
          endLine: e.line + 1,
          endColumn: e.character + 1,
          resourceId: f.resourceId,
          related: f.related.map((r) => ({ message: r.message, line: positionAt(result.parsed.lineStarts, r.start).line + 1 })),
          fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind })),
          ...(f.suppression ? { suppressed: f.suppression } : {}),
        };
      }),
    })),
  };
}
