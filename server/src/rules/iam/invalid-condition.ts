import type { Fix, Rule } from '../../engine/types';
import { servicePrefix, type IamCatalog } from '../../catalog/catalog';
import { hasWildcard } from '../../catalog/arn';
import { renameKey } from '../../fixes/edits';
import { editDistance } from '../../catalog/distance';
import type { StatementModel } from '../../model/policy';
import { editableScalar } from './invalid-effect';

/** Condition operators (reference_policies_elements_condition_operators), without IfExists / set prefixes. */
export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

const SET_PREFIXES = ['ForAllValues:', 'ForAnyValue:'];

export interface ParsedOperator {
  set?: 'ForAllValues' | 'ForAnyValue';
  base: string;
  ifExists: boolean;
}

/** Split `ForAnyValue:StringLikeIfExists` (exact spelling) into its parts; undefined when unknown. */
export function parseOperator(op: string): ParsedOperator | undefined {
  let rest = op;
  let set: ParsedOperator['set'];
  for (const p of SET_PREFIXES) {
    if (rest.startsWith(p)) {
      set = p.slice(0, -1) as ParsedOperator['set'];
      rest = rest.slice(p.length);
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!(BASE_OPERATORS as readonly string[]).includes(rest)) return undefined;
  if (rest === 'Null' && ifExists) return undefined; // `Null` takes no IfExists suffix
  return { set, base: rest, ifExists };
}

/** The correctly spelt operator a wrong one most likely means (`stringEquals`, `StringEqual`). */
export function suggestOperator(op: string): string | undefined {
  const all: string[] = [];
  for (const b of BASE_OPERATORS) {
    for (const pre of ['', ...SET_PREFIXES]) {
      all.push(pre + b);
      if (b !== 'Null') all.push(pre + b + 'IfExists');
    }
  }
  const lower = op.toLowerCase().replace(/\s+/g, '');
  const exact = all.find((x) => x.toLowerCase() === lower);
  if (exact) return exact;
  let best: string | undefined;
  let bestD = Infinity;
  for (const x of all) {
    const d = editDistance(lower, x.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = x;
    }
  }
  return best && bestD <= 2 ? best : undefined;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^\d{1,13}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(\/\d{1,3})?$/;

function validIp(v: string): boolean {
  const m = v.match(IPV4);
  if (m) return [1, 2, 3, 4].every((i) => Number(m[i]) <= 255) && (m[6] === undefined || Number(m[6]) <= 32);
  if (IPV6.test(v)) {
    const [addr, len] = v.split('/');
    return (len === undefined || Number(len) <= 128) && addr.split('::').length <= 2;
  }
  return false;
}

/** What is wrong with a value for an operator family, or undefined. */
function valueProblem(base: string, value: string): string | undefined {
  const v = value.trim();
  if (base === 'Bool' || base === 'Null') {
    return /^(true|false)$/i.test(v) ? undefined : `'${base}' compares with true or false, not '${value}'`;
  }
  if (base.startsWith('Numeric')) return NUMBER.test(v) ? undefined : `'${base}' compares numbers, and '${value}' is not a number`;
  if (base.startsWith('Date')) {
    return DATE.test(v) || EPOCH.test(v) ? undefined : `'${base}' compares dates (ISO 8601 such as 2026-01-31T12:00:00Z, or epoch seconds), and '${value}' is neither`;
  }
  if (base === 'IpAddress' || base === 'NotIpAddress') return validIp(v) ? undefined : `'${base}' compares IP addresses or CIDR ranges, and '${value}' is neither`;
  return undefined;
}

/** Condition keys that apply to every action (global `aws:` keys and the few service keys AWS lists with them). */
let globalKeys: Set<string> | undefined;
function isGlobalKey(cat: IamCatalog, key: string): boolean {
  if (!globalKeys) globalKeys = new Set(cat.globalConditionKeys().map((k) => k.key.toLowerCase()));
  const l = key.toLowerCase();
  return l.startsWith('aws:') || globalKeys.has(l);
}

/** Identity-provider keys (`saml:aud`, `cognito-identity.amazonaws.com:amr`, `<issuer>:sub`). */
function isFederationKey(cat: IamCatalog, key: string): boolean {
  const prefix = servicePrefix(key);
  if (prefix === 'aws') return false;
  return prefix === 'saml' || prefix.includes('.') || prefix.includes('/') || !cat.hasService(prefix);
}

/**
 * Does a service condition key apply to some action of the statement? Undefined when the actions
 * cannot be told (`*`, NotAction, unresolved values).
 */
function keyAppliesToActions(cat: IamCatalog, s: StatementModel, key: string): { applies: boolean; services: string[] } | undefined {
  if (s.has('NotAction') || !s.has('Action')) return undefined;
  const prefix = servicePrefix(key);
  const lower = key.toLowerCase();
  const services = new Set<string>();
  for (const v of s.actions()) {
    const a = v.value.trim();
    if (!v.known || a === '*') return undefined;
    const svc = servicePrefix(a);
    if (!svc) continue;
    if (hasWildcard(svc)) return undefined;
    if (!cat.hasService(svc)) continue;
    services.add(svc);
  }
  if (!services.size) return undefined;
  if (services.has(prefix)) return { applies: true, services: [...services] };
  for (const svc of services) {
    for (const k of cat.conditionKeys(svc)) {
      const kl = k.key.toLowerCase();
      if (kl === lower) return { applies: true, services: [...services] };
      if (/\$\{|</.test(kl) && servicePrefix(kl) === prefix) return { applies: true, services: [...services] };
    }
  }
  return { applies: false, services: [...services] };
}

export const invalidCondition: Rule = {
  meta: {
    id: 'iam/invalid-condition',
    title: 'Condition with an unknown operator or key, or a value of the wrong type',
    severity: 'warning',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    fixable: 'safe',
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        "A `Condition` is only as good as its spelling. An unknown operator (`StringEqual`, or `stringEquals` — operator names are case-sensitive) or `NullIfExists` makes IAM reject the policy (error). An unknown condition key, or a service key that none of the statement's actions supports (`s3:prefix` on an EC2 action), is not in the request context: the condition never matches, so an Allow grants nothing and — worse — a Deny with a positive operator never denies. A value of the wrong type (`Bool` with `yes`, `NumericLessThan` with `ten`, `DateGreaterThan` with `tomorrow`, `IpAddress` with `10.0.0.0/33`) never matches either. `ForAllValues`/`ForAnyValue` are for multivalued keys: with a single-valued key (`aws:SourceIp`), `ForAllValues` is true when the key is absent, which usually opens what the author meant to close. Keys are checked against the IAM service authorization reference and the global condition keys; templated keys (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`) and identity-provider keys (`saml:aud`, `token.actions.githubusercontent.com:sub`) are understood.",
      fix: 'Renames a miscased or misspelt operator to the documented spelling (`stringEquals` → `StringEquals`) when there is one obvious candidate. Keys and values have no automatic fix.',
      bad: { format: 'yaml', text: 'Condition:\n  Bool:\n    aws:SecureTransport: "yes"\n  StringEqual:\n    aws:PrincipalOrgId: o-abc123\n' },
      good: { format: 'yaml', text: 'Condition:\n  Bool:\n    aws:SecureTransport: "true"\n  StringEquals:\n    aws:PrincipalOrgID: o-abc123\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
        'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      ],
    },
  },
  check(ctx) {
    const cat = ctx.catalog;
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      for (const s of p.statements) {
        const conds = s.conditions();
        const reportedOps = new Set<number>();
        for (const c of conds) {
          const opEntry = c.operatorEntry;
          const op = parseOperator(c.operator);
          if (!op) {
            if (reportedOps.has(opEntry.keyNode.start)) continue;
            reportedOps.add(opEntry.keyNode.start);
            if (c.operator.includes('${') || c.operator.includes('{{')) continue;
            const nullIfExists = /^(For(AllValues|AnyValue):)?NullIfExists$/.test(c.operator);
            const sug = nullIfExists ? 'Null' : suggestOperator(c.operator);
            const fixes: Fix[] =
              sug && editableScalar(ctx.doc, opEntry.keyNode) && opEntry.keyNode.start !== opEntry.keyNode.end
                ? [{ title: `Change '${c.operator}' to '${sug}'`, kind: 'safe', isPreferred: true, edits: [renameKey(ctx.doc, opEntry, sug)] }]
                : [];
            const message = nullIfExists
              ? `'${c.operator}' is not a condition operator: 'Null' already tests whether the key exists and takes no IfExists suffix; IAM rejects the policy.`
              : `'${c.operator}' is not a condition operator${sug ? `; did you mean '${sug}'?` : '.'} IAM rejects the policy (operator names are case-sensitive).`;
            ctx.report({ node: opEntry.keyNode, message, severity: 'error', fixes });
            continue;
          }
          const key = c.key;
          if (key.includes('${') || key.includes('{{') || c.keyEntry.keyNode.start === c.keyEntry.keyNode.end) continue;
          const info = cat.conditionKey(key);
          const colon = key.indexOf(':');
          if (!info) {
            if (colon <= 0) {
              ctx.report({ node: c.keyEntry.keyNode, message: `'${key}' is not a condition key: keys are written 'prefix:name' (aws:SourceIp, s3:prefix). The condition never matches.` });
              continue;
            }
            const prefix = key.slice(0, colon);
            if (prefix.toLowerCase() !== 'aws' && !cat.hasService(prefix)) continue; // identity-provider keys we cannot list exhaustively
            ctx.report({
              node: c.keyEntry.keyNode,
              message: `'${key}' is not a known ${prefix.toLowerCase() === 'aws' ? 'global' : cat.serviceTitle(prefix) ?? prefix} condition key: it is never in the request context, so the condition ${/Not|Null/.test(op.base) || op.ifExists ? 'does not test what it seems to' : 'never matches'}.`,
            });
            continue;
          }
          if (!isGlobalKey(cat, key) && !isFederationKey(cat, key)) {
            const applies = keyAppliesToActions(cat, s, key);
            if (applies && !applies.applies) {
              ctx.report({
                node: c.keyEntry.keyNode,
                message: `'${info.key}' is not a condition key of the statement's actions (${applies.services.slice(0, 4).join(', ')}): it is never in their request context, so the condition ${/Not/.test(op.base) || op.ifExists ? 'does not test what it seems to' : 'never matches'}.`,
              });
              continue;
            }
          }
          // Set operators on a single-valued key. Global keys' types are reliable; for service keys
          // only non-String types are trusted (some multivalued service keys are typed String), and
          // identity-provider keys (`cognito-identity.amazonaws.com:amr` is multivalued) are skipped.
          const singleValued = !info.type.startsWith('ArrayOf') && info.type !== '' && (isGlobalKey(cat, key) || !/^String$/i.test(info.type));
          if (op.set && singleValued && !isFederationKey(cat, key)) {
            ctx.report({
              node: opEntry.keyNode,
              message: `'${op.set}:' is for multivalued keys, but '${info.key}' is single-valued (${info.type}): ${op.set === 'ForAllValues' ? 'ForAllValues is also true when the key is absent, ' : ''}use '${op.base}${op.ifExists ? 'IfExists' : ''}' without the prefix.`,
            });
          }
          const seen = new Set<string>();
          for (const v of c.values) {
            if (!v.known || seen.has(v.value) || v.value.includes('${')) continue;
            seen.add(v.value);
            const prob = valueProblem(op.base, v.value);
            if (prob) ctx.report({ node: v.node, message: `${prob}: the condition on '${key}' never matches as intended.` });
          }
        }
      }
    }
  },
};
