import { asList, asObj, asString } from '../shape.js';
import { emitFact, type TfEmit } from './emit.js';
import { normaliseHost } from './hostnames.js';
import type { TfResource } from './resources.js';

/** Records that carry traffic: their TTL decides how fast a cutover or failover takes effect. */
const ADDRESS_TYPES = new Set(['A', 'AAAA', 'CNAME', 'ALIAS']);
const ROUTE53_POLICIES: [string, string][] = [
  ['failover_routing_policy', 'failover'],
  ['weighted_routing_policy', 'weighted'],
  ['latency_routing_policy', 'latency'],
  ['geolocation_routing_policy', 'geolocation'],
  ['geoproximity_routing_policy', 'geoproximity'],
  ['cidr_routing_policy', 'cidr'],
];

interface Record_ {
  name: string;
  type: string;
  /** Seconds, or `auto` (Cloudflare's TTL 1 and proxied records). Undefined for aliases. */
  ttl?: number | 'auto';
  routing?: string;
  line: number;
}

/**
 * `infra/dns/<host>/ttl` for address records (A, AAAA, CNAME), `infra/dns/<host>/<type>-ttl` for
 * the others, and `infra/dns/<host>/routing-policy` where the provider has one. Several records of
 * one host (weighted, failover) give their lowest TTL.
 */
export function dnsFacts(out: TfEmit, resources: readonly TfResource[]): void {
  const ttls = new Map<string, Record_>();
  const routing = new Map<string, Record_>();
  for (const r of resources) {
    if (r.mode !== 'managed') continue;
    const record = readRecord(r);
    if (!record || record.name === '') continue;
    const host = normaliseHost(record.name, out.environment);
    const attribute = ADDRESS_TYPES.has(record.type) ? 'ttl' : `${record.type.toLowerCase()}-ttl`;
    if (record.ttl !== undefined) {
      const key = `${host}/${attribute}`;
      const previous = ttls.get(key);
      if (!previous || lower(record.ttl, previous.ttl)) ttls.set(key, record);
    }
    if (record.routing && ADDRESS_TYPES.has(record.type) && !routing.has(host)) routing.set(host, record);
  }
  for (const [key, record] of ttls) {
    const [host = '', attribute = ''] = key.split('/');
    emitFact(
      out,
      {
        dimension: 'infra',
        path: ['dns', host, attribute],
        value: record.ttl ?? null,
        ...(typeof record.ttl === 'number' ? { unit: 's' } : {}),
      },
      record.line,
    );
  }
  for (const [host, record] of routing) {
    emitFact(
      out,
      { dimension: 'infra', path: ['dns', host, 'routing-policy'], value: record.routing ?? null },
      record.line,
    );
  }
}

function lower(a: number | 'auto' | undefined, b: number | 'auto' | undefined): boolean {
  if (typeof a !== 'number') return false;
  return typeof b !== 'number' || a < b;
}

function readRecord(r: TfResource): Record_ | undefined {
  const v = r.values;
  const ttl = typeof v.ttl === 'number' && Number.isFinite(v.ttl) ? v.ttl : undefined;
  switch (r.type) {
    case 'aws_route53_record': {
      const type = asString(v.type);
      const name = asString(v.fqdn) || asString(v.name);
      if (!type || !name) return undefined;
      const routing = ROUTE53_POLICIES.find(([field]) => asList(v[field]).length > 0)?.[1] ?? 'simple';
      return { name, type, ...(ttl !== undefined ? { ttl } : {}), routing, line: r.line };
    }
    case 'google_dns_record_set': {
      const type = asString(v.type);
      const name = asString(v.name);
      if (!type || !name) return undefined;
      const policy = asObj(asList(v.routing_policy)[0]);
      const routing = !policy
        ? 'simple'
        : asList(policy.wrr).length > 0
          ? 'weighted'
          : asList(policy.geo).length > 0
            ? 'geolocation'
            : asList(policy.primary_backup).length > 0
              ? 'failover'
              : 'simple';
      return { name, type, ...(ttl !== undefined ? { ttl } : {}), routing, line: r.line };
    }
    case 'cloudflare_record':
    case 'cloudflare_dns_record': {
      const type = asString(v.type);
      const name = asString(v.hostname) || asString(v.name);
      if (!type || !name) return undefined;
      // TTL 1 is Cloudflare's "automatic"; proxied records ignore the TTL altogether.
      const auto = v.proxied === true || ttl === 1;
      return {
        name,
        type,
        ...(auto ? { ttl: 'auto' as const } : ttl !== undefined ? { ttl } : {}),
        line: r.line,
      };
    }
    default: {
      const m = /^azurerm_dns_([a-z]+)_record$/.exec(r.type);
      const name = asString(v.fqdn);
      if (!m || !name) return undefined;
      return { name, type: (m[1] ?? '').toUpperCase(), ...(ttl !== undefined ? { ttl } : {}), line: r.line };
    }
  }
}
