/**
 * ARN parsing, IAM wildcard (glob) compilation, and matching of policy resource ARNs against the
 * catalog's ARN templates (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
 *
 * Pure functions, no I/O. Used by the catalog (`arnMatchesResourceType`, `isResourceWildcardFor`)
 * and directly by rules.
 *
 * ## Matching semantics (documented decision)
 *
 * An ARN is six colon-separated fields: `arn:partition:service:region:account:resource`; the
 * resource field is everything after the fifth colon and may itself contain `:` and `/`.
 * Both sides are split into fields and matched field by field, case-insensitively (IAM compares
 * resource ARNs case-sensitively, but a linter that reports a mismatch must not do so on a
 * capitalisation doubt, so we err towards "may match").
 *
 * Policy side (the `Resource` text, CloudFormation already resolved):
 * - `*` matches any run of characters (including `/`, and `:` inside the resource field);
 *   `?` matches one character; a wildcard in one of the first five fields stays in that field.
 * - IAM policy variables `${aws:username}` are treated like `*` when asking "may match" and as
 *   NOT a wildcard when asking "covers every resource"; `${*}`, `${?}`, `${$}` are the literal
 *   characters `*`, `?`, `$`.
 * - `*` alone matches everything. A text with fewer than six fields whose last field contains
 *   `*` (e.g. `arn:aws:s3:*`) matches field by field, its last field spanning the remaining
 *   template fields.
 *
 * Template side (the catalog's ARN format):
 * - `${Placeholder}` stands for one or more characters. Which characters:
 *   - a placeholder directly followed by a literal `/` in the template is one path segment and
 *     cannot contain `/` (`${BucketName}/${ObjectName}`, `table/${TableName}/index/${IndexName}`);
 *   - a placeholder at the end of the template cannot contain `/` when its name is a known
 *     slash-free identifier ({@link SLASH_FREE_PLACEHOLDERS}: `BucketName`, `TableName`, …);
 *   - every other placeholder may contain anything, `/` and `:` included (`${RoleNameWithPath}`,
 *     `${ObjectName}`, `${SecretId}`, `${LogGroupName}`, `${ParameterNameWithoutLeadingSlash}`…
 *     legitimately contain `/`, and a false "mismatch" is worse than a missed one).
 * - A literal `*` in a template (a few services publish `…/api/*`) matches anything.
 *
 * Hence `arn:aws:s3:::my-bucket` does not match the S3 `object` type (the template needs a `/`
 * after the bucket name), `arn:aws:s3:::my-bucket/*` matches `object` but not `bucket` (a bucket
 * name cannot contain `/`), and `arn:aws:s3:::*` matches both.
 *
 * "Covers" ({@link arnCoversTemplate}): the policy ARN matches every ARN the template can produce —
 * each placeholder must be swallowed by a policy `*`. The `${Partition}` field is exempt by default
 * (an account lives in one partition, so `arn:aws:…` is as broad as `arn:*:…`); region and account
 * can be exempted too (see {@link CoverOptions}).
 */
import { remember } from '../util/memo';


export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon (may contain `:` and `/`). */
  resource: string;
}

/** Parse `arn:partition:service:region:account:resource`; undefined when not ARN-shaped. */
export function parseArn(s: string): ParsedArn | undefined {
  const f = splitArnFields(s);
  if (!f) return undefined;
  return { partition: f[1], service: f[2], region: f[3], account: f[4], resource: f[5] };
}

/** Split into the 6 ARN fields, or undefined (no `arn:` prefix, fewer than 6 fields, empty resource). */
export function splitArnFields(s: string): [string, string, string, string, string, string] | undefined {
  if (s.length < 4 || s.slice(0, 4).toLowerCase() !== 'arn:') return undefined;
  const out: string[] = [];
  let start = 0;
  for (let n = 0; n < 5; n++) {
    const i = s.indexOf(':', start);
    if (i < 0) return undefined;
    out.push(s.slice(start, i));
    start = i + 1;
  }
  const resource = s.slice(start);
  if (resource === '') return undefined;
  out.push(resource);
  return out as [string, string, string, string, string, string];
}

// ---------------------------------------------------------------------------------------------
// Glob → RegExp (IAM wildcards: `*` any run, `?` one char), cached.

const globCache = new Map<string, RegExp>();
const GLOB_CACHE_MAX = 5000;

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
}

