import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restartHandler } from '../../../client/src/restart';

function fakes() {
  const shown: { kind: 'info' | 'error'; message: string }[] = [];
  const lines: string[] = [];
  const window = {
    showInformationMessage: (message: string) => shown.push({ kind: 'info', message }),
    showErrorMessage: (message: string) => shown.push({ kind: 'error', message }),
  };
  return { shown, lines, window, log: { appendLine: (l: string) => lines.push(l) } };
}

test('a crashed server is restarted and the user is told once', async () => {
  const f = fakes();
  let t = 0;
  const h = restartHandler(f.window, f.log, { now: () => t });
  for (let i = 0; i < 3; i++) {
    t += 120_000; // spread out: never "too many"
    const r = await h.closed();
    assert.equal(r.action, 2 /* CloseAction.Restart */);
    assert.equal(r.handled, true);
  }
  assert.deepEqual(f.shown.map((s) => s.kind), ['info']);
  assert.match(f.shown[0].message, /restarted/);
  assert.equal(f.lines.filter((l) => /restarted/.test(l)).length, 3, 'every restart is logged');
});

test('a server that keeps crashing is not restarted forever; reset() re-arms it', async () => {
  const f = fakes();
  const h = restartHandler(f.window, f.log, { now: () => 1000 });
  const actions: number[] = [];
  for (let i = 0; i < 5; i++) actions.push((await h.closed()).action);
  assert.deepEqual(actions, [2, 2, 2, 2, 1]);
  const err = f.shown.find((s) => s.kind === 'error');
  assert.ok(err);
  assert.match(err.message, /Restart Server/);
  h.reset();
  assert.equal((await h.closed()).action, 2);
});

test('transient connection errors continue, repeated ones shut down (then closed() restarts)', async () => {
  const f = fakes();
  const h = restartHandler(f.window, f.log);
  assert.equal((await h.error(new Error('EPIPE'), undefined, 1)).action, 1 /* ErrorAction.Continue */);
  assert.equal((await h.error(new Error('EPIPE'), undefined, 4)).action, 2 /* ErrorAction.Shutdown */);
  assert.equal(f.shown.length, 0);
});
