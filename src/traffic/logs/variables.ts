import type { LogRecord } from './record.js';

/** A variable of an nginx `log_format` that Parity reads. */
export interface LogVariable {
  /** The name without `$`. */
  name: string;
  /** The record field it fills (`request` fills method and path; a time fills `time`). */
  fills: keyof Pick<
    LogRecord,
    'client' | 'time' | 'method' | 'path' | 'status' | 'bytesSent' | 'bytesReceived' | 'durationMs'
  >;
  /** Read in place by the byte parser (`nginx-bytes.ts`); the others go through the string setter. */
  bytes: boolean;
  /** The field kind of the WebAssembly scanner (`wasm/scan.c`'s enum); absent: the scanner declines the format. */
  scanKind?: number;
}

/**
 * The one list of the variables the three nginx parsers read: the string parser (`setterFor` in
 * nginx-format.ts), the byte parser (`byteSetterFor` in nginx-bytes.ts) and the scanner (`KINDS`
 * in scan.ts, derived from here, and scan.c's enum). Every other variable is matched and skipped.
 * variables.test.ts fails when a parser reads a variable this list lacks, or lacks one it lists.
 */
export const NGINX_VARIABLES: readonly LogVariable[] = [
  { name: 'remote_addr', fills: 'client', bytes: true, scanKind: 1 },
  { name: 'realip_remote_addr', fills: 'client', bytes: true, scanKind: 1 },
  { name: 'http_x_forwarded_for', fills: 'client', bytes: false, scanKind: 2 },
  { name: 'proxy_add_x_forwarded_for', fills: 'client', bytes: false, scanKind: 2 },
  { name: 'time_local', fills: 'time', bytes: true, scanKind: 3 },
  { name: 'time_iso8601', fills: 'time', bytes: false, scanKind: 3 },
  { name: 'msec', fills: 'time', bytes: false, scanKind: 3 },
  { name: 'request', fills: 'path', bytes: true, scanKind: 4 },
  { name: 'request_method', fills: 'method', bytes: false },
  { name: 'request_uri', fills: 'path', bytes: false },
  { name: 'uri', fills: 'path', bytes: false },
  { name: 'status', fills: 'status', bytes: true, scanKind: 5 },
  { name: 'body_bytes_sent', fills: 'bytesSent', bytes: true, scanKind: 6 },
  { name: 'bytes_sent', fills: 'bytesSent', bytes: true, scanKind: 6 },
  { name: 'request_length', fills: 'bytesReceived', bytes: true, scanKind: 7 },
  { name: 'request_time', fills: 'durationMs', bytes: true, scanKind: 8 },
  { name: 'upstream_response_time', fills: 'durationMs', bytes: false, scanKind: 9 },
];
