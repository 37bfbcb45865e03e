// Worker-thread entry: profiles one chunk and posts the result back (see parallel.ts), with the
// bytes read so far posted now and then for the progress line.
import { parentPort, workerData } from 'node:worker_threads';
import { type ChunkTask, runChunk } from './parallel-chunk.js';

/** Bytes between progress messages: a message per 16 MiB costs nothing next to reading them. */
const PROGRESS_BYTES = 16 << 20;

let unreported = 0;
const result = await runChunk(workerData as ChunkTask, (bytes) => {
  unreported += bytes;
  if (unreported >= PROGRESS_BYTES) {
    parentPort?.postMessage({ progress: unreported });
    unreported = 0;
  }
});
if (unreported > 0) parentPort?.postMessage({ progress: unreported });
parentPort?.postMessage({ result });
