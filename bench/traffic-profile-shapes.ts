/**
 * Profile benchmark over log shapes (src/test-support/traffic-shapes.ts): for each shape, Parity on
 * one thread and on worker threads (for each build given), GoAccess and `wc -l` (the floor: reading
 * the file and finding its lines), in one run, in page cache. Every measurement is a child process
 * under GNU time: wall time, CPU (user + sys, all threads) and peak RSS. Builds alternate within a
 * shape, so a neighbour's load falls on both. Each Parity row ends with a hash of the profile's
 * JSON: builds that agree print the same hash. Run from the repository root:
 *   npm run build && npm run bench:build && node bench/out/js/bench/traffic-profile-shapes.js \
 *     [--lines 2000000] [--shapes few,ids,clients,json] [--dist bench/out/dist-before --dist dist] \
 *     [--modes one,workers] [--no-goaccess]
 * Logs are generated once into bench/out/shape-<name>-<lines>.log (delete to regenerate).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  JSON_LOG_FORMAT,
  SHAPE_NAMES,
  SHAPES,
  type Shape,
  type ShapeName,
} from '../src/test-support/traffic-shapes.js';

const args = process.argv.slice(2);
const many = (flag: string) => args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
const one = (flag: string, fallback: string) => many(flag)[0] ?? fallback;

async function child(): Promise<void> {
  // --child <dist> <mode> <file> <format>: one measurement in a fresh process.
  const [dist, mode, file, format] = args.slice(1) as [string, string, string, string];
  const base = pathToFileURL(path.resolve(dist, 'traffic/profile/')).href;
  const files = [{ absolute: file, display: path.basename(file) }];
  const options = { source: 'bench', format, fastPath: mode !== 'string' };
  const { profile } =
    mode === 'workers'
      ? // One worker per core, whatever the default picks (parallel.ts defaultLanes).
        await (await import(`${base}/parallel.js`)).profileInParallel(files, options, cpus().length)
      : await (await import(`${base}/files.js`)).profileFiles(files, options);
  const hash = createHash('sha256').update(JSON.stringify(profile)).digest('hex').slice(0, 10);
  process.stdout.write(
    JSON.stringify({ requests: profile.requests, endpoints: profile.endpoints.length, hash }),
  );
}

async function generate(shape: Shape, lines: number, file: string): Promise<void> {
  if (existsSync(file)) return;
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  for (let from = 0; from < lines; from += 10_000) {
    if (!out.write(shape.chunk(from, Math.min(10_000, lines - from))))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

interface Timed {
  wall: number;
  cpu: number;
  rssMiB: number;
  stdout: string;
  ok: boolean;
}

/** Runs a command under GNU time: wall, user + sys CPU, peak RSS. */
function timed(cmd: string, argv: string[]): Timed {
  const out = path.resolve('bench/out/time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, cmd, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const [wall, user, sys, rss] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return {
    wall: wall!,
    cpu: user! + sys!,
    rssMiB: Math.round(rss! / 1024),
    stdout: r.stdout,
    ok: r.status === 0,
  };
}

function row(label: string, lines: number, t: Timed, note = ''): void {
  const rate = Math.round(lines / t.wall).toLocaleString('en');
  process.stdout.write(
    `  ${label.padEnd(36)} ${t.wall.toFixed(2).padStart(6)} s ${rate.padStart(10)} lines/s  cpu ${t.cpu.toFixed(2).padStart(6)} s ${String(Math.round((t.cpu * 1e9) / lines)).padStart(5)} ns/line  RSS ${String(t.rssMiB).padStart(5)} MiB ${t.ok ? '' : ' FAILED'}${note}\n`,
  );
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const lines = Number(one('--lines', '2000000'));
  const shapes = one('--shapes', SHAPE_NAMES.join(',')).split(',') as ShapeName[];
  const dists = many('--dist').length > 0 ? many('--dist') : ['dist'];
  const modes = one('--modes', 'one,workers').split(',');
  const self = fileURLToPath(import.meta.url);
  process.stdout.write(`${cpus().length} cores, load average ${load()} at start\n`);
  for (const name of shapes) {
    const shape = SHAPES[name];
    if (!shape) throw new Error(`unknown shape ${name}; expected one of ${SHAPE_NAMES.join(', ')}`);
    const file = path.resolve('bench/out', `shape-${name}-${lines}.log`);
    await generate(shape, lines, file);
    execFileSync('cat', [file], { stdio: 'ignore', maxBuffer: 1 << 30 }); // page cache
    process.stdout.write(
      `\n${name}: ${shape.about}; ${lines.toLocaleString('en')} lines, ${(statSync(file).size / 1048576).toFixed(0)} MiB (load ${load()})\n`,
    );
    row('wc -l (floor)', lines, timed('wc', ['-l', file]));
    const formats = name === 'json' ? [shape.format, JSON_LOG_FORMAT] : [shape.format];
    for (const format of formats) {
      for (const mode of modes) {
        for (const dist of dists) {
          const t = timed(process.execPath, [self, '--child', dist, mode, file, format]);
          const via = format === JSON_LOG_FORMAT ? ', its log_format' : '';
          let note = '';
          try {
            const r = JSON.parse(t.stdout) as { requests: number; hash: string };
            note = ` req ${r.requests} #${r.hash}`;
          } catch {
            note = ` ${t.stdout.slice(0, 80)}`;
          }
          row(`parity ${path.basename(dist)} ${mode}${via}`, lines, t, note);
        }
      }
    }
    if (!args.includes('--no-goaccess')) {
      if (Array.isArray(shape.goaccess)) {
        const report = path.resolve('bench/out', `goaccess-${name}.json`);
        const t = timed('goaccess', [file, ...shape.goaccess, '-o', report, '--no-progress']);
        let note = '';
        try {
          const g = JSON.parse(readFileSync(report, 'utf8')) as { general: Record<string, number> };
          note = ` valid ${g.general.valid_requests} failed ${g.general.failed_requests}`;
        } catch {}
        row('goaccess 1.7 (json report)', lines, t, note);
      } else process.stdout.write(`  goaccess: ${shape.goaccess.unsupported}\n`);
    }
  }
  process.stdout.write(`\nload average ${load()} at end\n`);
}

if (args[0] === '--child') await child();
else await main();
