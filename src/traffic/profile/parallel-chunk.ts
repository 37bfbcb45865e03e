import type { Skip } from '../../model/snapshot.js';
import { openRegularFile } from '../../regular-file.js';
import { mergeDistinct } from './distinct.js';
import { type LogFile, type ProfileFilesOptions, readRecords } from './files.js';
import { mergeInto } from './histogram.js';
import {
  addRecord,
  createAccumulator,
  type ProfileAccumulator,
  RETRY_WINDOW_MS,
  secondCount,
} from './profile.js';
import { mergeUnknownUnit } from './unknown-unit.js';

export interface ChunkTask {
  file: LogFile;
  fileIndex: number;
  options: ProfileFilesOptions;
  /** First read before the range, in bytes (default 4 MiB; tests make it small to exercise growth). */
  warmBytes?: number;
}

/** What a chunk sends back: its accumulator without the per-client state and the memo function. */
export interface ChunkResult {
  acc: Omit<ProfileAccumulator, 'template'>;
  /** Unparsed lines sampled, with chunk-relative line numbers (fixed up when merged). */
  samples: Skip[];
  fileSkip?: Skip;
}

/** The first read before a range; doubled until it spans the retry window, up to WARM_MAX_BYTES. */
const WARM_BYTES = 4 << 20;
const WARM_MAX_BYTES = 64 << 20;

/** The first line start at or after `at` in a plain file (`limit` when there is none before it). */
async function lineStartFrom(file: string, at: number, limit: number): Promise<number> {
  if (at === 0) return 0;
  const { handle } = await openRegularFile(file);
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let from = at - 1; from < limit; from += buf.length) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, limit - from), from);
      const nl = buf.subarray(0, bytesRead).indexOf(10);
      if (nl !== -1) return from + nl + 1;
      if (bytesRead === 0) break;
    }
    return limit;
  } finally {
    await handle.close();
  }
}

/**
 * An accumulator that has read the lines just before `range` in warming mode, so behaviours across
 * the cut (a retry of an error in the previous chunk, a double submit, a client's busy second) are
 * seen as one pass sees them. The read grows until it spans RETRY_WINDOW_MS of log time.
 */
async function warmedAccumulator(task: ChunkTask, range: { start: number }): Promise<ProfileAccumulator> {
  for (let bytes = task.warmBytes ?? WARM_BYTES; ; bytes *= 2) {
    const acc = createAccumulator();
    acc.warming = true;
    const start = await lineStartFrom(task.file.absolute, Math.max(0, range.start - bytes), range.start);
    let first = Number.NaN;
    let last = Number.NaN;
    await readRecords(
      { ...task.file, range: { start, end: range.start } },
      task.options,
      (r) => {
        if (Number.isNaN(first)) first = r.time;
        last = r.time;
        addRecord(acc, r);
      },
      () => undefined,
    ).catch(() => undefined);
    acc.warming = false;
    if (start === 0 || bytes >= WARM_MAX_BYTES || last - first > RETRY_WINDOW_MS + 1000) return acc;
  }
}

/** Profiles one file or one byte range of it. Runs in a worker thread or in-process. */
export async function runChunk(
  task: ChunkTask,
  /** Bytes read from disk so far in this chunk's range (warm-up reads not counted), for progress. */
  onRead?: (bytes: number) => void,
): Promise<ChunkResult> {
  const range = task.file.range;
  const acc = range && range.start > 0 ? await warmedAccumulator(task, range) : createAccumulator();
  const samples: Skip[] = [];
  const limit = task.options.samplesPerFile ?? 5;
  const fileSkip = await readRecords(
    task.file,
    task.options,
    (r, line) => addRecord(acc, r, task.fileIndex, line),
    (line, reason) => {
      acc.unparsed++;
      if (samples.length < limit)
        samples.push({ source: task.options.source, file: task.file.display, line, reason });
    },
    {
      onLine: () => {
        acc.lines++;
      },
      accumulator: acc,
      ...(onRead ? { onRead } : {}),
    },
  ).catch((error: NodeJS.ErrnoException) => ({
    source: task.options.source,
    file: task.file.display,
    reason: `cannot read: ${error.code ?? error.message}`,
  }));
  const { template: _memo, ...rest } = acc;
  // Per-client windows only matter inside a chunk; dropping them keeps the message small.
  rest.lastWrite = new Map();
  rest.lastError = new Map();
  rest.clientSecond = new Map();
  rest.slotClients = [];
  rest.slotWindows = [];
  rest.lastSecondCount = undefined;
  return fileSkip ? { acc: rest, samples, fileSkip } : { acc: rest, samples };
}

/**
 * Adds a later chunk's counts into `target`. `lineOffset` turns the chunk's line numbers into the
 * file's. Behaviours across a chunk boundary were seen by the later chunk (it warmed up on the lines
 * before its range), so counts add up to what one pass finds.
 */
export function mergeChunk(
  target: ProfileAccumulator,
  other: ChunkResult['acc'],
  lineOffset: number,
  maxEndpoints = 2000,
): void {
  target.lines += other.lines;
  target.requests += other.requests;
  target.unparsed += other.unparsed;
  target.clockJumps += other.clockJumps;
  target.minTime = Math.min(target.minTime, other.minTime);
  target.maxTime = Math.max(target.maxTime, other.maxTime);
  for (const [second, c] of other.seconds) {
    const mine = secondCount(target, second);
    mine.requests += c.requests;
    mine.busyMs += c.busyMs;
  }
  target.timed += other.timed;
  mergeInto(target.latency, other.latency);
  mergeUnknownUnit(target.unknownUnit, other.unknownUnit);
  mergeInto(target.responseSize, other.responseSize);
  mergeInto(target.requestSize, other.requestSize);
  for (const [method, m] of other.methods) {
    const mine = target.methods.get(method);
    if (mine) mine.requests += m.requests;
    else target.methods.set(method, { ...m });
  }
  for (const [status, c] of other.statuses) {
    const mine = target.statuses.get(status);
    if (mine) mine.requests += c.requests;
    else target.statuses.set(status, { ...c, line: c.line + lineOffset });
  }
  for (const [key, e] of other.endpoints) {
    const mine = target.endpoints.get(key);
    if (mine) {
      mine.requests += e.requests;
      mine.errors += e.errors;
    } else if (target.endpoints.size < maxEndpoints)
      target.endpoints.set(key, { ...e, line: e.line + lineOffset });
    else target.otherEndpoints += e.requests;
  }
  target.otherEndpoints += other.otherEndpoints;
  target.writes += other.writes;
  mergeDistinct(target.clients, other.clients);
  mergeDistinct(target.parallelClients, other.parallelClients);
  target.duplicates += other.duplicates;
  target.retries += other.retries;
}