/** True when the text contains an IAM wildcard character (`*` or `?`). */
export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/**
 * Compile an IAM wildcard pattern (`*`, `?`) to an anchored RegExp (cached), case-insensitive
 * unless asked. Use this rather than a hand-made `.*` RegExp: see below.
 * `*` matches any run of characters, including `:` and `/`.
 *
 * A naive `^.*a.*a.*b$` backtracks exponentially on a failing match (`*a*a*a…*b` against
 * `aaaa…`: seconds at 8 stars, minutes at 12). Each middle segment is therefore matched at its
 * first occurrence inside an atomic group (`(?=(.*?seg))\1`), which is exact for globs (the
 * leftmost occurrence leaves the most room for the rest) and linear per segment.
 */
export function globToRegExp(pattern: string, caseSensitive = false): RegExp {
  const key = caseSensitive ? '\u0000' + pattern : pattern;
  let re = globCache.get(key);
  if (re) return re;
  const lit = (seg: string) => {
    let out = '';
    for (const ch of seg) out += ch === '?' ? '.' : escapeRegExp(ch);
    return out;
  };
  const segs = pattern.split('*');
  let src: string;
  if (segs.length === 1) src = `^${lit(pattern)}$`;
  else if (segs.length > MAX_GLOB_STARS) src = '(?!)'; // absurd pattern: matches nothing
  else {
    src = '^' + lit(segs[0]);
    let group = 0;
    for (let i = 1; i < segs.length - 1; i++) {
      if (!segs[i]) continue;
      group++;
      src += `(?=(.*?${lit(segs[i])}))\\${group}`;
    }
    src += `.*${lit(segs[segs.length - 1])}$`;
  }
  return remember(globCache, key, new RegExp(src, caseSensitive ? 's' : 'is'), GLOB_CACHE_MAX);
}

/** More `*` in one pattern than any real policy has (a RegExp with thousands of groups overflows V8's compiler). */
const MAX_GLOB_STARS = 256;

/**
 * IAM wildcard match of a whole string (case-insensitive unless asked). The usual patterns need
 * no RegExp: none without wildcards, a prefix test for a single trailing `*` (`arn:…:bucket/*`).
 */
export function globMatch(pattern: string, text: string, caseSensitive = false): boolean {
  if (pattern === '*') return true;
  const star = pattern.indexOf('*');
  if (pattern.indexOf('?') === -1 && (star === -1 || star === pattern.length - 1)) {
    const head = star === -1 ? pattern : pattern.slice(0, -1);
    const t = star === -1 ? text : text.slice(0, head.length);
    if (star === -1 && text.length !== pattern.length) return false;
    return caseSensitive ? head === t : head.toLowerCase() === t.toLowerCase();
  }
  return globToRegExp(pattern, caseSensitive).test(text);
}

// ---------------------------------------------------------------------------------------------
// Token model shared by "may match" (intersection) and "covers" (inclusion).

/** Character classes: any character, or any but `/`. */
const ANY = 0;
const NO_SLASH = 1;
type CharSet = typeof ANY | typeof NO_SLASH;

type Token =
  | { k: 'lit'; c: string } // one literal character (lower-cased)
  | { k: 'one'; s: CharSet } // exactly one character of the set (`?`, first char of a placeholder)
  | { k: 'star'; s: CharSet; ph: boolean; v?: boolean }; // any run; ph = from a template placeholder/`*`; v = policy variable
type Lit = Extract<Token, { k: 'lit' }>;

/**
 * Placeholders that, at the end of a template, never contain `/` in real ARNs. Only identifiers
 * we are sure of; anything else is assumed to possibly contain `/`.
 */
export const SLASH_FREE_PLACEHOLDERS: ReadonlySet<string> = new Set(
  [
    'Partition',
    'Region',
    'Account',
    'AccountId',
    'BucketName', // S3 bucket names: [a-z0-9.-]
    'TableName', // DynamoDB / Glue / Keyspaces table names
    'IndexName',
    'StreamLabel',
    'FunctionName', // Lambda: [A-Za-z0-9_-] (qualifier after `:`)
    'QueueName', // SQS
    'AccessPointName',
    'KeyId', // KMS key id (uuid / mrk-…)
    'ClusterName',
    'StackName',
    'RepositoryName',
    'DeliveryStreamName',
    'StreamName',
  ].map((s) => s.toLowerCase()),
);

