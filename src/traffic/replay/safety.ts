import { UsageError } from '../../errors.js';
import { readDuration } from '../../units/duration.js';
import { parseHostEntry } from './production-hosts.js';

export interface TargetPolicy {
  /** Hosts (`staging.shop.example`, `127.0.0.1:8080`) or base URLs replay may send to. */
  allow: readonly string[];
  /** Hosts marked production: refused even when allowed. */
  production: readonly string[];
}

function hostOf(entry: string): string {
  try {
    return new URL(entry.includes('://') ? entry : `http://${entry}`).host.toLowerCase();
  } catch {
    return entry.toLowerCase();
  }
}

/**
 * Refuses a replay target unless it is on the allow-list and not a production host. Replaying
 * production traffic at production is how outages are made; the check is not optional.
 */
export function checkTarget(target: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`--target ${target}: expected a base URL such as http://staging.internal:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--target ${target}: expected an http:// or https:// URL`);
  }
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  // By name here; by address (every spelling of the same host) in refuseProductionHosts.
  const named = policy.production.map(parseHostEntry);
  if (named.some((p) => p.name === hostname && (p.port === undefined || p.port === port))) {
    throw new UsageError(`refusing to replay against ${host}: it is marked as a production host`);
  }
  const allowed = policy.allow.some((a) => {
    const h = hostOf(a);
    return h === host || (!h.includes(':') && h === hostname);
  });
  if (!allowed) {
    throw new UsageError(
      `refusing to replay against ${host}: not on the allow-list; pass --allow-target ${host} or list it under traffic.replay.allow in parity.yaml`,
    );
  }
  return url;
}

/** Parses `--rate`: `50%` (of the recorded rate) or `2000/s` (absolute). Returns the factor. */
export function rateFactor(rate: string | undefined, sourceMeanRps: number): number {
  if (rate === undefined) return 1;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(rate.trim());
  if (percent) return Number(percent[1]) / 100;
  const absolute = /^(\d+(?:\.\d+)?)\s*\/\s*s$/.exec(rate.trim());
  if (absolute) {
    if (sourceMeanRps <= 0) throw new UsageError('--rate N/s needs a workload with at least one request');
    return Number(absolute[1]) / sourceMeanRps;
  }
  throw new UsageError(`--rate ${rate}: expected a percentage (50%) or requests per second (2000/s)`);
}

/** Parses a duration flag: `60s`, `500ms`, `2m`, `1m30s`, or bare seconds (the flags' documented unit). */
export function parseDuration(text: string, flag: string): number {
  const read = readDuration(text, '', 's');
  if (!read?.known) throw new UsageError(`${flag} ${text}: expected a duration such as 60s, 500ms or 2m`);
  return read.ms;
}

/**
 * Parses `--header 'Name: value'`. `${VAR}` in a value is read from the environment, so a staging
 * token never has to appear on a command line (or in shell history).
 */
export function parseHeader(text: string, env: NodeJS.ProcessEnv = process.env): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`--header ${text.split(':')[0]}: expected "Name: value"`);
  const name = text.slice(0, colon).trim();
  const value = text
    .slice(colon + 1)
    .trim()
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, v: string) => {
      const found = env[v];
      if (found === undefined) throw new UsageError(`--header ${name}: environment variable ${v} is not set`);
      return found;
    });
  if (!/^[A-Za-z0-9-]+$/.test(name))
    throw new UsageError(`--header ${name}: expected a header name of letters, digits and dashes`);
  return [name.toLowerCase(), value];
}
