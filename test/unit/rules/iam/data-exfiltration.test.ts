import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataExfiltration } from '../../../../server/src/rules/iam/data-exfiltration';
import { REPO, findingsOf, ruleTester } from '../../helpers/rule-tester';

const D = 'rules/iam/data-exfiltration';
ruleTester(dataExfiltration, {
  valid: [{ file: `${D}/good-template.yaml` }, { file: `${D}/good-policy.json` }],
  invalid: [
    {
      file: `${D}/bad-template.yaml`,
      count: 5,
      lines: [23, 26, 29, 40, 42],
      messages: [
        "s3:GetObject on Resource 'arn:aws:s3:::*': Role 'ReaderRole' can read every S3 object",
        "secretsmanager:GetSecretValue on Resource '*' (parameter default)",
        'kms:Decrypt',
        "'ssm:GetParameter*' grants ssm:GetParameter",
        'Capital One pattern',
      ],
    },
    { file: `${D}/bad-capital-one.json`, count: 1, lines: [27], messages: ["'s3:Get*' grants s3:GetObject"], severity: 'error' },
  ],
});

test('iam/data-exfiltration: the Capital One example is reported on the WafRole policy as the Capital One pattern', () => {
  for (const name of ['capital-one-2019.yaml', 'capital-one-waf-role-policy.json']) {
    const file = path.join(REPO, 'examples', name);
    const text = fs.readFileSync(file, 'utf8');
    const fs_ = findingsOf(text, name, 'iam/data-exfiltration');
    assert.equal(fs_.length, 1, name);
    assert.equal(fs_[0].severity, 'error');
    assert.match(fs_[0].message, /s3:GetObject on Resource '\*'.*s3:ListAllMyBuckets.*Capital One pattern/);
    assert.equal(text.slice(fs_[0].start, fs_[0].end).replace(/"/g, ''), 's3:GetObject');
    if (name.endsWith('.yaml')) assert.equal(fs_[0].resourceId, 'WafRole');
  }
});

test('iam/data-exfiltration: a read alone is a warning', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:Scan","Resource":"*"}]}';
  const [f] = findingsOf(text, 'p.json', 'iam/data-exfiltration');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /DynamoDB item/);
});