// Tokens are never changed once made: the common ones are shared rather than made per character.
/** The literal token of a character (lower-cased), by character. */
const LITS = new Map<string, Lit>();
function lit(ch: string): Lit {
  let t = LITS.get(ch);
  if (!t) LITS.set(ch, (t = { k: 'lit', c: ch.toLowerCase() }));
  return t;
}
const POLICY_STAR: Token = { k: 'star', s: ANY, ph: false };
const POLICY_VARIABLE: Token = { k: 'star', s: ANY, ph: false, v: true };
const POLICY_ONE: Token = { k: 'one', s: ANY };

/** Tokenize a policy-side field (`*`, `?`, policy variables, `${*}` escapes). */
function policyTokens(s: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '*') {
      out.push(POLICY_STAR);
    } else if (ch === '?') {
      out.push(POLICY_ONE);
    } else if (ch === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end < 0) {
        out.push(lit('$'));
        continue;
      }
      const inner = s.slice(i + 2, end);
      if (inner === '*' || inner === '?' || inner === '$') out.push(lit(inner));
      else out.push(POLICY_VARIABLE);
      i = end;
    } else {
      out.push(lit(ch));
    }
  }
  return out;
}

/** Tokenize a template field. `isResourceField`: apply the slash rules (else placeholders are ANY). */
function templateTokens(s: string, isResourceField: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end < 0) {
        out.push({ k: 'lit', c: '$' });
        continue;
      }
      const name = s.slice(i + 2, end).toLowerCase();
      let set: CharSet = ANY;
      if (isResourceField) {
        const next = s[end + 1];
        if (next === '/') set = NO_SLASH;
        else if (next === undefined && SLASH_FREE_PLACEHOLDERS.has(name)) set = NO_SLASH;
      }
      // one or more characters
      out.push({ k: 'one', s: set });
      out.push({ k: 'star', s: set, ph: true });
      i = end;
    } else if (ch === '*') {
      out.push({ k: 'star', s: ANY, ph: true });
    } else {
      out.push(lit(ch));
    }
  }
  return out;
}

/** Can a single character satisfy both (non-star) tokens? */
function charsIntersect(a: Token, b: Token): boolean {
  if (a.k === 'lit' && b.k === 'lit') return a.c === b.c;
  if (a.k === 'lit') return setHas(setOf(b), a.c);
  if (b.k === 'lit') return setHas(setOf(a), b.c);
  return true; // two classes: both contain e.g. 'a'
}

function setOf(t: Token): CharSet {
  return t.k === 'lit' ? ANY : t.s;
}

function setHas(s: CharSet, c: string): boolean {
  return s === ANY || c !== '/';
}

/** Star with set `s` can absorb token `t` (a single char). */
function starAbsorbs(s: CharSet, t: Token): boolean {
  if (t.k === 'lit') return setHas(s, t.c);
  return true; // two classes always share a non-slash character

}

/** Is L(A) ∩ L(B) non-empty? (two token sequences with stars). */
function tokensIntersect(A: Token[], B: Token[]): boolean {
  // Literal prefixes and suffixes must agree character by character: compare them directly (most
  // pairs differ there, `instance/…` against `volume/…`) and search only the rest.
  let a0 = 0;
  let b0 = 0;
  let n = A.length;
  let m = B.length;
  while (a0 < n && b0 < m && A[a0].k === 'lit' && B[b0].k === 'lit') {
    if ((A[a0] as Lit).c !== (B[b0] as Lit).c) return false;
    a0++;
    b0++;
  }
  while (n > a0 && m > b0 && A[n - 1].k === 'lit' && B[m - 1].k === 'lit') {
    if ((A[n - 1] as Lit).c !== (B[m - 1] as Lit).c) return false;
    n--;
    m--;
  }
  if (a0 === n && b0 === m) return true;
  if (a0 === n) return B.slice(b0, m).every((t) => t.k === 'star'); // only stars may match nothing
  if (b0 === m) return A.slice(a0, n).every((t) => t.k === 'star');
  const W = m + 1;
  const seen = new Uint8Array((n + 1) * W);
  const stack: number[] = [a0 * W + b0];
  seen[a0 * W + b0] = 1;
  const push = (i: number, j: number) => {
    const id = i * W + j;
    if (!seen[id]) {
      seen[id] = 1;
      stack.push(id);
    }
  };
  while (stack.length) {
    const id = stack.pop()!;
    const i = Math.floor(id / W);
    const j = id % W;
    if (i === n && j === m) return true;
    const a = i < n ? A[i] : undefined;
    const b = j < m ? B[j] : undefined;
    if (a && a.k === 'star') {
      push(i + 1, j); // star ends
      if (b && b.k !== 'star' && starAbsorbs(a.s, b)) push(i, j + 1);
    }
    if (b && b.k === 'star') {
      push(i, j + 1);
      if (a && a.k !== 'star' && starAbsorbs(b.s, a)) push(i + 1, j);
    }
    if (a && b && a.k !== 'star' && b.k !== 'star' && charsIntersect(a, b)) push(i + 1, j + 1);
  }
  return false;
}

