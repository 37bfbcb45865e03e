import type { LogRecord } from './record.js';

/**
 * The WebAssembly scanner's field kinds (`wasm/scan.c`), numbered by their place here: 0 is a
 * variable the profile does not read, 15 the trailing literal. `npm run build:wasm` writes them
 * into `wasm/scan-kinds.h` (scanKindsHeader below), which scan.c includes; variables.test.ts fails
 * when the header is stale or scan.c has no `case` for a kind.
 */
export const SCAN_KINDS = [
  { kind: 'skip', doc: 'a variable the profile does not read' },
  { kind: 'client', doc: 'the client unless one was set' },
  { kind: 'forwarded', doc: 'the first address is the client' },
  { kind: 'time', doc: 'compared as bytes, parsed by JavaScript' },
  { kind: 'request', doc: 'method and path' },
  { kind: 'status', doc: 'the status' },
  { kind: 'bytes-sent', doc: "'-' is 0" },
  { kind: 'request-length', doc: 'the bytes received' },
  { kind: 'request-time', doc: 'the duration' },
  { kind: 'upstream-time', doc: 'the duration, when the request time is not set' },
] as const;
export type ScanKind = Exclude<(typeof SCAN_KINDS)[number]['kind'], 'skip'>;
/** The kind of the step after the last variable (its literal ends the line). */
export const SCAN_END = 15;

/** A variable of an nginx `log_format` that Parity reads. */
export interface LogVariable {
  /** The name without `$`. */
  name: string;
  /**
   * How its value is read: one setter per parser for each, shared by the variables that read
   * alike (`nginx-format.ts`' STRING_READERS, `nginx-bytes.ts`' IN_PLACE_READERS; the build fails
   * when either lacks a `read` of this list or has one it lacks).
   */
  read: string;
  /** The record field it fills (`request` fills method and path; a time fills `time`). */
  fills: keyof Pick<
    LogRecord,
    'client' | 'time' | 'method' | 'path' | 'status' | 'bytesSent' | 'bytesReceived' | 'durationMs'
  >;
  /** Its values never hold a space: a space in one means the line is another format. */
  token: boolean;
  /** Read in place by the byte parser (`nginx-bytes.ts`); the others go through the string setter. */
  bytes: boolean;
  /** The WebAssembly scanner's kind; absent: the scanner declines a format that has it. */
  scan?: ScanKind;
}

/**
 * The one list of the variables the three nginx parsers read: the string parser (`setterFor` in
 * nginx-format.ts), the byte parser (`byteSetterFor` in nginx-bytes.ts) and the scanner (`scan.ts`
 * and scan.c, through the generated scan-kinds.h). Every other variable is matched and skipped.
 * A new variable is a line here; a new `read` or scan kind also needs its setter in each parser,
 * which the build and variables.test.ts ask for.
 */
export const NGINX_VARIABLES = [
  { name: 'remote_addr', read: 'address', fills: 'client', token: true, bytes: true, scan: 'client' },
  { name: 'realip_remote_addr', read: 'address', fills: 'client', token: true, bytes: true, scan: 'client' },
  {
    name: 'http_x_forwarded_for',
    read: 'forwarded',
    fills: 'client',
    token: false,
    bytes: false,
    scan: 'forwarded',
  },
  {
    name: 'proxy_add_x_forwarded_for',
    read: 'forwarded',
    fills: 'client',
    token: false,
    bytes: false,
    scan: 'forwarded',
  },
  { name: 'time_local', read: 'time-local', fills: 'time', token: false, bytes: true, scan: 'time' },
  { name: 'time_iso8601', read: 'time-iso8601', fills: 'time', token: true, bytes: false, scan: 'time' },
  { name: 'msec', read: 'msec', fills: 'time', token: true, bytes: false, scan: 'time' },
  { name: 'request', read: 'request', fills: 'path', token: false, bytes: true, scan: 'request' },
  { name: 'request_method', read: 'method', fills: 'method', token: true, bytes: false },
  { name: 'request_uri', read: 'target', fills: 'path', token: true, bytes: false },
  { name: 'uri', read: 'target', fills: 'path', token: true, bytes: false },
  { name: 'status', read: 'status', fills: 'status', token: true, bytes: true, scan: 'status' },
  {
    name: 'body_bytes_sent',
    read: 'bytes-sent',
    fills: 'bytesSent',
    token: true,
    bytes: true,
    scan: 'bytes-sent',
  },
  {
    name: 'bytes_sent',
    read: 'bytes-sent',
    fills: 'bytesSent',
    token: true,
    bytes: true,
    scan: 'bytes-sent',
  },
  {
    name: 'request_length',
    read: 'request-length',
    fills: 'bytesReceived',
    token: true,
    bytes: true,
    scan: 'request-length',
  },
  {
    name: 'request_time',
    read: 'seconds',
    fills: 'durationMs',
    token: true,
    bytes: true,
    scan: 'request-time',
  },
  {
    name: 'upstream_response_time',
    read: 'upstream-seconds',
    fills: 'durationMs',
    token: false,
    bytes: false,
    scan: 'upstream-time',
  },
] as const satisfies readonly LogVariable[];

type Listed = (typeof NGINX_VARIABLES)[number];
/** Every way of reading a variable: each parser has one setter for each (checked by the build). */
export type VariableRead = Listed['read'];
/** The reads of the variables the byte parser reads in place. */
export type InPlaceRead = Extract<Listed, { bytes: true }>['read'];
/** The reads of the time variables, which the scanner hands over as bytes for JavaScript to parse. */
export type ScannedTimeRead = Extract<Listed, { scan: 'time' }>['read'];

const ALL: readonly LogVariable[] = NGINX_VARIABLES;
const BY_NAME = new Map<string, Listed>(NGINX_VARIABLES.map((v) => [v.name, v]));

/** A listed variable by name (for compiling a format, never per line); undefined for the others. */
export function logVariable(name: string): Listed | undefined {
  return BY_NAME.get(name);
}

/** A scan kind's number in scan.c (its place in SCAN_KINDS). */
export function scanKindNumber(kind: ScanKind | 'skip'): number {
  return SCAN_KINDS.findIndex((k) => k.kind === kind);
}

/** `bytes-sent` -> `K_BYTES_SENT`, the enum's name in scan.c. */
const enumName = (kind: string) => `K_${kind.toUpperCase().replace(/-/g, '_')}`;

/** The text of wasm/scan-kinds.h: SCAN_KINDS as scan.c's enum, each with the variables it reads. */
export function scanKindsHeader(): string {
  if (SCAN_KINDS.length > SCAN_END) throw new Error(`more than ${SCAN_END} scan kinds: K_END is ${SCAN_END}`);
  const lines = SCAN_KINDS.map(({ kind, doc }, i) => {
    const names = ALL.filter((v) => v.scan === kind).map((v) => `$${v.name}`);
    return `  ${enumName(kind)} = ${i}, // ${names.length ? `${names.join(', ')}: ` : ''}${doc}`;
  });
  return [
    '// Generated by scripts/build-wasm.mjs from src/traffic/logs/variables.ts (SCAN_KINDS and',
    '// NGINX_VARIABLES): do not edit; run `npm run build:wasm`.',
    '// The field kind of each step of a program: what the scanner reads from the variable.',
    '#pragma once',
    'enum {',
    ...lines,
    `  K_END = ${SCAN_END}, // the trailing literal: no variable`,
    '};',
    '',
  ].join('\n');
}
