import { table } from '../../lookup.js';

/**
 * A small evaluator for 5-field cron schedules (minute hour day-of-month month day-of-week) as
 * Kubernetes CronJobs and GitHub `schedule:` write them: `*`, `*\/n`, ranges, lists, names,
 * `@daily`-style macros, and a time zone (`CRON_TZ=`/`TZ=` prefix or the kubernetes source's
 * ` tz=` suffix). Day-of-month and day-of-week combine as in Vixie cron: either matches when both
 * are restricted. What it cannot read (seconds fields, `L`, `W`, `#`, `H`) yields undefined.
 */

export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  /** Both day fields restricted: a day matches when either matches. */
  eitherDay: boolean;
  timeZone?: string;
}

const MACROS = table<string>({
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
});
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseCron(expression: string): CronSchedule | undefined {
  let text = expression.trim();
  let timeZone: string | undefined;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (prefix) {
    timeZone = prefix[1];
    text = text.slice(prefix[0].length);
  }
  const suffix = /\s+tz=(\S+)$/.exec(text);
  if (suffix) {
    timeZone = suffix[1];
    text = text.slice(0, suffix.index);
  }
  if (timeZone !== undefined && !validZone(timeZone)) return undefined;
  const fields = (MACROS[text.toLowerCase()] ?? text).split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [m = '', h = '', dom = '', mon = '', dow = ''] = fields;
  const minutes = field(m, 0, 59);
  const hours = field(h, 0, 23);
  const days = field(dom, 1, 31);
  const months = field(mon, 1, 12, MONTHS, 1);
  const weekdays = field(dow, 0, 7, WEEKDAYS, 0);
  if (!minutes || !hours || !days || !months || !weekdays) return undefined;
  if (weekdays.has(7)) weekdays.add(0);
  const schedule: CronSchedule = {
    minutes,
    hours,
    days,
    months,
    weekdays,
    eitherDay: !/^[*?]/.test(dom) && !/^[*?]/.test(dow),
  };
  if (timeZone) schedule.timeZone = timeZone;
  return schedule;
}

function field(
  text: string,
  min: number,
  max: number,
  names?: readonly string[],
  nameBase = 0,
): Set<number> | undefined {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|\?|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(item);
    if (!m) return undefined;
    const star = m[1] === '*' || m[1] === '?';
    const from = star ? min : value(m[1]!, names, nameBase);
    const to = star
      ? max
      : m[2] !== undefined
        ? value(m[2], names, nameBase)
        : m[3] !== undefined
          ? max
          : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (from === undefined || to === undefined || from < min || to > max || from > to || step < 1)
      return undefined;
    if (star && m[2] !== undefined) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function value(text: string, names: readonly string[] | undefined, base: number): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = names?.indexOf(text.toUpperCase()) ?? -1;
  return i === -1 ? undefined : i + base;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Windows are deploys (at most a day); a longer span is cut rather than walked minute by minute. */
const MAX_SPAN = 8 * 24 * HOUR;

/** Does the schedule fire at any minute in [from, to] (epoch milliseconds)? */
export function firesWithin(schedule: CronSchedule, from: number, to: number): boolean {
  const end = Math.min(to, from + MAX_SPAN);
  let t = Math.ceil(from / MINUTE) * MINUTE;
  while (t <= end) {
    const offset = offsetAt(schedule.timeZone, t);
    const wall = new Date(t + offset);
    const dayOk =
      schedule.months.has(wall.getUTCMonth() + 1) &&
      dayMatches(schedule, wall.getUTCDate(), wall.getUTCDay());
    if (!dayOk) {
      // Next wall-clock midnight (an hour at a time across DST changes keeps it safe).
      const toMidnight = (24 - wall.getUTCHours()) * HOUR - wall.getUTCMinutes() * MINUTE;
      t += Math.min(toMidnight, schedule.timeZone ? HOUR : toMidnight);
      continue;
    }
    if (!schedule.hours.has(wall.getUTCHours())) {
      t += HOUR - wall.getUTCMinutes() * MINUTE;
      continue;
    }
    if (schedule.minutes.has(wall.getUTCMinutes())) return true;
    t += MINUTE;
  }
  return false;
}

function dayMatches(s: CronSchedule, day: number, weekday: number): boolean {
  return s.eitherDay
    ? s.days.has(day) || s.weekdays.has(weekday)
    : s.days.has(day) && s.weekdays.has(weekday);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (0 for UTC). */
function offsetAt(zone: string | undefined, t: number): number {
  if (!zone) return 0;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return wall - Math.floor(t / MINUTE) * MINUTE;
}
