// Rehearsal accuracy against a real tool-made pair: pgbench -i at a small scale (staging, whose
// schema is the candidate's) and a big one (production), plus a skewed variant of the big one
// (abalance skewed: hot values and a long tail; rows put back in aid order). Truth: EXPLAIN and
// EXPLAIN ANALYZE on the real big database. Predicted: `data rehearse` from production's
// statistics read over its URL, at production volume, on the small database's schema; and the
// small database itself (what staging alone would show). Prints per query the plan agreement and
// the latency error, and whether repeated rehearsals plan the same.
// node bench/out/js/bench/data-rehearse-accuracy.js [bigScale=10] [smallScale=1] [runs=2]
// BEFORE=bench/out/dist-before/data/rehearse/rehearse.js also runs an older build, alternating.
import { execFile } from 'node:child_process';
import { loadavg as osLoadavg } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readCandidateSchema } from '../src/data/rehearse/candidate-schema.js';
import type { RehearseOptions, RehearseResult } from '../src/data/rehearse/rehearse.js';
import { rehearse as rehearseNow } from '../src/data/rehearse/rehearse.js';
import { statsFromUrl } from '../src/data/rehearse/source.js';
import { startEmbedded, withDatabase } from '../src/postgres/embedded.js';
import { type ExplainResult, explainQueries } from '../src/postgres/explain.js';
import { parseQueryFile } from '../src/postgres/query-file.js';
import { openSession } from '../src/postgres/session.js';
import { runSql } from '../src/test-support/postgres.js';

const run = promisify(execFile);
const bigScale = Number(process.argv[2] ?? 10);
const smallScale = Number(process.argv[3] ?? 1);
const runs = Number(process.argv[4] ?? 2);
const PGBENCH = process.env.PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench';

const QUERIES = `-- name: balance-zero
SELECT count(*) FROM pgbench_accounts WHERE abalance = 0;
-- name: balance-hot
SELECT aid FROM pgbench_accounts WHERE abalance = 1000;
-- name: balance-rare
SELECT aid FROM pgbench_accounts WHERE abalance = 777;
-- name: branch
SELECT count(*) FROM pgbench_accounts WHERE bid = 3;
-- name: aid-range
SELECT sum(abalance) FROM pgbench_accounts WHERE aid BETWEEN 1000 AND 60000;
-- name: join-branches
SELECT b.bid, sum(a.abalance) FROM pgbench_accounts a JOIN pgbench_branches b ON b.bid = a.bid
WHERE a.aid < 20000 GROUP BY b.bid;
-- name: tellers-of-account
SELECT t.tid FROM pgbench_accounts a JOIN pgbench_tellers t ON t.bid = a.bid WHERE a.aid = 42;
-- name: top-balances
SELECT aid, abalance FROM pgbench_accounts WHERE abalance > 0 ORDER BY abalance DESC LIMIT 20;
`;
const queries = parseQueryFile(QUERIES, 'bench', 'pgbench.sql').queries;
const INDEXES = `CREATE INDEX accounts_bid ON pgbench_accounts (bid);
CREATE INDEX accounts_abalance ON pgbench_accounts (abalance);`;
/** 60% zero, 5% 1000, 3% -500, 2% 250, the rest spread over +-100,000; then back in aid order. */
const SKEW = `UPDATE pgbench_accounts SET abalance = CASE
  WHEN aid % 100 < 60 THEN 0 WHEN aid % 100 < 65 THEN 1000 WHEN aid % 100 < 68 THEN -500
  WHEN aid % 100 < 70 THEN 250 ELSE ((aid::int8 * 7919) % 200001)::int - 100000 END`;

type Rehearse = (o: RehearseOptions) => Promise<RehearseResult>;
const before = process.env.BEFORE
  ? ((await import(path.resolve(process.env.BEFORE))) as { rehearse: Rehearse }).rehearse
  : undefined;

