import type { Fix, Rule } from '../../engine/types';
import { removeEntry } from '../../fixes/edits';
import type { StatementElement } from '../../model/policy';
import { inPolicy, statementLabel } from './missing-element';

const PAIRS: [StatementElement, StatementElement][] = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
];

export const conflictingElements: Rule = {
  meta: {
    id: 'iam/conflicting-elements',
    title: 'Statement with both an element and its Not- form',
    severity: 'error',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'choice',
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        'A statement may contain `Action` or `NotAction`, `Resource` or `NotResource`, `Principal` or `NotPrincipal` — never both of a pair. IAM rejects such a statement ("MalformedPolicyDocument"), and a reader cannot tell which of the two the author meant: `NotAction` grants every action except the listed ones, so picking the wrong one silently turns a narrow grant into a very broad one.',
      fix: 'Two quick fixes, one per element: keep one and remove the other. The user chooses; `--fix` applies neither.',
      bad: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": "s3:GetObject",\n  "NotAction": "s3:DeleteObject",\n  "Resource": "arn:aws:s3:::my-bucket/*"\n}\n' },
      good: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:::my-bucket/*"\n}\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      for (const s of p.statements) {
        for (const pair of PAIRS) {
          const a = pair[0];
          const b = pair[1];
          const eb = s.entry(b); // the rarer one first
          const ea = eb && s.entry(a);
          if (!ea || !eb) continue;
          const [first, second] = ea.start <= eb.start ? [ea, eb] : [eb, ea];
          const fixes: Fix[] = [
            { title: `Keep '${a}', remove '${eb.key}'`, kind: 'choice', edits: [removeEntry(ctx.doc, s.node, eb)] },
            { title: `Keep '${b}', remove '${ea.key}'`, kind: 'choice', edits: [removeEntry(ctx.doc, s.node, ea)] },
          ];
          ctx.report({
            node: second.keyNode,
            message: `${statementLabel(s)[0].toUpperCase()}${statementLabel(s).slice(1)}${inPolicy(p)} has both '${a}' and '${b}': IAM rejects the statement, and the two mean opposite things — keep one.`,
            related: [{ start: first.keyNode.start, end: first.keyNode.end, message: `'${first.key}' is here` }],
            fixes,
          });
        }
      }
    }
  },
};
