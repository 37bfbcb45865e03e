#!/usr/bin/env node
// Audit growth series (issue 14): time and peak RSS of `parity audit` on generated estates of 1k,
// 2k, 4k and 8k Deployments per environment (CronJobs a quarter of that), so growth is visible.
// Several builds can be compared in one run: their runs alternate, so machine load hits both alike.
// Usage: node bench/audit-growth.mjs [--sizes 1000,2000,4000,8000] [--runs 3] [--bin dist/cli/bin.js ...]
// Needs: npm run build; GNU time (/usr/bin/time) for peak RSS.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = flag('--sizes', '1000,2000,4000,8000').split(',').map(Number);
const runs = Number(flag('--runs', '3'));
const bins = args.flatMap((a, i) => (a === '--bin' ? [args[i + 1]] : []));
if (bins.length === 0) bins.push('dist/cli/bin.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const rows = [];
for (const size of sizes) {
  const dir = path.resolve(`bench/out/estate-${size}`);
  if (!existsSync(path.join(dir, 'parity.yaml')))
    execFileSync('node', ['bench/estate-generate.mjs', dir, String(size), String(size / 4)], {
      stdio: 'inherit',
    });
  const samples = new Map(bins.map((b) => [b, []]));
  for (let r = 0; r < runs; r++)
    for (const bin of r % 2 ? [...bins].reverse() : bins) {
      const load = loadavg()[0];
      const res = spawnSync(
        '/usr/bin/time',
        [
          '-f',
          '%e %M %U %S',
          'node',
          bin,
          'audit',
          '-c',
          path.join(dir, 'parity.yaml'),
          '-f',
          'json',
          '-o',
          '/dev/null',
        ],
        { encoding: 'utf8' },
      );
      const last = res.stderr.trim().split('\n').at(-1).split(' ').map(Number);
      if (![0, 1].includes(res.status ?? -1) || last.some(Number.isNaN))
        throw new Error(`${bin} on ${size}: exit ${res.status}\n${res.stderr}`);
      samples.get(bin).push({ wall: last[0], rssMiB: last[1] / 1024, cpu: last[2] + last[3], load });
    }
  for (const bin of bins) {
    const s = samples.get(bin);
    rows.push({
      size,
      bin,
      wall: median(s.map((x) => x.wall)),
      cpu: median(s.map((x) => x.cpu)),
      rss: Math.max(...s.map((x) => x.rssMiB)),
      load: s.map((x) => x.load.toFixed(1)).join('/'),
    });
  }
}

console.log(
  `\nparity audit, ${runs} runs per cell (medians; peak RSS is the largest run), node ${process.version}`,
);
console.log(
  '| workloads/env | build | wall s | CPU s (user+sys) | CPU ms per 1k workloads | peak RSS MiB | load avg (1 min) at each run |',
);
console.log('|---:|---|---:|---:|---:|---:|---|');
for (const r of rows)
  console.log(
    `| ${r.size} | ${r.bin} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${((r.cpu * 1000) / (r.size / 1000)).toFixed(0)} | ${r.rss.toFixed(0)} | ${r.load} |`,
  );
