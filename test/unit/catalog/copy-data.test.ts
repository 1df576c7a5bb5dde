import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { IamCatalog } from '../../../server/src/catalog/catalog';
import { copiedDataDir, packageDataDir, packageVersion } from './data-dir';

describe('scripts/copy-iam-data.js', () => {
  const dir = copiedDataDir();

  test('writes the data files, license and version', () => {
    for (const f of ['services.json', 'serviceNames.json', 'unassociatedConditions.json', 'globalConditionKeys.json', 'conditionKeyOwners.json', 'version.json', 'LICENSE.txt']) {
      assert.ok(fs.existsSync(path.join(dir, f)), f);
    }
    const services = JSON.parse(fs.readFileSync(path.join(dir, 'services.json'), 'utf8')) as string[];
    for (const sub of ['actions', 'resourceTypes', 'conditionKeys']) {
      assert.equal(fs.readdirSync(path.join(dir, sub)).length, services.length, sub);
    }
    const version = JSON.parse(fs.readFileSync(path.join(dir, 'version.json'), 'utf8')) as { version: string; license: string };
    assert.equal(version.version, packageVersion());
    assert.equal(version.license, 'MIT');
    assert.match(fs.readFileSync(path.join(dir, 'LICENSE.txt'), 'utf8'), /MIT License/);
  });

  test('JSON is minified and equal to the package data', () => {
    const ours = fs.readFileSync(path.join(dir, 'actions', 's3.json'), 'utf8');
    assert.ok(!ours.includes('\n'));
    const theirs = fs.readFileSync(path.join(packageDataDir(), 'actions', 's3.json'), 'utf8');
    assert.deepEqual(JSON.parse(ours), JSON.parse(theirs));
  });

  test('globalConditionKeys.json: extracted, normalised, described', () => {
    const g = JSON.parse(fs.readFileSync(path.join(dir, 'globalConditionKeys.json'), 'utf8')) as {
      key: string;
      description: string;
      type: string;
      category: string;
    }[];
    const ip = g.find((k) => k.key === 'aws:SourceIp');
    assert.deepEqual({ type: ip?.type, category: ip?.category }, { type: 'IPAddress', category: 'network' });
    assert.ok(g.some((k) => k.key === 'aws:PrincipalTag/${TagKey}'), 'tag-key normalised to ${TagKey}');
    assert.ok(!g.some((k) => k.key.endsWith('/tag-key')));
    assert.ok(g.every((k) => k.description.length > 0));
  });
});

describe('package data folder fallback', () => {
  const copied = new IamCatalog(copiedDataDir());
  const pkg = new IamCatalog(packageDataDir());

  test('answers like the copied data', () => {
    for (const q of ['s3:GetObject', 'iam:PassRole', 'ec2:RunInstances']) {
      assert.deepEqual(pkg.getAction(q), copied.getAction(q));
    }
    assert.deepEqual(pkg.resourceType('s3', 'object'), copied.resourceType('s3', 'object'));
    for (const k of ['aws:SourceIp', 'aws:RequestTag/Env', 's3:prefix', 'logs:LogGeneratingResourceArns', 'saml:aud']) {
      assert.equal(pkg.conditionKey(k)?.key, copied.conditionKey(k)?.key, k);
      assert.equal(pkg.conditionKey(k)?.type, copied.conditionKey(k)?.type, k);
    }
    assert.deepEqual(
      pkg.globalConditionKeys().map((k) => k.key),
      copied.globalConditionKeys().map((k) => k.key),
      'global keys read from the package source text',
    );
    assert.ok(pkg.conditionKey('aws:SourceIp')!.description.length > 0, 'descriptions merged at runtime');
  });
});
