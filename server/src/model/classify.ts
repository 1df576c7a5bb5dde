import type { Node, ObjectNode } from './node';
import { get, isArray, isObject, isString, scalarString } from './node';
import type { PolicyKind } from '../engine/types';
import { alternatives, closestElement, STATEMENT_ELEMENTS } from './policy';

export type Classification =
  | { kind: 'template'; root: ObjectNode }
  | { kind: 'policy'; root: ObjectNode; policyKind: PolicyKind }
  | { kind: 'none' };

const RESOURCE_TYPE = /^(AWS|Custom|Alexa)::[A-Za-z0-9]+(::[A-Za-z0-9]+)*$/;

/**
 * What a document is: a CloudFormation/SAM template, a standalone IAM policy, or anything else
 * (package.json, workflows, k8s manifests, OpenAPI…), which gets no diagnostics at all.
 */
export function classify(root: Node | undefined, fileName?: string): Classification {
  if (!isObject(root)) return { kind: 'none' };
  if (isTemplate(root)) return { kind: 'template', root };
  if (isPolicy(root)) return { kind: 'policy', root, policyKind: inferPolicyKind(root, fileName) };
  return { kind: 'none' };
}

function isTemplate(root: ObjectNode): boolean {
  if (get(root, 'AWSTemplateFormatVersion') !== undefined) return true;
  const t = get(root, 'Transform');
  const sam = (n: Node | undefined) => isString(n) && /^AWS::Serverless-/.test(n.value);
  if (sam(t) || (isArray(t) && t.items.some(sam))) return true;
  const res = get(root, 'Resources');
  if (!isObject(res) || res.entries.length === 0) return false;
  // Every resource must look like a CloudFormation resource: a k8s/serverless-framework file
  // with a `Resources` key does not, unless all of its entries carry an AWS type.
  let typed = 0;
  for (const e of res.entries) {
    const type = scalarString(get(e.value, 'Type'));
    if (type && RESOURCE_TYPE.test(type)) typed++;
  }
  return typed > 0 && typed === res.entries.length;
}

function isPolicy(root: ObjectNode): boolean {
  // `Statement` (or a near-miss like `Statements`) holding statement-like objects.
  const entry = root.entries.find((e) => e.key === 'Statement' || closestElement(e.key, ['Statement']) === 'Statement');
  if (!entry) return false;
  const stmts = alternatives(entry.value);
  if (stmts.length === 0) return isArray(entry.value) && get(root, 'Version') !== undefined;
  return stmts.some(
    (s) => isObject(s) && s.entries.some((e) => closestElement(e.key, STATEMENT_ELEMENTS) !== undefined),
  );
}

/** Identity, resource or trust, from the file name hint or the statements' contents. */
export function inferPolicyKind(root: ObjectNode, fileName?: string): PolicyKind {
  const base = (fileName ?? '').toLowerCase().replace(/^.*[\\/]/, '');
  if (/trust|assume-?role/.test(base)) return 'trust';
  if (/endpoint/.test(base)) return 'endpoint';
  if (/(bucket|resource|key|queue|topic|repository|secret)[-_.]?policy/.test(base)) return 'resource';
  const stmts = alternatives(get(root, 'Statement') ?? root.entries.find((e) => /^statements?$/i.test(e.key))?.value);
  let hasPrincipal = false;
  let assume = false;
  for (const s of stmts) {
    if (!isObject(s)) continue;
    for (const e of s.entries) {
      const el = closestElement(e.key, STATEMENT_ELEMENTS);
      if (el === 'Principal' || el === 'NotPrincipal') hasPrincipal = true;
      if (el === 'Action') {
        const vals = isArray(e.value) ? e.value.items : [e.value];
        if (vals.some((v) => /^sts:AssumeRole/i.test(scalarString(v) ?? '') || /^sts:TagSession$/i.test(scalarString(v) ?? ''))) assume = true;
      }
    }
  }
  if (hasPrincipal) return assume ? 'trust' : 'resource';
  return 'identity';
}
