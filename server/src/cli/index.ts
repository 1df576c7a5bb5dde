import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`leastpriv: internal error: ${(e as Error)?.message ?? e}\n`);
    process.exitCode = 2;
  },
);
