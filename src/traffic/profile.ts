import { addDistinct, createDistinct, type DistinctCounter } from './distinct.js';
import { createHistogram, type Histogram, record } from './histogram.js';
import { detach, type LogRecord } from './record.js';
import { createTemplater, isWriteMethod } from './template.js';

export const DUPLICATE_WINDOW_MS = 1000;
export const RETRY_WINDOW_MS = 10_000;
export const PARALLEL_THRESHOLD = 10;
const MAX_ENDPOINTS = 2000;
const CLOCK_JUMP_MS = 2000;
/** Behaviour state older than this (in log time) is dropped: memory follows the window, not the file. */
const STATE_TTL_S = 15;

interface EndpointCount {
  requests: number;
  errors: number;
  /** Where the endpoint was first seen (index into the file list, 1-based line), for origins. */
  file: number;
  line: number;
}

/** Running state of a profile. Fed one record at a time; memory bounded by time span and caps. */
export interface ProfileAccumulator {
  lines: number;
  requests: number;
  unparsed: number;
  clockJumps: number;
  minTime: number;
  maxTime: number;
  perSecond: Map<number, number>;
  busyMsPerSecond: Map<number, number>;
  timed: number;
  latency: Histogram;
  responseSize: Histogram;
  requestSize: Histogram;
  methods: Map<string, number>;
  statuses: Map<number, number>;
  statusFirstSeen: Map<number, [number, number]>;
  endpoints: Map<string, EndpointCount>;
  otherEndpoints: number;
  writes: number;
  clients: DistinctCounter;
  lastWrite: Map<string, number>;
  lastError: Map<string, number>;
  clientSecond: Map<string, number>;
  parallelClients: DistinctCounter;
  duplicates: number;
  retries: number;
  lastPruneSecond: number;
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
    perSecond: new Map(),
    busyMsPerSecond: new Map(),
    timed: 0,
    latency: createHistogram(),
    responseSize: createHistogram(),
    requestSize: createHistogram(),
    methods: new Map(),
    statuses: new Map(),
    statusFirstSeen: new Map(),
    endpoints: new Map(),
    otherEndpoints: 0,
    writes: 0,
    clients: createDistinct(),
    lastWrite: new Map(),
    lastError: new Map(),
    clientSecond: new Map(),
    parallelClients: createDistinct(),
    duplicates: 0,
    retries: 0,
    lastPruneSecond: Number.NEGATIVE_INFINITY,
    template: createTemplater(),
  };
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Adds one parsed request (with a time and a status) to the profile; `file`/`line` locate it. */
export function addRecord(acc: ProfileAccumulator, r: LogRecord, file = 0, line = 0): void {
  acc.requests++;
  const t = r.time;
  if (t < acc.maxTime - CLOCK_JUMP_MS) acc.clockJumps++;
  if (t < acc.minTime) acc.minTime = t;
  if (t > acc.maxTime) acc.maxTime = t;
  const second = Math.floor(t / 1000);
  bump(acc.perSecond, second);
  if (r.durationMs >= 0) {
    acc.timed++;
    record(acc.latency, r.durationMs);
    bump(acc.busyMsPerSecond, second, r.durationMs);
  }
  if (r.bytesSent >= 0) record(acc.responseSize, r.bytesSent);
  if (r.bytesReceived >= 0) record(acc.requestSize, r.bytesReceived);
  if (!acc.methods.has(r.method)) acc.methods.set(detach(r.method), 0);
  bump(acc.methods, r.method);
  bump(acc.statuses, r.status);
  if (!acc.statusFirstSeen.has(r.status)) acc.statusFirstSeen.set(r.status, [file, line]);
  const endpointKey =
    r.endpointKey ?? `${r.method} ${r.method === '-' ? '(malformed request)' : acc.template(r.path)}`;
  let endpoint = acc.endpoints.get(endpointKey);
  if (!endpoint && acc.endpoints.size < MAX_ENDPOINTS) {
    endpoint = { requests: 0, errors: 0, file, line };
    acc.endpoints.set(detach(endpointKey), endpoint);
  }
  if (endpoint) {
    endpoint.requests++;
    if (r.status >= 500) endpoint.errors++;
  } else acc.otherEndpoints++;
  const client = r.client;
  addDistinct(acc.clients, client);
  trackBehaviour(acc, r, second);
}

/** Per-client counts of the current second, packed as `second * PACK + count` in one map entry. */
const PACK = 4096;

function trackBehaviour(acc: ProfileAccumulator, r: LogRecord, second: number): void {
  const t = r.time;
  const isError = r.status >= 500 || r.status === 429 || r.status === 408;
  const write = isWriteMethod(r.method);
  // The per-request key is built only when something needs it: most requests are healthy reads.
  if (acc.lastError.size > 0 || isError || write) {
    const key = `${r.client}\u0000${r.method}\u0000${r.path}`;
    if (acc.lastError.size > 0) {
      const errorAt = acc.lastError.get(key);
      if (errorAt !== undefined && Math.abs(t - errorAt) <= RETRY_WINDOW_MS) {
        acc.retries++;
        acc.lastError.delete(key);
      }
    }
    if (isError) acc.lastError.set(key, t);
    if (write) {
      acc.writes++;
      const last = acc.lastWrite.get(key);
      if (last !== undefined && Math.abs(t - last) <= DUPLICATE_WINDOW_MS) acc.duplicates++;
      acc.lastWrite.set(key, t);
    }
  }
  const packed = acc.clientSecond.get(r.client);
  if (packed !== undefined && Math.floor(packed / PACK) === second) {
    const n = (packed % PACK) + 1;
    if (n < PACK) acc.clientSecond.set(r.client, packed + 1);
    if (n === PARALLEL_THRESHOLD) addDistinct(acc.parallelClients, r.client);
  } else acc.clientSecond.set(r.client, second * PACK + 1);
  if (second > acc.lastPruneSecond + STATE_TTL_S) prune(acc, second);
}

function prune(acc: ProfileAccumulator, second: number): void {
  acc.lastPruneSecond = second;
  const oldest = (second - STATE_TTL_S) * 1000;
  for (const [k, v] of acc.lastWrite) if (v < oldest) acc.lastWrite.delete(k);
  for (const [k, v] of acc.lastError) if (v < oldest) acc.lastError.delete(k);
  for (const [k, v] of acc.clientSecond)
    if (Math.floor(v / PACK) < second - STATE_TTL_S) acc.clientSecond.delete(k);
}
