/**
 * What the S3 rules share: a bucket's names, whether it looks sensitive, whether it is a website
 * or a log target, the bucket policies that apply to it, and edits that add properties or whole
 * resources in the file's own style (YAML short-form tags when the file uses them).
 */
import type { ParsedDocument, TextEdit } from '../../engine/types';
import type { RuleContext } from '../../engine/context';
import { detectEol, detectYamlIndentUnit, insertEntry, insertionPointAfter, insertJsonEntryAfter, lineStart, usesShortForms, yamlEntryLines, type JsValue } from '../../fixes/edits';
import type { ArrayNode, Entry, Node, ObjectNode } from '../../model/node';
import { get, getEntry, intrinsicName, isArray, isObject, isString, scalarString, walk } from '../../model/node';
import type { PolicyModel } from '../../model/policy';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { resolveList, resolveScalar, type Value } from '../../model/values';

export const BUCKET = 'AWS::S3::Bucket';
export const BUCKET_POLICY = 'AWS::S3::BucketPolicy';

/** The buckets of a template. */
export function buckets(t: TemplateModel): ResourceModel[] {
  return t.resourcesOfType(BUCKET);
}

/**
 * The alternatives a property value stands for: each `!If` branch; `!Ref AWS::NoValue` (and a
 * missing value) is `absent`; any other intrinsic is `unknown`.
 */
export type Alt = { kind: 'value'; node: Node } | { kind: 'absent' } | { kind: 'unknown'; node: Node };
export function propertyAlternatives(n: Node | undefined, depth = 0): Alt[] {
  if (!n || n.kind === 'null') return [{ kind: 'absent' }];
  if (depth > 10) return [{ kind: 'unknown', node: n }];
  const fn = intrinsicName(n);
  if (!fn) return [{ kind: 'value', node: n }];
  if (fn === 'Fn::If' && isObject(n)) {
    const args = n.entries[0].value;
    if (isArray(args) && args.items.length === 3) return [...propertyAlternatives(args.items[1], depth + 1), ...propertyAlternatives(args.items[2], depth + 1)];
  }
  if (fn === 'Ref' && isObject(n) && scalarString(n.entries[0].value) === 'AWS::NoValue') return [{ kind: 'absent' }];
  return [{ kind: 'unknown', node: n }];
}

/** Resolved values of a bucket property (worst case through intrinsics). */
export function propValues(t: TemplateModel, r: ResourceModel, key: string): Value[] {
  return resolveScalar(get(r.properties, key), { template: t });
}

/**
 * Every name the bucket may have, as the values resolver writes them: `{{Id}}` (what `!Ref Id`
 * resolves to) and each alternative of `BucketName`.
 */
export function bucketNames(t: TemplateModel, r: ResourceModel): string[] {
  const out = new Set<string>([`{{${r.id}}}`]);
  for (const v of propValues(t, r, 'BucketName')) out.add(v.value);
  return [...out];
}

/** `WebsiteConfiguration` is set (in some alternative). */
export function isWebsite(r: ResourceModel): boolean {
  return propertyAlternatives(get(r.properties, 'WebsiteConfiguration')).some((a) => a.kind !== 'absent');
}

const SENSITIVE_TAG_KEYS = new Set(['dataclassification', 'classification', 'dataclass', 'sensitivity', 'datasensitivity', 'confidentiality']);
const SENSITIVE_TAG_VALUES = new Set(['confidential', 'highlyconfidential', 'sensitive', 'restricted', 'pii', 'phi', 'pci', 'secret']);
const SENSITIVE_WORD_PREFIXES = ['credit', 'customer', 'payment', 'cardholder', 'patient', 'medical', 'secret', 'confidential', 'sensitive'];
const SENSITIVE_WORDS = new Set(['pii', 'phi', 'pci', 'ssn', 'kyc', 'hipaa']);

