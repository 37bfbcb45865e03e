import { detach, type LogRecord } from '../logs/record.js';
import { createTemplater, isWriteMethod } from '../logs/template.js';
import { addDistinct, createDistinct, type DistinctCounter } from './distinct.js';
import { createHistogram, type Histogram, record } from './histogram.js';
import { createUnknownUnitTimes, noteUnknownUnit, type UnknownUnitTimes } from './unknown-unit.js';

export const DUPLICATE_WINDOW_MS = 1000;
export const RETRY_WINDOW_MS = 10_000;
export const PARALLEL_THRESHOLD = 10;
export const MAX_ENDPOINTS = 2000;
const CLOCK_JUMP_MS = 2000;
/** Behaviour state older than this (in log time) is dropped: memory follows the window, not the file. */
export const STATE_TTL_S = 15;
/** A client's count within one second saturates here (it only has to reach PARALLEL_THRESHOLD). */
const MAX_CLIENT_COUNT = 4095;
/** Client windows are swept when the map reaches this size, or twice its size after the last sweep. */
const MIN_SWEEP_SIZE = 1024;
/**
 * Slots remembered per client window: the intern tables of the scanner (2^14 slots) and the byte
 * parser (2^13). The arrays are allocated this size and filled, never emptied by `length = 0`: an
 * array written far past its end becomes a dictionary (a hash lookup per read, ~250 ns a line
 * on a log whose clients outgrow the tables). A larger slot is not remembered (a Map lookup).
 */
export const SLOT_CAPACITY = 1 << 14;
const slotArray = <T>() => new Array<T | undefined>(SLOT_CAPACITY).fill(undefined);

interface EndpointCount {
  requests: number;
  errors: number;
  /** Where the endpoint was first seen (index into the file list, 1-based line), for origins. */
  file: number;
  line: number;
}

// Counts live in small mutable boxes: a repeated key costs one Map lookup and no Map write, and
// no number is boxed anew per line (seconds since 1970 are past V8's small-integer range).
export interface SecondCount {
  requests: number;
  /** Sum of the request times that ended in this second (only timed requests add to it). */
  busyMs: number;
}

export interface MethodCount {
  requests: number;
  /** isWriteMethod, computed once per method. */
  write: boolean;
}

export interface StatusCount {
  requests: number;
  /** Where the status was first seen, for origins. */
  file: number;
  line: number;
}

/** How many requests a client sent in `second`; `generation` is acc.prunes when `second` was set. */
export interface ClientWindow {
  second: number;
  count: number;
  generation: number;
}

/** Running state of a profile. Fed one record at a time; memory bounded by time span and caps. */
export interface ProfileAccumulator {
  lines: number;
  requests: number;
  unparsed: number;
  clockJumps: number;
  minTime: number;
  maxTime: number;
  seconds: Map<number, SecondCount>;
  /** The box of the second the last request fell in: logs are in time order, so it usually hits. */
  lastSecond: number;
  lastSecondCount: SecondCount | undefined;
  timed: number;
  latency: Histogram;
  /** Times logged in a field of unknown unit: not latencies, only counted and named. */
  unknownUnit: UnknownUnitTimes;
  responseSize: Histogram;
  requestSize: Histogram;
  methods: Map<string, MethodCount>;
  statuses: Map<number, StatusCount>;
  endpoints: Map<string, EndpointCount>;
  otherEndpoints: number;
  writes: number;
  clients: DistinctCounter;
  /** `client \0 method \0 path` → time of the last write. */
  lastWrite: Map<string, number>;
  /** client → (`method \0 path` → time of the last error): a client with no recent error builds no key. */
  lastError: Map<string, Map<string, number>>;
  clientSecond: Map<string, ClientWindow>;
  /**
   * The windows of clientSecond by the intern slot of the scanner or the byte parser (see
   * LogRecord.clientSlot), with the client each slot held: an array read instead of a Map lookup.
   * A hint checked by the client's value, so it holds whichever table gave the slot: a window
   * stays its client's until a sweep deletes windows, which empties these. Not emptied when the
   * table changes: a file of lines read by both the scanner and the byte parser changes table from
   * line to line (emptying 2 x 8,192 slots each time cost ~20 µs a line).
   */
  slotClients: (string | undefined)[];
  slotWindows: (ClientWindow | undefined)[];
  clientSweepAt: number;
  parallelClients: DistinctCounter;
  duplicates: number;
  retries: number;
  lastPruneSecond: number;
  prunes: number;
  /** How many times prune swept clientSecond (deleted windows): windows handed to the tally are stale then. */
  sweeps: number;
  /**
   * Set while a chunk reads the lines just before its range (see parallel-chunk.ts): they only
   * build the per-client state (last errors, last writes, this second's count), so a retry or a
   * double submit across the cut is seen. Nothing else is counted: the previous chunk counted it.
   */
  warming: boolean;
  template: (path: string) => string;
}

