/**
 * Profile benchmark: a 2,000,000-line nginx combined log (+ $request_time, ~182 bytes a line, 363 MB
 * like the reference file in BENCHMARKS.md), profiled by Parity (string path on one thread as the
 * "before", byte path on one thread and on worker threads), against `wc -l` and GoAccess on the
 * same file, in page cache, in the same run. Reported, not asserted. Run from the repository root:
 *   npm run bench:build && node bench/out/js/bench/traffic-profile.js [lines]
 * The log is generated once into bench/out/combined-180b-<lines>.log (delete it to regenerate).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { profileInParallel } from '../src/traffic/parallel.js';
import { profileFiles } from '../src/traffic/profile-files.js';
import { combinedChunk } from './traffic-generators.js';

const LINES = Number(process.argv[2] ?? 2_000_000);
const FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
const file = path.resolve('bench/out', `combined-180b-${LINES}.log`);

async function generate(): Promise<void> {
  if (existsSync(file)) return;
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  for (let from = 0; from < LINES; from += 10_000) {
    if (!out.write(combinedChunk(from, Math.min(10_000, LINES - from))))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = process.hrtime.bigint();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return fn().then((v) => {
    clearInterval(sampler);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const rate = Math.round(LINES / s);
    process.stdout.write(
      `${label.padEnd(34)} ${s.toFixed(2).padStart(7)} s  ${rate.toLocaleString('en').padStart(11)} lines/s  peak RSS ${Math.round(peak / 1048576)} MiB\n`,
    );
    return v;
  });
}

function external(label: string, cmd: string, args: string[]): void {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    process.stdout.write(`${label.padEnd(34)} (not installed)\n`);
    return;
  }
  const t = process.hrtime.bigint();
  execFileSync(cmd, args, { stdio: 'ignore', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(
    `${label.padEnd(34)} ${s.toFixed(2).padStart(7)} s  ${Math.round(LINES / s)
      .toLocaleString('en')
      .padStart(11)} lines/s\n`,
  );
}

await generate();
process.stdout.write(
  `${file}: ${LINES.toLocaleString('en')} lines, ${(statSync(file).size / 1048576).toFixed(0)} MiB\n`,
);
execFileSync('cat', [file], { stdio: 'ignore', maxBuffer: 1 << 30 }); // page cache
external('wc -l', 'wc', ['-l', file]);
await timed('parity, 1 thread, string path', () =>
  profileFiles([{ absolute: file, display: 'bench.log' }], {
    source: 'bench',
    format: FORMAT,
    fastPath: false,
  }),
);
const one = await timed('parity, 1 thread', () =>
  profileFiles([{ absolute: file, display: 'bench.log' }], { source: 'bench', format: FORMAT }),
);
const many = await timed('parity, worker threads', () =>
  profileInParallel([{ absolute: file, display: 'bench.log' }], { source: 'bench', format: FORMAT }),
);
process.stdout.write(
  `requests: 1 thread ${one.profile.requests}, workers ${many.profile.requests}; endpoints ${one.profile.endpoints.length}/${many.profile.endpoints.length}\n`,
);
external('goaccess (full report, json)', 'goaccess', [
  file,
  '--log-format=COMBINED',
  '-o',
  path.resolve('bench/out/goaccess.json'),
  '--no-progress',
]);
