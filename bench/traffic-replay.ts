/**
 * Replay benchmark against nginx on 127.0.0.1 (`return 200`, access log off): schedule lag at a
 * fixed open-model rate, then the highest rate sustained, with wrk on the same server as the peer.
 * Reported, not asserted. Run from the repository root:
 *   npm run bench:build && node bench/out/js/bench/traffic-replay.js
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { replay } from '../src/traffic/replay/run.js';
import type { PlannedRequest } from '../src/traffic/replay/workload.js';

const PORT = Number(process.env.BENCH_PORT ?? 18_080);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RATES = (process.env.BENCH_RATES ?? '5000,20000,40000,60000,80000,100000,120000,150000')
  .split(',')
  .map(Number);

function startNginx(): ChildProcess {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-bench-nginx-'));
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off; worker_processes 1; error_log ${dir}/error.log warn; pid ${dir}/nginx.pid;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  client_body_temp_path ${dir}/b; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;
  server { listen 127.0.0.1:${PORT}; location / { return 200 "ok"; } } }`,
  );
  return spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'inherit' });
}

function uniform(rate: number, seconds: number): PlannedRequest[] {
  const n = Math.round(rate * seconds);
  return Array.from({ length: n }, (_, i) => ({
    at: (i * 1000) / rate,
    method: 'GET',
    path: `/p/${i % 1000}`,
    template: '/p/:id',
  }));
}

let sustained = 0;

async function run(rate: number): Promise<void> {
  const plan = uniform(rate, SECONDS);
  // The library's default in-flight cap (DEFAULT_MAX_INFLIGHT), as `parity traffic replay` runs.
  const r = await replay(plan, { target: new URL(`http://127.0.0.1:${PORT}`), timeoutMs: 5000 });
  const late = r.sent - r.completed;
  // Sustained: the whole schedule sent and answered, drops under 0.1%.
  if (r.dropped <= plan.length / 1000 && late === 0 && r.notSent === 0) sustained = Math.max(sustained, rate);
  process.stdout.write(
    `${`${rate.toLocaleString('en')}/s planned`.padEnd(20)} achieved ${r.achievedRps.toLocaleString('en').padStart(7)}/s  completed ${r.completed} (${late} unanswered)  dropped ${r.dropped}  not sent ${r.notSent}  lag p50 ${r.scheduleLagMs?.p50} ms p99 ${r.scheduleLagMs?.p99} ms  latency p99 ${r.latencyMs?.p99} ms  errors ${JSON.stringify(r.errors)}\n`,
  );
}

/** wrk on the same server, before and after, as the closed-model peer (machine load varies). */
function wrk(): void {
  if (spawnSync('sh', ['-c', 'command -v wrk']).status !== 0) return;
  const out = execFileSync('wrk', ['-t1', '-c64', `-d${SECONDS}s`, `http://127.0.0.1:${PORT}/`]).toString();
  process.stdout.write(
    `wrk -t1 -c64 (closed model peer): ${/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]} requests/s\n`,
  );
}

const nginx = startNginx();
await new Promise((r) => setTimeout(r, 500));
try {
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  wrk();
  for (const rate of RATES) await run(rate);
  process.stdout.write(
    `highest rate sustained (drops < 0.1%, all answered): ${sustained.toLocaleString('en')}/s\n`,
  );
  wrk();
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
} finally {
  nginx.kill('SIGTERM');
}
