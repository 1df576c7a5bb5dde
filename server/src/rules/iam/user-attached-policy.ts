import type { Rule } from '../../engine/types';
import type { Node } from '../../model/node';
import { getEntry, intrinsicName, isArray, isObject, scalarString } from '../../model/node';
import { alternatives } from '../../model/policy';
import { resolveList } from '../../model/values';

export const userAttachedPolicy: Rule = {
  meta: {
    id: 'iam/user-attached-policy',
    title: 'Policy attached directly to an IAM user',
    severity: 'warning',
    securitySeverity: 'low',
    scope: ['template'],
    tags: ['iam', 'cis'],
    docs: {
      rationale:
        'Permissions given to IAM users one by one (inline `Policies` or `ManagedPolicyArns` on an `AWS::IAM::User`, an `AWS::IAM::Policy` or `AWS::IAM::ManagedPolicy` with `Users`, an `AWS::IAM::UserPolicy`) drift apart and are rarely reviewed or removed when a person changes job — the access-management complexity CIS AWS Foundations control "IAM users receive permissions only through groups" (Security Hub IAM.2) and Checkov CKV_AWS_40 report, as does cfn-nag (F10–F12). Attach policies to groups (and put users in them), or better, use roles with temporary credentials. Warning, not error: the policy may be narrow, and it is reviewed by the other rules on its own.',
      fix: 'No automatic fix: moving a policy to a group means creating the group and the membership, which changes who else gets it. Create an `AWS::IAM::Group` with the policy and add the user through `Groups` or `AWS::IAM::UserToGroupAddition`.',
      bad: { format: 'yaml', text: 'Alice:\n  Type: AWS::IAM::User\n  Properties:\n    ManagedPolicyArns:\n      - !Ref ReadOnlyPolicy\n' },
      good: {
        format: 'yaml',
        text: 'Readers:\n  Type: AWS::IAM::Group\n  Properties:\n    ManagedPolicyArns:\n      - !Ref ReadOnlyPolicy\nAlice:\n  Type: AWS::IAM::User\n  Properties:\n    Groups:\n      - !Ref Readers\n',
      },
      references: [
        'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-user.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const r of t.resourcesOfType('AWS::IAM::User')) {
      for (const prop of ['Policies', 'ManagedPolicyArns'] as const) {
        const e = getEntry(r.properties, prop);
        if (!e || !nonEmpty(e.value)) continue;
        const what = prop === 'Policies' ? 'inline policies' : 'managed policies';
        ctx.report({
          node: e.keyNode,
          resourceId: r.id,
          message: `IAM user '${r.id}' has ${what} attached directly (${prop}): give users permissions through groups (CIS, Security Hub IAM.2), or use roles.`,
        });
      }
    }
    for (const r of t.resourcesOfType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) {
      const e = getEntry(r.properties, 'Users');
      if (!e) continue;
      const items = isArray(e.value) ? e.value.items : [e.value];
      for (const item of items) {
        if (!nonEmpty(item)) continue;
        ctx.report({
          node: item,
          resourceId: r.id,
          message: `${r.type.replace('AWS::IAM::', '')} '${r.id}' is attached directly to IAM user ${userLabel(item, t)}: attach it to a group the user belongs to (CIS, Security Hub IAM.2), or use roles.`,
        });
      }
    }
    for (const r of t.resourcesOfType('AWS::IAM::UserPolicy')) {
      const e = getEntry(r.properties, 'UserName');
      ctx.report({
        node: e ? e.value : r.entry.keyNode,
        resourceId: r.id,
        message: `UserPolicy '${r.id}' puts an inline policy on IAM user ${e ? userLabel(e.value, t) : 'a user'}: attach policies to groups (CIS, Security Hub IAM.2), or use roles.`,
      });
    }
  },
};

/** A value that holds at least one policy / user (not `[]`, not only `AWS::NoValue`). */
function nonEmpty(n: Node): boolean {
  if (isArray(n)) return n.items.some(nonEmpty);
  if (intrinsicName(n) === 'Ref' && isObject(n) && scalarString(n.entries[0].value) === 'AWS::NoValue') return false;
  if (intrinsicName(n) === 'Fn::If') return alternatives(n).length > 0 || resolveList(n, {}).length > 0;
  return n.kind !== 'null';
}

function userLabel(n: Node, t: import('../../model/template').TemplateModel): string {
  const ids = t.referencedIds(n);
  if (ids.length) return `'${ids[0].id}'`;
  const v = resolveList(n, { template: t })[0];
  return v ? `'${v.value}'` : 'a user';
}
