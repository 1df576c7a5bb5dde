import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Template-like files (json/yaml/yml/template) under a folder, sorted; `.fixed.*` expected outputs
 * left out unless asked for (they are documents too, for parser tests). None for a missing folder.
 */
export function templateFiles(dir: string, opts: { includeFixed?: boolean } = {}): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.(json|ya?ml|template)$/i.test(e.name) && (opts.includeFixed || !/\.fixed\./.test(e.name))) out.push(p);
    }
  }
  return out.sort();
}
