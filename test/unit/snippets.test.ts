/**
 * Every snippet the extension contributes (snippets/json.json, snippets/yaml.json), expanded with its
 * defaults, is a document leastpriv finds nothing wrong with (no warning, no error).
 *
 * Snippet shapes (see README "Snippets"):
 * - a whole document: a YAML body starting with `AWSTemplateFormatVersion:` or `Version:` (policy
 *   document), a JSON body starting with `{` — analysed as it is;
 * - resource fragments: one or more `LogicalId:` entries meant to be typed under `Resources:` —
 *   wrapped into a minimal template.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';

const REPO = path.resolve(__dirname, '../../..');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** What VS Code would insert if the user accepted every default (first choice, variable defaults). */
export function expandSnippet(body: string, variables: Record<string, string> = {}): string {
  type Part = string | { tab: number; def?: Part[]; choices?: string[] } | { variable: string; def?: Part[] };
  let i = 0;
  // Parses until `}` (inside a placeholder) or the end; `\$`, `\}` and `\\` are escapes.
  function parse(inside: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push(text);
      text = '';
    };
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        text += body[i + 1];
        i += 2;
      } else if (inside && c === '}') {
        break;
      } else if (c === '$') {
        const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(i));
        const braced = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)(:|\||\})/.exec(body.slice(i));
        if (braced) {
          flush();
          const name = braced[1];
          i += braced[0].length;
          let part: Part;
          if (braced[2] === '}') part = /^\d/.test(name) ? { tab: Number(name) } : { variable: name };
          else if (braced[2] === '|') {
            const end = body.indexOf('|}', i);
            assert.ok(end >= 0, `unterminated choice at ${i}`);
            const choices = body.slice(i, end).split(',');
            i = end + 2;
            part = { tab: Number(name), choices };
          } else {
            const def = parse(true);
            assert.equal(body[i], '}', `unterminated placeholder \${${name}:… in ${JSON.stringify(body.slice(0, 60))}`);
            i++;
            part = /^\d/.test(name) ? { tab: Number(name), def } : { variable: name, def };
          }
          parts.push(part);
        } else if (simple) {
          flush();
          const name = simple[1];
          i += simple[0].length;
          parts.push(/^\d/.test(name) ? { tab: Number(name) } : { variable: name });
        } else {
          text += c;
          i++;
        }
      } else {
        text += c;
        i++;
      }
    }
    flush();
    return parts;
  }
  const parts = parse(false);
  // A tab stop's value is its first default anywhere in the body (mirrors `$1` take it too).
  const defaults = new Map<number, string>();
  const render = (ps: Part[]): string =>
    ps
      .map((p) => {
        if (typeof p === 'string') return p;
        if ('tab' in p) {
          if (p.choices) return p.choices[0];
          if (p.def) return render(p.def);
          return defaults.get(p.tab) ?? '';
        }
        return variables[p.variable] ?? (p.def ? render(p.def) : '');
      })
      .join('');
  const collect = (ps: Part[]) => {
    for (const p of ps) {
      if (typeof p === 'string' || !('tab' in p)) continue;
      if (!defaults.has(p.tab)) {
        if (p.choices) defaults.set(p.tab, p.choices[0]);
        else if (p.def) defaults.set(p.tab, render(p.def));
      }
      if (p.def) collect(p.def);
    }
  };
  collect(parts);
  return render(parts);
}

function load(lang: 'json' | 'yaml'): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'snippets', `${lang}.json`), 'utf8')) as Record<string, Snippet>;
}

/** The document the snippet is analysed in: itself if whole, else wrapped under `Resources:`. */
function asDocument(lang: 'json' | 'yaml', expanded: string): string {
  if (lang === 'json') {
    if (expanded.trimStart().startsWith('{')) return expanded;
    return `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n${expanded}\n  }\n}\n`;
  }
  if (/^(AWSTemplateFormatVersion|Version):/.test(expanded)) return expanded;
  const indented = expanded
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n');
  return `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${indented}\n`;
}

test('snippet expansion resolves tab stops, mirrors, choices, variables and escapes', () => {
  assert.equal(expandSnippet('${1:Role}: !Ref $1 ${2|a,b|} \\${AWS::Region} ${TM_FILENAME_BASE:tpl}$0'), 'Role: !Ref Role a ${AWS::Region} tpl');
  assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
});

test('package.json contributes both snippet files', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes?: { snippets?: { language: string; path: string }[] } };
  const contributed = (pkg.contributes?.snippets ?? []).map((s) => `${s.language}=${s.path}`).sort();
  assert.deepEqual(contributed, ['json=./snippets/json.json', 'yaml=./snippets/yaml.json']);
});

for (const lang of ['yaml', 'json'] as const) {
  const snippets = load(lang);

  test(`${lang}: at least 6 snippets, each with an lp- prefix and a description`, () => {
    assert.ok(Object.keys(snippets).length >= 6, `${Object.keys(snippets).length} snippets`);
    for (const [name, s] of Object.entries(snippets)) {
      assert.match(s.prefix, /^lp-[a-z0-9-]+$/, name);
      assert.ok(s.description && s.description.length > 10, name);
      assert.ok(Array.isArray(s.body) && s.body.length > 3, name);
    }
    if (lang === 'yaml') {
      const all = Object.values(snippets).map((s) => s.body.join('\n')).join('\n');
      for (const tag of ['!Ref', '!Sub', '!GetAtt']) assert.ok(all.includes(tag), `YAML snippets use the short form ${tag}`);
    }
  });

  for (const [name, s] of Object.entries(snippets)) {
    test(`${lang} snippet ${s.prefix} expands to a document with no warning or error`, () => {
      const expanded = expandSnippet(s.body.join('\n'), { TM_FILENAME_BASE: 'template' });
      assert.ok(!/\$\{?\d/.test(expanded), `unexpanded tab stop in ${expanded}`);
      const doc = asDocument(lang, expanded);
      const fileName = `/snippets/${s.prefix}.${lang}`;
      const result = analyze(doc, { fileName, languageId: lang });
      assert.notEqual(result.kind, 'none', `${s.prefix} is recognised as a template or policy:\n${doc}`);
      const bad = result.findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
      const describe = (f: (typeof result.findings)[number]) => {
        const line = doc.slice(0, f.start).split('\n').length;
        return `  ${f.severity} ${f.ruleId} line ${line}: ${f.message}`;
      };
      assert.deepEqual(bad.map(describe), [], `${name}:\n${doc}`);
      const info = result.findings.filter((f) => f.severity === 'info');
      if (info.length) console.log(`${lang} ${s.prefix}: ${info.length} info finding(s):\n${info.map(describe).join('\n')}`);
    });
  }
}
