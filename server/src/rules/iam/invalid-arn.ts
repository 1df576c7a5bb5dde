import type { Rule } from '../../engine/types';
import type { IamCatalog } from '../../catalog/catalog';
import { arnMatchesTemplate, splitArnFields } from '../../catalog/arn';
import type { Node } from '../../model/node';
import { intrinsicName, isArray, isObject, isString, scalarString, walk } from '../../model/node';
import type { PolicyModel } from '../../model/policy';
import type { TemplateModel } from '../../model/template';
import { replacePlaceholders } from '../../model/values';
import { remember } from '../../util/memo';

/** The AWS partitions (ARN field 2). */
export const PARTITIONS: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

/**
 * Services with AWS-owned resources whose ARNs leave out a field that the catalog's ARN format
 * requires (`arn:aws:ssm:us-east-1::parameter/aws/service/…`, `arn:aws:ssm:*::document/AWS-RunShellScript`).
 */
const OMITTED_FIELDS_OK: ReadonlySet<string> = new Set(['ssm']);

/**
 * Does the value use a parameter whose default is empty (`Default: ''`)? That is the usual
 * "optional parameter" idiom, guarded by a condition: the empty text is not what gets deployed.
 */
export function usesEmptyDefault(n: Node, t: TemplateModel | undefined): boolean {
  if (!t) return false;
  const empty = (name: string) => {
    const p = t.parameters.get(name.trim());
    return !!p && p.default !== undefined && scalarString(p.default) === '';
  };
  let found = false;
  walk(n, (x) => {
    if (found) return false;
    if (isObject(x)) {
      const fn = intrinsicName(x);
      if (fn === 'Ref' && empty(scalarString(x.entries[0].value) ?? '')) found = true;
      if (fn === 'Fn::Sub') {
        const arg = x.entries[0].value;
        const tpl = isString(arg) ? arg.value : isArray(arg) && isString(arg.items[0]) ? arg.items[0].value : '';
        for (const m of tpl.matchAll(/\$\{([^}!][^}]*)\}/g)) if (empty(m[1])) found = true;
      }
    }
    return !found;
  });
  return found;
}

export interface ArnProblem {
  message: string;
}

/**
 * What is wrong with a policy resource string, or undefined when it is (or may be) a valid ARN.
 * Placeholders are "some specific value": only the literal parts are checked.
 */
export function arnProblem(raw: string, cat: IamCatalog, opts: { allowNonArn?: (s: string) => boolean } = {}): ArnProblem | undefined {
  if (opts.allowNonArn && raw === raw.trim() && raw.slice(0, 4).toLowerCase() !== 'arn:' && !raw.includes('{{') && opts.allowNonArn(raw)) return undefined;
  // Pure in the text (and the catalog): the same ARN recurs across statements, rules and files.
  let memo = problemMemo.get(cat);
  if (!memo) problemMemo.set(cat, (memo = new Map()));
  const known = memo.get(raw);
  return (known !== undefined ? known : remember(memo, raw, findArnProblem(raw, cat) ?? null, 20000)) ?? undefined;
}
const problemMemo = new WeakMap<IamCatalog, Map<string, ArnProblem | null>>();

/** ARN formats of the service's resource types that name the service itself (field 3). */
function serviceArnTemplates(cat: IamCatalog, service: string): string[] {
  let byService = templatesMemo.get(cat);
  if (!byService) templatesMemo.set(cat, (byService = new Map()));
  let list = byService.get(service);
  if (!list) {
    list = cat.resourceTypes(service).map((rt) => rt.arn).filter((t) => splitArnFields(t)?.[2].toLowerCase() === service.toLowerCase());
    byService.set(service, list);
  }
  return list;
}
const templatesMemo = new WeakMap<IamCatalog, Map<string, string[]>>();

/**
 * Whether the ARN matches one of the formats (memoised per catalog: with placeholders replaced,
 * `arn:aws:s3:::{{Bucket0}}/*`, `…{{Bucket1}}/*`… are one question).
 */
