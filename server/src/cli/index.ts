import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    if (code < 0) return; // a server: keeps running
    // Exit as soon as the report is flushed: a natural exit would first tear down the analysis heap.
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`leastpriv: internal error: ${(e as Error)?.message ?? e}\n`);
    process.exitCode = 2;
  },
);
