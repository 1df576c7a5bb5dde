/**
 * How the fast parsers (json-fast, yaml-fast) give up: `bail()` anywhere, and the caller falls
 * back to the library parser, which reports whatever the fast path was not sure to reproduce.
 */
const BAIL: unique symbol = Symbol('bail');

export function bail(): never {
  throw BAIL;
}

/**
 * The result of `run`, or undefined when it bailed. `alsoOn` lists other errors that mean "leave
 * it to the library" (a RangeError: the input was too much for the fast path's assumptions).
 */
export function unlessBailed<T>(run: () => T, alsoOn?: new (...args: never[]) => Error): T | undefined {
  try {
    return run();
  } catch (e) {
    if (e === BAIL || (alsoOn && e instanceof alsoOn)) return undefined;
    throw e;
  }
}
