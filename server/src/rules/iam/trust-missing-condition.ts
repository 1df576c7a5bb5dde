import type { RuleContext } from '../../engine/context';
import type { Fix, Rule, Severity, SecuritySeverity } from '../../engine/types';
import type { Node } from '../../model/node';
import { get } from '../../model/node';
import type { StatementModel } from '../../model/policy';
import { hasPlaceholder, PSEUDO, resolveScalar, type Value } from '../../model/values';
import { globToRegExp } from '../../catalog/arn';
import { conditionFix, isAnyone, policyWhere, positiveOperator, restrictingConditions, type PrincipalValue } from './public-resource-policy';

const TEMPLATE_ACCOUNT = PSEUDO['AWS::AccountId'];

/** Conditions that make a cross-account trust safe enough: a shared secret, MFA, or a pinned identity. */
const CROSS_ACCOUNT_KEYS: ReadonlySet<string> = new Set(
  ['sts:ExternalId', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalArn', 'aws:userid'].map((k) => k.toLowerCase()),
);

const SOURCE_KEYS: ReadonlySet<string> = new Set(['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'].map((k) => k.toLowerCase()));

/**
 * Service principals whose documentation asks for `aws:SourceArn`/`aws:SourceAccount` in the
 * role's trust policy (cross-service confused deputy). Deliberately short: services that take a
 * role by `iam:PassRole` only (EC2, Lambda, ECS tasks…) do not need them.
 */
const CONFUSED_DEPUTY_SERVICES = new Set(['personalize.amazonaws.com', 'fis.amazonaws.com']);

function textOf(ctx: RuleContext, n: Node | undefined): string {
  return n ? ctx.text.slice(n.start, n.end) : '';
}

function actionMatches(s: StatementModel, re: RegExp): boolean {
  const acts = s.actions();
  if (!acts.length) return !s.has('Action'); // NotAction / missing: worst case
  return acts.some((a) => !a.known || a.value === '*' || /^sts:\*$/i.test(a.value) || re.test(a.value));
}

/** The other account a principal value names, or undefined when it is this account / not an account. */
function crossAccount(ctx: RuleContext, p: PrincipalValue): string | undefined {
  if (p.type !== 'AWS' || isAnyone(p)) return undefined;
  const v = p.value.value.trim();
  const bare = v.match(/^\{\{([^}]+)\}\}$/);
  if (bare) {
    // The whole principal is a parameter without default: an account when it says so.
    const prm = ctx.template?.parameters.get(bare[1]);
    if (!prm) return undefined;
    const pattern = resolveScalar(get(prm.node, 'AllowedPattern'), {})[0]?.value ?? '';
    return /account|owner/i.test(prm.id) || /\\d\{12\}|\[0-9\]\{12\}/.test(pattern) ? `the account(s) of parameter '${prm.id}'` : undefined;
  }
  const acct = /^\d{12}$/.test(v) ? v : v.match(/^arn:[^:]*:(?:iam|sts)::([^:]+):/)?.[1];
  if (!acct) return undefined;
  if (acct === TEMPLATE_ACCOUNT) {
    // `${AWS::AccountId}` resolves to the placeholder account; a literal 123456789012 is another account.
    const src = textOf(ctx, p.value.node) + textOf(ctx, p.value.origin);
    return src.includes(TEMPLATE_ACCOUNT) ? `account ${acct}` : undefined;
  }
  if (/^\d{12}$/.test(acct)) return `account ${acct}${p.value.origin ? ' (parameter default)' : ''}`;
  const m = acct.match(/^\{\{([^}]+)\}\}$/);
  if (m && ctx.template?.parameters.has(m[1])) return `the account of parameter '${m[1]}'`;
  return undefined;
}

function globMatches(pattern: string, s: string): boolean {
  const re = globToRegExp(pattern, true);
  return re.test(s);
}

interface Provider {
  host: string;
  kind: 'github' | 'gitlab' | 'terraform' | 'eks' | 'cognito' | 'other';
}

function providerKind(host: string): Provider['kind'] {
  const h = host.toLowerCase();
  if (/^token\.actions\.githubusercontent\.com(\/|$)/.test(h)) return 'github';
  if (h === 'gitlab.com') return 'gitlab';
  if (h === 'app.terraform.io') return 'terraform';
  if (/^oidc\.eks\./.test(h)) return 'eks';
  if (/^cognito-identity\./.test(h)) return 'cognito';
  return 'other';
}