export function createAccumulator(): ProfileAccumulator {
  return {
    lines: 0,
    requests: 0,
    unparsed: 0,
    clockJumps: 0,
    minTime: Number.POSITIVE_INFINITY,
    maxTime: Number.NEGATIVE_INFINITY,
    seconds: new Map(),
    lastSecond: Number.NaN,
    lastSecondCount: undefined,
    timed: 0,
    latency: createHistogram(),
    unknownUnit: createUnknownUnitTimes(),
    responseSize: createHistogram(),
    requestSize: createHistogram(),
    methods: new Map(),
    statuses: new Map(),
    endpoints: new Map(),
    otherEndpoints: 0,
    writes: 0,
    clients: createDistinct(),
    lastWrite: new Map(),
    lastError: new Map(),
    clientSecond: new Map(),
    slotClients: slotArray(),
    slotWindows: slotArray(),
    clientSweepAt: MIN_SWEEP_SIZE,
    parallelClients: createDistinct(),
    duplicates: 0,
    retries: 0,
    lastPruneSecond: Number.NEGATIVE_INFINITY,
    prunes: 0,
    sweeps: 0,
    warming: false,
    template: createTemplater(),
  };
}

/** The count box of `second`, created when new. */
export function secondCount(acc: ProfileAccumulator, second: number): SecondCount {
  if (second === acc.lastSecond && acc.lastSecondCount !== undefined) return acc.lastSecondCount;
  let box = acc.seconds.get(second);
  if (box === undefined) {
    box = { requests: 0, busyMs: 0 };
    acc.seconds.set(second, box);
  }
  acc.lastSecond = second;
  acc.lastSecondCount = box;
  return box;
}

/** Adds one parsed request (with a time and a status) to the profile; `file`/`line` locate it. */
export function addRecord(acc: ProfileAccumulator, r: LogRecord, file = 0, line = 0): void {
  if (acc.warming) {
    warmRecord(acc, r);
    return;
  }
  acc.requests++;
  const t = r.time;
  if (t < acc.maxTime - CLOCK_JUMP_MS) acc.clockJumps++;
  if (t < acc.minTime) acc.minTime = t;
  if (t > acc.maxTime) acc.maxTime = t;
  const second = Math.floor(t / 1000);
  const perSecond = secondCount(acc, second);
  perSecond.requests++;
  const duration = r.durationMs;
  if (duration >= 0) {
    acc.timed++;
    record(acc.latency, duration);
    perSecond.busyMs += duration;
  } else if (r.durationUnknown >= 0) noteUnknownUnit(acc.unknownUnit, r);
  if (r.bytesSent >= 0) record(acc.responseSize, r.bytesSent);
  if (r.bytesReceived >= 0) record(acc.requestSize, r.bytesReceived);
  const method = r.method;
  let m = acc.methods.get(method);
  if (m === undefined) {
    m = { requests: 0, write: isWriteMethod(method) };
    acc.methods.set(detach(method), m);
  }
  m.requests++;
  const status = r.status;
  let s = acc.statuses.get(status);
  if (s === undefined) {
    s = { requests: 0, file, line };
    acc.statuses.set(status, s);
  }
  s.requests++;
  const endpointKey =
    r.endpointKey ?? `${method} ${method === '-' ? '(malformed request)' : acc.template(r.path)}`;
  let endpoint = acc.endpoints.get(endpointKey);
  if (!endpoint && acc.endpoints.size < MAX_ENDPOINTS) {
    endpoint = { requests: 0, errors: 0, file, line };
    acc.endpoints.set(detach(endpointKey), endpoint);
  }
  if (endpoint) {
    endpoint.requests++;
    if (status >= 500) endpoint.errors++;
  } else acc.otherEndpoints++;
  const isError = status >= 500 || status === 429 || status === 408;
  if (isError || m.write || acc.lastError.size > 0) trackRepeats(acc, r, t, isError, m.write);
  trackClient(acc, r, second);
  if (second > acc.lastPruneSecond + STATE_TTL_S) prune(acc, second);
}

/**
 * The per-client state a record leaves, and nothing counted. Distinct clients and parallel
 * clients are sets (merged as unions), so the clients seen here are not counted twice.
 */
