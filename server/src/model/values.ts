import type { Node } from './node';
import { get, intrinsicName, isArray, isObject, isString, scalarString } from './node';
import type { TemplateModel } from './template';
import { getAttParts } from './template';
import { own } from '../util/own';

/**
 * Intrinsic functions resolved for analysis, worst case:
 * - `Ref` to a parameter uses its Default (a `"*"` default is a wildcard); no default → unknown;
 * - `Fn::If` yields both branches; `Fn::Join`/`Select`/`Split`/`FindInMap` fold when literal;
 * - `Fn::Sub` substitutes pseudo parameters, parameter defaults and resource attributes;
 * - anything unknown becomes a placeholder `{{Name}}`: "some specific value", never a wildcard.
 */
export interface Value {
  value: string;
  /** The node at the place being analysed (e.g. the list item or the `!Ref`). */
  node: Node;
  /** Where the literal text came from (a parameter default, a mapping), when not `node` itself. */
  origin?: Node;
  /** False when the value contains placeholders for unknown parts. */
  known: boolean;
}

export const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:123456789012:stack/stack/id',
  'AWS::NotificationARNs': '{{AWS::NotificationARNs}}',
};

const MAX_ALTERNATIVES = 32;

export const placeholder = (name: string) => `{{${name}}}`;
export const hasPlaceholder = (s: string) => s.includes('{{');

const PLACEHOLDERS = /\{\{[^}]*\}\}/g;
/** The text with every `{{placeholder}}` replaced by `by` (`*` to match anything, `x` for "one specific value"). */
export function replacePlaceholders(s: string, by: string): string {
  return s.includes('{{') ? s.replace(PLACEHOLDERS, by) : s;
}

export interface ResolveOptions {
  template?: TemplateModel;
  /** Strings are Fn::Sub templates (a policy embedded in `!Sub |` JSON). */
  subStrings?: boolean;
}

/** All alternative values of a node that should hold a string or a list of strings, flattened. */
export function resolveList(n: Node | undefined, opts: ResolveOptions, depth = 0): Value[] {
  if (!n || depth > 20) return [];
  if (isArray(n)) {
    const out: Value[] = [];
    for (const it of n.items) {
      const vs = resolveList(it, opts, depth + 1);
      for (let i = 0; i < vs.length; i++) out.push(vs[i]);
    }
    return out;
  }
  const fn = intrinsicName(n);
  if (fn === 'Fn::If' && isObject(n)) {
    const args = n.entries[0].value;
    if (isArray(args) && args.items.length === 3) {
      return [...resolveList(args.items[1], opts, depth + 1), ...resolveList(args.items[2], opts, depth + 1)];
    }
  }
  if (fn === 'Ref' && isObject(n)) {
    const name = scalarString(n.entries[0].value);
    if (name === 'AWS::NoValue') return [];
    const p = name ? opts.template?.parameters.get(name) : undefined;
    if (p && p.default !== undefined && (p.type?.startsWith('List<') || p.type === 'CommaDelimitedList')) {
      const d = p.default;
      const items = isArray(d) ? d.items.map((x) => scalarString(x) ?? '') : (scalarString(d) ?? '').split(',');
      return items.map((s) => ({ value: s.trim(), node: n, origin: d, known: true }));
    }
  }
  if (fn === 'Fn::Split' && isObject(n)) {
    const args = n.entries[0].value;
    if (isArray(args) && args.items.length === 2) {
      const d = scalarString(args.items[0]);
      if (d !== undefined) {
        const out: Value[] = [];
        for (const v of resolveScalar(args.items[1], opts, depth + 1)) {
          if (!v.known) out.push(v);
          else for (const part of v.value.split(d)) out.push({ ...v, value: part, node: n });
        }
        return out;
      }
    }
  }
  return resolveScalar(n, opts, depth);
}

