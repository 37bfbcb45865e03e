import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { UsageError } from '../../errors.js';

/**
 * Production is recognised by address, never by spelling: `localhost`, `LOCALHOST`, `[::1]`,
 * `[::ffff:127.0.0.1]`, `[0:0:0:0:0:0:0:1]`, `0.0.0.0` and this machine's own interface
 * addresses are all this host; a name is every one of its A/AAAA records.
 */

/** Every address of this machine collapses to this token: they all reach the same host. */
export const THIS_HOST = 'this-host';

/** Resolves a name to every address it has (`dns.lookup` with all: true, as connect does). */
export type Resolver = (name: string) => Promise<string[]>;

export const systemResolver: Resolver = async (name) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('ETIMEOUT')), 5000);
  });
  try {
    return (await Promise.race([lookup(name, { all: true, verbatim: true }), timeout])).map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
};

/** A host as compared: its lower-case name, its canonical addresses, and a port if it names one. */
export interface ResolvedHost {
  name: string;
  /** Canonical addresses (IPv4 dotted, IPv6 eight groups), THIS_HOST for any of this machine's. */
  addresses: Set<string>;
  /** The addresses to connect to, as resolved (pinned: the connection goes where the check looked). */
  connect: string[];
  port?: number;
  resolved: boolean;
}

/** IPv4 dotted or IPv6 as eight hex groups; an IPv4-mapped IPv6 address as its IPv4. Else null. */
export function canonicalIp(text: string): string | null {
  const ip = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = net.isIP(ip);
  if (kind === 4) return ip.split('.').map(Number).join('.');
  if (kind !== 6) return null;
  let head = ip;
  let v4: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) {
    v4 = dotted[1]!.split('.').map(Number);
    head = ip.slice(0, dotted.index + 1);
  }
  const want = 8 - (v4.length ? 2 : 0);
  const [left = '', right] = head.split('::');
  const parts = (s: string) => s.split(':').filter((p) => p !== '');
  const l = parts(left);
  const r = right === undefined ? [] : parts(right);
  const groups = [...l, ...Array(Math.max(0, want - l.length - r.length)).fill('0'), ...r].map((g) =>
    Number.parseInt(g, 16),
  );
  if (v4.length) groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  return groups.map((g) => g.toString(16)).join(':');
}

let local: Set<string> | undefined;
/** This machine's addresses: every interface's, loopback included. */
function localAddresses(): Set<string> {
  if (!local) {
    local = new Set<string>();
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) {
        const c = canonicalIp(a.address);
        if (c) local.add(c);
      }
  }
  return local;
}

/** THIS_HOST for loopback (127/8, ::1), the unspecified address (connects locally) and our own. */
function classify(canonical: string): string {
  if (/^127\./.test(canonical) || canonical === '0.0.0.0') return THIS_HOST;
  if (canonical === '0:0:0:0:0:0:0:1' || canonical === '0:0:0:0:0:0:0:0') return THIS_HOST;
  return localAddresses().has(canonical) ? THIS_HOST : canonical;
}

/** Parses `host`, `host:port`, `[v6]:port` or a URL, as WHATWG URL does (so `0x7f.1` is 127.0.0.1). */
export function parseHostEntry(entry: string): { name: string; port?: number } {
  const text = entry.trim();
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    return { name: u.hostname.toLowerCase(), ...(u.port ? { port: Number(u.port) } : {}) };
  } catch {
    return { name: text.toLowerCase() };
  }
}

