// Compose's own quantity formats, normalised to the units of docs/facts.md (cores, bytes, ms).
import { parseDurationMs } from '../../units/duration.js';

const MEMORY = /^(\d+(?:\.\d+)?|\.\d+)\s*(?:([kmgtp])(?:i?b)?|b)?$/i;
const POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/**
 * Bytes from a Compose byte value (`512m`, `1g`, `512M`, `1.5gb`, `512MiB`, `1073741824`). Docker
 * reads every unit as binary (1g = 1024^3), whatever the letter case or a trailing `b`.
 */
export function parseMemory(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = MEMORY.exec(value.trim());
  if (!m) return undefined;
  const power = m[2] ? (POWERS[m[2].toLowerCase()] ?? 0) : 0;
  return Math.round(Number(m[1]) * 1024 ** power);
}

/** Cores from `cpus: 0.5`, `cpus: '1.5'`. Compose has no millicore form, so `500m` is an error. */
export function parseCpus(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?|\.\d+)$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** A replica count: a whole number, possibly written as a string after interpolation. */
export function parseCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:us|µs|ms|s|m|h))+$/;

/**
 * A Go duration (`1m30s`, `500ms`) in the canonical short form (`90s`, `500ms`), so that two files
 * writing the same interval differently still compare equal. Anything else is kept as written.
 */
export function normaliseDuration(value: string): string {
  const text = value.trim();
  const ms = GO_DURATION.test(text) ? parseDurationMs(text) : undefined;
  if (ms === undefined) return text;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Number(ms.toPrecision(12))}ms`;
}

/** Ranges wider than this stay one `from-to/protocol` entry instead of one entry per port. */
const MAX_EXPANDED_RANGE = 256;
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/**
 * The container side of a port mapping, as `<port>/<protocol>` entries: the published (host) side
 * differs between environments by design, so only what the service listens on is compared.
 * Reads `80`, `"8080:80"`, `"127.0.0.1:8080:80/udp"`, `"[::1]:6001:6001"`, ranges, and the long form.
 */
export function containerPorts(item: unknown): string[] | undefined {
  if (typeof item === 'number') return portEntries(String(item), 'tcp');
  if (typeof item === 'string') {
    const slash = item.lastIndexOf('/');
    const protocol =
      slash === -1
        ? 'tcp'
        : item
            .slice(slash + 1)
            .trim()
            .toLowerCase();
    const spec = (slash === -1 ? item : item.slice(0, slash)).trim().replace(/^\[[^\]]*\]:/, '');
    const target = spec.slice(spec.lastIndexOf(':') + 1);
    return portEntries(target, protocol);
  }
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const long = item as Record<string, unknown>;
    const protocol =
      long.protocol === undefined
        ? 'tcp'
        : typeof long.protocol === 'string'
          ? long.protocol.toLowerCase()
          : '';
    const target =
      typeof long.target === 'number' || typeof long.target === 'string' ? String(long.target) : '';
    return portEntries(target, protocol);
  }
  return undefined;
}

function portEntries(target: string, protocol: string): string[] | undefined {
  if (!PROTOCOLS.has(protocol)) return undefined;
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(target.trim());
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535 || to < from) return undefined;
  if (to - from >= MAX_EXPANDED_RANGE) return [`${from}-${to}/${protocol}`];
  const out: string[] = [];
  for (let port = from; port <= to; port++) out.push(`${port}/${protocol}`);
  return out;
}
