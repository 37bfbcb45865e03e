import { type LineScanner, ROW_INTS, ROW_NUMS, type RowTally } from '../logs/scan.js';
import type { Histogram } from './histogram.js';
import {
  type ClientWindow,
  MAX_ENDPOINTS,
  type MethodCount,
  type ProfileAccumulator,
  STATE_TTL_S,
  type StatusCount,
  secondCount,
} from './profile.js';

/**
 * The JavaScript side of the profile's tally in WebAssembly (wasm/tally.c): the scanner's sure
 * rows are added there while each can be added exactly as addRecord adds it; every other row is
 * added by addRecord, and the tally learns from it (the boxes of its method, status and endpoint,
 * its client's window). Before each run the running values are handed over (the second's box,
 * minimum and maximum time, histogram sums, prune state), after it they are handed back with the
 * changed client windows; the counts are added to their boxes by `finish`.
 */
export interface Tally extends RowTally {
  /** Adds the counts kept in WebAssembly to the accumulator's boxes. Call once, at the end of the read (release resets them). */
  finish(): void;
}

// Must match tally.c.
const IO_TIME = 0;
const IO_SECOND = 1;
const IO_BUSY = 2;
const IO_MIN_TIME = 3;
const IO_MAX_TIME = 4;
const IO_PRUNE_SECOND = 5;
const IO_PRUNES = 6;
const IO_HIST = 7;
const IO_REQUESTS = IO_HIST + 12;
const IO_CLOCK_JUMPS = IO_REQUESTS + 1;
const IO_SECOND_REQUESTS = IO_REQUESTS + 2;
const IO_TIMED = IO_REQUESTS + 3;
const IO_OTHER_ENDPOINTS = IO_REQUESTS + 4;
const IO_COUNT = IO_REQUESTS + 5;
const BUCKETS = 2112;
const STATUSES = 600;
const TEMPLATES = 1 << 12;
const PATHS = 1 << 12;
// Row flags (scan.c).
const F_UNSURE = 1;
const F_TIME_NEW = 2;
/**
 * When `runs` runs added fewer than `runs` rows (a log whose every other line is a new client, say:
 * a run and what the tally learns cost about what a row added saves), the tally rests for `rows`
 * rows: JavaScript reads them without handing anything over. `runs` spans the tally's warm-up,
 * where it learns each client from a row JavaScript adds (judged over 64 runs, it rested on the
 * benchmark log's 1,000 clients and never came back; 4,096 runs were too few for `ids`' 5,141 clients). Tests set `rows` to 0 (never rests), so the
 * tally meets every row of their small logs.
 */
export const restPolicy = { runs: 16_384, rows: 65_536 };

/**
 * Whether profiles use the tally. Off: measured on the shapes bench it did not beat JavaScript
 * alone (`few` at par, `ids` and `clients` 20-30% more CPU in the last alternated runs: the rows it
 * leaves are the costly ones, and handing values over and learning from JavaScript's rows costs
 * about what it saves; see docs/design-notes.md "The tally"). Its tests turn it on; the next step
 * (writes in the tally) turns it on by default when the bench shows a gain.
 */
export const tallyPolicy = { enabled: false };

/** A whole count read from a Float64Array as a small integer when it is one (see handBack). */
const small = (n: number) => (n <= 0x3fffffff ? n | 0 : n);

