import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remember } from '../../../server/src/util/memo';

test('remember: stores and returns the value; a full cache starts afresh', () => {
  const m = new Map<string, number>();
  assert.equal(remember(m, 'a', 1, 2), 1);
  assert.equal(remember(m, 'b', 2, 2), 2);
  assert.deepEqual([...m.keys()], ['a', 'b']);
  assert.equal(remember(m, 'c', 3, 2), 3);
  assert.deepEqual([...m.entries()], [['c', 3]], 'bounded: never more than max entries');
});
