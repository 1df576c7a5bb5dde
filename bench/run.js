#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: times parse, analysis, the CLI, the LSP round trip and memory on generated
 * templates of growing size and on ../shared/corpus, and prints medians beside the budgets.
 * Benchmarks print figures; they are not timed tests (machines are noisy).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { generateTemplate } = require('./generate');

const root = path.resolve(__dirname, '..');
const out = (p) => path.join(root, 'out', p);
const { analyze } = require(out('server/src/engine/analyze'));
const { parseDocument } = require(out('server/src/parse'));
const { LspClient } = require(out('test/lsp/client'));

const RUNS = Number(process.env.BENCH_RUNS || 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leastpriv-bench-'));
const rows = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;
function time(fn, runs = RUNS) {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return median(xs);
}
function row(what, value, budget, ok) {
  rows.push({ what, value, budget: budget ?? '', ok: ok === undefined ? '' : ok ? 'ok' : 'OVER' });
  console.error(`  ${what}: ${value}`);
}
/** Median wall time of `leastpriv ARGS`, started from a small process as a shell would (bench/cli-wall.js). */
function cli(args, runs = RUNS) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'cli-wall.js'), String(runs), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return median(JSON.parse(r.stdout));
}

async function main() {
  console.error(`leastpriv bench: ${os.cpus().length} cpus, node ${process.version}, ${RUNS} runs each (median)`);
  // Warm the catalog as a long-running server would be.
  analyze(fs.readFileSync(path.join(root, 'examples/capital-one-2019.yaml'), 'utf8'), { fileName: 'x.yaml' });

  // Growth: parse and analysis by template size.
  const sizes = [100, 500, 1500, 5000];
  const perResource = [];
  for (const n of sizes) {
    const text = generateTemplate(n);
    const kb = (text.length / 1024).toFixed(0);
    const p = time(() => parseDocument(text, 'yaml'));
    const a = time(() => analyze(text, { fileName: 'gen.yaml' }));
    perResource.push(a / n);
    const budget = n === 1500 ? '≤ 250 ms (CLI wall, below)' : '';
    row(`parse ${n} resources (${kb} KB)`, ms(p));
    row(`analyse ${n} resources (${kb} KB, incl. parse)`, `${ms(a)} (${((a / n) * 1000).toFixed(0)} µs/resource)`, budget);
    fs.writeFileSync(path.join(tmp, `gen-${n}.yaml`), text);
  }
  const ratio = perResource[perResource.length - 1] / perResource[0];
  row('growth: time per resource, 5000 vs 100', `${ratio.toFixed(2)}×`, 'linear (≈ 1×)', ratio < 2);

  // CLI.
  const version = cli(['--version'], 10);
  row('CLI startup: leastpriv --version', ms(version), '≤ 80 ms', version <= 80);
  // The size peers were timed on for a small template (cfn-lint 0.76 s, Checkov 2.0 s).
  fs.writeFileSync(path.join(tmp, 'gen-3.yaml'), generateTemplate(3));
  const small = cli(['scan', path.join(tmp, 'gen-3.yaml'), '--fail-on', 'never']);
  row('CLI: 3-resource template, wall', ms(small));
  const big = cli(['scan', path.join(tmp, 'gen-1500.yaml'), '--fail-on', 'never']);
  row('CLI: 1500-resource template, wall', ms(big), '≤ 250 ms', big <= 250);
  const corpus = path.resolve(root, '../shared/corpus');
  if (fs.existsSync(corpus)) {
    const { templateFiles } = require(out('test/unit/helpers/files'));
    const files = templateFiles(corpus).map((p) => [p, fs.readFileSync(p, 'utf8')]);
    const an = time(() => {
      for (const [f, t] of files) analyze(t, { fileName: f });
    });
    row(`corpus: analysis of ${files.length} templates (in process)`, ms(an), '≤ 300 ms', an <= 300);
    const wall = cli(['scan', corpus, '--fail-on', 'never']);
    row(`corpus: CLI wall, ${files.length} templates`, ms(wall), '≤ 600 ms', wall <= 600);
  } else row('corpus', 'skipped: ../shared/corpus not found');

  // LSP round trip: didChange → publishDiagnostics, hover, completion, memory.
  // Started as the VS Code client starts it (same Node options).
  const { SERVER_EXEC_ARGV } = require(out('server/src/lsp/node-options'));
  const client = new LspClient(['lsp', '--stdio'], SERVER_EXEC_ARGV);
  await client.initialize({});
  const lspCase = async (name, text, budget, onOpened) => {
    const uri = `file:///bench/${name}.yaml`;
    let v = 1;
    const first = client.diagnostics(uri, v);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: v, text } });
    await first;
    onOpened?.();
    const xs = [];
    for (let i = 0; i < RUNS; i++) {
      v++;
      const edited = text.replace('Description: generated benchmark template', `Description: edit ${i}`).replace('WafImageId:', `WafImageId${i}:`);
      const s = process.hrtime.bigint();
      const p = client.diagnostics(uri, v);
      client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: edited }] });
      await p;
      xs.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const m = median(xs);
    row(`LSP didChange → publishDiagnostics: ${name}`, ms(m), `≤ ${budget} ms`, m <= budget);
    return uri;
  };
  const typicalText = generateTemplate(40); // ≈ 450 lines
  const typical = await lspCase(`typical (${typicalText.split('\n').length} lines)`, typicalText, 40);
  await lspCase('capital-one', fs.readFileSync(path.join(root, 'examples/capital-one-2019.yaml'), 'utf8'), 40);
  const large = generateTemplate(1500);
  let openedRss;
  await lspCase(`large (${(large.length / 1024).toFixed(0)} KB)`, large, 150, () => (openedRss = rssOf(client, 'VmRSS')));
  const init = await client.request('initialize', { processId: null, rootUri: null, capabilities: {} }).catch(() => undefined);
  void init;
  // Hover and completion, when the server offers them.
  const lines = typicalText.split('\n');
  const line = lines.findIndex((l) => l.includes('s3:GetObject'));
  if (line >= 0) {
    const character = lines[line].indexOf('s3:GetObject') + 4;
    const h = [];
    const c = [];
    for (let i = 0; i < RUNS; i++) {
      let s = process.hrtime.bigint();
      await client.request('textDocument/hover', { textDocument: { uri: typical }, position: { line, character } }).catch(() => null);
      h.push(Number(process.hrtime.bigint() - s) / 1e6);
      s = process.hrtime.bigint();
      await client.request('textDocument/completion', { textDocument: { uri: typical }, position: { line, character } }).catch(() => null);
      c.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    row('LSP hover on an action', ms(median(h)), '≤ 20 ms', median(h) <= 20);
    row('LSP completion in an Action list', ms(median(c)), '≤ 20 ms', median(c) <= 20);
  }
  // Resident memory once the server is idle (it collects 0.5 s after analysing a large document).
  await new Promise((r) => setTimeout(r, 1500));
  if (openedRss) row('server RSS as its diagnostics for the large template arrive', `${openedRss} MB`, '≤ 150 MB', openedRss <= 150);
  const rss = rssOf(client, 'VmRSS');
  if (rss) row(`server RSS after ${RUNS} edits of the large template (idle)`, `${rss} MB`, '≤ 150 MB', rss <= 150);
  // For the record: the most it held at any moment (during the burst of full-text edits of the large template).
  const peak = rssOf(client, 'VmHWM');
  if (peak) row('server peak RSS during the session', `${peak} MB`);
  await client.shutdown();

  printTable();
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** A memory figure of the server process from /proc (VmRSS: now; VmHWM: the peak), in MB. */
function rssOf(client, field) {
  try {
    const pid = client['proc'].pid;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
    return Math.round(kb / 1024);
  } catch {
    return undefined;
  }
}

function printTable() {
  const w = [Math.max(...rows.map((r) => r.what.length), 7), Math.max(...rows.map((r) => String(r.value).length), 6), Math.max(...rows.map((r) => r.budget.length), 6)];
  const line = (a, b, c, d) => `| ${a.padEnd(w[0])} | ${String(b).padEnd(w[1])} | ${c.padEnd(w[2])} | ${d} |`;
  console.log(`\nleastpriv ${require(path.join(root, 'package.json')).version} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, median of ${RUNS}\n`);
  console.log(line('measure', 'median', 'budget', ''));
  console.log(`|${'-'.repeat(w[0] + 2)}|${'-'.repeat(w[1] + 2)}|${'-'.repeat(w[2] + 2)}|----|`);
  for (const r of rows) console.log(line(r.what, r.value, r.budget, r.ok));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
