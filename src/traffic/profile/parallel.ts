import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Skip } from '../../model/snapshot.js';
import { openRegularFile } from '../../regular-file.js';
import { isGzip, orderRotated } from '../logs/read-lines.js';
import type { LogFile, ProfileFilesOptions } from './files.js';
import { finishProfile } from './finish.js';
import { type ChunkResult, type ChunkTask, mergeChunk, runChunk } from './parallel-chunk.js';
import { createAccumulator } from './profile.js';
import type { TrafficProfile } from './schema.js';

/** Files smaller than this are read whole by one thread: splitting costs more than it saves. */
const MIN_SPLIT_BYTES = 32 * 1024 * 1024;

/** Cuts a plain file into `parts` byte ranges that start at line starts. */
export async function splitAtLines(
  file: string,
  size: number,
  parts: number,
): Promise<{ start: number; end: number }[]> {
  const cuts = [0];
  const { handle } = await openRegularFile(file);
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let i = 1; i < parts; i++) {
      const at = Math.floor((size * i) / parts);
      const { bytesRead } = await handle.read(buf, 0, buf.length, at);
      const nl = buf.subarray(0, bytesRead).indexOf(10);
      const cut = nl === -1 ? size : at + nl + 1;
      if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
    }
  } finally {
    await handle.close();
  }
  cuts.push(size);
  return cuts.slice(0, -1).map((start, i) => ({ start, end: cuts[i + 1]! }));
}

/**
 * Lanes (worker threads) by default: one per core. On two cores at load ~1-2 (2M lines a shape, one
 * run each, docs/design-notes.md "Speed over log shapes"), two workers lost to one thread only on
 * the cheapest log (`few`: 1.71 against 1.56 s wall) and won on every other shape (`ids` 3.60 against
 * 4.27 s, `clients` 4.47 against 5.35 s, JSON lines 9.70 against 16.74 s): a worker's ~150 ms start
 * is paid back wherever a line costs more than about a microsecond. One lane per core but one was
 * tried, from the `few` reading alone, and not kept.
 */
export function defaultLanes(cores = availableParallelism()): number {
  return Math.max(1, cores);
}

const WORKER = new URL('./worker.js', import.meta.url);

type WorkerMessage = { progress: number } | { result: ChunkResult };

function runInWorker(task: ChunkTask, onRead: (bytes: number) => void): Promise<ChunkResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: task });
    worker.on('message', (m: WorkerMessage) => {
      if ('progress' in m) onRead(m.progress);
      else resolve(m.result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`profile worker exited with code ${code}`));
    });
  });
}

/**
 * Profiles files on worker threads: large plain files are cut at line boundaries, one range per
 * thread, and the partial profiles merged. Run from TypeScript sources (tests), where the worker
 * file is not compiled, the same chunks run in-process.
 */
export async function profileInParallel(
  files: readonly LogFile[],
  options: ProfileFilesOptions,
  threads = defaultLanes(),
  minSplitBytes = MIN_SPLIT_BYTES,
  /** Tests only: the first read before a chunk, so the warm-up's growth is exercised. */
  warmBytes?: number,
  /** Bytes read so far of all files' bytes on disk, called as reads complete (for a progress line). */
  onProgress?: (done: number, total: number) => void,
): Promise<{ profile: TrafficProfile; skips: Skip[] }> {
  const byPath = new Map(files.map((f) => [f.absolute, f]));
  const ordered = orderRotated(files.map((f) => f.absolute)).map((a) => byPath.get(a)!);
  const tasks: ChunkTask[] = [];
  let total = 0;
  let done = 0;
  const onRead = (bytes: number) => {
    done += bytes;
    onProgress?.(done, total);
  };
  for (const [fileIndex, file] of ordered.entries()) {
    const size = await stat(file.absolute).then(
      (s) => s.size,
      () => 0,
    );
    total += size;
    const split = threads > 1 && size >= minSplitBytes && !(await isGzip(file.absolute));
    // A file that cannot be cut (unreadable) is read whole by one lane, which reports why it failed.
    const ranges = split
      ? await splitAtLines(file.absolute, size, threads).catch(() => [undefined])
      : [undefined];
    for (const range of ranges)
      tasks.push({ file: range ? { ...file, range } : file, fileIndex, options, warmBytes });
  }
  const useWorkers = existsSync(fileURLToPath(WORKER)) && threads > 1;
  const results: ChunkResult[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = useWorkers ? await runInWorker(tasks[i]!, onRead) : await runChunk(tasks[i]!, onRead);
    }
  };
  await Promise.all(Array.from({ length: Math.min(threads, tasks.length) }, lane));
  const acc = createAccumulator();
  const skips: Skip[] = [];
  const linesBefore = new Map<number, number>();
  const samples = options.samplesPerFile ?? 5;
  const unparsedPerFile = new Map<number, number>();
  results.forEach((r, i) => {
    const fileIndex = tasks[i]!.fileIndex;
    const offset = linesBefore.get(fileIndex) ?? 0;
    mergeChunk(acc, r.acc, offset);
    linesBefore.set(fileIndex, offset + r.acc.lines);
    const shown = unparsedPerFile.get(fileIndex) ?? 0;
    for (const s of r.samples.slice(0, Math.max(0, samples - shown)))
      skips.push({ ...s, line: (s.line ?? 0) + offset });
    unparsedPerFile.set(fileIndex, shown + r.acc.unparsed);
    if (r.fileSkip) skips.push(r.fileSkip);
  });
  for (const [fileIndex, n] of unparsedPerFile) {
    if (n > samples)
      skips.push({
        source: options.source,
        file: ordered[fileIndex]!.display,
        reason: `${n} lines did not parse (${samples} shown above)`,
      });
  }
  return {
    profile: finishProfile(
      acc,
      ordered.map((f) => f.display),
    ),
    skips,
  };
}