/** All alternative string values of a node that should hold one string. */
export function resolveScalar(n: Node | undefined, opts: ResolveOptions, depth = 0): Value[] {
  if (!n || depth > 20) return [];
  const s = scalarString(n);
  if (s !== undefined) {
    if (opts.subStrings && isString(n) && s.includes('${')) return substitute(s, n, undefined, opts, depth);
    return [{ value: s, node: n, known: true }];
  }
  if (n.kind === 'null') return [];
  const fn = intrinsicName(n);
  if (!fn || !isObject(n)) return [{ value: placeholder('object'), node: n, known: false }];
  const arg = n.entries[0].value;
  switch (fn) {
    case 'Ref': {
      const name = scalarString(arg) ?? '';
      if (name === 'AWS::NoValue') return [];
      const pseudo = own(PSEUDO, name);
      if (pseudo) return [{ value: pseudo, node: n, known: !hasPlaceholder(pseudo) }];
      const p = opts.template?.parameters.get(name);
      if (p) {
        if (p.default === undefined) return [{ value: placeholder(name), node: n, known: false }];
        return resolveScalar(p.default, {}, depth + 1).map((v) => ({ ...v, node: n, origin: p.default }));
      }
      const r = opts.template?.resources.get(name);
      if (r) return [{ value: refValue(r.type, name), node: n, known: false }];
      return [{ value: placeholder(name), node: n, known: false }];
    }
    case 'Fn::GetAtt': {
      const parts = getAttParts(arg);
      const id = parts[0];
      const attr = parts[1];
      const r = id ? opts.template?.resources.get(id) : undefined;
      if (r && attr === 'Arn') return [{ value: arnOf(r.type, r.id), node: n, known: false }];
      return [{ value: placeholder(`${id}.${attr}`), node: n, known: false }];
    }
    case 'Fn::Sub': {
      if (isString(arg)) return substitute(arg.value, n, undefined, opts, depth);
      if (isArray(arg) && isString(arg.items[0])) return substitute(arg.items[0].value, n, arg.items[1], opts, depth);
      return [{ value: placeholder('Sub'), node: n, known: false }];
    }
    case 'Fn::If': {
      if (isArray(arg) && arg.items.length === 3) {
        return cap([...resolveScalar(arg.items[1], opts, depth + 1), ...resolveScalar(arg.items[2], opts, depth + 1)]);
      }
      break;
    }
    case 'Fn::Join': {
      if (isArray(arg) && arg.items.length === 2) {
        const d = scalarString(arg.items[0]) ?? '';
        const parts = resolveListAlternatives(arg.items[1], opts, depth + 1);
        return cap(parts.map((p) => ({ value: p.map((v) => v.value).join(d), node: n, known: p.every((v) => v.known) })));
      }
      break;
    }
    case 'Fn::Select': {
      if (isArray(arg) && arg.items.length === 2) {
        const idx = Number(scalarString(arg.items[0]));
        const list = resolveList(arg.items[1], opts, depth + 1);
        // An index into one known list picks one value; into `!If` alternatives, all of them.
        if (Number.isInteger(idx) && list[idx] && intrinsicName(arg.items[1]) !== 'Fn::If') return [{ ...list[idx], node: n }];
        return cap(list.map((v) => ({ ...v, node: n })));
      }
      break;
    }
    case 'Fn::FindInMap': {
      if (isArray(arg) && arg.items.length >= 3 && opts.template?.mappings) {
        const m = get(opts.template.mappings, scalarString(arg.items[0]) ?? '');
        const k1 = resolveScalar(arg.items[1], opts, depth + 1).filter((v) => v.known).map((v) => v.value);
        const k2 = resolveScalar(arg.items[2], opts, depth + 1).filter((v) => v.known).map((v) => v.value);
        const out: Value[] = [];
        if (isObject(m)) {
          for (const e1 of m.entries) {
            if (k1.length && !k1.includes(e1.key)) continue;
            if (!isObject(e1.value)) continue;
            for (const e2 of e1.value.entries) {
              if (k2.length && !k2.includes(e2.key)) continue;
              for (const v of resolveList(e2.value, opts, depth + 1)) out.push({ ...v, node: n, origin: v.node });
            }
          }
        }
        if (out.length) return cap(out);
      }
      break;
    }
  }
  return [{ value: placeholder(fn.replace('Fn::', '')), node: n, known: false }];
}

