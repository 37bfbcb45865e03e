import type { Skip } from '../model/snapshot.js';
import { mergeDistinct } from './distinct.js';
import { mergeInto } from './histogram.js';
import { addRecord, createAccumulator, type ProfileAccumulator, secondCount } from './profile.js';
import { type LogFile, type ProfileFilesOptions, readRecords } from './profile-files.js';

export interface ChunkTask {
  file: LogFile;
  fileIndex: number;
  options: ProfileFilesOptions;
}

/** What a chunk sends back: its accumulator without the per-client state and the memo function. */
export interface ChunkResult {
  acc: Omit<ProfileAccumulator, 'template'>;
  /** Unparsed lines sampled, with chunk-relative line numbers (fixed up when merged). */
  samples: Skip[];
  fileSkip?: Skip;
}

/** Profiles one file or one byte range of it. Runs in a worker thread or in-process. */
export async function runChunk(task: ChunkTask): Promise<ChunkResult> {
  const acc = createAccumulator();
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
    () => {
      acc.lines++;
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
  rest.lastSecondCount = undefined;
  return fileSkip ? { acc: rest, samples, fileSkip } : { acc: rest, samples };
}

/**
 * Adds a later chunk's counts into `target`. `lineOffset` turns the chunk's line numbers into the
 * file's. Behaviours across a chunk boundary (a double submit split between two chunks) are lost:
 * one in millions of lines, and said so in the benchmark notes.
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
