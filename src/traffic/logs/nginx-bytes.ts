import { createInternTable, internSlot, viewOf } from './byte-intern.js';
import { asciiSteps, setterFor } from './nginx-format.js';
import { type LogRecord, parseSecondsAsMs, resetRecord } from './record.js';
import { requestSetter } from './request-bytes.js';
import { parseLocalTime } from './time-parse.js';
import { type InPlaceRead, logVariable } from './variables.js';

/**
 * Parses the line `buf[start, end)` into `out`. True means `out` holds exactly what the string
 * parser would have produced for the decoded line; false means "not sure": the caller decodes the
 * line and runs the string parser, which has the final word (and the reason when it fails).
 */
export type ByteLineParser = (
  buf: Buffer,
  start: number,
  end: number,
  out: LogRecord,
  /** `buf` as latin1 (one char per byte), when the reader has it: separators are searched in it. */
  text?: string,
) => boolean;
export type ByteSetter = (buf: Buffer, s: number, e: number, out: LogRecord) => void;

// Field boundaries are ASCII literals. UTF-8 never uses bytes below 0x80 inside a multi-byte
// sequence and a decoder ends any invalid sequence at an ASCII byte, so an ASCII literal found in
// the bytes is the same occurrence the string parser finds, and a field's bytes decode to exactly
// the string parser's field. Fields the fast code does not read in place are decoded and handed
// to the string setter, so every value matches the string path.
export function decode(buf: Buffer, s: number, e: number): string {
  return buf.toString('utf8', s, e);
}