/** The OIDC provider host of a Federated principal value (literal, OIDCProvider resource, or hints). */
function providerOf(ctx: RuleContext, s: StatementModel, v: Value): Provider | undefined {
  const val = v.value.trim();
  if (/saml-provider\//i.test(val)) return undefined;
  if (/^cognito-identity\./i.test(val)) return { host: 'cognito-identity.amazonaws.com', kind: 'cognito' };
  const m = val.match(/:oidc-provider\/(.+)$/);
  if (m && !hasPlaceholder(m[1])) return { host: m[1], kind: providerKind(m[1]) };
  if (!val.startsWith('arn:') && !hasPlaceholder(val) && /^[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/i.test(val)) return { host: val, kind: providerKind(val) };
  const t = ctx.template;
  if (t) {
    for (const ref of t.referencedIds(v.node)) {
      const r = t.resources.get(ref.id);
      if (r?.type !== 'AWS::IAM::OIDCProvider') continue;
      const url = resolveScalar(get(r.properties, 'Url'), { template: t }).find((x) => x.known)?.value;
      if (url) {
        const host = url.replace(/^https:\/\//i, '').replace(/\/$/, '');
        return { host, kind: providerKind(host) };
      }
    }
  }
  // Unknown provider ARN (parameter, import): the condition keys name it.
  for (const c of s.conditions()) {
    const i = c.key.lastIndexOf(':');
    if (i <= 0) continue;
    const host = c.key.slice(0, i);
    if (/^(aws|sts|saml)$/i.test(host)) continue;
    return { host, kind: providerKind(host) };
  }
  if (/github/i.test(textOf(ctx, v.node))) return { host: 'token.actions.githubusercontent.com', kind: 'github' };
  return undefined;
}

const PROBES: Partial<Record<Provider['kind'], string[]>> = {
  github: ['repo:zz-attacker/zz-repo:ref:refs/heads/main', 'repo:zz-attacker/zz-repo:pull_request', 'repo:zz-attacker/zz-repo:environment:production'],
  gitlab: ['project_path:zz-attacker/zz-repo:ref_type:branch:ref:main'],
  terraform: ['organization:zz-attacker:project:p:workspace:w:run_phase:apply'],
  eks: ['system:serviceaccount:zz-ns:zz-sa'],
};

interface ClaimCheck {
  severity: Severity;
  securitySeverity: SecuritySeverity;
  message: string;
  fixes: Fix[] | (() => Fix[]);
}

function claimConditions(s: StatementModel, key: string) {
  return s.conditions().filter((c) => c.key.toLowerCase() === key.toLowerCase() && positiveOperator(c.operator));
}

/** Whether a claim condition accepts a value from someone else (a probe) or anything. */
function isWide(c: { operator: string; values: Value[] }, probes: string[]): string | undefined {
  const like = /Like$/.test(positiveOperator(c.operator)?.base ?? '');
  for (const v of c.values) {
    if (!v.known) continue;
    if (like && v.value.trim() === '*') return v.value;
    if (like && probes.some((p) => globMatches(v.value, p))) return v.value;
  }
  return undefined;
}

function checkFederated(ctx: RuleContext, s: StatementModel, where: string, prov: Provider): ClaimCheck | undefined {
  const h = prov.host;
  if (prov.kind === 'cognito') {
    const aud = s.conditions().filter((c) => /^cognito-identity\.[^:]*:aud$/i.test(c.key) && positiveOperator(c.operator));
    const ok = aud.filter((c) => !c.values.some((x) => x.known && x.value.trim() === '*'));
    if (ok.length) return undefined;
    return {
      severity: 'error',
      securitySeverity: 'critical',
      message: `${where} trusts Cognito identity pools (cognito-identity.amazonaws.com) without a cognito-identity.amazonaws.com:aud condition: users of any identity pool, in any account, can assume the role.`,
      fixes: () => conditionFix(ctx, s, 'Add Condition cognito-identity.amazonaws.com:aud (replace with your identity pool id)', 'StringEquals', 'cognito-identity.amazonaws.com:aud', 'us-east-1:IDENTITY-POOL-ID-PLACEHOLDER', true),
    };
  }
  const probes = PROBES[prov.kind];
  if (prov.kind === 'other') {
    const any = s.conditions().some((c) => c.key.toLowerCase().startsWith(h.toLowerCase() + ':') && positiveOperator(c.operator));
    if (any) return undefined;
    return {
      severity: 'warning',
      securitySeverity: 'high',
      message: `${where} trusts the identity provider '${h}' with no condition on its claims (${h}:aud, ${h}:sub): any identity that provider issues a token to can assume the role.`,
      fixes: [],
    };
  }
  const subKey = `${h}:sub`;
  const subs = claimConditions(s, subKey);
  const wide = subs.length ? subs.map((c) => isWide(c, probes ?? [])) : [];
  const allWide = subs.length > 0 && wide.every((w) => w !== undefined);
  const label = prov.kind === 'github' ? 'GitHub Actions' : prov.kind === 'gitlab' ? 'GitLab CI' : prov.kind === 'terraform' ? 'HCP Terraform' : 'the EKS cluster OIDC provider';
  const subExample =
    prov.kind === 'github'
      ? 'repo:OWNER/REPO:ref:refs/heads/main'
      : prov.kind === 'gitlab'
        ? 'project_path:GROUP/PROJECT:ref_type:branch:ref:main'
        : prov.kind === 'terraform'
          ? 'organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:*'
          : 'system:serviceaccount:NAMESPACE:SERVICE-ACCOUNT';
  const fixes = () => conditionFix(ctx, s, `Add Condition ${subKey} (replace the placeholder with ${prov.kind === 'eks' ? 'the service account' : 'your repository'})`, 'StringLike', subKey, subExample, true);
  const eks = prov.kind === 'eks';
  const who = eks ? 'any service account in the cluster' : prov.kind === 'github' ? 'a workflow in any GitHub repository' : prov.kind === 'gitlab' ? 'a pipeline of any GitLab project' : 'a run in any HCP Terraform organization';
  if (!subs.length) {
    return {
      severity: eks ? 'warning' : 'error',
      securitySeverity: eks ? 'high' : 'critical',
      message: `${where} trusts ${label} (${h}) without a ${subKey} condition: ${who} can assume the role${eks ? '' : ' (aud alone does not identify the caller)'}.`,
      fixes,
    };
  }
  if (allWide) {
    const val = wide.find((w) => w !== undefined)!;
    return {
      severity: eks ? 'warning' : 'error',
      securitySeverity: eks ? 'high' : 'critical',
      message: `${where} trusts ${label} with ${subKey} '${val}', which matches ${who}: pin the ${eks ? 'namespace and service account' : 'owner and repository'}.`,
      fixes: [],
    };
  }
  if (prov.kind === 'github') {
    // Owner pinned but every repository of the owner accepted.
    const orgWide = subs.every((c) => c.values.some((x) => x.known && /Like$/.test(c.operator) && /^repo:[^/*?]+\/\*/.test(x.value)));
    if (orgWide) {
      const val = subs[0].values.find((x) => /^repo:[^/*?]+\/\*/.test(x.value))!.value;
      return {
        severity: 'info',
        securitySeverity: 'medium',
        message: `${where} trusts GitHub Actions with ${subKey} '${val}': every repository of that owner (including ones created later) can assume the role. Pin the repository when only one needs it.`,
        fixes: [],
      };
    }
  }
  return undefined;
}

export const trustMissingCondition: Rule = {
  meta: {
    id: 'iam/trust-missing-condition',
    title: 'Role trust policy without the condition that identifies the caller',
    severity: 'warning',
    securitySeverity: 'high',
    scope: ['template', 'policy'],
    fixable: 'choice',
    tags: ['iam', 'exposure', 'trust'],
    docs: {
      rationale:
        'Three trust relationships need a condition to be safe. (1) Cross-account: a principal of another account (a 12-digit id, `arn:aws:iam::<account>:root`/role/user, or an account from a parameter) without `sts:ExternalId`, `aws:MultiFactorAuthPresent`/`aws:MultiFactorAuthAge`, or a pinned identity (`aws:PrincipalOrgID`, `aws:PrincipalArn`, `aws:userid`): anyone the other account lets call `sts:AssumeRole` gets the role, and a third party acting for several customers can be used as a confused deputy — warning. `${AWS::AccountId}` and ARNs of roles in the template are the same account and are not reported. (2) Web identity: GitHub Actions (`token.actions.githubusercontent.com`), GitLab (`gitlab.com`) and HCP Terraform (`app.terraform.io`) issue tokens to every repository on the platform, with the same `aud`; without a `<provider>:sub` condition, or with one such as `repo:*` that matches any repository, a workflow in someone else\'s repository can assume the role — error. `repo:org/*` (every repository of one owner) is reported as info. Cognito identity pool roles need `cognito-identity.amazonaws.com:aud` (error); an EKS cluster provider without `:sub` lets any service account of the cluster assume the role (warning); other OIDC providers with no condition on their claims are a warning. (3) Service roles for services whose documentation asks for `aws:SourceArn`/`aws:SourceAccount` in the trust policy (cross-service confused deputy: `personalize.amazonaws.com`, `fis.amazonaws.com`) — info.',
      fix: 'Choices: add `sts:ExternalId` (placeholder to replace) or `aws:MultiFactorAuthPresent: "true"` for cross-account trust; add a `StringLike` `<provider>:sub` condition with a placeholder repository (or service account) for web identity; `cognito-identity.amazonaws.com:aud` with a placeholder pool id; `aws:SourceAccount` = `AWS::AccountId` for service roles. Never applied automatically.',
      bad: {
        format: 'yaml',
        text: 'AssumeRolePolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal:\n        Federated: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com\n      Action: sts:AssumeRoleWithWebIdentity\n      Condition:\n        StringEquals:\n          token.actions.githubusercontent.com:aud: sts.amazonaws.com\n',
      },
      good: {
        format: 'yaml',
        text: 'AssumeRolePolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal:\n        Federated: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com\n      Action: sts:AssumeRoleWithWebIdentity\n      Condition:\n        StringEquals:\n          token.actions.githubusercontent.com:aud: sts.amazonaws.com\n        StringLike:\n          token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:ref:refs/heads/main\n',
      },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub',
        'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
        'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
        'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
        'https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html',
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.policies) {
      if (p.kind !== 'trust' || p.context.expandedFrom) continue;
      const where = policyWhere(p);
      for (const s of p.statements) {
        if (!s.allows) continue;
        const principals = s.principals();
        // (1) Cross-account.
        if (actionMatches(s, /^sts:AssumeRole$/i)) {
          const cross = principals.map((x) => ({ x, acct: crossAccount(ctx, x) })).filter((c) => c.acct);
          if (cross.length && !restrictingConditions(s, CROSS_ACCOUNT_KEYS).length) {
            const names = [...new Set(cross.map((c) => c.acct!))];
            ctx.report({
              node: cross[0].x.value.node,
              resourceId: p.context.resourceId,
              message: `${where} lets ${names.slice(0, 2).join(' and ')}${names.length > 2 ? ` and ${names.length - 2} more` : ''} assume the role with no sts:ExternalId or MFA condition: any principal ${names.length > 1 ? 'those accounts allow' : 'that account allows'} to call sts:AssumeRole gets the role's permissions.`,
              fixes: () => [
                ...conditionFix(ctx, s, 'Require an external id: add Condition sts:ExternalId (replace the placeholder)', 'StringEquals', 'sts:ExternalId', 'EXTERNAL-ID-PLACEHOLDER', true),
                ...conditionFix(ctx, s, 'Require MFA: add Condition aws:MultiFactorAuthPresent = true', 'Bool', 'aws:MultiFactorAuthPresent', 'true'),
              ],
            });
          }
        }
        // (2) Web identity.
        if (actionMatches(s, /^sts:AssumeRoleWithWebIdentity$/i)) {
          const seen = new Set<string>();
          for (const fp of principals) {
            if (fp.type !== 'Federated') continue;
            const prov = providerOf(ctx, s, fp.value);
            if (!prov || seen.has(prov.host)) continue;
            seen.add(prov.host);
            const r = checkFederated(ctx, s, where, prov);
            if (r) ctx.report({ node: fp.value.node, resourceId: p.context.resourceId, severity: r.severity, securitySeverity: r.securitySeverity, message: r.message, fixes: r.fixes });
          }
        }
        // (3) Cross-service confused deputy.
        if (actionMatches(s, /^sts:AssumeRole$/i)) {
          const svc = principals.find((x) => x.type === 'Service' && x.value.known && CONFUSED_DEPUTY_SERVICES.has(x.value.value.trim().toLowerCase()));
          if (svc && !restrictingConditions(s, SOURCE_KEYS).length) {
            ctx.report({
              node: svc.value.node,
              resourceId: p.context.resourceId,
              severity: 'info',
              securitySeverity: 'low',
              message: `${where} trusts ${svc.value.value} without aws:SourceArn or aws:SourceAccount: the service's documentation recommends them so that it cannot be used as a confused deputy by another account.`,
              fixes: () => conditionFix(ctx, s, 'Add Condition aws:SourceAccount = AWS::AccountId', 'StringEquals', 'aws:SourceAccount', 'ACCOUNT', true),
            });
          }
        }
      }
    }
  },
};