/** A host's addresses: an IP literal as itself, `localhost` as this host, a name as all its records. */
export async function resolveHost(
  name: string,
  port: number | undefined,
  resolve: Resolver = systemResolver,
): Promise<ResolvedHost> {
  const literal = canonicalIp(name);
  const bare = name.replace(/^\[|\]$/g, '').toLowerCase();
  let connect: string[] = literal ? [bare] : [];
  let resolved = !!literal;
  if (!literal) {
    try {
      connect = await resolve(bare);
      resolved = connect.length > 0;
    } catch {
      resolved = false;
    }
  }
  const addresses = new Set(connect.map((a) => canonicalIp(a)).flatMap((c) => (c ? [classify(c)] : [])));
  // RFC 6761: localhost and *.localhost are this host, whatever a resolver says.
  if (unrooted(bare) === 'localhost' || unrooted(bare).endsWith('.localhost')) {
    addresses.add(THIS_HOST);
    if (!resolved) connect = ['127.0.0.1'];
    resolved = true;
  }
  return { name: bare, addresses, connect, resolved, ...(port !== undefined ? { port } : {}) };
}

/** A name without its root dot: `shop.example.` (fully qualified) is `shop.example` to DNS and to nginx. */
function unrooted(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** Whether a request host reaches a production entry: same name or a shared address; ports only when both name one. */
function reaches(host: ResolvedHost, entry: ResolvedHost): boolean {
  if (entry.port !== undefined && host.port !== undefined && entry.port !== host.port) return false;
  if (unrooted(host.name) === unrooted(entry.name)) return true;
  for (const a of host.addresses) if (entry.addresses.has(a)) return true;
  return false;
}

/** Header values that name the host a request is for: nginx and proxies route on them. */
function routedHosts(headers: Record<string, string>): { header: string; value: string }[] {
  const out: { header: string; value: string }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = name.toLowerCase();
    if (n === 'host' || n === ':authority' || n === 'x-forwarded-host' || n === 'x-original-host')
      for (const v of value.split(',')) out.push({ header: n, value: v.trim() });
    if (n === 'forwarded')
      for (const m of value.matchAll(/host="?([^";,\s]+)"?/gi)) out.push({ header: n, value: m[1]! });
  }
  return out.filter((h) => h.value !== '');
}

export interface SafeTarget {
  /** Addresses the replay may connect to: exactly those that were checked. */
  addresses: string[];
  /** Things that could only be compared by name (a header name that does not resolve here). */
  notes: string[];
}

/**
 * Refuses a replay whose target, or whose Host (or `:authority`, `X-Forwarded-Host`,
 * `Forwarded: host=`) header, reaches a production host by any spelling: names are resolved and
 * compared by address, all of this machine's addresses are one host, and ports are compared only
 * when both sides name one (a target always does: its scheme's default).
 */
export async function refuseProductionHosts(
  target: URL,
  headers: Record<string, string>,
  production: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<SafeTarget> {
  const entries = await Promise.all(
    production.map((p) => {
      const e = parseHostEntry(p);
      return resolveHost(e.name, e.port, resolve).then((r) => ({ entry: p, host: r }));
    }),
  );
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const host = await resolveHost(target.hostname.toLowerCase(), port, resolve);
  if (!host.resolved)
    throw new UsageError(
      `refusing to replay against ${target.host}: the name does not resolve here, so its addresses cannot be compared with the production hosts`,
    );
  const hit = entries.find((e) => reaches(host, e.host));
  if (hit)
    throw new UsageError(
      `refusing to replay against ${target.host}: it is marked as a production host (it reaches ${hit.entry}: ${describe(host)})`,
    );
  const notes: string[] = [];
  for (const h of routedHosts(headers)) {
    const parsed = parseHostEntry(h.value);
    const named = await resolveHost(parsed.name, parsed.port, resolve);
    const found = entries.find((e) => reaches(named, e.host));
    if (found)
      throw new UsageError(
        `refusing to replay with ${h.header}: ${h.value}: it names a production host (${found.entry}), and a server routes by it whatever address the request goes to`,
      );
    if (!named.resolved && !canonicalIp(parsed.name))
      notes.push(
        `${h.header}: ${h.value} does not resolve here: compared with the production hosts by name only`,
      );
  }
  return { addresses: host.connect, notes };
}

function describe(h: ResolvedHost): string {
  const list = [...h.addresses].map((a) => (a === THIS_HOST ? 'this machine' : a));
  return `${h.name} is ${list.join(', ')}`;
}