/** A tally for `acc` over the scanner's rows, or undefined while the accumulator only warms up. */
export function createTally(scanner: LineScanner, acc: ProfileAccumulator): Tally | undefined {
  if (!tallyPolicy.enabled || acc.warming) return undefined;
  const ex = scanner.exports;
  // The client table's slots and one for '-' (tally.c T_CLIENTS).
  const CLIENTS = ex.client_slots() + 1;
  const NO_CLIENT = CLIENTS - 1;
  const memory = ex.memory.buffer;
  const rows = new Int32Array(memory, ex.rows(), 4096 * ROW_INTS);
  const nums = new Float64Array(memory, ex.nums(), 4096 * ROW_NUMS);
  const io = new Float64Array(memory, ex.tally_io(), IO_COUNT);
  const hist = new Float64Array(memory, ex.tally_hist(), 3 * BUCKETS);
  const methodState = new Int32Array(memory, ex.tally_methods(), 8);
  const methodCounts = new Float64Array(memory, ex.tally_method_counts(), 8);
  const statusState = new Int32Array(memory, ex.tally_statuses(), STATUSES);
  const statusCounts = new Float64Array(memory, ex.tally_status_counts(), STATUSES);
  const endpointState = new Int32Array(memory, ex.tally_endpoints(), TEMPLATES * 8);
  const pathEndpointState = new Int32Array(memory, ex.tally_path_endpoints(), PATHS * 8);
  const capacity = ex.tally_capacity();
  const endpointRequests = new Float64Array(memory, ex.tally_endpoint_requests(), capacity);
  const clientValid = new Uint32Array(memory, ex.tally_client_valid(), CLIENTS);
  const windowSecond = new Float64Array(memory, ex.tally_window_second(), CLIENTS);
  const windowCount = new Int32Array(memory, ex.tally_window_count(), CLIENTS);
  const windowGeneration = new Int32Array(memory, ex.tally_window_generation(), CLIENTS);
  const dirty = new Int32Array(memory, ex.tally_dirty(), CLIENTS);
  const histograms: Histogram[] = [acc.latency, acc.responseSize, acc.requestSize];
  const methodBoxes = new Array<MethodCount | undefined>(8).fill(undefined);
  const statusBoxes = new Array<StatusCount | undefined>(STATUSES).fill(undefined);
  const endpointBoxes: { requests: number }[] = [];
  const endpointIds = new Map<object, number>();
  const windows = new Array<ClientWindow | undefined>(CLIENTS).fill(undefined);
  const windowClients = new Array<string | undefined>(CLIENTS).fill(undefined);
  const windowSweeps = new Float64Array(CLIENTS);
  let requests = acc.requests;

  const handOver = (time: number) => {
    // A record the tally did not see (another parser's) may be any client's: every window is stale.
    if (acc.requests !== requests) {
      requests = acc.requests;
      ex.tally_forget_clients();
    }
    const box = acc.lastSecondCount;
    io[IO_TIME] = time;
    io[IO_SECOND] = box === undefined ? Number.NaN : acc.lastSecond;
    io[IO_BUSY] = box === undefined ? 0 : box.busyMs;
    io[IO_MIN_TIME] = acc.minTime;
    io[IO_MAX_TIME] = acc.maxTime;
    io[IO_PRUNE_SECOND] = acc.lastPruneSecond;
    io[IO_PRUNES] = acc.prunes;
    for (let h = 0; h < 3; h++) {
      const at = IO_HIST + 4 * h;
      const histogram = histograms[h]!;
      io[at] = histogram.sum;
      io[at + 1] = histogram.min;
      io[at + 2] = histogram.max;
    }
  };

  // Counts handed back as small integers (a run adds at most 4,096 rows): a double read from a
  // Float64Array added to a field holding small integers would turn the field into a boxed
  // double, for addRecord's writes too.
  const handBack = () => {
    const box = acc.lastSecondCount!;
    box.requests += io[IO_SECOND_REQUESTS]! | 0;
    box.busyMs = io[IO_BUSY]!;
    acc.requests += io[IO_REQUESTS]! | 0;
    acc.clockJumps += io[IO_CLOCK_JUMPS]! | 0;
    acc.timed += io[IO_TIMED]! | 0;
    acc.otherEndpoints += io[IO_OTHER_ENDPOINTS]! | 0;
    acc.minTime = io[IO_MIN_TIME]!;
    acc.maxTime = io[IO_MAX_TIME]!;
    for (let h = 0; h < 3; h++) {
      const at = IO_HIST + 4 * h;
      const histogram = histograms[h]!;
      histogram.sum = io[at]!;
      histogram.min = io[at + 1]!;
      histogram.max = io[at + 2]!;
      histogram.total += io[at + 3]! | 0;
      io[at + 3] = 0;
    }
    io.fill(0, IO_REQUESTS, IO_COUNT);
    const n = ex.tally_dirty_count();
    for (let i = 0; i < n; i++) {
      const c = dirty[i]!;
      const w = windows[c]!;
      w.second = windowSecond[c]!;
      w.count = windowCount[c]!;
      w.generation = windowGeneration[c]!;
      // A sweep deletes expired windows only, and the tally just started this one anew, as
      // addRecord starts a new window (the client is counted already): it goes back in the map.
      if (windowSweeps[c] !== acc.sweeps) {
        windowSweeps[c] = acc.sweeps;
        const client = windowClients[c]!;
        if (acc.clientSecond.get(client) !== w) acc.clientSecond.set(client, w);
      }
    }
    ex.tally_clean();
    requests = acc.requests;
  };

  const learnEndpoint = (state: Int32Array, at: number, key: string | undefined) => {
    const box = key === undefined ? undefined : acc.endpoints.get(key);
    if (box === undefined) {
      // Not in the map after addRecord: the map was full, and only grows.
      if (acc.endpoints.size >= MAX_ENDPOINTS) state[at] = -1;
      return;
    }
    let id = endpointIds.get(box);
    if (id === undefined) {
      if (endpointBoxes.length >= capacity) return;
      id = endpointBoxes.length;
      endpointBoxes.push(box);
      endpointIds.set(box, id);
    }
    state[at] = id + 1;
  };

  let runs = 0;
  let added = 0;
  let resting = 0;
  return {
    run(k, n, time) {
      if (resting > 0) {
        // What the tally knows by slot went stale while JavaScript read the rows alone: the
        // tables' new keys were not followed, clients' windows changed (the record count differs,
        // so handOver forgets those too).
        if (--resting === 0) ex.tally_forget_slots();
        return k;
      }
      const second = Math.floor(time / 1000);
      if (second !== acc.lastSecond || acc.lastSecondCount === undefined) {
        // A row in a new second: its box made now, as addRecord would make it for this row (a
        // complete record, no prune due), so the tally can add the row.
        const status = nums[k * ROW_NUMS]!;
        if (
          (rows[k * ROW_INTS + 2]! & (F_UNSURE | F_TIME_NEW)) === 0 &&
          status >= 100 &&
          status <= 599 &&
          !Number.isNaN(time) &&
          !(second > acc.lastPruneSecond + STATE_TTL_S)
        )
          secondCount(acc, second);
      }
      handOver(time);
      const j = ex.tally(k, n);
      if (j > k) {
        handBack();
        added += j - k;
      }
      if (++runs === restPolicy.runs) {
        if (added < restPolicy.runs) resting = restPolicy.rows;
        runs = 0;
        added = 0;
      }
      return j;
    },
    learned(k, r) {
      if (resting > 0) return;
      requests = acc.requests;
      const b = k * ROW_INTS;
      const code = rows[b + 5]!;
      if (methodState[code] === 0) {
        const box = acc.methods.get(r.method);
        if (box !== undefined) {
          methodBoxes[code] = box;
          methodState[code] = box.write ? 2 : 1;
        }
      }
      const status = r.status;
      if (Number.isInteger(status) && status >= 0 && status < STATUSES && statusState[status] === 0) {
        const box = acc.statuses.get(status);
        if (box !== undefined) {
          statusBoxes[status] = box;
          statusState[status] = 1;
        }
      }
      const template = rows[b + 14]!;
      if (template >= 0) {
        if (endpointState[template * 8 + code] === 0)
          learnEndpoint(endpointState, template * 8 + code, r.endpointKey);
      } else {
        const at = rows[b + 4]! * 8 + code;
        if (pathEndpointState[at] === 0) learnEndpoint(pathEndpointState, at, r.endpointKey);
      }
      const c = r.clientSlot < 0 ? NO_CLIENT : r.clientSlot;
      const w = acc.lastError.has(r.client) ? undefined : acc.clientSecond.get(r.client);
      if (w === undefined) clientValid[c] = 0;
      else {
        windows[c] = w;
        windowClients[c] = r.client;
        windowSweeps[c] = acc.sweeps;
        windowSecond[c] = w.second;
        windowCount[c] = w.count;
        windowGeneration[c] = w.generation;
        clientValid[c] = ex.tally_client_gen();
      }
    },
    finish() {
      for (let code = 0; code < 8; code++) {
        const n = methodCounts[code]!;
        if (n > 0) methodBoxes[code]!.requests += small(n);
      }
      for (let s = 0; s < STATUSES; s++) {
        const n = statusCounts[s]!;
        if (n > 0) statusBoxes[s]!.requests += small(n);
      }
      endpointBoxes.forEach((box, id) => {
        box.requests += small(endpointRequests[id]!);
      });
      for (let h = 0; h < 3; h++) {
        const counts = histograms[h]!.counts;
        for (let i = 0; i < BUCKETS; i++) counts[i]! += hist[h * BUCKETS + i]!;
      }
    },
  };
}
