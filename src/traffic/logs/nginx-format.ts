import {
  firstForwarded,
  type LineParser,
  type LogRecord,
  parseCount,
  parseSecondsAsMs,
  resetRecord,
  setRequestLine,
  setTarget,
} from './record.js';
import { createIsoTimeParser, createLocalTimeParser, parseEpochSeconds } from './time-parse.js';

/** nginx's predefined `combined` format, as nginx.conf spells it. */
export const NGINX_COMBINED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/** Apache's `common` and `combined`, spelled as the equivalent nginx format. */
export const APACHE_COMMON =
  '$remote_addr $remote_ident $remote_user [$time_local] "$request" $status $body_bytes_sent';
export const APACHE_COMBINED = `${APACHE_COMMON} "$http_referer" "$http_user_agent"`;

type Setter = (value: string, out: LogRecord) => void;
/** Reads a variable from `line[start, end)` without cutting it out: no allocation per field. */
type RangeSetter = (line: string, start: number, end: number, out: LogRecord) => void;

/** A whole number in `line[start, end)`; -1 for '-' or anything else. */
function countAt(line: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The hot variables (present on every line of the common formats) read in place. */
function rangeSetterFor(name: string): RangeSetter | undefined {
  switch (name) {
    case 'status':
      return (l, s, e, o) => {
        o.status = countAt(l, s, e);
      };
    case 'body_bytes_sent':
    case 'bytes_sent':
      return (l, s, e, o) => {
        // Apache logs '-' for an empty body.
        o.bytesSent = e - s === 1 && l.charCodeAt(s) === 45 ? 0 : countAt(l, s, e);
      };
    case 'request_length':
      return (l, s, e, o) => {
        o.bytesReceived = countAt(l, s, e);
      };
    case 'time_local': {
      // Consecutive lines share their second: compare in place against the last text first.
      let lastText = '';
      let lastValue = Number.NaN;
      const parse = createLocalTimeParser();
      return (l, s, e, o) => {
        if (e - s !== lastText.length || !l.startsWith(lastText, s)) {
          lastText = l.slice(s, e);
          lastValue = parse(lastText);
        }
        o.time = lastValue;
      };
    }
    default: {
      const setter = setterFor(name);
      return setter ? (l, s, e, o) => setter(l.slice(s, e), o) : undefined;
    }
  }
}

/** The variables Parity reads; every other variable is matched and ignored. */
export function setterFor(name: string): Setter | undefined {
  switch (name) {
    case 'remote_addr':
    case 'realip_remote_addr':
      return (v, o) => {
        if (o.client === '-') o.client = v;
      };
    case 'http_x_forwarded_for':
    case 'proxy_add_x_forwarded_for':
      return (v, o) => {
        const f = firstForwarded(v);
        if (f) o.client = f;
      };
    case 'time_local': {
      const parse = createLocalTimeParser();
      return (v, o) => {
        o.time = parse(v);
      };
    }
    case 'time_iso8601': {
      const parse = createIsoTimeParser();
      return (v, o) => {
        o.time = parse(v);
      };
    }
    case 'msec':
      return (v, o) => {
        o.time = parseEpochSeconds(v);
      };
    case 'request':
      return setRequestLine;
    case 'request_method':
      return (v, o) => {
        if (/^[A-Z]{1,20}$/.test(v)) o.method = v;
      };
    case 'request_uri':
    case 'uri':
      return (v, o) => {
        if (v !== '-' && v !== '') setTarget(v, o);
      };
    case 'status':
      return (v, o) => {
        o.status = parseCount(v);
      };
    case 'body_bytes_sent':
    case 'bytes_sent':
      return (v, o) => {
        // Apache logs '-' for an empty body.
        o.bytesSent = v === '-' ? 0 : parseCount(v);
      };
    case 'request_length':
      return (v, o) => {
        o.bytesReceived = parseCount(v);
      };
    case 'request_time':
      return (v, o) => {
        o.durationMs = parseSecondsAsMs(v);
      };
    case 'upstream_response_time':
      return (v, o) => {
        if (o.durationMs < 0) o.durationMs = parseSecondsAsMs(v);
      };
    default:
      return undefined;
  }
}

/** Variables whose values never contain a space: a space in one means the line is another format. */
const TOKEN_VARIABLES = new Set([
  'status',
  'body_bytes_sent',
  'bytes_sent',
  'request_length',
  'request_time',
  'msec',
  'remote_addr',
  'remote_user',
  'remote_ident',
  'realip_remote_addr',
  'time_iso8601',
  'request_method',
  'request_uri',
  'uri',
  'server_port',
  'connection',
  'connection_requests',
  'pipe',
]);

export interface Step {
  /** Literal text that must follow the previous variable (may be ''). */
  literal: string;
  /** The variable after the literal; undefined for the trailing literal. */
  variable?: string;
  setter?: RangeSetter | undefined;
  token?: boolean;
}

/** Why a log_format string cannot be used, with what was expected. */
export class LogFormatError extends Error {
  override name = 'LogFormatError';
}

/**
 * Longest log_format accepted. Real ones are a few hundred characters; every parser built from a
 * format (string, bytes, WebAssembly) is sized by it, so a runaway one is refused up front.
 */
export const MAX_LOG_FORMAT_CHARS = 16 * 1024;

/** Splits a log_format string into literal/variable steps; `$var` and `${var}` are both accepted. */
export function compileSteps(format: string): Step[] {
  if (format.length > MAX_LOG_FORMAT_CHARS) {
    throw new LogFormatError(
      `log_format is ${format.length} characters long; expected at most ${MAX_LOG_FORMAT_CHARS} (nginx formats are a few hundred)`,
    );
  }
  const steps: Step[] = [];
  const re = /\$(?:\{([a-zA-Z0-9_]+)\}|([a-zA-Z0-9_]+))/g;
  let last = 0;
  let literal = '';
  for (let m = re.exec(format); m; m = re.exec(format)) {
    literal += format.slice(last, m.index);
    const name = (m[1] ?? m[2] ?? '').toLowerCase();
    if (steps.length > 0 && literal === '') {
      throw new LogFormatError(
        `log_format: $${name} directly follows another variable; expected a separator between them`,
      );
    }
    steps.push({ literal, variable: name, setter: rangeSetterFor(name), token: TOKEN_VARIABLES.has(name) });
    literal = '';
    last = m.index + m[0].length;
  }
  steps.push({ literal: literal + format.slice(last) });
  if (steps.length === 1)
    throw new LogFormatError(
      'log_format: no $variable found; expected e.g. "$remote_addr [$time_local] \\"$request\\" $status"',
    );
  return steps;
}

/**
 * The steps of a log_format for the parsers over bytes, or undefined when it is unusable or a
 * separator is not ASCII (only the string parser reads those).
 */
export function asciiSteps(format: string): Step[] | undefined {
  let steps: Step[];
  try {
    steps = compileSteps(format.trimEnd());
  } catch (error) {
    if (error instanceof LogFormatError) return undefined;
    throw error;
  }
  return steps.some((s) => /[^\x00-\x7f]/.test(s.literal)) ? undefined : steps;
}

/**
 * Compiles an nginx `log_format` string into a line parser: literals are matched in place and each
 * variable runs to the next literal, so a line costs a few `indexOf` calls and no regex.
 */
export function compileNginxFormat(format: string): LineParser {
  // trimEnd, not /\s+$/: that pattern is quadratic on a long run of spaces inside the format.
  const steps = compileSteps(format.trimEnd());
  const names = new Set(steps.map((s) => s.variable));
  if (
    !names.has('request') &&
    !(names.has('request_method') && (names.has('request_uri') || names.has('uri')))
  ) {
    throw new LogFormatError('log_format: expected $request, or $request_method with $request_uri');
  }
  if (!names.has('status')) throw new LogFormatError('log_format: expected $status');
  const count = steps.length;
  return (line, out) => {
    resetRecord(out);
    let pos = 0;
    for (let i = 0; i < count; i++) {
      const step = steps[i]!;
      const lit = step.literal;
      if (lit.length > 0) {
        if (!line.startsWith(lit, pos)) return false;
        pos += lit.length;
      }
      if (step.variable === undefined) return pos === line.length || line.slice(pos).trim() === '';
      const next = steps[i + 1]!;
      let end: number;
      if (next.variable === undefined && next.literal === '') {
        end = line.length;
        if (step.token && line.indexOf(' ', pos) !== -1 && line.slice(pos).trimEnd().indexOf(' ') !== -1)
          return false;
      } else {
        end = line.indexOf(next.literal, pos);
        if (end === -1) return false;
      }
      if (step.setter) step.setter(line, pos, end, out);
      pos = end;
    }
    return true;
  };
}

/** True when the record has what a profile needs: a time and a status. */
export function isComplete(r: LogRecord): boolean {
  return !Number.isNaN(r.time) && r.status >= 100 && r.status <= 599;
}
