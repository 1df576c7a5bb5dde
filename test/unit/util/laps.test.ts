import assert from 'node:assert/strict';
import { test } from 'node:test';
import { laps } from '../../../server/src/util/laps';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

test('laps: time between laps goes to named totals; restart leaves a gap uncounted; no map, no work', () => {
  const t = new Map<string, number>();
  const { lap, restart } = laps(t);
  busy(5);
  lap('a');
  busy(5);
  lap('a');
  busy(100);
  restart(); // not counted anywhere
  busy(5);
  lap('b');
  assert.ok(t.get('a')! >= 10 && t.get('a')! < 60, `a: ${t.get('a')}`);
  assert.ok(t.get('b')! >= 5 && t.get('b')! < 60, `b: ${t.get('b')} (the 100 ms before restart() is not counted)`);
  const none = laps(undefined);
  none.lap('x');
  none.restart();
});
