/**
 * IAM condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
export const CONDITION_OPERATORS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
export const MULTIVALUED_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html';

export interface OperatorInfo {
  name: string;
  /** Family: String, Numeric, Date, Boolean, Binary, IP address, ARN, Null. */
  family: string;
  description: string;
}

const LIST: [string, string, string][] = [
  ['StringEquals', 'String', 'Exact match, case-sensitive.'],
  ['StringNotEquals', 'String', 'Negated exact match, case-sensitive.'],
  ['StringEqualsIgnoreCase', 'String', 'Exact match, ignoring case.'],
  ['StringNotEqualsIgnoreCase', 'String', 'Negated exact match, ignoring case.'],
  ['StringLike', 'String', 'Case-sensitive match with multi-character (`*`) and single-character (`?`) wildcards.'],
  ['StringNotLike', 'String', 'Negated case-sensitive match with `*` and `?` wildcards.'],
  ['NumericEquals', 'Numeric', 'Number equals the value.'],
  ['NumericNotEquals', 'Numeric', 'Number does not equal the value.'],
  ['NumericLessThan', 'Numeric', 'Number is less than the value.'],
  ['NumericLessThanEquals', 'Numeric', 'Number is less than or equal to the value.'],
  ['NumericGreaterThan', 'Numeric', 'Number is greater than the value.'],
  ['NumericGreaterThanEquals', 'Numeric', 'Number is greater than or equal to the value.'],
  ['DateEquals', 'Date', 'Date equals the value (ISO 8601 or epoch seconds).'],
  ['DateNotEquals', 'Date', 'Date does not equal the value.'],
  ['DateLessThan', 'Date', 'Date is before the value.'],
  ['DateLessThanEquals', 'Date', 'Date is at or before the value.'],
  ['DateGreaterThan', 'Date', 'Date is after the value.'],
  ['DateGreaterThanEquals', 'Date', 'Date is at or after the value.'],
  ['Bool', 'Boolean', 'Boolean match (`true` / `false`), e.g. `aws:SecureTransport`, `aws:MultiFactorAuthPresent`.'],
  ['BinaryEquals', 'Binary', 'Byte-for-byte match of a base-64 encoded binary value.'],
  ['IpAddress', 'IP address', 'The IP address is in the given address or CIDR range (IPv4 or IPv6).'],
  ['NotIpAddress', 'IP address', 'The IP address is not in any of the given ranges.'],
  ['ArnEquals', 'ARN', 'Case-sensitive ARN match; each of the six colon-delimited parts is compared separately, `*` and `?` allowed.'],
  ['ArnLike', 'ARN', 'Case-sensitive ARN match with `*` and `?` wildcards in each part.'],
  ['ArnNotEquals', 'ARN', 'Negated ARN match.'],
  ['ArnNotLike', 'ARN', 'Negated ARN match with wildcards.'],
  ['Null', 'Null', '`true`: the key is absent from the request context; `false`: the key is present (its value is not null).'],
];

const BY_NAME = new Map<string, OperatorInfo>(LIST.map(([name, family, description]) => [name.toLowerCase(), { name, family, description }]));

/** Base operators in documentation order. */
export function baseOperators(): OperatorInfo[] {
  return LIST.map(([name, family, description]) => ({ name, family, description }));
}

export interface ParsedOperator {
  /** Canonical base operator, when known. */
  base?: OperatorInfo;
  /** `ForAllValues` / `ForAnyValue` set operator prefix. */
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  /** The text as written. */
  raw: string;
}

/** `ForAnyValue:StringLikeIfExists` → qualifier, base, IfExists. Case-insensitive (IAM is not, but help anyway). */
export function parseOperator(raw: string): ParsedOperator {
  let s = raw.trim();
  let qualifier: ParsedOperator['qualifier'];
  const q = /^(ForAllValues|ForAnyValue):/i.exec(s);
  if (q) {
    qualifier = q[1].toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue';
    s = s.slice(q[0].length);
  }
  let ifExists = false;
  if (/IfExists$/i.test(s) && !BY_NAME.has(s.toLowerCase())) {
    ifExists = true;
    s = s.slice(0, -'IfExists'.length);
  }
  return { base: BY_NAME.get(s.toLowerCase()), qualifier, ifExists, raw };
}

/** Markdown explanation of an operator. */
export function describeOperator(raw: string): string | undefined {
  const p = parseOperator(raw);
  if (!p.base) return undefined;
  const lines = [`**${raw.trim()}** — condition operator (${p.base.family})`, '', p.base.description];
  if (p.ifExists) {
    lines.push(
      '',
      '`…IfExists`: when the key is absent from the request context the condition evaluates to **true** (for negated operators this can allow requests that lack the key).',
    );
  }
  if (p.qualifier === 'ForAllValues') {
    lines.push(
      '',
      '`ForAllValues:` every value of the multivalued key must match one of the condition values. **An absent or empty key also matches** — pair it with a `Null` check when used in an Allow.',
    );
  } else if (p.qualifier === 'ForAnyValue') {
    lines.push('', '`ForAnyValue:` at least one value of the multivalued key must match one of the condition values.');
  }
  if (p.base.name === 'Null') lines.push('', 'Values: `"true"` or `"false"`.');
  lines.push('', `[Condition operators](${CONDITION_OPERATORS_URL})` + (p.qualifier ? ` · [Multivalued context keys](${MULTIVALUED_URL})` : ''));
  return lines.join('\n');
}
