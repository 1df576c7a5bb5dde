import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import type { Rule } from '../../../server/src/engine/types';

const TEMPLATE = `Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
`;

test('fixes are built when first read, once, and then behave like a plain array', () => {
  const [f] = analyze(TEMPLATE, { fileName: 't.yaml' }).findings.filter((x) => x.ruleId === 'ec2/imds-v1');
  const before = Object.getOwnPropertyDescriptor(f, 'fixes')!;
  assert.equal(typeof before.get, 'function', 'not computed during analysis');
  const fixes = f.fixes;
  assert.equal(fixes.length, 1);
  assert.match(fixes[0].title, /HttpTokens/);
  assert.equal(f.fixes, fixes, 'computed once');
  assert.deepEqual(Object.getOwnPropertyDescriptor(f, 'fixes'), { value: fixes, writable: true, enumerable: true, configurable: true });
  assert.deepEqual(JSON.parse(JSON.stringify(f)).fixes[0].title, fixes[0].title);
  f.fixes = [];
  assert.deepEqual(f.fixes, []);
});

test('a fix builder that throws yields no fixes and leaves the finding in place', () => {
  const rule: Rule = {
    meta: { id: 'test/lazy', title: 't', severity: 'warning', securitySeverity: 'low', scope: ['template'], docs: { rationale: '', fix: '' } },
    check(ctx) {
      ctx.report({
        node: { start: 0, end: 9 },
        message: 'm',
        fixes: () => {
          throw new Error('boom');
        },
      });
    },
  };
  const { findings } = analyze(TEMPLATE, { fileName: 't.yaml', rules: [rule] });
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].fixes, []);
});

test('timings, when asked for, cover parsing, the model and every rule that ran', () => {
  const timings = new Map<string, number>();
  analyze(TEMPLATE, { fileName: 't.yaml', timings });
  for (const k of ['parse', 'classify', 'model and policy extraction', 'rule ec2/imds-v1', 'suppression and sorting']) {
    assert.ok(timings.has(k), k);
    assert.ok(timings.get(k)! >= 0);
  }
});
