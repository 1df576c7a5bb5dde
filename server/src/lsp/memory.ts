import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives memory back when the server goes idle after analysing a large document. Each analysis of
 * a 400 KB template allocates ~45 MB, most of it garbage once the diagnostics are out, and V8
 * keeps the heap it grew to: a long-running editor server would sit at its high-water mark. A full
 * collection once the edits stop (not on the typing path) returns it to the system.
 */
export class IdleCollector {
  private timer?: ReturnType<typeof setTimeout>;
  constructor(
    /** Documents at least this long (characters) trigger a collection when the server idles. */
    private readonly minLength = 100_000,
    private readonly idleMs = 500,
    private readonly gc: (() => void) | undefined = exposeGc(),
  ) {}

  /** A document of `length` characters was just analysed. */
  analysed(length: number): void {
    if (!this.gc || length < this.minLength) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.gc!();
    }, this.idleMs);
    this.timer.unref?.();
  }

  /** Activity (an edit being analysed): postpone the collection. */
  postpone(): void {
    if (this.timer) this.timer.refresh();
  }
}

function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    // `--expose-gc` set at run time applies to new contexts: take `gc` from one.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
