/**
 * A minimal LSP client over stdio for protocol tests: spawns `leastpriv lsp --stdio` (the
 * bundled CLI, exactly what Neovim and Emacs run) and speaks JSON-RPC with Content-Length framing.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export class LspClient {
  private proc: ChildProcessWithoutNullStreams;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private waiting = new Map<number, (msg: Json) => void>();
  private listeners: ((msg: Json) => void)[] = [];
  readonly notifications: Json[] = [];
  stderr = '';

  constructor(args: string[] = ['lsp', '--stdio'], nodeArgs: string[] = []) {
    this.proc = spawn(process.execPath, [...nodeArgs, path.join(REPO, 'bin/leastpriv.js'), ...args], { stdio: 'pipe' });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const header = this.buf.subarray(0, sep).toString();
      const len = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buf.length < sep + 4 + len) return;
      const body = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString('utf8'));
      this.buf = this.buf.subarray(sep + 4 + len);
      if (body.id !== undefined && (body.result !== undefined || body.error !== undefined) && this.waiting.has(body.id)) {
        this.waiting.get(body.id)!(body);
        this.waiting.delete(body.id);
      } else if (body.id !== undefined && body.method) {
        // Server → client request (workspace/configuration, client/registerCapability…).
        const result = body.method === 'workspace/configuration' ? (body.params.items as unknown[]).map(() => ({})) : null;
        this.send({ jsonrpc: '2.0', id: body.id, result });
      } else {
        this.notifications.push(body);
        for (const l of this.listeners) l(body);
      }
    }
  }

  private send(msg: Json): void {
    const s = JSON.stringify(msg);
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(s, 'utf8')}\r\n\r\n${s}`);
  }

  request(method: string, params: Json, timeoutMs = 10000): Promise<Json> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting for ${method}`)), timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(t);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: Json): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The next publishDiagnostics for `uri` (optionally for a given version). */
  diagnostics(uri: string, version?: number, timeoutMs = 10000): Promise<Json[]> {
    return new Promise((resolve, reject) => {
      const match = (m: Json) =>
        m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version);
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), timeoutMs);
      const l = (m: Json) => {
        if (match(m)) {
          clearTimeout(t);
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve(m.params.diagnostics);
        }
      };
      this.listeners.push(l);
    });
  }

  async initialize(capabilities: Json = {}): Promise<Json> {
    const r = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities });
    this.notify('initialized', {});
    return r;
  }

  async shutdown(): Promise<number | null> {
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve(this.proc.exitCode);
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve(null);
      }, 3000);
      this.proc.on('exit', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
  }

  get alive(): boolean {
    return this.proc.exitCode === null;
  }
}

/** Apply LSP TextEdits (line/character) to a text. */
export function applyLspEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => (p.line < lineStarts.length ? lineStarts[p.line] + p.character : text.length);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
