import type { Rule } from '../../engine/types';
import type { Node } from '../../model/node';
import { intrinsicName } from '../../model/node';
import type { StatementModel } from '../../model/policy';
import { resolveScalar } from '../../model/values';

/**
 * Can two nodes never be present together — do they sit in different branches of the same
 * `Fn::If`? (Statements in the two branches of an `!If` are alternatives, not duplicates.)
 */
export function mutuallyExclusive(a: Node, b: Node): boolean {
  const branchOf = new Map<Node, number>();
  for (let cur: Node | undefined = a; cur?.parent; cur = cur.parent) {
    const arr = cur.parent;
    if (arr.kind === 'array' && typeof cur.keyInParent === 'number' && arr.parent && intrinsicName(arr.parent) === 'Fn::If') {
      branchOf.set(arr, cur.keyInParent);
    }
  }
  for (let cur: Node | undefined = b; cur?.parent; cur = cur.parent) {
    const arr = cur.parent;
    const other = branchOf.get(arr);
    if (other !== undefined && typeof cur.keyInParent === 'number' && other !== cur.keyInParent && other > 0 && cur.keyInParent > 0) return true;
  }
  return false;
}

export const duplicateSid: Rule = {
  meta: {
    id: 'iam/duplicate-sid',
    title: 'Two statements with the same Sid',
    severity: 'error',
    securitySeverity: 'low',
    scope: ['template', 'policy'],
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        '"In IAM, the Sid value must be unique within a JSON policy": IAM rejects an identity or trust policy with two statements of the same `Sid`, and SQS and SNS have uniqueness requirements of their own. It is also the usual trace of a copied statement that was meant to be edited — the second copy often grants what the first was supposed to. Statements in different branches of an `Fn::If` are alternatives and may share a Sid. In other resource-based policies the finding is a warning.',
      fix: 'No automatic fix: rename one of the Sids (or merge the two statements).',
      bad: { format: 'json', text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},\n    {"Sid": "Read", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::a/*"}\n  ]\n}\n' },
      good: { format: 'json', text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},\n    {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::a/*"}\n  ]\n}\n' },
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html'],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      const firstBySid = new Map<string, { s: StatementModel; node: Node }[]>();
      const ordered = [...p.statements].sort((a, b) => a.node.start - b.node.start);
      for (const s of ordered) {
        const sidNode = s.get('Sid');
        if (!sidNode) continue;
        const vals = resolveScalar(sidNode, p.resolveOptions).filter((v) => v.known && v.value.trim() !== '');
        if (vals.length !== 1) continue;
        const sid = vals[0].value;
        const prev = firstBySid.get(sid) ?? [];
        const clash = prev.find((x) => !mutuallyExclusive(x.s.node, s.node) && x.node !== sidNode);
        if (clash) {
          const strict = p.kind === 'identity' || p.kind === 'trust';
          ctx.report({
            node: sidNode,
            message: `Sid '${sid}' is already used by another statement of this policy: ${strict ? 'IAM rejects a policy whose Sids are not unique' : 'Sids should be unique within a policy'}; rename one of them.`,
            severity: strict ? 'error' : 'warning',
            related: [{ start: clash.node.start, end: clash.node.end, message: `first statement with Sid '${sid}'` }],
          });
        }
        prev.push({ s, node: sidNode });
        firstBySid.set(sid, prev);
      }
    }
  },
};
