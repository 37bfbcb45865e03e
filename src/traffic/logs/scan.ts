import { table } from '../../lookup.js';
import { asciiSteps, isComplete, setterFor } from './nginx-format.js';
import type { LogRecord } from './record.js';
import { createEndpointKeyer } from './request-bytes.js';
import { createIsoTimeParser, parseEpochSeconds, parseLocalTime } from './time-parse.js';
import { logVariable, NGINX_VARIABLES, SCAN_END, type ScannedTimeRead, scanKindNumber } from './variables.js';
import { SCAN_WASM } from './wasm/scan-wasm.js';

/**
 * The WebAssembly line scanner (wasm/scan.c) and its JavaScript side. For the usual nginx formats
 * it reads whole windows of lines into rows (bounds, interned client and path slots, numbers)
 * without a call back into JavaScript per field; JavaScript turns a row into a LogRecord with
 * array reads. A line the scanner is not sure of (see scan.c) goes to the JavaScript parsers, so
 * the profile is the one the string parser gives (tested on every fixture and on random lines).
 */

/** Field kinds by variable, numbered as scan.c's (generated) enum: from the one list (variables.ts). */
const KINDS = table<number>(
  Object.fromEntries(NGINX_VARIABLES.flatMap((v) => ('scan' in v ? [[v.name, scanKindNumber(v.scan)]] : []))),
);
const SKIP = scanKindNumber('skip');
const END = SCAN_END;
const MAX_STEPS = 64;
const MAX_LITERAL_BYTES = 4096;

export interface ScanStep {
  kind: number;
  token: boolean;
  literal: Buffer;
}

/**
 * Times the scanner hands over as bytes, with the parser the string path uses for each read
 * (the build fails when a time variable of the list has a read without one).
 */
const TIME_PARSERS = {
  'time-local': () => parseLocalTime,
  'time-iso8601': createIsoTimeParser,
  msec: () => parseEpochSeconds,
} as const satisfies { readonly [R in ScannedTimeRead]: () => (text: string) => number };
type TimeRead = keyof typeof TIME_PARSERS;

export interface ScanProgram {
  steps: ScanStep[];
  /** How the format's one time variable is read: the scanner compares its bytes, JavaScript parses new ones. */
  time: TimeRead;
}

/**
 * The scanner's program for an nginx log_format, or undefined when the scanner cannot read it
 * exactly as the JavaScript parsers do (a variable it does not know that the profile reads, a
 * non-ASCII separator, not exactly one time variable, no $request or $status): the byte parser
 * reads it then.
 */
export function scanProgram(format: string): ScanProgram | undefined {
  const compiled = asciiSteps(format);
  if (!compiled || compiled.length > MAX_STEPS) return undefined;
  const times = compiled.flatMap((s) => {
    const v = s.variable === undefined ? undefined : logVariable(s.variable);
    return v && 'scan' in v && v.scan === 'time' ? [v.read] : [];
  });
  if (times.length !== 1) return undefined;
  const steps: ScanStep[] = [];
  let literalBytes = 0;
  for (const step of compiled) {
    const literal = Buffer.from(step.literal, 'latin1');
    literalBytes += literal.length;
    if (step.variable === undefined) {
      steps.push({ kind: END, token: false, literal });
      continue;
    }
    const kind = KINDS[step.variable] ?? (setterFor(step.variable) === undefined ? SKIP : -1);
    if (kind === -1) return undefined;
    steps.push({ kind, token: step.token === true, literal });
  }
  const kinds = new Set(steps.map((s) => s.kind));
  if (![KINDS.request, KINDS.status].every((k) => kinds.has(k!))) return undefined;
  return literalBytes <= MAX_LITERAL_BYTES ? { steps, time: times[0]! } : undefined;
}

// The few WebAssembly globals used here (the ES2023 lib and @types/node do not declare them).
interface WasmModule {
  readonly kind: 'module';
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
};

