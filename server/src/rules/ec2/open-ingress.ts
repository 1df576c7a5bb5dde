import type { Fix, ParsedDocument, Rule, Severity, TextEdit } from '../../engine/types';
import { detectEol, detectYamlIndentUnit, insertEntry, lineStart, yamlBlockEntry, type JsValue } from '../../fixes/edits';
import type { Node, ObjectNode } from '../../model/node';
import { get, getEntry, intrinsicName, isArray, isObject } from '../../model/node';
import type { ResourceModel, TemplateModel } from '../../model/template';
import { resolveScalar, type Value } from '../../model/values';
import { describeCidr, isOpenCidr } from './cidr';

/** Ports whose exposure to the internet is an error: remote administration. */
const ADMIN_PORTS: Record<number, string> = { 22: 'SSH', 3389: 'RDP', 5985: 'WinRM', 5986: 'WinRM over HTTPS' };
/** Databases, caches and search engines: an error too. */
const DATA_PORTS: Record<number, string> = {
  3306: 'MySQL',
  5432: 'PostgreSQL',
  1433: 'SQL Server',
  1521: 'Oracle',
  6379: 'Redis',
  11211: 'Memcached',
  27017: 'MongoDB',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch transport',
  5601: 'Kibana',
};
const SENSITIVE: Record<number, string> = { ...ADMIN_PORTS, ...DATA_PORTS };
const SENSITIVE_PORTS = Object.keys(SENSITIVE)
  .map(Number)
  .sort((a, b) => a - b);
/** A public web tier: often intended, reported as info. */
const WEB_PORTS: Record<number, string> = { 80: 'HTTP', 443: 'HTTPS' };

export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | string;

export interface PortRange {
  /** `all` (IpProtocol -1), tcp, udp, icmp, icmpv6, or another protocol number (all its ports). */
  protocol: Protocol;
  /** Inclusive port range; 0-65535 when every port is open. For ICMP: the type. */
  from: number;
  to: number;
}

export interface OpenIngress {
  /** The resource that declares the rule: the security group, or a standalone SecurityGroupIngress. */
  resource: ResourceModel;
  /** Logical id of the security group the rule belongs to, when it is in the template. */
  groupId?: string;
  /** The ingress rule object. */
  rule: ObjectNode;
  /** Where the open range is written (the CIDR scalar, the `!Ref`, or the `!If` branch). */
  node: Node;
  cidr: string;
  cidrKey: 'CidrIp' | 'CidrIpv6';
  /** The parameter whose default gives the range, when it comes from one. */
  parameter?: string;
  ports: PortRange;
  severity: Severity;
  /** "SSH (tcp port 22)", "all traffic (every protocol and port)". */
  label: string;
  /** Compact ports for the attack-path story: "22", "0-65535", "all". */
  portText: string;
  /** True for ICMP only (no service can be reached through it). */
  icmpOnly: boolean;
}

/** Objects a property holds, through lists and both branches of `!If` (`AWS::NoValue` dropped). */
export function objectsIn(n: Node | undefined, depth = 0): ObjectNode[] {
  if (!n || depth > 10) return [];
  if (isArray(n)) return n.items.flatMap((i) => objectsIn(i, depth + 1));
  const fn = intrinsicName(n);
  if (fn === 'Fn::If' && isObject(n)) {
    const args = n.entries[0].value;
    return isArray(args) && args.items.length === 3 ? [...objectsIn(args.items[1], depth + 1), ...objectsIn(args.items[2], depth + 1)] : [];
  }
  return isObject(n) && !fn ? [n] : [];
}

function normalizeProtocol(v: string): Protocol {
  const p = v.trim().toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  if (p === '6') return 'tcp';
  if (p === '17') return 'udp';
  if (p === '1') return 'icmp';
  if (p === '58') return 'icmpv6';
  return p;
}

function portBound(t: TemplateModel, n: Node | undefined, pick: 'min' | 'max'): number | undefined {
  const nums = resolveScalar(n, { template: t })
    .filter((v) => v.known)
    .map((v) => Number(v.value))
    .filter((x) => Number.isInteger(x));
  if (!nums.length) return undefined;
  if (nums.includes(-1)) return -1;
  return pick === 'min' ? Math.min(...nums) : Math.max(...nums);
}