function matchesSomeFormat(cat: IamCatalog, templates: readonly string[], arn: string): boolean {
  let memo = formatMemo.get(cat);
  if (!memo) formatMemo.set(cat, (memo = new Map()));
  const known = memo.get(arn);
  return known !== undefined ? known : remember(memo, arn, templates.some((t) => arnMatchesTemplate(arn, t)), 20000);
}
const formatMemo = new WeakMap<IamCatalog, Map<string, boolean>>();

function findArnProblem(raw: string, cat: IamCatalog): ArnProblem | undefined {
  const s = raw.trim();
  if (s === '' || s === '*') return undefined;
  if (s.startsWith('{{')) return undefined; // the whole value is unknown (a Ref, a GetAtt)
  if (s !== raw) return { message: `'${raw}' has leading or trailing spaces: an ARN never does, so it matches nothing.` };
  if (s.slice(0, 4).toLowerCase() !== 'arn:') {
    if (s.includes('{{')) return undefined;
    if (/^\$\{[^}]*\}/.test(s)) return undefined; // an unresolved substitution at the start
    return { message: `'${s}' is not an ARN: resources are written 'arn:partition:service:region:account:resource' (or '*').` };
  }
  const fields = splitArnFields(s);
  if (!fields) {
    const parts = s.split(':');
    const last = parts[parts.length - 1];
    if (s.includes('{{') || last.includes('*')) return undefined; // `arn:aws:s3:*`, or a placeholder that may hold ':'
    if (parts.length >= 6) return { message: `'${s}' has no resource part after the account: an ARN ends with the resource ('arn:partition:service:region:account:resource').` };
    return { message: `'${s}' is not a complete ARN: it has ${parts.length} of the 6 colon-separated parts 'arn:partition:service:region:account:resource'.` };
  }
  const [, partition, service, region, account] = fields;
  const literal = (f: string) => !f.includes('{{') && !f.includes('*') && !f.includes('?') && !f.includes('${');
  if (fields[0] !== 'arn') return { message: `'${s}' starts with '${fields[0]}': ARNs start with lower-case 'arn:'.` };
  if (literal(partition) && !PARTITIONS.has(partition)) {
    const hint = PARTITIONS.has(partition.toLowerCase()) ? ` (partitions are lower case: '${partition.toLowerCase()}')` : '';
    return { message: `'${partition || '(empty)'}' is not an AWS partition in '${s}'${hint}: use aws, aws-cn, aws-us-gov (or !Sub 'arn:\${AWS::Partition}:…').` };
  }
  if (!literal(service)) return undefined;
  if (service === '') return { message: `'${s}' has no service: the third part of an ARN names the service (s3, iam, dynamodb…).` };
  if (service !== service.toLowerCase() && cat.hasService(service)) {
    return { message: `Service '${service}' in '${s}' must be lower case ('${service.toLowerCase()}'): IAM matches the service part exactly, so this ARN matches nothing.` };
  }
  if (!cat.hasService(service)) return undefined; // ARN namespaces that are not IAM prefixes: not ours to judge
  const templates = serviceArnTemplates(cat, service);
  if (!templates.length) return undefined;
  const matchAny = (arn: string) => matchesSomeFormat(cat, templates, arn);
  const forMatch = replacePlaceholders(s, '*'); // "some specific value" may be anything here
  if (matchAny(forMatch)) return undefined;
  const f = splitArnFields(forMatch)!;
  const rebuild = (r: string, a: string) => ['arn', f[1], f[2], r, a, f[5]].join(':');
  const title = cat.serviceTitle(service) ?? service;
  if (literal(region) && region !== '' && matchAny(rebuild('', f[4]))) {
    return { message: `'${s}' has a region ('${region}') but ${title} ARNs of this kind have none: the ARN matches nothing. Leave the region empty (e.g. 'arn:aws:${service}::${account}:${fields[5]}').` };
  }
  if (literal(account) && account !== '' && matchAny(rebuild(f[3], ''))) {
    return { message: `'${s}' has an account ('${account}') but ${title} ARNs of this kind have none: the ARN matches nothing.` };
  }
  if (literal(region) && literal(account) && region !== '' && account !== '' && matchAny(rebuild('', ''))) {
    return { message: `'${s}' has a region and an account but ${title} ARNs of this kind have neither (e.g. 'arn:aws:${service}:::${fields[5]}'): the ARN matches nothing.` };
  }
  if (!OMITTED_FIELDS_OK.has(service.toLowerCase())) {
    if (region === '' && matchAny(rebuild('*', f[4]))) {
      return { message: `'${s}' has no region but ${title} ARNs of this kind need one (use \${AWS::Region} or '*'): the ARN matches nothing.` };
    }
    if (account === '' && matchAny(rebuild(f[3], '*'))) {
      return { message: `'${s}' has no account but ${title} ARNs of this kind need one (use \${AWS::AccountId} or '*'): the ARN matches nothing.` };
    }
    if (region === '' && account === '' && matchAny(rebuild('*', '*'))) {
      return { message: `'${s}' has neither region nor account but ${title} ARNs of this kind need both: the ARN matches nothing.` };
    }
  }
  return undefined;
}