/** Words of a name: split on non-alphanumerics and camelCase humps, lower-cased. */
export function nameWords(s: string): string[] {
  return s
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Whether a bucket looks like it holds sensitive data:
 * - a tag `DataClassification` / `data-classification` / `Classification` / `Sensitivity` /
 *   `Confidentiality` (any case and separators) whose value is confidential, highly-confidential,
 *   sensitive, restricted, pii, phi, pci or secret; or
 * - a word of its `BucketName` (any alternative) or logical id that starts with credit, customer,
 *   payment, cardholder, patient, medical, secret, confidential or sensitive, or is
 *   pii, phi, pci, ssn, kyc or hipaa (`${AWS::AccountId}-credit-applications` counts).
 * Returns the reason, for messages.
 */
export function sensitiveReason(t: TemplateModel, r: ResourceModel): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const tag of propertyAlternatives(get(r.properties, 'Tags'))) {
    if (tag.kind !== 'value' || !isArray(tag.node)) continue;
    for (const item of tag.node.items) {
      const k = scalarString(get(item, 'Key'));
      if (!k || !SENSITIVE_TAG_KEYS.has(norm(k))) continue;
      for (const v of resolveScalar(get(item, 'Value'), { template: t })) {
        if (v.known && SENSITIVE_TAG_VALUES.has(norm(v.value))) return `is tagged ${k}: ${v.value}`;
      }
    }
  }
  const names = [...propValues(t, r, 'BucketName').map((v) => v.value), r.id];
  for (const name of names) {
    for (const w of nameWords(name)) {
      if (SENSITIVE_WORDS.has(w) || SENSITIVE_WORD_PREFIXES.some((p) => w.startsWith(p))) return `has a name suggesting sensitive data ('${w}')`;
    }
  }
  return undefined;
}

/**
 * Buckets that receive logs: named by another bucket's `LoggingConfiguration.DestinationBucketName`,
 * by a CloudTrail trail's or Config delivery channel's `S3BucketName`, or by a CloudFront
 * distribution's `Logging.Bucket`; and buckets with the `LogDeliveryWrite` canned ACL.
 */
export function logTargetIds(t: TemplateModel): Set<string> {
  const out = new Set<string>();
  const all = buckets(t);
  const point = (n: Node | undefined) => {
    if (!n) return;
    for (const ref of t.referencedIds(n)) out.add(ref.id);
    const vals = resolveList(n, { template: t }).map((v) => v.value.replace(/\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/, ''));
    for (const b of all) if (bucketNames(t, b).some((name) => vals.includes(name))) out.add(b.id);
  };
  for (const r of t.resources.values()) {
    const p = r.properties;
    if (!p) continue;
    if (r.type === BUCKET) {
      point(get(get(p, 'LoggingConfiguration'), 'DestinationBucketName'));
      if (resolveScalar(get(p, 'AccessControl'), { template: t }).some((v) => v.value === 'LogDeliveryWrite')) out.add(r.id);
    } else if (r.type === 'AWS::CloudTrail::Trail' || r.type === 'AWS::Config::DeliveryChannel') {
      point(get(p, 'S3BucketName'));
    } else if (r.type === 'AWS::CloudFront::Distribution') {
      point(get(get(get(p, 'DistributionConfig'), 'Logging'), 'Bucket'));
    }
  }
  for (const id of [...out]) if (t.resources.get(id)?.type !== BUCKET) out.delete(id);
  return out;
}

/** The `AWS::S3::BucketPolicy` resources whose `Bucket` is this bucket (by Ref or by literal name). */
export function bucketPolicyResources(t: TemplateModel, r: ResourceModel): ResourceModel[] {
  const idx = policyIndex(t);
  const out = new Set<ResourceModel>(idx.byRef.get(r.id) ?? []);
  for (const name of bucketNames(t, r)) for (const p of idx.byName.get(name) ?? []) out.add(p);
  return [...out];
}

/**
 * Bucket policies by the bucket they name, built once per template: `Bucket: !Ref B` by logical
 * id, and literal or resolved names by name (each bucket asking every policy is quadratic).
 */
function policyIndex(t: TemplateModel): { byRef: Map<string, ResourceModel[]>; byName: Map<string, ResourceModel[]> } {
  let idx = policyIndexCache.get(t);
  if (idx) return idx;
  idx = { byRef: new Map(), byName: new Map() };
  const add = (m: Map<string, ResourceModel[]>, k: string, p: ResourceModel) => {
    const l = m.get(k);
    if (!l) m.set(k, [p]);
    else if (!l.includes(p)) l.push(p);
  };
  for (const p of t.resourcesOfType(BUCKET_POLICY)) {
    const b = get(p.properties, 'Bucket');
    if (!b) continue;
    for (const ref of t.graph.refsFrom(p.id)) if (within(ref.node, b)) add(idx.byRef, ref.target, p);
    for (const v of resolveScalar(b, { template: t })) add(idx.byName, v.value, p);
  }
  policyIndexCache.set(t, idx);
  return idx;
}
const policyIndexCache = new WeakMap<TemplateModel, { byRef: Map<string, ResourceModel[]>; byName: Map<string, ResourceModel[]> }>();

