'use strict';
// leastpriv in a real VS Code extension host (run by test/vscode/runTest.js).
// The workspace is a fresh temp folder holding copies of examples/capital-one-2019.yaml and of the
// non-AWS fixtures in test/editors/fixtures (package.json, k8s/deployment.yaml, .github/workflows/ci.yml).
// Assertions use "includes": more rules may appear over time.
const assert = require('assert');
const vscode = require('vscode');

const {
  EXTENSION_ID, SOURCE, TEMPLATE, NON_AWS, SETTLE_MS,
  sleep, waitFor, codeOf, hrefOf, rangeStr, wsUri, leastprivDiags, describe, kindOf, isQuickFix, editTexts, describeAction, codeActionsAt, applyAction, revert,
} = require('./util');

suite('leastpriv extension in a real VS Code extension host', function () {
  let uri;
  let doc;
  let firstDiagsMs;

  suiteSetup(async function () {
    console.log(`VS Code ${vscode.version} (${vscode.env.appName}), remote=${vscode.env.remoteName}, node ${process.version}`);
    assert.ok(vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length === 1, 'one workspace folder is open');
  });

  test('the extension is installed and activates', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded (found: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')})`);
    await ext.activate();
    assert.ok(ext.isActive);
  });

  suite(`${TEMPLATE} (Capital One 2019 reconstruction)`, function () {
    suiteSetup(async function () {
      uri = wsUri(TEMPLATE);
      doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const t0 = Date.now();
      const wanted = ['iam/invalid-element', 'iam/unknown-action', 'ec2/imds-v1'];
      try {
        await waitFor(() => {
          const codes = new Set(leastprivDiags(uri).map(codeOf));
          if (firstDiagsMs === undefined && codes.size) firstDiagsMs = Date.now() - t0;
          return wanted.every((c) => codes.has(c));
        }, 60000, `diagnostics ${wanted.join(', ')}`);
      } catch (e) {
        console.log(`WARNING: ${e.message}`); // the individual tests below report precisely what is missing
      }
      const diags = vscode.languages.getDiagnostics(uri);
      console.log(`first leastpriv diagnostics after ${firstDiagsMs} ms; ${diags.length} diagnostics on ${TEMPLATE} after ${Date.now() - t0} ms:`);
      for (const d of diags) console.log(`  ${describe(doc, d)}`);
    });

    test('opens as yaml', function () {
      assert.strictEqual(doc.languageId, 'yaml');
    });

    test('iam/invalid-element on the key `Actions` (line 59)', function () {
      const line = doc.lineAt(58).text;
      assert.match(line, /^\s*Actions:/, `fixture line 59 is the Actions key (got ${JSON.stringify(line)})`);
      const all = leastprivDiags(uri);
      const hits = all.filter((d) => codeOf(d) === 'iam/invalid-element');
      assert.ok(hits.length, `an iam/invalid-element diagnostic (got codes ${JSON.stringify(all.map(codeOf))})`);
      const onKey = hits.find((d) => d.range.start.line === 58 && doc.getText(d.range).includes('Actions'));
      assert.ok(onKey, `iam/invalid-element covering 'Actions' on 0-based line 58 (got ${hits.map((d) => describe(doc, d)).join(' | ')})`);
    });

    test('iam/unknown-action on each `s3:ListBuckets` list item', function () {
      const lines = [];
      for (let i = 0; i < doc.lineCount; i++) if (/^\s*-\s*s3:ListBuckets\s*$/.test(doc.lineAt(i).text)) lines.push(i);
      assert.deepStrictEqual(lines, [59, 61], 'fixture has s3:ListBuckets on 0-based lines 59 and 61');
      const hits = leastprivDiags(uri).filter((d) => codeOf(d) === 'iam/unknown-action');
      for (const l of lines) {
        assert.ok(hits.some((d) => d.range.start.line === l && doc.getText(d.range).includes('s3:ListBuckets')),
          `iam/unknown-action covering s3:ListBuckets on 0-based line ${l} (got ${hits.map((d) => describe(doc, d)).join(' | ') || 'none'})`);
      }
    });

    test('ec2/imds-v1 on the WafInstance resource', function () {
      const text = doc.getText();
      const start = doc.positionAt(text.indexOf('\n  WafInstance:') + 1).line;
      const end = doc.positionAt(text.indexOf('\n  CreditApplicationsBucket:') + 1).line - 1;
      const hits = leastprivDiags(uri).filter((d) => codeOf(d) === 'ec2/imds-v1');
      assert.ok(hits.length, `an ec2/imds-v1 diagnostic (got codes ${JSON.stringify(leastprivDiags(uri).map(codeOf))})`);
      assert.ok(hits.some((d) => d.range.start.line >= start && d.range.start.line <= end),
        `ec2/imds-v1 inside WafInstance (0-based lines ${start}-${end}); got ${hits.map((d) => describe(doc, d)).join(' | ')}`);
    });

    test('every diagnostic has source "leastpriv", a rule-id code and a codeDescription href', function () {
      const diags = vscode.languages.getDiagnostics(uri);
      assert.ok(diags.length > 0, 'there are diagnostics');
      for (const d of diags) {
        assert.strictEqual(d.source, SOURCE, `source of ${describe(doc, d)}`);
        assert.match(codeOf(d) || '', /^[a-z0-9-]+\/[a-z0-9-]+$/, `rule id code of ${describe(doc, d)}`);
        assert.match(hrefOf(d) || '', /^https?:\/\/\S+/, `codeDescription.href of ${describe(doc, d)}`);
      }
    });

    test('iam/unknown-action offers quick fixes with real IAM actions', async function () {
      const d = leastprivDiags(uri).find((x) => codeOf(x) === 'iam/unknown-action' && doc.getText(x.range).includes('s3:ListBuckets'));
      assert.ok(d, 'iam/unknown-action diagnostic on s3:ListBuckets');
      const actions = await codeActionsAt(uri, d.range);
      console.log(`code actions at ${describe(doc, d)}:\n${actions.map((a) => '    ' + describeAction(a)).join('\n')}`);
      const fixes = actions.filter(isQuickFix);
      const real = fixes.filter((a) => editTexts(a).some((t) => /s3:[A-Za-z0-9]+/.test(t) && !/s3:ListBuckets\b/.test(t)));
      assert.ok(real.length, `a quick fix replacing s3:ListBuckets with a real S3 action (got ${fixes.map((a) => describeAction(a)).join(' | ') || 'no quick fixes'})`);
      const offered = real.flatMap(editTexts).join(' ');
      assert.match(offered, /s3:(ListAllMyBuckets|ListBucket)\b/, 'suggestions include s3:ListAllMyBuckets or s3:ListBucket');
    });

    test("preferred quick fix renames 'Actions' to 'Action' and the diagnostic goes away", async function () {
      const d = leastprivDiags(uri).find((x) => codeOf(x) === 'iam/invalid-element' && x.range.start.line === 58);
      assert.ok(d, 'iam/invalid-element diagnostic on line 59');
      const actions = await codeActionsAt(uri, d.range);
      console.log(`code actions at ${describe(doc, d)}:\n${actions.map((a) => '    ' + describeAction(a)).join('\n')}`);
      const preferred = actions.filter((a) => isQuickFix(a) && a.isPreferred);
      assert.ok(preferred.length, `a preferred quick fix (got ${actions.map(describeAction).join(' | ') || 'none'})`);
      const fix = preferred.find((a) => /Action/.test(a.title)) || preferred[0];
      assert.match(fix.title, /Actions?'?.*Action/, `title like "Change 'Actions' to 'Action'" (got ${JSON.stringify(fix.title)})`);
      const t0 = Date.now();
      await applyAction(fix);
      await waitFor(() => /^\s*Action:/.test(doc.lineAt(58).text), 5000, 'line 59 to read Action:');
      assert.match(doc.lineAt(58).text, /^\s*Action:\s*$/);
      assert.match(doc.lineAt(59).text, /^\s*- s3:ListBuckets\s*$/, 'the list under the key is untouched');
      await waitFor(() => !leastprivDiags(uri).some((x) => codeOf(x) === 'iam/invalid-element'), 15000, 'iam/invalid-element to disappear');
      console.log(`iam/invalid-element cleared ${Date.now() - t0} ms after the fix; now: ${leastprivDiags(uri).map(codeOf).join(', ')}`);
      await revert(doc);
      await waitFor(() => leastprivDiags(uri).some((x) => codeOf(x) === 'iam/invalid-element'), 15000, 'iam/invalid-element back after revert');
    });

    test('ec2/imds-v1 quick fix inserts MetadataOptions HttpTokens: required', async function () {
      const d = leastprivDiags(uri).find((x) => codeOf(x) === 'ec2/imds-v1');
      assert.ok(d, 'ec2/imds-v1 diagnostic');
      const actions = await codeActionsAt(uri, d.range);
      console.log(`code actions at ${describe(doc, d)}:\n${actions.map((a) => '    ' + describeAction(a)).join('\n')}`);
      const fix = actions.find((a) => isQuickFix(a) && editTexts(a).some((t) => /MetadataOptions/.test(t) && /HttpTokens/.test(t) && /required/.test(t)));
      assert.ok(fix, `a quick fix inserting MetadataOptions/HttpTokens: required (got ${actions.map(describeAction).join(' | ') || 'none'})`);
      await applyAction(fix);
      await waitFor(() => /MetadataOptions/.test(doc.getText()), 5000, 'MetadataOptions in the document');
      // The result must still be a valid template with the option in the right place.
      const YAML = require('yaml');
      const parsed = YAML.parseDocument(doc.getText(), { customTags: cfnTags() });
      assert.deepStrictEqual(parsed.errors.map(String), [], 'template still parses');
      const props = parsed.toJS().Resources.WafInstance.Properties;
      assert.ok(props.MetadataOptions, `WafInstance.Properties.MetadataOptions exists (got keys ${Object.keys(props)})`);
      assert.strictEqual(props.MetadataOptions.HttpTokens, 'required');
      await waitFor(() => !leastprivDiags(uri).some((x) => codeOf(x) === 'ec2/imds-v1'), 15000, 'ec2/imds-v1 to disappear');
      await revert(doc);
    });
  });

  suite('files that are not AWS templates get no leastpriv diagnostics', function () {
    const seen = new Map(); // rel -> leastpriv diagnostics ever published for it during the settle time
    const docs = new Map();
    suiteSetup(async function () {
      const uris = new Map(NON_AWS.map((rel) => [wsUri(rel).toString(), rel]));
      const record = (u) => {
        const rel = uris.get(u.toString());
        if (!rel) return;
        const lp = leastprivDiags(u);
        if (lp.length) seen.set(rel, (seen.get(rel) || []).concat(lp.map((x) => describe(docs.get(rel), x))));
      };
      const sub = vscode.languages.onDidChangeDiagnostics((e) => e.uris.forEach(record));
      try {
        for (const rel of NON_AWS) {
          const d = await vscode.workspace.openTextDocument(wsUri(rel));
          docs.set(rel, d);
          await vscode.window.showTextDocument(d, { preview: false });
        }
        // Give the server time to analyse them (several times what the template's first diagnostics took).
        const wait = Math.max(SETTLE_MS, 3 * (firstDiagsMs || 0));
        const end = Date.now() + wait;
        while (Date.now() < end) {
          for (const rel of NON_AWS) record(wsUri(rel));
          await sleep(100);
        }
      } finally {
        sub.dispose();
      }
    });
    for (const rel of NON_AWS) {
      test(rel, function () {
        const d = docs.get(rel);
        assert.ok(d, `${rel} opened`);
        assert.ok(['json', 'jsonc', 'yaml'].includes(d.languageId), `${rel} opens in a language leastpriv listens to (got ${d.languageId})`);
        assert.deepStrictEqual(seen.get(rel) || [], [], `${rel} got leastpriv diagnostics: ${(seen.get(rel) || []).join(" | ")}`);
        assert.strictEqual(leastprivDiags(d.uri).length, 0);
        const others = vscode.languages.getDiagnostics(d.uri);
        if (others.length) console.log(`  (${rel}: ${others.length} diagnostics from other sources: ${others.map((x) => x.source).join(', ')})`);
      });
    }
  });
});

// CloudFormation short-form intrinsic functions, so the `yaml` package parses templates without warnings.
function cfnTags() {
  const names = ['Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or', 'FindInMap',
    'Base64', 'Cidr', 'GetAZs', 'ImportValue', 'Condition', 'Transform'];
  const tags = [];
  for (const n of names) {
    const resolve = (v) => ({ [`Fn::${n}`]: v && v.toJSON ? v.toJSON() : v });
    tags.push({ tag: `!${n}`, resolve }, { tag: `!${n}`, collection: 'seq', resolve }, { tag: `!${n}`, collection: 'map', resolve });
  }
  return tags;
}