/**
 * Does every string of template T match policy P? (T ⊆ P, approximated: each template
 * placeholder/`*` must be swallowed by a policy `*`; policy variables cover nothing.)
 */
function tokensCover(P: Token[], T: Token[]): boolean {
  const n = P.length;
  const m = T.length;
  const W = m + 1;
  const seen = new Uint8Array((n + 1) * W);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const id = i * W + j;
    if (!seen[id]) {
      seen[id] = 1;
      stack.push(id);
    }
  };
  while (stack.length) {
    const id = stack.pop()!;
    const i = Math.floor(id / W);
    const j = id % W;
    if (i === n && j === m) return true;
    const p = i < n ? P[i] : undefined;
    const t = j < m ? T[j] : undefined;
    if (p && p.k === 'star' && !p.v) {
      push(i + 1, j);
      if (t) push(i, j + 1); // a real `*` swallows anything, placeholders included
      continue;
    }
    if (!p || !t) continue;
    if (p.k === 'star') continue; // policy variable: covers nothing
    // p is a literal or `?`
    if (t.k === 'lit') {
      if (p.k === 'one' || p.c === t.c) push(i + 1, j + 1);
    } else if (t.k === 'one' && p.k === 'one') {
      push(i + 1, j + 1); // `?` covers the mandatory first character of a placeholder
    }
    // otherwise t is a placeholder run: only a real `*` covers it.
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Compiled templates (cached per template string).

interface CompiledTemplate {
  /** Raw fields (index 0 is the literal `arn`). */
  fields: string[];
  /** Tokens per field (index 0 unused). */
  tokens: Token[][];
  /**
   * Fields that are one placeholder standing for any non-empty text (`${Partition}`,
   * `${Region}`, `${Account}`): a policy field meets it exactly when it is not empty.
   */
  anyText: boolean[];
}

const templateCache = new Map<string, CompiledTemplate | null>();

function compileTemplate(template: string): CompiledTemplate | null {
  let c = templateCache.get(template);
  if (c !== undefined) return c;
  const f = splitArnFields(template);
  if (!f) {
    c = null;
  } else {
    const tokens = f.map((x, idx) => templateTokens(x, idx === 5));
    const anyText = tokens.map((t) => t.length === 2 && t[0].k === 'one' && t[0].s === ANY && t[1].k === 'star' && t[1].s === ANY);
    c = { fields: f, tokens, anyText };
  }
  return remember(templateCache, template, c, GLOB_CACHE_MAX);
}

/**
 * A policy ARN compiled for matching: `fields[k]` are the tokens of ARN fields 1..5 that the
 * policy spells out; when the policy has fewer than six fields and its last one contains `*`
 * (`arn:aws:s3:*`), that last field is `rest`, matched against the remaining template fields
 * joined with `:`, starting at field `restFrom`.
 */
interface CompiledPolicy {
  fields: Token[][];
  rest?: Token[];
  restFrom: number;
}

const policyCache = new Map<string, CompiledPolicy | null>();

function compilePolicy(arn: string): CompiledPolicy | null {
  let c = policyCache.get(arn);
  if (c !== undefined) return c;
  const f = splitArnFields(arn);
  if (f) {
    c = { fields: f.map(policyTokens), restFrom: 6 };
  } else if (arn.toLowerCase().startsWith('arn:') && arn.includes('*')) {
    const parts = arn.split(':');
    const last = parts.length - 1; // 1..4: index of the field holding the spanning `*`
    if (last >= 1 && last <= 5 && parts[last].includes('*')) {
      c = { fields: parts.slice(0, last).map(policyTokens), rest: policyTokens(parts[last]), restFrom: last };
    } else {
      c = null;
    }
  } else {
    c = null;
  }
  return remember(policyCache, arn, c, GLOB_CACHE_MAX);
}

/** Template tokens of fields `from..5` joined with `:`. */
function templateRest(t: CompiledTemplate, from: number): Token[] {
  const out: Token[] = [];
  for (let k = from; k < 6; k++) {
    if (k > from) out.push({ k: 'lit', c: ':' });
    out.push(...t.tokens[k]);
  }
  return out;
}

/**
 * May the policy resource `arn` (with `*`/`?` wildcards) match some ARN produced by the catalog
 * `template`? `'*'` matches every template. Non-ARN text (other than `*`) matches nothing.
 */
export function arnMatchesTemplate(arn: string, template: string): boolean {
  if (arn === '*') return true;
  const byArn = matchCache.get(template) ?? remember(matchCache, template, new Map<string, boolean>(), GLOB_CACHE_MAX);
  const known = byArn.get(arn);
  return known !== undefined ? known : remember(byArn, arn, matchTemplate(arn, template), GLOB_CACHE_MAX);
}
/** Results by ARN format, then policy ARN (no key concatenation on the hot path). */
const matchCache = new Map<string, Map<string, boolean>>();

function matchTemplate(arn: string, template: string): boolean {
  const t = compileTemplate(template);
  if (!t) return false;
  const p = compilePolicy(arn);
  if (!p) return false;
  for (let k = 1; k < Math.min(6, p.restFrom); k++) {
    if (t.anyText[k] ? p.fields[k].length === 0 : !tokensIntersect(p.fields[k], t.tokens[k])) return false;
  }
  return p.rest ? tokensIntersect(p.rest, templateRest(t, p.restFrom)) : true;
}

export interface CoverOptions {
  /**
   * ARN fields whose template placeholder need not be wildcarded for the policy ARN to count as
   * "every resource". Default `['partition']`. Pass `['partition', 'region', 'account']` to treat
   * `arn:aws:iam::123456789012:role/*` as every role (of that account).
   */
  exempt?: ReadonlyArray<'partition' | 'region' | 'account'>;
}

const FIELD_INDEX = { partition: 1, region: 3, account: 4 } as const;

/**
 * Does the policy resource `arn` match EVERY ARN the template can produce (all placeholder
 * positions fully wildcarded)? `'*'` covers everything. E.g. `arn:aws:s3:::*`, `arn:aws:s3:::*\/*`
 * cover the S3 `object` type; `arn:aws:iam::*:role/*` covers `role`; `arn:aws:s3:::b/*` does not.
 */
export function arnCoversTemplate(arn: string, template: string, opts?: CoverOptions): boolean {
  if (arn === '*') return true;
  const exemptFields = opts?.exempt ?? DEFAULT_EXEMPT;
  const key = exemptFields.join(',') + '\n' + arn;
  const byArn = coverCache.get(template) ?? remember(coverCache, template, new Map<string, boolean>(), GLOB_CACHE_MAX);
  const known = byArn.get(key);
  return known !== undefined ? known : remember(byArn, key, coversTemplate(arn, template, exemptFields), GLOB_CACHE_MAX);
}
const DEFAULT_EXEMPT: ReadonlyArray<'partition' | 'region' | 'account'> = ['partition'];
/** Results by ARN format, then exempt fields and policy ARN. */
const coverCache = new Map<string, Map<string, boolean>>();

function coversTemplate(arn: string, template: string, exemptFields: ReadonlyArray<'partition' | 'region' | 'account'>): boolean {
  const t = compileTemplate(template);
  if (!t) return false;
  const p = compilePolicy(arn);
  if (!p) return false;
  const exempt = new Set<number>(exemptFields.map((f) => FIELD_INDEX[f]));
  for (let k = 1; k < Math.min(6, p.restFrom); k++) {
    if (exempt.has(k) && /^\$\{[^}]+\}$/.test(t.fields[k])) {
      // The template field is a single placeholder: any non-empty policy value will do.
      if (p.fields[k].length === 0) return false;
      continue;
    }
    if (!tokensCover(p.fields[k], t.tokens[k])) return false;
  }
  return p.rest ? tokensCover(p.rest, templateRest(t, p.restFrom)) : true;
}
