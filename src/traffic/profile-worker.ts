// Worker-thread entry: profiles one chunk and posts the result back (see parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type ChunkTask, runChunk } from './parallel-chunk.js';

const result = await runChunk(workerData as ChunkTask);
parentPort?.postMessage(result);
