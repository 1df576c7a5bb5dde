/**
 * CIDR arithmetic for security group sources, IPv4 and IPv6, with BigInt so that `/0` … `/128`
 * are exact. "Open" means what `ec2/open-ingress` and the attack-path rule treat as the
 * internet: a range wider than /8 (prefix length < 8) that is not entirely private space.
 */

export interface Cidr {
  family: 4 | 6;
  /** Network address (host bits cleared). */
  network: bigint;
  prefix: number;
  /** Address bits: 32 or 128. */
  bits: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const s = text.trim();
  const slash = s.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const addr = s.slice(0, slash);
  const p = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  if (addr.includes(':')) {
    const a = parseIpv6(addr);
    if (a === undefined || prefix > 128) return undefined;
    return { family: 6, network: a & mask(prefix, 128), prefix, bits: 128 };
  }
  const a = parseIpv4(addr);
  if (a === undefined || prefix > 32) return undefined;
  return { family: 4, network: a & mask(prefix, 32), prefix, bits: 32 };
}

function mask(prefix: number, bits: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return prefix === 0 ? 0n : all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export function parseIpv4(s: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    v = (v << 8n) | BigInt(o);
  }
  return v;
}

export function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let groups: string[];
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    const head = s.slice(0, dbl) ? s.slice(0, dbl).split(':') : [];
    const tail = s.slice(dbl + 2) ? s.slice(dbl + 2).split(':') : [];
    const tailLen = tail.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
    const missing = 8 - head.length - tailLen;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  } else {
    groups = s.split(':');
  }
  let v = 0n;
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g.includes('.')) {
      // Embedded IPv4 (::ffff:1.2.3.4) — only as the last group.
      const v4 = i === groups.length - 1 ? parseIpv4(g) : undefined;
      if (v4 === undefined) return undefined;
      v = (v << 32n) | v4;
      count += 2;
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
    count++;
  }
  return count === 8 ? v : undefined;
}

/** Whether range `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && inner.prefix >= outer.prefix && (inner.network & mask(outer.prefix, outer.bits)) === outer.network;
}

/** Non-internet space: RFC 1918, carrier-grade NAT, loopback, link-local; IPv6 unique-local, link-local, loopback. */
const PRIVATE = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((c) => parseCidr(c)!);

export function isPrivate(c: Cidr): boolean {
  return PRIVATE.some((p) => contains(p, c));
}

/** Prefix lengths shorter than this are "wider than /8". */
export const OPEN_PREFIX = 8;

/** A source range that counts as the internet: wider than /8 and not entirely private. */
export function isOpenCidr(text: string): boolean {
  const c = parseCidr(text);
  return !!c && c.prefix < OPEN_PREFIX && !isPrivate(c);
}

/** How a wide range reads in a message: "0.0.0.0/0 (the whole internet)". */
export function describeCidr(text: string): string {
  const c = parseCidr(text);
  const t = text.trim();
  if (!c) return t;
  const addr = t.slice(0, t.lastIndexOf('/'));
  const raw = c.family === 6 ? parseIpv6(addr) : parseIpv4(addr);
  // `192.168.1.0/0` is a classic slip: the prefix, not the address, decides the range.
  const slip = raw !== c.network ? `; the /${c.prefix} prefix ignores the address` : '';
  if (c.prefix === 0) return `${t} (the whole ${c.family === 6 ? 'IPv6 ' : ''}internet${slip})`;
  const share = c.prefix === 1 ? 'half' : `1/${2 ** c.prefix}`;
  return `${t} (${share} of the ${c.family === 6 ? 'IPv6' : 'IPv4'} address space${slip})`;
}
