import type { Fix, Rule } from '../../engine/types';
import { renameKey } from '../../fixes/edits';
import { allKeysExact, type ElementKey } from '../../model/policy';

export const invalidElement: Rule = {
  meta: {
    id: 'iam/invalid-element',
    title: 'Policy or statement key that IAM does not know',
    severity: 'error',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'safe',
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        'IAM knows exactly these policy elements: `Version`, `Id`, `Statement`, and in a statement `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`, `Condition` — case-sensitive. A misspelt key such as `Actions` or `effect` makes IAM reject the policy (CloudFormation fails the deployment with "MalformedPolicyDocument"), and a reviewer reading the template sees a permission that is not what AWS sees. leastpriv reports the key and, so that the real risk still shows, analyses the statement as the author meant it.',
      fix: 'Renames the key to the element it is closest to (`Actions` → `Action`), keeping its quotes. Keys that are not close to any element have no automatic fix: remove or rename them by hand.',
      bad: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Actions:\n      - s3:GetObject\n    Resource: !Sub "${Bucket.Arn}/*"\n' },
      good: { format: 'yaml', text: 'Statement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n    Resource: !Sub "${Bucket.Arn}/*"\n' },
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html'],
    },
  },
  check(ctx) {
    const seen = new Set<number>();
    const reportKey = (k: ElementKey, where: 'policy' | 'statement', present: Set<string>) => {
      if (k.exact || seen.has(k.entry.keyNode.start)) return;
      seen.add(k.entry.keyNode.start);
      const fixes: Fix[] = [];
      if (k.element && !present.has(k.element)) {
        fixes.push({ title: `Change '${k.entry.key}' to '${k.element}'`, kind: 'safe', isPreferred: true, edits: [renameKey(ctx.doc, k.entry, k.element)] });
      }
      const message = k.element
        ? present.has(k.element)
          ? `'${k.entry.key}' is not an IAM ${where} element and '${k.element}' is already present: IAM rejects the policy.`
          : `'${k.entry.key}' is not an IAM ${where} element; did you mean '${k.element}'? IAM rejects the policy as written.`
        : `'${k.entry.key}' is not an IAM ${where} element: IAM rejects the policy.`;
      ctx.report({ node: k.entry.keyNode, message, fixes });
    };
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      if (!allKeysExact(p.keys)) {
        const exactPolicy = new Set(p.keys.filter((k) => k.exact).map((k) => k.element!));
        for (const k of p.keys) reportKey(k, 'policy', exactPolicy);
      }
      for (const s of p.statements) {
        if (allKeysExact(s.keys)) continue; // the usual case: nothing to report
        const exact = new Set(s.keys.filter((k) => k.exact).map((k) => k.element!));
        for (const k of s.keys) reportKey(k, 'statement', exact);
      }
    }
  },
};