/** The scanner's exports, and those of the profile's tally (wasm/tally.c, read by profile/tally.ts). */
export interface ScanExports {
  memory: { buffer: ArrayBuffer };
  input(): number;
  input_cap(): number;
  literals(): number;
  rows(): number;
  nums(): number;
  max_rows(): number;
  reached(): number;
  clears(): number;
  strings(): number;
  strings_length(): number;
  client_slots(): number;
  path_slots(): number;
  template_slots(): number;
  reset(): void;
  set_step(i: number, kind: number, token: number, litOff: number, litLen: number): number;
  scan(from: number, to: number): number;
  tally_io(): number;
  tally_hist(): number;
  tally_methods(): number;
  tally_method_counts(): number;
  tally_statuses(): number;
  tally_status_counts(): number;
  tally_endpoints(): number;
  tally_path_endpoints(): number;
  tally_endpoint_requests(): number;
  tally_client_valid(): number;
  tally_client_gen(): number;
  tally_window_second(): number;
  tally_window_count(): number;
  tally_window_generation(): number;
  tally_dirty(): number;
  tally_dirty_count(): number;
  tally_capacity(): number;
  tally_forget_clients(): void;
  tally_forget_slots(): void;
  tally_clean(): void;
  tally_reset(): void;
  tally(k: number, n: number): number;
}

let compiledModule: WasmModule | undefined | null;

function scanModule(): WasmModule | undefined {
  if (compiledModule === undefined) {
    try {
      compiledModule = new WebAssembly.Module(Buffer.from(SCAN_WASM, 'base64'));
    } catch {
      // No WebAssembly (or no SIMD) in this runtime: the JavaScript parsers read every line.
      compiledModule = null;
    }
  }
  return compiledModule ?? undefined;
}

// Row layout and flags: see scan.c.
export const ROW_INTS = 18;
export const ROW_NUMS = 4;
const F_UNSURE = 1;
const F_TIME_NEW = 2;
const F_CLIENT_NEW = 4;
const F_PATH_NEW = 8;
const F_TEMPLATE_NEW = 16;
const F_CLIENTS_CLEARED = 32;
const F_PATHS_CLEARED = 64;
const F_TEMPLATES_CLEARED = 128;
const METHOD_CODES = 8;
const METHODS = ['-', 'GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'PATCH', 'OPTIONS'];

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (s: number, e: number) => string })
  .latin1Slice;

/** What the scanner hands each line: a sure record, or the line's bounds for the other parsers. */
export interface RowSink {
  /** `r` holds the line's record (still to be checked with isComplete); false stops the read. */
  record(r: LogRecord, start: number, newline: number): boolean | undefined;
  /** `buf[start, newline)` is a line for the JavaScript parsers; false stops the read. */
  other(start: number, newline: number): boolean | undefined;
  /** The tally added the next `n` lines (complete records); false stops the read. */
  counted(n: number): boolean | undefined;
}

/**
 * Adds the scanner's rows to a profile in WebAssembly where it can (profile/tally.ts). The scanner
 * asks it first at each row; the rows it leaves are read as without it, and it is told of each
 * complete record among them.
 */
export interface RowTally {
  /** Adds rows `k`... of the last scan (`time`: the scanner's time before row k); returns the first row left. */
  run(k: number, n: number, time: number): number;
  /** Row `k` was the complete record `r`, added by the sink. */
  learned(k: number, r: LogRecord): void;
}

export interface LineScanner {
  /** The read buffer: the scanner's own memory, so bytes read from disk need no copy. */
  readonly input: Buffer;
  /** Whether a program is loaded (in `auto` mode the format is known only after detection). */
  readonly ready: boolean;
  load(program: ScanProgram): void;
  /** Reads the whole lines of `input[from, to)` (`to` just after a newline); false when stopped. */
  lines(from: number, to: number, r: LogRecord, sink: RowSink, tally?: RowTally): boolean;
  /** The module's exports (its memory, its rows and the tally's state). */
  readonly exports: ScanExports;
  /** How many times the scanner cleared an intern table (tests). */
  clears(): number;
  /** Hands the scanner back for the next file's read: it must not be used after. */
  release(): void;
}

/** Scanners handed back, reset, for the next file (a rotated set of hundreds of files makes one or two). */
const pool: LineScanner[] = [];
const POOL_SIZE = 4;

