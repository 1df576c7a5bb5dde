/**
 * Stores `value` under `key` and returns it. A cache that has reached `max` entries is emptied
 * first: caches keyed by text from documents (ARNs, patterns, names) must stay bounded in a
 * long-running server, and starting afresh is cheaper than tracking what was used least.
 */
export function remember<K, V>(cache: Map<K, V>, key: K, value: V, max: number): V {
  if (cache.size >= max) cache.clear();
  cache.set(key, value);
  return value;
}