/** Resource-policy types whose `Resource` may be a non-ARN (API Gateway: `execute-api:/stage/GET/path`). */
function allowNonArn(p: PolicyModel): ((s: string) => boolean) | undefined {
  if (p.context.resourceType === 'AWS::ApiGateway::RestApi') return (s) => s.startsWith('execute-api:');
  return undefined;
}

const RESOURCE_ELEMENTS = ['Resource', 'NotResource'] as const;

export const invalidArn: Rule = {
  meta: {
    id: 'iam/invalid-arn',
    title: 'Resource that is not a valid ARN',
    severity: 'error',
    securitySeverity: 'medium',
    scope: ['template', 'policy'],
    tags: ['iam', 'grammar'],
    docs: {
      rationale:
        "A `Resource` is `*` or an ARN: `arn:partition:service:region:account:resource`. A bucket name instead of its ARN, a missing part, an unknown partition, an upper-case service (`arn:aws:S3:::b`), a region on an S3 or IAM ARN (whose formats have none), or no account where the service needs one: IAM compares the text, so such a resource matches nothing. IAM rejects some of these outright; the others deploy and grant nothing, and the usual reaction to the resulting AccessDenied is `\"Resource\": \"*\"`. Region and account rules come from the ARN formats of the IAM service authorization reference. Values leastpriv cannot resolve (a `Ref` to a resource, a parameter without default) are checked only in their literal parts; `*` is never flagged.",
      fix: 'No automatic fix: write the ARN out, or better, take it from the resource (`!GetAtt Bucket.Arn`, `!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"`).',
      bad: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:us-east-1:123456789012:my-bucket/*"\n}\n' },
      good: { format: 'json', text: '{\n  "Effect": "Allow",\n  "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:::my-bucket/*"\n}\n' },
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
        'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      ],
    },
  },
  check(ctx) {
    const cat = ctx.catalog;
    for (const p of ctx.policies) {
      if (p.context.expandedFrom) continue;
      const opts = { allowNonArn: allowNonArn(p) };
      for (const s of p.statements) {
        for (const el of RESOURCE_ELEMENTS) {
          const values = s.values(el);
          // Alternatives at one node that resolve alike: reported once.
          const seen = values.length > 1 ? new Set<string>() : undefined;
          for (const v of values) {
            if (seen) {
              const key = `${v.node.start}:${v.value}`;
              if (seen.has(key)) continue;
              seen.add(key);
            }
            const prob = arnProblem(v.value, cat, opts);
            if (!prob || usesEmptyDefault(v.node, p.template)) continue;
            const from = v.origin ? ' (from a parameter default or mapping)' : '';
            ctx.report({ node: v.node, message: from ? prob.message.replace(/^('[^']*')/, `$1${from}`) : prob.message });
          }
        }
      }
    }
  },
};