const secs = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const server = await startEmbedded({ settings: { max_connections: 40 } });
try {
  const t0 = Date.now();
  const pgbench = async (db: string, scale: number) => {
    await runSql(server.url, `CREATE DATABASE ${db}`);
    const url = withDatabase(server.url, db);
    await run(PGBENCH, ['-i', '-q', '-s', String(scale), url], { maxBuffer: 1 << 24 });
    await runSql(url, `${INDEXES}\nANALYZE;`);
    return url;
  };
  const [small, big, skew] = await Promise.all([
    pgbench('small', smallScale),
    pgbench('big', bigScale),
    pgbench('skew', bigScale),
  ]);
  for (const sql of [SKEW, 'CLUSTER pgbench_accounts USING pgbench_accounts_pkey', 'VACUUM ANALYZE'])
    await runSql(skew, sql);
  console.log(
    `pgbench -i: small (scale ${smallScale}), big and skewed (scale ${bigScale}) in ${secs(t0)}; load ${loadavg()}`,
  );
  const schema = await readCandidateSchema(small, { statementTimeoutMs: 60_000 });
  const explain = async (url: string, analyze: boolean): Promise<ExplainResult[]> => {
    const s = await openSession(url, {
      statementTimeoutMs: 120_000,
      lockTimeoutMs: 1_000,
      connectTimeoutMs: 10_000,
      writable: true,
    });
    try {
      if (!analyze) return await explainQueries(s, queries, { analyze: false, production: false });
      // The fastest of three runs, as rehearse --runs 3 keeps.
      const best = new Map<string, ExplainResult>();
      for (let i = 0; i < 3; i++)
        for (const r of await explainQueries(s, queries, { analyze: true, production: false })) {
          const prev = best.get(r.name);
          if (!prev || (r.summary?.executionMs ?? 1e9) < (prev.summary?.executionMs ?? 1e9))
            best.set(r.name, r);
        }
      return queries.map((q) => best.get(q.name)!);
    } finally {
      await s.close();
    }
  };
  const staging = await explain(small, false);
  for (const [label, production] of [
    [`pgbench scale ${bigScale}`, big],
    [`pgbench scale ${bigScale}, skewed abalance`, skew],
  ] as const) {
    const truth = await explain(production, true);
    const input = await statsFromUrl(production, { statementTimeoutMs: 60_000 });
    const builds: [string, Rehearse][] = before
      ? [
          ['before', before],
          ['after', rehearseNow],
        ]
      : [['after', rehearseNow]];
    const results = new Map<string, RehearseResult[]>();
    // Alternate the builds, run after run.
    for (let i = 0; i < runs; i++)
      for (const [name, fn] of builds) {
        const t1 = Date.now();
        const c1 = cpu();
        const r = await fn({
          stats: input.stats,
          fingerprint: input.fingerprint!,
          schemaSql: { text: schema.sql, label: 'small' },
          queries,
          scale: 1,
          runs: 3,
        });
        console.log(
          `  ${label}: rehearse (${name}) run ${i + 1}: ${r.generation.rows.toLocaleString('en-US')} rows, ${secs(t1)} wall, ${(cpu() - c1).toFixed(1)} s CPU in this process, load ${loadavg()}`,
        );
        results.set(name, [...(results.get(name) ?? []), r]);
      }
    console.log(`\n${label}: truth = EXPLAIN (ANALYZE) on the real database`);
    const header = ['query', 'production plan', 'staging (small)'];
    for (const [name] of builds) header.push(`rehearse ${name}`, `${name}: ms vs production`);
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    const agree = new Map<string, number>();
    const stable = new Map<string, number>();
    const errors = new Map<string, number[]>();
    let stagingAgree = 0;
    queries.forEach((q, i) => {
      const t = truth[i]!.summary!;
      const st = staging[i]!.summary?.shape === t.shape;
      if (st) stagingAgree++;
      const row = [q.name, short(t.shape), st ? 'same' : 'differs'];
      for (const [name] of builds) {
        const rs = results.get(name)!;
        const first = rs[0]!.queries[i]!.rehearsal.summary!;
        const same = first.shape === t.shape;
        if (same) agree.set(name, (agree.get(name) ?? 0) + 1);
        if (rs.every((r) => r.queries[i]!.rehearsal.summary?.shape === first.shape))
          stable.set(name, (stable.get(name) ?? 0) + 1);
        const ms = Math.min(...rs.map((r) => r.queries[i]!.rehearsal.summary?.executionMs ?? 1e9));
        const err = (ms - t.executionMs!) / t.executionMs!;
        errors.set(name, [...(errors.get(name) ?? []), Math.abs(err)]);
        row.push(
          same ? 'same' : `differs: ${short(first.shape)}`,
          `${ms.toFixed(2)} vs ${t.executionMs!.toFixed(2)} (${err >= 0 ? '+' : ''}${(err * 100).toFixed(0)}%)`,
        );
      }
      console.log(`| ${row.join(' | ')} |`);
    });
    const n = queries.length;
    console.log(`staging's plan = production's: ${stagingAgree}/${n}`);
    for (const [name] of builds) {
      const e = [...errors.get(name)!].sort((a, b) => a - b);
      console.log(
        `rehearse ${name}: production's plan ${agree.get(name) ?? 0}/${n}; same plan in all ${runs} runs ${stable.get(name) ?? 0}/${n}; latency error median ${pct(e[Math.floor(e.length / 2)]!)}, max ${pct(e.at(-1)!)}`,
      );
    }
    console.log('');
  }
} finally {
  await server.stop();
}

function short(shape: string): string {
  return shape.length > 90 ? `${shape.slice(0, 87)}...` : shape;
}
function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}
function loadavg(): string {
  return osLoadavg()[0]!.toFixed(1);
}