/** Alternatives of a list whose items each have alternatives (cartesian product, capped). */
function resolveListAlternatives(n: Node, opts: ResolveOptions, depth: number): Value[][] {
  if (!isArray(n)) {
    const flat = resolveList(n, opts, depth);
    return [flat];
  }
  let combos: Value[][] = [[]];
  for (const it of n.items) {
    const alts = isArray(it) ? [resolveList(it, opts, depth)] : resolveList(it, opts, depth).map((v) => [v]);
    if (!alts.length) continue;
    const next: Value[][] = [];
    for (const c of combos) for (const a of alts) if (next.length < MAX_ALTERNATIVES) next.push([...c, ...a]);
    combos = next;
  }
  return combos;
}

/** One alternative of a `Fn::Sub` being built (changed in place while it has no siblings). */
interface SubAlternative {
  value: string;
  known: boolean;
  origin: Node | undefined;
}

function substitute(tpl: string, n: Node, vars: Node | undefined, opts: ResolveOptions, depth: number): Value[] {
  let results: SubAlternative[] = [{ value: '', known: true, origin: undefined }];
  /** Appends text to every alternative (the usual case: nothing to multiply, nothing to allocate). */
  const append = (value: string, known: boolean, origin?: Node) => {
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      r.value += value;
      r.known = r.known && known;
      r.origin ??= origin;
    }
  };
  /** Every alternative followed by every one of `alts` (capped). */
  const add = (alts: Value[], origin?: Node) => {
    if (alts.length === 1) return append(alts[0].value, alts[0].known, origin ?? alts[0].origin);
    const next: SubAlternative[] = [];
    for (const r of results)
      for (const a of alts)
        if (next.length < MAX_ALTERNATIVES) next.push({ value: r.value + a.value, known: r.known && a.known, origin: r.origin ?? origin ?? a.origin });
    results = next;
  };
  const re = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(tpl); m; m = re.exec(tpl)) {
    append(tpl.slice(last, m.index), true);
    last = m.index + m[0].length;
    const name = m[1].trim();
    if (name.startsWith('!')) {
      append('${' + name.slice(1) + '}', true);
      continue;
    }
    const varNode = vars ? get(vars, name) : undefined;
    if (varNode) {
      add(resolveScalar(varNode, opts, depth + 1));
      continue;
    }
    const pseudo = own(PSEUDO, name);
    if (pseudo) {
      append(pseudo, !hasPlaceholder(pseudo));
      continue;
    }
    const p = opts.template?.parameters.get(name);
    if (p) {
      if (p.default === undefined) append(placeholder(name), false);
      else add(resolveScalar(p.default, {}, depth + 1), p.default);
      continue;
    }
    const dot = name.indexOf('.');
    const id = dot > 0 ? name.slice(0, dot) : name;
    const attr = dot > 0 ? name.slice(dot + 1) : undefined;
    const r = opts.template?.resources.get(id);
    if (r) append(attr === 'Arn' ? arnOf(r.type, id) : attr ? placeholder(name) : refValue(r.type, id), false);
    else append(placeholder(name), false);
  }
  append(tpl.slice(last), true);
  return results.map((r) => ({ value: r.value, node: n, origin: r.origin, known: r.known }));
}

function cap(v: Value[]): Value[] {
  return v.length > MAX_ALTERNATIVES ? v.slice(0, MAX_ALTERNATIVES) : v;
}

