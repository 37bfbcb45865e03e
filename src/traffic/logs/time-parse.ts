const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

function digits(text: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * A parser for nginx `$time_local` / Apache `%t` (`10/Oct/2000:13:55:36 -0700`). Consecutive lines
 * mostly share their second, so the last result is cached: one string compare instead of a parse.
 */
export function createLocalTimeParser(): (text: string) => number {
  let lastText = '';
  let lastValue = Number.NaN;
  return (text) => {
    if (text === lastText) return lastValue;
    lastText = text;
    lastValue = parseLocalTime(text);
    return lastValue;
  };
}

export function parseLocalTime(text: string): number {
  if (text.length < 26 || text.charCodeAt(2) !== 47 || text.charCodeAt(20) !== 32) return Number.NaN;
  const day = digits(text, 0, 2);
  const month = MONTHS[text.slice(3, 6)];
  const year = digits(text, 7, 4);
  const h = digits(text, 12, 2);
  const m = digits(text, 15, 2);
  const s = digits(text, 18, 2);
  const sign = text.charCodeAt(21) === 45 ? -1 : 1;
  const oh = digits(text, 22, 2);
  const om = digits(text, 24, 2);
  if (month === undefined) return Number.NaN;
  const utc = Date.UTC(year, month, day, h, m, s);
  return utc - sign * (oh * 60 + om) * 60_000;
}

/** ISO 8601 (`$time_iso8601`, ALB, Envoy, JSON logs), with the last value cached. */
export function createIsoTimeParser(): (text: string) => number {
  let lastText = '';
  let lastValue = Number.NaN;
  return (text) => {
    if (text === lastText) return lastValue;
    lastText = text;
    lastValue = text.length >= 10 && text.charCodeAt(4) === 45 ? Date.parse(text) : Number.NaN;
    return lastValue;
  };
}

/** Epoch seconds with a fraction (`$msec`: `1700000000.123`) as milliseconds. */
export function parseEpochSeconds(text: string): number {
  const v = Number(text);
  return Number.isFinite(v) && v > 0 ? Math.round(v * 1000) : Number.NaN;
}

/** A JSON time field: ISO string, epoch seconds or epoch milliseconds (told apart by magnitude). */
export function parseAnyTime(value: unknown): number {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string') return Number.NaN;
  if (/^\d+(\.\d+)?$/.test(value)) return parseAnyTime(Number(value));
  if (value.length >= 26 && value.charCodeAt(2) === 47) return parseLocalTime(value);
  return Date.parse(value);
}
