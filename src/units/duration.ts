/**
 * Durations, read the same way by every source and rule. The unit comes from the value (`5s`,
 * `1m30s`, `PT5S`, `00:04:12`), else from the name (`TIMEOUT_MS`, `timeoutSeconds`,
 * `request.timeout.ms`), else from a default the format documents; otherwise it is unknown.
 * A unit is never guessed from the size of a number: `1500` is not milliseconds because it is big.
 */

export type DurationUnit = 'ns' | 'us' | 'ms' | 's' | 'min' | 'h' | 'd' | 'w' | 'y';

const MS_PER: Record<DurationUnit, number> = {
  ns: 0.000_001,
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/** How a unit is spelt after a number or at the end of a name (lower case). */
const SPELLINGS: Record<string, DurationUnit> = {};
for (const [unit, words] of Object.entries({
  ns: ['ns', 'nsec', 'nsecs', 'nanos', 'nanosecond', 'nanoseconds'],
  us: ['us', 'µs', 'usec', 'usecs', 'micros', 'microsecond', 'microseconds'],
  ms: ['ms', 'msec', 'msecs', 'milli', 'millis', 'millisecond', 'milliseconds'],
  s: ['s', 'sec', 'secs', 'second', 'seconds'],
  min: ['m', 'min', 'mins', 'minute', 'minutes'],
  h: ['h', 'hr', 'hrs', 'hour', 'hours'],
  d: ['d', 'day', 'days'],
  w: ['w', 'week', 'weeks'],
  y: ['y'],
} satisfies Record<DurationUnit, string[]>)) {
  for (const word of words) SPELLINGS[word] = unit as DurationUnit;
}

/** What reading a value found: milliseconds and where the unit came from, or a number of unknown unit. */
export type DurationReading =
  | { known: true; ms: number; from: 'value' | 'name' | 'default' }
  | { known: false; number: number };

/**
 * Reads a duration: units from the value, then from the name, then `fallback` (a format's own
 * default, such as seconds for a deploy log's `duration`); else the number with its unit unknown.
 * Undefined when the value is not a duration at all (text, a negative number).
 * @example readDuration('1500', 'PAYMENT_TIMEOUT') // { known: false, number: 1500 }
 */
export function readDuration(
  value: unknown,
  name = '',
  fallback?: DurationUnit,
): DurationReading | undefined {
  const number = bareNumber(value);
  if (number === undefined) {
    const ms = parseDurationMs(value);
    return ms === undefined ? undefined : { known: true, ms, from: 'value' };
  }
  if (number === 0) return { known: true, ms: 0, from: 'value' };
  const unit = durationUnitOfName(name);
  if (unit) return { known: true, ms: toMs(number, unit), from: 'name' };
  if (fallback) return { known: true, ms: toMs(number, fallback), from: 'default' };
  return { known: false, number };
}

/**
 * A duration that carries its unit (`5s`, `500ms`, `1m30s`, `1h 30m`, `2 minutes`, `PT4M12S`,
 * `P1DT2H`, `00:04:12`) in milliseconds; `0` is 0. Undefined for anything else, bare numbers
 * included: they have no unit to trust.
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value === 0 ? 0 : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '0') return 0;
  if (text === '' || text.length > 64) return undefined;
  const ms = /^P/i.test(text) ? iso8601(text) : /^\d+:\d/.test(text) ? clock(text) : compound(text);
  return ms !== undefined && Number.isFinite(ms) ? Number(ms.toPrecision(12)) : undefined;
}

/**
 * The unit a name spells at its end, in any casing: `TIMEOUT_MS`, `timeoutMs`, `request.timeout.ms`,
 * `visibility_timeout_seconds`, `TIMEOUTMILLIS`, `timeout-in-seconds`. Undefined when it spells none.
 */
export function durationUnitOfName(name: string): DurationUnit | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9µ]+/)
    .filter((w) => w !== '');
  const last = words.at(-1)?.toLowerCase();
  if (last === undefined) return undefined;
  // A single letter is a unit only after a separator (`TTL_S`, `TIMEOUT_M`), never a name of its own.
  const whole = SPELLINGS[last];
  if (whole) return words.length > 1 || last.length > 1 ? whole : undefined;
  // Words glued on without a separator (`TIMEOUTMILLIS`, `timeoutseconds`): long spellings only.
  for (const [word, unit] of Object.entries(SPELLINGS)) {
    if (word.length >= 5 && last.endsWith(word) && !/(nano|micro|milli)$/.test(last.slice(0, -word.length)))
      return unit;
  }
  return undefined;
}

/** A unit as spelt after a number or in a column of its own (`ms`, `min`, `seconds`), any casing. */
export function durationUnitOf(spelling: string): DurationUnit | undefined {
  return SPELLINGS[spelling.trim().toLowerCase()];
}

export function toMs(number: number, unit: DurationUnit): number {
  return Number((number * MS_PER[unit]).toPrecision(12));
}

/** A duration for people: `250 ms`, `1.5 s`, `2 min`. */
export function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
  return `${ms} ms`;
}

function bareNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

const PART = /\s*(\d+(?:\.\d+)?)\s*([a-zµ]+)/y;

/** Go and Prometheus durations (`1h30m`, `250ms`) and spelt ones (`1 hour 30 minutes`). */
function compound(text: string): number | undefined {
  const lower = text.toLowerCase();
  let total = 0;
  let pos = 0;
  while (pos < lower.length) {
    PART.lastIndex = pos;
    const m = PART.exec(lower);
    const unit = m ? SPELLINGS[m[2]!] : undefined;
    if (!m || !unit) return undefined;
    total += Number(m[1]) * MS_PER[unit];
    pos = PART.lastIndex;
  }
  return total;
}

const ISO =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** ISO 8601 durations without years or months, whose length depends on the calendar. */
function iso8601(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m || /T$/i.test(text) || m.slice(1).every((p) => p === undefined)) return undefined;
  const [w = 0, d = 0, h = 0, min = 0, s = 0] = m.slice(1).map((p) => Number(p ?? 0));
  return w * MS_PER.w + d * MS_PER.d + h * MS_PER.h + min * MS_PER.min + s * MS_PER.s;
}

/** `00:04:12` and `00:00:30.5` (hours, minutes, seconds), as .NET's TimeSpan and many logs write them. */
function clock(text: string): number | undefined {
  const m = /^(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)$/.exec(text);
  if (!m) return undefined;
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000;
}
