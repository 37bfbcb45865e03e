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
import { logVariable, type VariableRead } from './variables.js';

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

/**
 * The hot reads (present on every line of the common formats) done in place; the others cut the
 * value out for their setter.
 */
const RANGE_READERS: Partial<Record<VariableRead, () => RangeSetter>> = {
  status: () => (l, s, e, o) => {
    o.status = countAt(l, s, e);
  },
  'bytes-sent': () => (l, s, e, o) => {
    // Apache logs '-' for an empty body.
    o.bytesSent = e - s === 1 && l.charCodeAt(s) === 45 ? 0 : countAt(l, s, e);
  },
  'request-length': () => (l, s, e, o) => {
    o.bytesReceived = countAt(l, s, e);
  },
  'time-local': () => {
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
  },
};

function rangeSetterFor(name: string): RangeSetter | undefined {
  const v = logVariable(name);
  const inPlace = v && RANGE_READERS[v.read];
  if (inPlace) return inPlace();
  const setter = setterFor(name);
  return setter ? (l, s, e, o) => setter(l.slice(s, e), o) : undefined;
}

/**
 * The string parser's setter of each way a variable is read (NGINX_VARIABLES' `read`): made once
 * per format, the factories keep per-format state (the last time read). The build fails when a
 * read of the list has no setter here, or this has one the list does not use.
 */
const STRING_READERS = {
  address: () => (v, o) => {
    if (o.client === '-') o.client = v;
  },
  forwarded: () => (v, o) => {
    const f = firstForwarded(v);
    if (f) o.client = f;
  },
  'time-local': () => {
    const parse = createLocalTimeParser();
    return (v, o) => {
      o.time = parse(v);
    };
  },
  'time-iso8601': () => {
    const parse = createIsoTimeParser();
    return (v, o) => {
      o.time = parse(v);
    };
  },
  msec: () => (v, o) => {
    o.time = parseEpochSeconds(v);
  },
  request: () => setRequestLine,
  method: () => (v, o) => {
    if (/^[A-Z]{1,20}$/.test(v)) o.method = v;
  },
  target: () => (v, o) => {
    if (v !== '-' && v !== '') setTarget(v, o);
  },
  status: () => (v, o) => {
    o.status = parseCount(v);
  },
  'bytes-sent': () => (v, o) => {
    // Apache logs '-' for an empty body.
    o.bytesSent = v === '-' ? 0 : parseCount(v);
  },
  'request-length': () => (v, o) => {
    o.bytesReceived = parseCount(v);
  },
  seconds: () => (v, o) => {
    o.durationMs = parseSecondsAsMs(v);
  },
  'upstream-seconds': () => (v, o) => {
    if (o.durationMs < 0) o.durationMs = parseSecondsAsMs(v);
  },
} as const satisfies { readonly [R in VariableRead]: () => Setter };

/** The setter of a variable Parity reads (NGINX_VARIABLES); undefined for every other variable. */
export function setterFor(name: string): Setter | undefined {
  const v = logVariable(name);
  return v ? STRING_READERS[v.read]() : undefined;
}

/**
 * Variables Parity does not read whose values never hold a space (the listed ones say it in
 * NGINX_VARIABLES' `token`): a space in one means the line is another format.
 */
const OTHER_TOKEN_VARIABLES = new Set([
  'remote_user',
  'remote_ident',
  'server_port',
  'connection',
  'connection_requests',
  'pipe',
]);

function isToken(name: string): boolean {
  return logVariable(name)?.token ?? OTHER_TOKEN_VARIABLES.has(name);
}

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
    steps.push({ literal, variable: name, setter: rangeSetterFor(name), token: isToken(name) });
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
 * What a log_format with these variables lacks for a profile, from the list: a request ($request,
 * or a method and a path from their own variables such as $request_uri) and a status. Empty when
 * it has both; each entry says what was expected.
 */
export function missingVariables(names: Iterable<string>): string[] {
  const read = [...names].flatMap((name) => {
    const v = logVariable(name);
    return v ? [v] : [];
  });
  const fills = (field: string, request: boolean) =>
    read.some((v) => v.fills === field && (v.read === 'request') === request);
  const missing: string[] = [];
  if (!fills('path', true) && !(fills('method', false) && fills('path', false)))
    missing.push('expected $request, or $request_method with $request_uri');
  if (!fills('status', false)) missing.push('expected $status');
  return missing;
}

/**
 * Compiles an nginx `log_format` string into a line parser: literals are matched in place and each
 * variable runs to the next literal, so a line costs a few `indexOf` calls and no regex.
 */
export function compileNginxFormat(format: string): LineParser {
  // trimEnd, not /\s+$/: that pattern is quadratic on a long run of spaces inside the format.
  const steps = compileSteps(format.trimEnd());
  const missing = missingVariables(steps.flatMap((s) => (s.variable === undefined ? [] : [s.variable])));
  if (missing.length > 0) throw new LogFormatError(`log_format: ${missing[0]}`);
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