/** The protocol/port alternatives of one ingress rule, worst case. */
function rangesOf(t: TemplateModel, rule: ObjectNode): PortRange[] {
  const protos = resolveScalar(get(rule, 'IpProtocol'), { template: t });
  const list = protos.length ? protos.map((v) => (v.known ? normalizeProtocol(v.value) : 'tcp')) : ['tcp'];
  let from = portBound(t, get(rule, 'FromPort'), 'min');
  let to = portBound(t, get(rule, 'ToPort'), 'max');
  if (from === undefined) from = to;
  if (to === undefined) to = from;
  const out: PortRange[] = [];
  for (const protocol of [...new Set(list)]) {
    if (protocol === 'all') out.push({ protocol, from: 0, to: 65535 });
    else if (protocol === 'tcp' || protocol === 'udp') {
      if (from === undefined || to === undefined || from === -1 || to === -1) out.push({ protocol, from: 0, to: 65535 });
      else out.push({ protocol, from: Math.max(0, Math.min(from, to)), to: Math.min(65535, Math.max(from, to)) });
    } else if (protocol === 'icmp' || protocol === 'icmpv6') out.push({ protocol, from: from ?? -1, to: to ?? -1 });
    else out.push({ protocol, from: 0, to: 65535 });
  }
  return out;
}