function warmRecord(acc: ProfileAccumulator, r: LogRecord): void {
  const { retries, duplicates, writes } = acc;
  const status = r.status;
  const isError = status >= 500 || status === 429 || status === 408;
  const write = isWriteMethod(r.method);
  if (isError || write || acc.lastError.size > 0) trackRepeats(acc, r, r.time, isError, write);
  acc.retries = retries;
  acc.duplicates = duplicates;
  acc.writes = writes;
  const second = Math.floor(r.time / 1000);
  trackClient(acc, r, second);
  if (second > acc.lastPruneSecond + STATE_TTL_S) prune(acc, second);
}

/** Retries (same request after an error) and duplicate submits (same write twice within a second). */
function trackRepeats(
  acc: ProfileAccumulator,
  r: LogRecord,
  t: number,
  isError: boolean,
  write: boolean,
): void {
  let errors = acc.lastError.get(r.client);
  if (errors !== undefined || isError) {
    const key = `${r.method}\u0000${r.path}`;
    if (errors !== undefined) {
      const errorAt = errors.get(key);
      if (errorAt !== undefined && Math.abs(t - errorAt) <= RETRY_WINDOW_MS) {
        acc.retries++;
        errors.delete(key);
      }
    }
    if (isError) {
      if (errors === undefined) {
        errors = new Map();
        acc.lastError.set(detach(r.client), errors);
      }
      errors.set(key, t);
    }
  }
  if (write) {
    acc.writes++;
    const key = `${r.client}\u0000${r.method}\u0000${r.path}`;
    const last = acc.lastWrite.get(key);
    if (last !== undefined && Math.abs(t - last) <= DUPLICATE_WINDOW_MS) acc.duplicates++;
    acc.lastWrite.set(key, t);
  }
}

/**
 * Distinct clients and parallel sessions (PARALLEL_THRESHOLD requests from one client in one
 * second). A client with a window was counted already, so the distinct counter is asked once per
 * client, not once per line. Windows are dropped lazily: `expired` says what an eager prune at
 * every STATE_TTL_S would have deleted, and sweeps free the memory when the map has doubled.
 */
function trackClient(acc: ProfileAccumulator, r: LogRecord, second: number): void {
  const client = r.client;
  const slot = r.clientSlot;
  let w: ClientWindow | undefined;
  if (slot >= 0 && slot < SLOT_CAPACITY && acc.slotClients[slot] === client) w = acc.slotWindows[slot]!;
  else {
    w = acc.clientSecond.get(client);
    if (w === undefined) {
      addDistinct(acc.clients, client);
      w = { second, count: 1, generation: acc.prunes };
      acc.clientSecond.set(detach(client), w);
      if (slot >= 0) rememberSlot(acc, r, w);
      return;
    }
    if (slot >= 0) rememberSlot(acc, r, w);
  }
  if (w.second === second && !expired(acc, w)) {
    const n = w.count + 1;
    if (n <= MAX_CLIENT_COUNT) w.count = n;
    if (n === PARALLEL_THRESHOLD) addDistinct(acc.parallelClients, client);
  } else {
    w.second = second;
    w.count = 1;
    w.generation = acc.prunes;
  }
}

function rememberSlot(acc: ProfileAccumulator, r: LogRecord, w: ClientWindow): void {
  if (r.clientSlot >= SLOT_CAPACITY) return;
  acc.slotClients[r.clientSlot] = r.client;
  acc.slotWindows[r.clientSlot] = w;
}

function forgetSlots(acc: ProfileAccumulator): void {
  acc.slotClients.fill(undefined);
  acc.slotWindows.fill(undefined);
}

/** Whether a prune since `w.second` was set dropped it (prune seconds only grow: the last one decides). */
function expired(acc: ProfileAccumulator, w: ClientWindow): boolean {
  return acc.prunes > w.generation && w.second < acc.lastPruneSecond - STATE_TTL_S;
}

function prune(acc: ProfileAccumulator, second: number): void {
  acc.lastPruneSecond = second;
  acc.prunes++;
  const oldest = (second - STATE_TTL_S) * 1000;
  for (const [k, v] of acc.lastWrite) if (v < oldest) acc.lastWrite.delete(k);
  for (const [client, errors] of acc.lastError) {
    for (const [k, v] of errors) if (v < oldest) errors.delete(k);
    if (errors.size === 0) acc.lastError.delete(client);
  }
  if (acc.clientSecond.size >= acc.clientSweepAt) {
    for (const [k, w] of acc.clientSecond) if (expired(acc, w)) acc.clientSecond.delete(k);
    forgetSlots(acc);
    acc.sweeps++;
    acc.clientSweepAt = Math.max(MIN_SWEEP_SIZE, 2 * acc.clientSecond.size);
  }
}
