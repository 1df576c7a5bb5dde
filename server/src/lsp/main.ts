// Entry point of dist/server.js. Started directly by the VS Code client (over IPC, or with
// --stdio); required by the CLI bundle for `leastpriv lsp --stdio`, which then starts it itself
// (so that `leastpriv scan` never loads the language server code).
import { startServer } from './server';
export { startServer };
if (require.main === module) startServer();
