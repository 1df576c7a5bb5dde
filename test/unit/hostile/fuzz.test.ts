/**
 * Property-based fuzzing with fast-check: mutations of real documents (examples/*, the rule
 * fixtures and, for `npm run fuzz`, ../shared/corpus) never make analyze() throw, hang or report
 * internal/rule-error. Fixed seed and a bounded count in `npm test`; `FUZZ_RUNS=20000 npm run fuzz`
 * for a long run (FUZZ_SEED to change the seed).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../../server/src/engine/analyze';

const root = path.resolve(__dirname, '../../../..');
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const EACH_MS = Number(process.env.FUZZ_EACH_MS ?? 5_000);
const LONG = process.env.FUZZ_RUNS !== undefined;

function collect(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.(json|ya?ml|template)$/i.test(e.name) && fs.statSync(p).size < 512 * 1024) out.push(p);
    }
  }
}

const files: string[] = [];
collect(path.join(root, 'examples'), files);
collect(path.join(root, 'test/fixtures/rules'), files);
if (LONG) collect(path.resolve(root, '../shared/corpus'), files);
files.sort();
const docs = files.map((f) => ({ name: path.relative(root, f), text: fs.readFileSync(f, 'utf8') }));

/** Tokens: words, numbers, punctuation and whitespace runs, so swaps and deletes stay plausible. */
const tokenize = (t: string): string[] => t.match(/[A-Za-z0-9_:.\-/*${}]+|\s+|./gs) ?? [];

const WEIRD = ['7', 'true', 'null', '[]', '{}', '"x"', '-', ':', '!Ref', '!Foo', '*a', '&a', '[[[[', '}}}', '"', "'", '\u0000', '\uFFFD', '\uFEFF', '\r', '\t', '#', '|', '>', '?', ',', '*', 'Statement', 'Action', 'Effect', 'Resource', 'Principal', 'Condition', 'Properties', 'Type', 'Resources', 'Fn::Sub', 'Fn::If', 'Ref', '${AWS::AccountId}', 'AWS::IAM::Role', 'AWS::S3::Bucket', 'AWS::EC2::Instance', 's3:*', 'iam:PassRole', 'arn:aws:s3:::*', '0.0.0.0/0'];

type Mutation =
  | { k: 'delete'; at: number; len: number }
  | { k: 'duplicate'; at: number; len: number }
  | { k: 'swap'; a: number; b: number }
  | { k: 'insert'; at: number; tok: string }
  | { k: 'bytes'; at: number; bytes: number[] }
  | { k: 'truncate'; at: number }
  | { k: 'retype'; at: number; tok: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ k: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ k: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ k: fc.constant('insert' as const), at: fc.nat(), tok: fc.constantFrom(...WEIRD) }),
  fc.record({ k: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ k: fc.constant('retype' as const), at: fc.nat(), tok: fc.constantFrom('7', 'true', 'null', '[]', '{}', '""', '[1]', '{a: b}', '-1e309') }),
);

function mutate(text: string, ms: Mutation[]): string {
  let toks: string[] = tokenize(text);
  for (const m of ms) {
    const n = toks.length;
    if (n === 0) {
      toks = ['{'];
      continue;
    }
    switch (m.k) {
      case 'delete':
        toks.splice(m.at % n, m.len);
        break;
      case 'duplicate': {
        const at = m.at % n;
        toks.splice(at, 0, ...toks.slice(at, at + m.len));
        break;
      }
      case 'swap': {
        const a = m.a % n;
        const b = m.b % n;
        [toks[a], toks[b]] = [toks[b], toks[a]];
        break;
      }
      case 'insert':
        toks.splice(m.at % (n + 1), 0, m.tok);
        break;
      case 'bytes':
        toks.splice(m.at % (n + 1), 0, String.fromCharCode(...m.bytes));
        break;
      case 'truncate':
        toks = toks.slice(0, m.at % (n + 1));
        break;
      case 'retype': {
        // Replace a value-looking token (not whitespace or punctuation) by a value of another type.
        const start = m.at % n;
        for (let i = 0; i < n; i++) {
          const j = (start + i) % n;
          if (/^[A-Za-z0-9"'*]/.test(toks[j])) {
            toks[j] = m.tok;
            break;
          }
        }
        break;
      }
    }
  }
  return toks.join('');
}

test(`fuzz: ${RUNS} mutated documents (seed ${SEED}) never throw, hang or hit internal/rule-error`, () => {
  assert.ok(docs.length > 10, `found ${docs.length} documents`);
  const t0 = Date.now();
  let slowest = 0;
  fc.assert(
    fc.property(fc.nat({ max: docs.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (di, ms, asJson) => {
      const d = docs[di];
      const text = mutate(d.text, ms);
      const fileName = asJson ? d.name.replace(/\.(ya?ml|template)$/i, '.json') : d.name;
      const s = Date.now();
      const r = analyze(text, { fileName });
      const took = Date.now() - s;
      slowest = Math.max(slowest, took);
      const internal = r.findings.filter((f) => f.ruleId.startsWith('internal/'));
      if (internal.length) throw new Error(`${d.name}: ${internal.map((f) => f.message).join('; ')}`);
      if (took > EACH_MS) throw new Error(`${d.name}: ${took} ms`);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  if (LONG) console.log(`fuzz: ${RUNS} runs over ${docs.length} documents in ${Date.now() - t0} ms (slowest ${slowest} ms)`);
});
