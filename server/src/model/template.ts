import type { Entry, Node, ObjectNode } from './node';
import { get, getEntry, intrinsicName, isArray, isObject, isString, scalarString, walk } from './node';

export interface ParameterModel {
  id: string;
  entry: Entry;
  node: ObjectNode;
  type?: string;
  default?: Node;
}

export interface ResourceModel {
  id: string;
  entry: Entry;
  node: ObjectNode;
  type: string;
  typeNode?: Node;
  properties?: ObjectNode;
  metadata?: Node;
}

export interface Reference {
  /** The logical id referred to. */
  target: string;
  /** `Ref`, `GetAtt` (with attribute), or `Sub` (a `${X}` / `${X.Attr}` inside Fn::Sub). */
  via: 'Ref' | 'GetAtt' | 'Sub';
  attribute?: string;
  /** The node carrying the reference (the intrinsic object or the Sub string). */
  node: Node;
  /** Owning resource of the reference. */
  from: string;
}

/**
 * Who refers to whom, built in one walk over the resources. Rules ask the graph ("which
 * instance profile does this instance use?") instead of walking the template again.
 */
export class ResourceGraph {
  private readonly out = new Map<string, Reference[]>();
  private readonly in = new Map<string, Reference[]>();

  add(ref: Reference): void {
    push(this.out, ref.from, ref);
    push(this.in, ref.target, ref);
  }
  /** References made anywhere inside resource `id`. */
  refsFrom(id: string): Reference[] {
    return this.out.get(id) ?? [];
  }
  /** References to `id` from other resources. */
  refsTo(id: string): Reference[] {
    return this.in.get(id) ?? [];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

export class TemplateModel {
  readonly parameters = new Map<string, ParameterModel>();
  readonly resources = new Map<string, ResourceModel>();
  readonly conditions = new Set<string>();
  readonly mappings?: ObjectNode;
  readonly metadata?: Node;
  readonly isSam: boolean;
  readonly graph = new ResourceGraph();

  constructor(readonly root: ObjectNode) {
    const params = get(root, 'Parameters');
    if (isObject(params)) {
      for (const e of params.entries) {
        if (!isObject(e.value)) continue;
        this.parameters.set(e.key, {
          id: e.key,
          entry: e,
          node: e.value,
          type: scalarString(get(e.value, 'Type')),
          default: get(e.value, 'Default'),
        });
      }
    }
    const conds = get(root, 'Conditions');
    if (isObject(conds)) for (const e of conds.entries) this.conditions.add(e.key);
    const maps = get(root, 'Mappings');
    if (isObject(maps)) this.mappings = maps;
    this.metadata = get(root, 'Metadata');
    const t = get(root, 'Transform');
    this.isSam =
      (isString(t) && t.value === SAM_TRANSFORM) ||
      (isArray(t) && t.items.some((i) => isString(i) && i.value === SAM_TRANSFORM));
    const res = get(root, 'Resources');
    if (isObject(res)) {
      for (const e of res.entries) {
        if (!isObject(e.value)) continue;
        const typeNode = get(e.value, 'Type');
        const props = get(e.value, 'Properties');
        this.resources.set(e.key, {
          id: e.key,
          entry: e,
          node: e.value,
          type: scalarString(typeNode) ?? '',
          typeNode,
          properties: isObject(props) ? props : undefined,
          metadata: get(e.value, 'Metadata'),
        });
      }
    }
    for (const r of this.resources.values()) this.indexReferences(r);
  }

  private indexReferences(r: ResourceModel): void {
    // The one walk over every node of every resource: written out (no visitor callback, the
    // intrinsic test inlined) since it runs before the JIT has warmed up in a CLI scan.
    const stack: Node[] = [r.node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.kind === 'array') {
        for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
        continue;
      }
      if (n.kind !== 'object') continue;
      const entries = n.entries;
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i].value);
      if (entries.length !== 1) continue;
      const fn = entries[0].key;
      if (fn !== 'Ref' && fn !== 'Fn::GetAtt' && fn !== 'Fn::Sub') continue;
      const arg = entries[0].value;
      if (fn === 'Ref') {
        const target = scalarString(arg);
        if (target && this.resources.has(target)) this.graph.add({ target, via: 'Ref', node: n, from: r.id });
      } else if (fn === 'Fn::GetAtt') {
        const parts = getAttParts(arg);
        const target = parts[0];
        if (target && this.resources.has(target)) this.graph.add({ target, via: 'GetAtt', attribute: parts[1], node: n, from: r.id });
      } else if (fn === 'Fn::Sub') {
        const s = isString(arg) ? arg : isArray(arg) && isString(arg.items[0]) ? arg.items[0] : undefined;
        if (s) {
          const re = /\$\{([^!}][^}]*)\}/g;
          for (let m = re.exec(s.value); m; m = re.exec(s.value)) {
            const name = m[1];
            const dot = name.indexOf('.');
            const target = dot < 0 ? name : name.slice(0, dot);
            if (this.resources.has(target)) this.graph.add({ target, via: 'Sub', attribute: dot < 0 ? undefined : name.slice(dot + 1), node: s, from: r.id });
          }
        }
      }
    }
  }

  resource(id: string): ResourceModel | undefined {
    return this.resources.get(id);
  }

  /** Resources of these types, in template order. */
  resourcesOfType(...types: string[]): ResourceModel[] {
    if (types.length === 1) {
      // Rules ask for one type at a time, some once per resource of another type: index once.
      if (!this.byType) {
        this.byType = new Map();
        for (const r of this.resources.values()) {
          const list = this.byType.get(r.type);
          if (list) list.push(r);
          else this.byType.set(r.type, [r]);
        }
      }
      return this.byType.get(types[0])?.slice() ?? [];
    }
    const out: ResourceModel[] = [];
    for (const r of this.resources.values()) if (types.includes(r.type)) out.push(r);
    return out;
  }
  private byType?: Map<string, ResourceModel[]>;

  /**
   * The logical ids a property value points at: `!Ref X`, `!GetAtt X.Arn`, `${X}` in a Sub,
   * lists of those, and both branches of `!If`.
   */
  referencedIds(n: Node | undefined): { id: string; node: Node }[] {
    const out: { id: string; node: Node }[] = [];
    if (!n) return out;
    walk(n, (x) => {
      const fn = intrinsicName(x);
      if (!fn || !isObject(x)) return;
      const arg = x.entries[0].value;
      if (fn === 'Ref') {
        const t = scalarString(arg);
        if (t && this.resources.has(t)) out.push({ id: t, node: x });
      } else if (fn === 'Fn::GetAtt') {
        const [t] = getAttParts(arg);
        if (t && this.resources.has(t)) out.push({ id: t, node: x });
      } else if (fn === 'Fn::Sub') {
        const s = isString(arg) ? arg : isArray(arg) && isString(arg.items[0]) ? arg.items[0] : undefined;
        for (const m of s?.value.matchAll(/\$\{([^!}.][^}.]*)/g) ?? []) if (this.resources.has(m[1])) out.push({ id: m[1], node: x });
      }
    });
    return out;
  }
}

export function getAttParts(arg: Node | undefined): [string | undefined, string | undefined] {
  if (isArray(arg)) return [scalarString(arg.items[0]), scalarString(arg.items[1])];
  const s = scalarString(arg);
  if (!s) return [undefined, undefined];
  const i = s.indexOf('.');
  return i > 0 ? [s.slice(0, i), s.slice(i + 1)] : [s, undefined];
}

export { getEntry };
