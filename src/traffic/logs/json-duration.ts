import { type DurationUnit, durationUnitOfName, parseDurationMs, toMs } from '../../units/duration.js';
import type { LogRecord } from './record.js';

/**
 * The units log formats document for their request-time fields, for bare numbers only. A name
 * outside this list and without a unit of its own (`latency`, `elapsed`) has no known unit.
 */
const DOCUMENTED: Record<string, DurationUnit> = {
  // nginx: $request_time and $upstream_response_time are seconds with millisecond resolution.
  request_time: 's',
  upstream_response_time: 's',
  // pino-http: responseTime is milliseconds.
  responseTime: 'ms',
  // Traefik's JSON access log: Duration is a Go time.Duration, nanoseconds.
  Duration: 'ns',
  // Envoy's %DURATION% is milliseconds (Istio's JSON access log names it `duration`).
  duration: 'ms',
};

/** Caddy's access log (`"logger":"http.log.access..."`) writes `duration` in seconds. */
function isCaddy(line: Record<string, unknown>): boolean {
  const logger = line.logger;
  return typeof logger === 'string' && logger.startsWith('http.log.access');
}

/**
 * How the bare numbers of one duration field are read, decided once per field: milliseconds per
 * unit, or NaN when the unit is unknown. The unit comes from `configured` (`--duration-unit`,
 * `fields.durationUnit`), else the field's name (`duration_ms`, `latencyMicros`), else the format
 * that documents the name; never from the size of a number. `line` is the first line the field
 * was seen on, which tells Caddy's `duration` (seconds) from Envoy's (milliseconds).
 */
export function fieldFactor(name: string, line: Record<string, unknown>, configured?: DurationUnit): number {
  if (configured) return toMs(1, configured);
  const own = durationUnitOfName(name);
  if (own) return toMs(1, own);
  if (name === 'duration' && isCaddy(line)) return toMs(1, 's');
  const documented = Object.hasOwn(DOCUMENTED, name) ? DOCUMENTED[name] : undefined;
  return documented ? toMs(1, documented) : Number.NaN;
}

const BARE = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * Reads one value of the duration field `name` into `out`: a bare number with the field's
 * `factor`, a value that carries its unit (`"250ms"`, `"1.2s"`, `"PT0.5S"`) by that unit. When the
 * field's unit is unknown the number is kept as logged in `durationUnknown`, never as milliseconds.
 */
export function readDurationValue(value: unknown, factor: number, name: string, out: LogRecord): void {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && BARE.test(value)) n = Number(value);
  else {
    const ms = parseDurationMs(value);
    if (ms !== undefined && ms >= 0) out.durationMs = ms;
    return;
  }
  if (!Number.isFinite(n) || n < 0) return;
  if (!Number.isNaN(factor)) out.durationMs = n * factor;
  else {
    out.durationUnknown = n;
    out.durationField = name;
  }
}