function within(n: Node, outer: Node): boolean {
  return n.start >= outer.start && n.end <= outer.end;
}

/** The policy documents of those resources. */
export function bucketPolicies(ctx: RuleContext, t: TemplateModel, r: ResourceModel): { resource: ResourceModel; policies: PolicyModel[] }[] {
  return bucketPolicyResources(t, r).map((p) => ({ resource: p, policies: policiesOf(ctx, p.id) }));
}

/** Policies by owning resource, once per analysis. */
function policiesOf(ctx: RuleContext, id: string): PolicyModel[] {
  let m = policiesByOwner.get(ctx.extracted);
  if (!m) {
    m = new Map();
    for (const pm of ctx.policies) {
      const k = pm.context.resourceId ?? '';
      const l = m.get(k);
      if (l) l.push(pm);
      else m.set(k, [pm]);
    }
    policiesByOwner.set(ctx.extracted, m);
  }
  return m.get(id) ?? [];
}
const policiesByOwner = new WeakMap<object, Map<string, PolicyModel[]>>();

/** Edits that set `key` in the bucket's Properties, creating Properties when the bucket has none. */
export function insertBucketProperty(doc: ParsedDocument, r: ResourceModel, key: string, value: JsValue): TextEdit[] {
  if (r.properties && !intrinsicName(r.properties)) return insertEntry(doc, r.properties, key, value);
  const pe = getEntry(r.node, 'Properties');
  if (pe) return [];
  return insertEntry(doc, r.node, 'Properties', { [key]: value });
}

// ---------------------------------------------------------------------------------------------
// Writing new template text in the file's style.

/** Intrinsics to render: `{Ref: X}`, `{'Fn::GetAtt': [X, Attr]}`, `{'Fn::Sub': s}`. */

/**
 * Add a resource right after another one in `Resources`, in the file's style. Returns no edit
 * when Resources is not a plain (block YAML / JSON) mapping.
 */
export function addResourceAfter(doc: ParsedDocument, t: TemplateModel, after: ResourceModel, id: string, value: JsValue): TextEdit[] {
  const resources = get(t.root, 'Resources');
  if (!isObject(resources) || intrinsicName(resources) || resources.embeddedIn) return [];
  if (doc.format === 'json') return insertJsonEntryAfter(doc, resources, after.entry, id, value);
  if (resources.flow) return [];
  const text = doc.text;
  const entry: Entry = after.entry;
  const indent = entry.start - lineStart(text, entry.start);
  const eol = detectEol(text);
  const at = insertionPointAfter(text, entry);
  const blank = separatedByBlankLines(text, resources) ? eol : '';
  const lines = yamlEntryLines(id, value, indent, detectYamlIndentUnit(doc), usesShortForms(doc));
  return [{ start: at, end: at, newText: eol + blank + lines.join(eol) }];
}

function separatedByBlankLines(text: string, obj: ObjectNode): boolean {
  // Memoised per mapping: called once per added resource.
  let r = blankLinesCache.get(obj);
  if (r === undefined) blankLinesCache.set(obj, (r = scanBlankLines(text, obj)));
  return r;
}
const blankLinesCache = new WeakMap<ObjectNode, boolean>();

function scanBlankLines(text: string, obj: ObjectNode): boolean {
  for (let i = 1; i < obj.entries.length; i++) {
    const between = text.slice(insertionPointAfter(text, obj.entries[i - 1]), lineStart(text, obj.entries[i].start));
    if (/\n[ \t]*\r?\n/.test(between)) return true;
  }
  return false;
}

/** A logical id not yet used in the template. */
export function freshId(t: TemplateModel, base: string): string {
  if (!t.resources.has(base) && !get(get(t.root, 'Resources'), base)) return base;
  for (let i = 2; ; i++) if (!t.resources.has(`${base}${i}`) && !get(get(t.root, 'Resources'), `${base}${i}`)) return `${base}${i}`;
}

/** True when a node is a plain string (not an intrinsic), for fixes that replace it. */
export function isLiteral(n: Node | undefined): boolean {
  return isString(n) || n?.kind === 'boolean' || n?.kind === 'number';
}
