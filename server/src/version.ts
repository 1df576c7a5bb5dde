/** Replaced at bundle time by esbuild's `define`; read from package.json when run from source. */
declare const __LEASTPRIV_VERSION__: string | undefined;
export const VERSION: string =
  typeof __LEASTPRIV_VERSION__ === 'string' ? __LEASTPRIV_VERSION__ : (require('../../package.json') as { version: string }).version;