const A = '123456789012';
const R = 'us-east-1';
/**
 * ARN shapes of `!GetAtt X.Arn` for common types, with the name as a placeholder. They let the
 * IAM rules see that `${Bucket.Arn}/*` is a scoped object ARN, not a wildcard.
 */
const ARN_SHAPES: Record<string, (id: string) => string> = {
  'AWS::S3::Bucket': (id) => `arn:aws:s3:::{{${id}}}`,
  'AWS::SQS::Queue': (id) => `arn:aws:sqs:${R}:${A}:{{${id}}}`,
  'AWS::SNS::Topic': (id) => `arn:aws:sns:${R}:${A}:{{${id}}}`,
  'AWS::DynamoDB::Table': (id) => `arn:aws:dynamodb:${R}:${A}:table/{{${id}}}`,
  'AWS::DynamoDB::GlobalTable': (id) => `arn:aws:dynamodb:${R}:${A}:table/{{${id}}}`,
  'AWS::IAM::Role': (id) => `arn:aws:iam::${A}:role/{{${id}}}`,
  'AWS::IAM::User': (id) => `arn:aws:iam::${A}:user/{{${id}}}`,
  'AWS::IAM::Group': (id) => `arn:aws:iam::${A}:group/{{${id}}}`,
  'AWS::IAM::ManagedPolicy': (id) => `arn:aws:iam::${A}:policy/{{${id}}}`,
  'AWS::IAM::InstanceProfile': (id) => `arn:aws:iam::${A}:instance-profile/{{${id}}}`,
  'AWS::Lambda::Function': (id) => `arn:aws:lambda:${R}:${A}:function:{{${id}}}`,
  'AWS::Serverless::Function': (id) => `arn:aws:lambda:${R}:${A}:function:{{${id}}}`,
  'AWS::KMS::Key': (id) => `arn:aws:kms:${R}:${A}:key/{{${id}}}`,
  'AWS::SecretsManager::Secret': (id) => `arn:aws:secretsmanager:${R}:${A}:secret:{{${id}}}`,
  'AWS::Kinesis::Stream': (id) => `arn:aws:kinesis:${R}:${A}:stream/{{${id}}}`,
  'AWS::KinesisFirehose::DeliveryStream': (id) => `arn:aws:firehose:${R}:${A}:deliverystream/{{${id}}}`,
  'AWS::Logs::LogGroup': (id) => `arn:aws:logs:${R}:${A}:log-group:{{${id}}}:*`,
  'AWS::StepFunctions::StateMachine': (id) => `arn:aws:states:${R}:${A}:stateMachine:{{${id}}}`,
  'AWS::Serverless::StateMachine': (id) => `arn:aws:states:${R}:${A}:stateMachine:{{${id}}}`,
  'AWS::ECR::Repository': (id) => `arn:aws:ecr:${R}:${A}:repository/{{${id}}}`,
  'AWS::Events::EventBus': (id) => `arn:aws:events:${R}:${A}:event-bus/{{${id}}}`,
  'AWS::SSM::Parameter': (id) => `arn:aws:ssm:${R}:${A}:parameter/{{${id}}}`,
  'AWS::CodeCommit::Repository': (id) => `arn:aws:codecommit:${R}:${A}:{{${id}}}`,
  'AWS::EFS::FileSystem': (id) => `arn:aws:elasticfilesystem:${R}:${A}:file-system/{{${id}}}`,
};

/** `Ref` of types whose Ref returns an ARN. */
const REF_IS_ARN = new Set([
  'AWS::SNS::Topic',
  'AWS::IAM::ManagedPolicy',
  'AWS::SecretsManager::Secret',
  'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::StateMachine',
]);

export function arnOf(type: string, id: string): string {
  return own(ARN_SHAPES, type)?.(id) ?? placeholder(`${id}.Arn`);
}

export function refValue(type: string, id: string): string {
  return REF_IS_ARN.has(type) ? arnOf(type, id) : placeholder(id);
}
