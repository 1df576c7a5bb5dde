/**
 * A stopwatch adding the time between laps to named totals (`LEASTPRIV_TIMING=1`). Without a map
 * it does nothing and never touches `performance` (whose first use loads node:perf_hooks, ~2 ms
 * of a CLI scan).
 */
export interface Laps {
  /** Adds the time since the last lap (or restart) to `what`. */
  lap(what: string): void;
  /** Starts timing afresh: what happened since the last lap is counted elsewhere (or not at all). */
  restart(): void;
}

const NO_LAPS: Laps = { lap() {}, restart() {} };

export function laps(timings: Map<string, number> | undefined): Laps {
  if (!timings) return NO_LAPS;
  let mark = performance.now();
  return {
    lap(what) {
      const now = performance.now();
      timings.set(what, (timings.get(what) ?? 0) + now - mark);
      mark = now;
    },
    restart() {
      mark = performance.now();
    },
  };
}
