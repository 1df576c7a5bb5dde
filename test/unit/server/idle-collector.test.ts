import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdleCollector } from '../../../server/src/lsp/memory';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('idle collection: once, after the server has been idle, and only after a large document', async () => {
  let runs = 0;
  const idle = new IdleCollector(1000, 30, () => runs++);
  idle.analysed(10); // small: nothing to give back
  await sleep(60);
  assert.equal(runs, 0);
  idle.analysed(5000);
  await sleep(10);
  idle.postpone(); // an edit arrives: not yet
  idle.analysed(5000);
  await sleep(10);
  assert.equal(runs, 0);
  await sleep(60);
  assert.equal(runs, 1);
  await sleep(60);
  assert.equal(runs, 1, 'once per idle period');
});

test('idle collection: the real collector is available (gc exposed at run time)', () => {
  let threw = false;
  try {
    new IdleCollector().analysed(0);
  } catch {
    threw = true;
  }
  assert.equal(threw, false);
  assert.equal(typeof (new IdleCollector() as unknown as { gc?: unknown }).gc, 'function');
});