/** A whole number in `buf[s, e)`; -1 for '-' or anything else (as countAt on strings). */
function countBytes(buf: Buffer, s: number, e: number): number {
  if (e <= s || e - s > 15) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** `0.123` in place, same arithmetic as parseSecondsAsMs; anything else goes through it. */
function secondsAsMs(buf: Buffer, s: number, e: number): number {
  let whole = 0;
  let i = s;
  for (; i < e; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i > s && i < e && buf[i] === 46) {
    let frac = 0;
    let scale = 1;
    let j = i + 1;
    for (; j < e; j++) {
      const c = buf[j]! - 48;
      if (c < 0 || c > 9) break;
      frac = frac * 10 + c;
      scale *= 10;
    }
    if (j === e) return (whole + frac / scale) * 1000;
  } else if (i === e && i > s) return whole * 1000;
  return parseSecondsAsMs(decode(buf, s, e));
}

/** Whether `buf[s, s + n)` equals `last[0, n)`, four bytes a compare, the last ones (the seconds) first. */
function same(buf: Buffer, s: number, last: DataView, n: number): boolean {
  const v = viewOf(buf);
  let k = n - 4;
  for (; k >= 0; k -= 4) if (v.getInt32(s + k, true) !== last.getInt32(k, true)) return false;
  for (k += 3; k >= 0; k--) if (buf[s + k] !== last.getUint8(k)) return false;
  return true;
}

function timeLocalSetter(): ByteSetter {
  const last = Buffer.alloc(64);
  const lastView = new DataView(last.buffer, last.byteOffset, last.length);
  let lastLength = -1;
  let lastValue = Number.NaN;
  return (buf, s, e, out) => {
    const n = e - s;
    if (n !== lastLength || !same(buf, s, lastView, n)) {
      if (n > last.length) {
        out.time = parseLocalTime(decode(buf, s, e));
        return;
      }
      buf.copy(last, 0, s, e);
      lastLength = n;
      lastValue = parseLocalTime(decode(buf, s, e));
    }
    out.time = lastValue;
  };
}

/**
 * 8,192 slots: room for the clients of a busy window, small enough to stay in the CPU cache (a
 * table that outgrows it costs a cache miss per lookup; a cleared one only re-decodes).
 */
const CLIENT_BITS = 13;

/**
 * The byte parser's in-place setter of each read of the variables it reads in place (those with
 * `bytes: true` in NGINX_VARIABLES); the build fails when one lacks a setter here or this has one
 * none of them uses. The others are decoded and handed to the string parser's setter.
 */
const IN_PLACE_READERS = {
  address: () => {
    const clients = createInternTable(CLIENT_BITS);
    return (buf, s, e, out) => {
      if (out.client !== '-') return;
      const slot = internSlot(clients, buf, s, e);
      if (slot === -1) out.client = decode(buf, s, e);
      else {
        out.client = clients.keys[slot]!;
        out.clientSlot = slot;
      }
    };
  },
  'time-local': () => timeLocalSetter(),
  request: (withKey) => requestSetter(withKey, decode),
  status: () => (buf, s, e, out) => {
    out.status = countBytes(buf, s, e);
  },
  'bytes-sent': () => (buf, s, e, out) => {
    out.bytesSent = e - s === 1 && buf[s] === 45 ? 0 : countBytes(buf, s, e);
  },
  'request-length': () => (buf, s, e, out) => {
    out.bytesReceived = countBytes(buf, s, e);
  },
  seconds: () => (buf, s, e, out) => {
    out.durationMs = secondsAsMs(buf, s, e);
  },
} as const satisfies { readonly [R in InPlaceRead]: (withKey: boolean) => ByteSetter };

/** The in-place setter of a variable the list marks `bytes: true`; undefined for the others. */
export function inPlaceSetterFor(name: string, withKey: boolean): ByteSetter | undefined {
  const v = logVariable(name);
  return v?.bytes ? IN_PLACE_READERS[v.read](withKey) : undefined;
}

function byteSetterFor(name: string, withKey: boolean): ByteSetter | undefined {
  const inPlace = inPlaceSetterFor(name, withKey);
  if (inPlace) return inPlace;
  const setter = setterFor(name);
  return setter ? (buf, s, e, out) => setter(decode(buf, s, e), out) : undefined;
}

interface ByteStep {
  literal: Buffer;
  literalText: string;
  variable: string | undefined;
  setter: ByteSetter | undefined;
  token: boolean;
}

/** First `lit` in `buf[from, end)`, or -1. A JS loop: Buffer#indexOf costs more per call than it saves on ~50 bytes. */
function find(buf: Buffer, lit: Buffer, from: number, end: number): number {
  const first = lit[0]!;
  const n = lit.length;
  for (let i = from; i + n <= end; i++) {
    if (buf[i] !== first) continue;
    let k = 1;
    while (k < n && buf[i + k] === lit[k]) k++;
    if (k === n) return i;
  }
  return -1;
}

/**
 * Compiles an nginx `log_format` into a parser over bytes with the same semantics as
 * compileNginxFormat. Undefined when a literal is not ASCII (the string parser is used then).
 */
export function compileNginxBytes(format: string): ByteLineParser | undefined {
  const compiled = asciiSteps(format);
  if (!compiled) return undefined;
  // The endpoint key rides along only when $request alone sets method and path.
  const withKey = !compiled.some((s) => {
    const v = s.variable === undefined ? undefined : logVariable(s.variable);
    return v !== undefined && v.read !== 'request' && (v.fills === 'method' || v.fills === 'path');
  });
  const steps: ByteStep[] = compiled.map((s) => ({
    literal: Buffer.from(s.literal, 'latin1'),
    literalText: s.literal,
    variable: s.variable,
    setter: s.variable === undefined ? undefined : byteSetterFor(s.variable, withKey),
    token: s.token === true,
  }));
  try {
    return generateParser(steps);
  } catch (error) {
    // Code generation refused (node --disallow-code-generation-from-strings): the string parser
    // reads every line instead, slower and the same.
    if (error instanceof EvalError) return undefined;
    throw error;
  }
}

/**
 * The parser for one log_format as straight-line code, built once per format with `new Function`
 * (as ajv and fast-json-stringify build validators): each field's search has its literal as a
 * constant and each setter its own call site, which V8 inlines. A loop over the steps made one
 * call site for all setters, which V8 cannot inline, and reloaded each step per line. The source
 * holds only JSON-quoted literals and numbers: nothing from a log line reaches it.
 */
const UNROLL_BYTES = 16;

function generateParser(steps: ByteStep[]): ByteLineParser {
  const code: string[] = ['resetRecord(out);', 'let pos = start;', 'let to = 0;'];
  const q = (text: string) => JSON.stringify(text);
  steps.forEach((step, i) => {
    const n = step.literal.length;
    if (n > 0) {
      // A later step's literal is where the search for it stopped: only the first is checked.
      if (i === 0) {
        code.push(`if (pos + ${n} > end) return false;`);
        // Short literals are unrolled byte by byte; a long one is one comparison, not n lines of code.
        if (n > UNROLL_BYTES)
          code.push(`if (buf.compare(literals[0], 0, ${n}, pos, pos + ${n}) !== 0) return false;`);
        else
          step.literal.forEach((b, k) => {
            code.push(`if (buf[pos + ${k}] !== ${b}) return false;`);
          });
      }
      code.push(`pos += ${n};`);
    }
    if (step.variable === undefined) {
      code.push("return pos === end || decode(buf, pos, end).trim() === '';");
      return;
    }
    const next = steps[i + 1]!;
    if (next.variable === undefined && next.literal.length === 0) {
      code.push('to = end;');
      if (step.token) {
        code.push(
          'for (let k = pos; k < end; k++) {',
          "  if (buf[k] === 32) { if (decode(buf, pos, end).trimEnd().indexOf(' ') !== -1) return false; break; }",
          '}',
        );
      }
    } else {
      const m = next.literal.length;
      code.push(
        `if (text === undefined) to = find(buf, literals[${i + 1}], pos, end);`,
        `else { to = text.indexOf(${q(next.literalText)}, pos); if (to + ${m} > end) to = -1; }`,
        'if (to === -1) return false;',
      );
    }
    if (step.setter) code.push(`set${i}(buf, pos, to, out);`);
    code.push('pos = to;');
  });
  code.push('return true;');
  const setters = steps.map((step, i) => (step.setter ? `const set${i} = setters[${i}];` : '')).join('\n');
  const factory = new Function(
    'setters',
    'literals',
    'find',
    'decode',
    'resetRecord',
    `${setters}\nreturn function parseLine(buf, start, end, out, text) {\n${code.join('\n')}\n};`,
  ) as (
    setters: (ByteSetter | undefined)[],
    literals: Buffer[],
    findLiteral: typeof find,
    decodeRange: typeof decode,
    reset: typeof resetRecord,
  ) => ByteLineParser;
  return factory(
    steps.map((s) => s.setter),
    steps.map((s) => s.literal),
    find,
    decode,
    resetRecord,
  );
}