/** A scanner with its own memory and tables (one per file read), or undefined without WebAssembly. */
export function createLineScanner(): LineScanner | undefined {
  const pooled = pool.pop();
  if (pooled) return pooled;
  const module = scanModule();
  if (!module) return undefined;
  let ex: ScanExports;
  try {
    ex = new WebAssembly.Instance(module, {}).exports as unknown as ScanExports;
  } catch {
    // No memory for another instance: the JavaScript parsers read this file.
    return undefined;
  }
  const memory = ex.memory.buffer;
  const input = Buffer.from(memory, ex.input(), ex.input_cap());
  const rows = new Int32Array(memory, ex.rows(), ex.max_rows() * ROW_INTS);
  const nums = new Float64Array(memory, ex.nums(), ex.max_rows() * ROW_NUMS);
  const strings = Buffer.from(memory, ex.strings(), 1 << 20);
  // JavaScript's side of the scanner's tables: the string of each slot; endpoint keys by template
  // slot and method; for paths the scanner cannot template, keys by path slot as the byte parser
  // caches them. Emptied when the scanner clears a table. A path seen for the first time is a slice
  // of one string decoded per scan (one decode instead of one per path: logs full of ids have
  // many); it is cached, decoded alone, only when seen again, so the slot arrays never keep a
  // scan's string alive (which the young-generation collector would copy and promote).
  // Sized to the tables and filled, so they stay packed arrays (writing far past an array's end
  // turns it into a dictionary).
  const slots = (n: number) => new Array<string | undefined>(n).fill(undefined);
  const clients = slots(ex.client_slots());
  const paths = slots(ex.path_slots());
  const templates = slots(ex.template_slots());
  const templateKeys = slots(ex.template_slots() * METHOD_CODES);
  const keyMethods = slots(ex.path_slots());
  const keys = slots(ex.path_slots());
  const keyFor = createEndpointKeyer();
  let time = Number.NaN;
  let parseTime: (text: string) => number = parseLocalTime;
  let ready = false;
  // JavaScript's side of a row's new keys (also for rows the tally added, which JavaScript never reads).
  const forgetPath = (pathSlot: number, flags: number) => {
    if (flags & F_PATHS_CLEARED) {
      paths.fill(undefined);
      keyMethods.fill(undefined);
      keys.fill(undefined);
    }
    paths[pathSlot] = undefined;
    keyMethods[pathSlot] = undefined;
  };
  const newTemplate = (b: number, flags: number) => {
    if (flags & F_TEMPLATES_CLEARED) {
      templates.fill(undefined);
      templateKeys.fill(undefined);
    }
    const template = rows[b + 14]!;
    templates[template] = latin1Slice.call(strings, rows[b + 15]!, rows[b + 16]!);
    templateKeys.fill(undefined, template * METHOD_CODES, (template + 1) * METHOD_CODES);
  };
  const newClient = (b: number, flags: number) => {
    if (flags & F_CLIENTS_CLEARED) clients.fill(undefined);
    clients[rows[b + 3]!] = latin1Slice.call(strings, rows[b + 8]!, rows[b + 9]!);
  };
  const follow = (b: number, flags: number) => {
    if (flags & F_PATH_NEW) forgetPath(rows[b + 4]!, flags);
    if (flags & F_TEMPLATE_NEW && rows[b + 14]! >= 0) newTemplate(b, flags);
    if (flags & F_CLIENT_NEW && rows[b + 3]! >= 0) newClient(b, flags);
  };
  const scanner: LineScanner = {
    input,
    exports: ex,
    get ready() {
      return ready;
    },
    load({ steps, time: timeRead }) {
      parseTime = TIME_PARSERS[timeRead]();
      const literals = Buffer.from(memory, ex.literals(), MAX_LITERAL_BYTES);
      let at = 0;
      steps.forEach((step, i) => {
        step.literal.copy(literals, at);
        if (!ex.set_step(i, step.kind, step.token ? 1 : 0, at, step.literal.length))
          throw new Error(`scan: step ${i} out of range`);
        at += step.literal.length;
      });
      ready = true;
    },
    lines(from, to, r, sink, tally) {
      for (let pos = from; pos < to; pos = ex.reached()) {
        const count = ex.scan(pos, to);
        if (count === 0) break; // `to` was not just after a newline: nothing whole is left
        let decoded: string | undefined;
        const decode = () => {
          decoded ??= latin1Slice.call(strings, 0, ex.strings_length());
          return decoded;
        };
        for (let k = 0; k < count; k++) {
          if (tally !== undefined) {
            // The tally adds the rows it can; JavaScript's tables follow their new keys. A row
            // it stopped at for its new time: the time is parsed now (as below) and it is asked
            // again (each turn adds rows or clears that row's flag).
            for (;;) {
              const j = tally.run(k, count, time);
              if (j > k) {
                for (let i = k; i < j; i++) {
                  const b = i * ROW_INTS;
                  const flags = rows[b + 2]!;
                  if (flags & (F_CLIENT_NEW | F_PATH_NEW | F_TEMPLATE_NEW)) follow(b, flags);
                }
                if (sink.counted(j - k) === false) return false;
                k = j;
                if (k === count) break;
              }
              const b = k * ROW_INTS;
              const flags = rows[b + 2]!;
              if ((flags & (F_UNSURE | F_TIME_NEW)) !== F_TIME_NEW) break;
              time = parseTime(input.toString('utf8', rows[b + 6]!, rows[b + 7]!));
              rows[b + 2] = flags & ~F_TIME_NEW;
            }
            if (k === count) break;
          }
          const b = k * ROW_INTS;
          const flags = rows[b + 2]!;
          if (flags & F_UNSURE) {
            if (sink.other(rows[b]!, rows[b + 1]!) === false) return false;
            continue;
          }
          if (flags & F_TIME_NEW) time = parseTime(input.toString('utf8', rows[b + 6]!, rows[b + 7]!));
          const method = METHODS[rows[b + 5]!]!;
          const pathSlot = rows[b + 4]!;
          let path: string;
          if (flags & F_PATH_NEW) {
            forgetPath(pathSlot, flags);
            path = decode().slice(rows[b + 12]!, rows[b + 13]!);
          } else {
            let cached = paths[pathSlot];
            if (cached === undefined) {
              cached = latin1Slice.call(input, rows[b + 10]!, rows[b + 11]!);
              paths[pathSlot] = cached;
            }
            path = cached;
          }
          const template = rows[b + 14]!;
          let key: string;
          if (template >= 0) {
            if (flags & F_TEMPLATE_NEW) newTemplate(b, flags);
            const at = template * METHOD_CODES + rows[b + 5]!;
            let cached = templateKeys[at];
            if (cached === undefined) {
              cached = `${method} ${templates[template]!}`;
              templateKeys[at] = cached;
            }
            key = cached;
          } else {
            if (keyMethods[pathSlot] !== method) {
              keyMethods[pathSlot] = method;
              keys[pathSlot] = keyFor(input, rows[b + 10]!, rows[b + 11]!, path, method);
            }
            key = keys[pathSlot]!;
          }
          const clientSlot = rows[b + 3]!;
          if (clientSlot < 0) {
            r.client = '-';
            r.clientSlot = -1;
          } else {
            if (flags & F_CLIENT_NEW) newClient(b, flags);
            r.client = clients[clientSlot]!;
            r.clientSlot = clientSlot;
          }
          r.time = time;
          r.method = method;
          r.path = path;
          r.endpointKey = key;
          const n = k * ROW_NUMS;
          r.status = nums[n]!;
          r.bytesSent = nums[n + 1]!;
          r.bytesReceived = nums[n + 2]!;
          r.durationMs = nums[n + 3]!;
          r.durationUnknown = -1;
          if (tally === undefined) {
            if (sink.record(r, rows[b]!, rows[b + 1]!) === false) return false;
          } else if (isComplete(r)) {
            if (sink.record(r, rows[b]!, rows[b + 1]!) === false) return false;
            tally.learned(k, r);
          } else if (sink.other(rows[b]!, rows[b + 1]!) === false) return false;
        }
      }
      return true;
    },
    clears: () => ex.clears(),
    release() {
      // After the reset every key is new to the tables, so no slot string of this read is used
      // again: the next read overwrites each slot before it reads it.
      ex.reset();
      ex.tally_reset();
      ready = false;
      time = Number.NaN;
      if (pool.length < POOL_SIZE && !pool.includes(scanner)) pool.push(scanner);
    },
  };
  return scanner;
}