function classify(r: PortRange): { severity: Severity; label: string; portText: string; icmpOnly: boolean } {
  const p = r.protocol;
  if (p === 'all') return { severity: 'error', label: 'all traffic (every protocol and port)', portText: 'all', icmpOnly: false };
  if (p === 'icmp' || p === 'icmpv6') {
    const what = r.from === -1 ? 'all types' : `type ${r.from}`;
    return { severity: 'info', label: `${p.toUpperCase()} (${what})`, portText: p.toUpperCase(), icmpOnly: true };
  }
  if (p !== 'tcp' && p !== 'udp') return { severity: 'warning', label: `IP protocol ${p} (all its ports)`, portText: `protocol ${p}`, icmpOnly: false };
  const portText = r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
  const sensitive = SENSITIVE_PORTS.filter((x) => x >= r.from && x <= r.to);
  if (r.from === r.to) {
    const name = SENSITIVE[r.from] ?? WEB_PORTS[r.from];
    const label = name ? `${name} (${p} port ${r.from})` : `${p} port ${r.from}`;
    return { severity: sensitive.length ? 'error' : WEB_PORTS[r.from] ? 'info' : 'warning', label, portText, icmpOnly: false };
  }
  const all = r.from === 0 && r.to === 65535;
  const named = sensitive.slice(0, 4).map((x) => `${SENSITIVE[x]} ${x}`);
  const incl = sensitive.length ? `, including ${named.join(', ')}${sensitive.length > 4 ? '…' : ''}` : '';
  const label = `${all ? `every ${p} port` : `${p} ports ${r.from}-${r.to}`}${incl}`;
  return { severity: sensitive.length ? 'error' : 'warning', label, portText, icmpOnly: false };
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

function openOfRule(t: TemplateModel, resource: ResourceModel, rule: ObjectNode, groupId: string | undefined): OpenIngress[] {
  const out: OpenIngress[] = [];
  for (const cidrKey of ['CidrIp', 'CidrIpv6'] as const) {
    const vals = resolveScalar(get(rule, cidrKey), { template: t }).filter((v) => v.known && isOpenCidr(v.value));
    if (!vals.length) continue;
    const ranges = rangesOf(t, rule).map((r) => ({ r, c: classify(r) }));
    // Worst alternative of the protocol/ports; one finding per open range.
    ranges.sort((a, b) => RANK[b.c.severity] - RANK[a.c.severity]);
    const worst = ranges[0];
    for (const v of dedupe(vals)) {
      out.push({
        resource,
        groupId,
        rule,
        node: v.node,
        cidr: v.value.trim(),
        cidrKey,
        parameter: parameterOf(v),
        ports: worst.r,
        ...worst.c,
      });
    }
  }
  return out;
}

function dedupe(vals: Value[]): Value[] {
  const seen = new Set<Node>();
  return vals.filter((v) => (seen.has(v.node) ? false : (seen.add(v.node), true)));
}

function parameterOf(v: Value): string | undefined {
  if (!v.origin || intrinsicName(v.node) !== 'Ref' || !isObject(v.node)) return undefined;
  const a = v.node.entries[0].value;
  return a.kind === 'string' ? a.value : undefined;
}

const cache = new WeakMap<TemplateModel, OpenIngress[]>();

/** Every ingress rule of the template open to the internet (security groups and standalone ingress resources). */
export function allOpenIngress(t: TemplateModel): OpenIngress[] {
  const hit = cache.get(t);
  if (hit) return hit;
  const out: OpenIngress[] = [];
  for (const r of t.resourcesOfType('AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress')) {
    if (r.type === 'AWS::EC2::SecurityGroup') {
      for (const rule of objectsIn(get(r.properties, 'SecurityGroupIngress'))) out.push(...openOfRule(t, r, rule, r.id));
    } else if (r.properties) {
      const target = t
        .referencedIds(get(r.properties, 'GroupId') ?? get(r.properties, 'GroupName'))
        .find((x) => t.resource(x.id)?.type === 'AWS::EC2::SecurityGroup');
      out.push(...openOfRule(t, r, r.properties, target?.id));
    }
  }
  cache.set(t, out);
  return out;
}

/**
 * The open ingress rules of one security group: its own `SecurityGroupIngress` and standalone
 * `AWS::EC2::SecurityGroupIngress` resources whose `GroupId`/`GroupName` points at it. Shared
 * with the attack-path rule.
 */
export function openIngressOf(t: TemplateModel, sgId: string): OpenIngress[] {
  return allOpenIngress(t).filter((o) => o.groupId === sgId);
}

const PARAM = { CidrIp: { name: 'AllowedIngressCidr', default: '10.0.0.0/8' }, CidrIpv6: { name: 'AllowedIngressCidrIpv6', default: 'fd00::/8' } };

/**
 * Replace the literal range with `!Ref AllowedIngressCidr` and declare that parameter (default: a
 * private range, so the stack still deploys and nothing faces the internet until the user sets
 * the range that needs access). Reuses the parameter when it exists and is not itself open.
 */
function parameterFix(doc: ParsedDocument, t: TemplateModel, o: OpenIngress): Fix | undefined {
  if (o.node.kind !== 'string' || o.parameter) return undefined;
  const { name, default: def } = PARAM[o.cidrKey];
  const existing = t.parameters.get(name);
  if (existing && resolveScalar(existing.default, {}).some((v) => !v.known || isOpenCidr(v.value))) return undefined;
  const edits: TextEdit[] = [
    { start: o.node.start, end: o.node.end, newText: doc.format === 'json' ? `{"Ref": ${JSON.stringify(name)}}` : `!Ref ${name}` },
  ];
  if (!existing) {
    if (getEntry(get(t.root, 'Parameters'), name)) return undefined;
    const spec: JsValue = {
      Description: `Source range allowed in place of ${o.cidr} (set it to the VPN, office or load balancer range that needs access)`,
      Type: 'String',
      Default: def,
    };
    const add = addParameter(doc, t, name, spec);
    if (!add.length) return undefined;
    edits.push(...add);
  }
  return {
    title: existing ? `Use parameter ${name} instead of ${o.cidr}` : `Replace ${o.cidr} with a new parameter ${name} (default ${def})`,
    kind: 'choice',
    isPreferred: true,
    edits,
  };
}

function addParameter(doc: ParsedDocument, t: TemplateModel, name: string, spec: JsValue): TextEdit[] {
  const params = getEntry(t.root, 'Parameters');
  if (params) return isObject(params.value) && !intrinsicName(params.value) ? insertEntry(doc, params.value, name, spec) : [];
  if (doc.format === 'json' || t.root.flow) return insertEntry(doc, t.root, 'Parameters', { [name]: spec });
  // Block YAML: a new top-level section just before Resources, at the same indentation.
  const res = getEntry(t.root, 'Resources');
  if (!res) return insertEntry(doc, t.root, 'Parameters', { [name]: spec });
  const text = doc.text;
  const at = lineStart(text, res.start);
  const indent = res.start - at;
  const eol = detectEol(text);
  const block = yamlBlockEntry('Parameters', { [name]: spec }, indent, detectYamlIndentUnit(doc), eol);
  const prevBlank = at >= 2 && /\n\s*\n$/.test(text.slice(Math.max(0, at - 4), at));
  return [{ start: at, end: at, newText: block + eol + (prevBlank ? eol : '') }];
}

export const openIngress: Rule = {
  meta: {
    id: 'ec2/open-ingress',
    title: 'Security group ingress open to the internet',
    severity: 'error',
    securitySeverity: 'high',
    scope: ['template'],
    fixable: 'choice',
    tags: ['ec2', 'network', 'capital-one'],
    docs: {
      rationale:
        'A security group rule with source `0.0.0.0/0`, `::/0` or any range wider than /8 (prefix shorter than 8, not private space) lets the whole internet reach the port: SSH, RDP and WinRM are brute-forced within minutes of exposure, and databases, caches and search engines (MySQL, PostgreSQL, SQL Server, Oracle, Redis, Memcached, MongoDB, Elasticsearch, Kibana) are found by mass scanners and read or ransomed. Severity follows the exposure: admin and data ports, all ports (`IpProtocol: -1`) and ranges that include them are errors; other ports are warnings; HTTP/HTTPS (80, 443) and ICMP are information only — a public web tier is often intended. Ranges are read through `!If` branches and parameter defaults (a `!Ref AllowedCidr` whose default is `0.0.0.0/0` is open). Both `SecurityGroupIngress` in `AWS::EC2::SecurityGroup` and standalone `AWS::EC2::SecurityGroupIngress` resources are checked. This is the first link of the Capital One 2019 path (see `chain/imds-credential-exfiltration`).',
      fix: 'Offered as a choice, never applied automatically (who needs access is a decision): replaces the literal range with `!Ref AllowedIngressCidr` (`AllowedIngressCidrIpv6` for `CidrIpv6`) and declares that parameter, creating `Parameters` when absent, in the file\'s own style. Its default is the private range `10.0.0.0/8` (`fd00::/8` for IPv6), so the stack still deploys and the port no longer faces the internet; set it to the VPN, office or load balancer range that needs access. An existing parameter of that name is reused. Not offered when the range comes from a parameter default: change the default instead.',
      bad: {
        format: 'yaml',
        text: 'AdminSecurityGroup:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: admin\n    SecurityGroupIngress:\n      - IpProtocol: tcp\n        FromPort: 22\n        ToPort: 22\n        CidrIp: 0.0.0.0/0\n',
      },
      good: {
        format: 'yaml',
        text: 'AdminSecurityGroup:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: admin\n    SecurityGroupIngress:\n      - IpProtocol: tcp\n        FromPort: 22\n        ToPort: 22\n        CidrIp: !Ref AllowedIngressCidr\n',
      },
      references: [
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-securitygroup-ingress.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroupingress.html',
        'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
      ],
    },
  },
  check(ctx) {
    const t = ctx.template;
    if (!t) return;
    for (const o of allOpenIngress(t)) {
      const where =
        o.resource.type === 'AWS::EC2::SecurityGroup'
          ? `Security group '${o.resource.id}'`
          : `Ingress rule '${o.resource.id}'${o.groupId ? ` of security group '${o.groupId}'` : ''}`;
      const d = describeCidr(o.cidr);
      const src = o.parameter ? (d.endsWith(')') ? `${d.slice(0, -1)}; default of parameter '${o.parameter}')` : `${d} (default of parameter '${o.parameter}')`) : d;
      const why =
        o.ports.protocol === 'all'
          ? 'every port, admin and database ones included, faces the internet; allow only the sources and ports that need it.'
          : o.severity === 'error'
            ? 'admin and database ports must not face the internet; allow only a known range (VPN, bastion) or use Session Manager.'
            : o.severity === 'info'
              ? o.icmpOnly
                ? 'usually harmless (ping, path MTU); restrict it if the hosts should stay hidden.'
                : 'fine for a public web tier (often intended); otherwise restrict the source.'
              : 'restrict the source to the ranges that need it.';
      ctx.report({
        node: o.node,
        resourceId: o.resource.id,
        severity: o.severity,
        securitySeverity: o.severity === 'error' ? 'high' : o.severity === 'warning' ? 'medium' : 'low',
        message: `${where} allows ${o.label} from ${src}: ${why}`,
        fixes: () => {
          const fix = parameterFix(ctx.doc, t, o);
          return fix ? [fix] : [];
        },
      });
    }
  },
};
