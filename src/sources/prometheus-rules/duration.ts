const PART = /(\d+(?:\.\d+)?)(ms|us|µs|ns|y|w|d|h|m|s)/y;
const UNIT_MS: Record<string, number> = {
  y: 365 * 86_400_000,
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000_001,
};

/**
 * A Prometheus or Go duration (`5m`, `1h30m`, `250ms`, `0`) in milliseconds; undefined when the
 * value is not one. A bare number other than 0 has no unit to trust, so it is not a duration.
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value === 0 ? 0 : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '0') return 0;
  if (text === '' || text.length > 64) return undefined;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN);
    pos = PART.lastIndex;
  }
  return Number.isFinite(total) ? Number(total.toPrecision(12)) : undefined;
}
