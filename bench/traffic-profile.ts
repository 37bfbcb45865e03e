/**
 * Profile benchmark: a 2,000,000-line nginx combined log (+ $request_time, ~182 bytes a line, 363 MB
 * like the reference file in BENCHMARKS.md), profiled by Parity (string path on one thread as the
 * "before", byte path on one thread and on worker threads, and the same log gzipped on one thread),
 * against `wc -l`, `gzip -dc | wc -l` and GoAccess on the same file, in page cache, in the same run. Each Parity run is a child process of its own. Wall
 * time, CPU time (all threads) and peak RSS are reported, not asserted. Run from the repository root:
 *   npm run bench:build && node bench/out/js/bench/traffic-profile.js [lines]
 * The log is generated once into bench/out/combined-180b-<lines>.log (and .log.gz; delete to regenerate).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { combinedChunk } from '../src/test-support/traffic-generators.js';
import { profileFiles } from '../src/traffic/profile/files.js';
import { profileInParallel } from '../src/traffic/profile/parallel.js';

const LINES = Number(process.argv[2] ?? 2_000_000);
const FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
const file = path.resolve('bench/out', `combined-180b-${LINES}.log`);
const gzFile = `${file}.gz`;

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

/** The same log gzipped (level 1, as logrotate's compresscmd is often set for speed). */
async function generateGzip(): Promise<void> {
  if (existsSync(gzFile)) return;
  await pipeline(createReadStream(file), createGzip({ level: 1 }), createWriteStream(gzFile));
}

/** Wall time, CPU time (all threads: on a shared machine it says what the work cost) and peak RSS. */
function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return fn().then((v) => {
    clearInterval(sampler);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const used = process.cpuUsage(cpu);
    const cpuS = (used.user + used.system) / 1e6;
    const rate = Math.round(LINES / s);
    process.stdout.write(
      `${label.padEnd(34)} ${s.toFixed(2).padStart(7)} s  ${rate.toLocaleString('en').padStart(11)} lines/s  cpu ${cpuS.toFixed(2)} s (${Math.round((cpuS * 1e9) / LINES)} ns/line)  peak RSS ${Math.round(peak / 1048576)} MiB\n`,
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

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

const RUNS = {
  string: () =>
    timed('parity, 1 thread, string path', () =>
      profileFiles([{ absolute: file, display: 'bench.log' }], {
        source: 'bench',
        format: FORMAT,
        fastPath: false,
      }),
    ),
  one: () =>
    timed('parity, 1 thread', () =>
      profileFiles([{ absolute: file, display: 'bench.log' }], { source: 'bench', format: FORMAT }),
    ),
  gzip: () =>
    timed('parity, 1 thread, same log gzipped', () =>
      profileFiles([{ absolute: gzFile, display: 'bench.log.gz' }], { source: 'bench', format: FORMAT }),
    ),
  workers: () =>
    timed('parity, worker threads', () =>
      profileInParallel([{ absolute: file, display: 'bench.log' }], { source: 'bench', format: FORMAT }),
    ),
};
type Run = keyof typeof RUNS;

const only = process.argv[3] as Run | undefined;
if (only !== undefined) {
  // A child run: one measurement in a fresh process, so no run inherits another's JIT state
  // (the string path trains the shared profile code on other string shapes) or heap.
  const { profile } = await RUNS[only]();
  process.stdout.write(`  requests ${profile.requests}, endpoints ${profile.endpoints.length}\n`);
} else {
  await generate();
  await generateGzip();
  process.stdout.write(`${load()}, ${cpus().length} cores\n`);
  process.stdout.write(
    `${file}: ${LINES.toLocaleString('en')} lines, ${(statSync(file).size / 1048576).toFixed(0)} MiB\n`,
  );
  execFileSync('cat', [file], { stdio: 'ignore', maxBuffer: 1 << 30 }); // page cache
  external('wc -l', 'wc', ['-l', file]);
  external('gzip -dc | wc -l (inflating alone)', 'sh', ['-c', `gzip -dc '${gzFile}' | wc -l`]);
  for (const run of Object.keys(RUNS))
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(LINES), run], {
      stdio: 'inherit',
    });
  external('goaccess (full report, json)', 'goaccess', [
    file,
    '--log-format=COMBINED',
    '-o',
    path.resolve('bench/out/goaccess.json'),
    '--no-progress',
  ]);
  process.stdout.write(`${load()}\n`);
}
