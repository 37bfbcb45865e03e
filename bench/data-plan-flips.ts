// Plan-flip detection on built cases: a small staging and a big production database (same schema,
// different skew and time span). Observed: the plan production really uses (EXPLAIN there).
// Predicted: `data plans` (staging vs production EXPLAIN), `data rehearse` from production's
// statistics read over a URL (ranges + fingerprints, in process), `data rehearse` from a default
// snapshot (fingerprints, no ranges), and staging with production's statistics copied in
// (pg_restore_*_stats, PostgreSQL 18): the approach that does not work.
// node bench/out/js/bench/data-plan-flips.js [productionOrders=1000000]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { comparePlans, planBoth } from '../src/data/plans/plans.js';
import { rehearse } from '../src/data/rehearse/rehearse.js';
import { statsFromUrl } from '../src/data/rehearse/source.js';
import { statsFromFacts } from '../src/data/rehearse/stats.js';
import { startEmbedded, withDatabase } from '../src/postgres/embedded.js';
import { parseQueryFile } from '../src/postgres/query-file.js';
import { postgresSource } from '../src/sources/postgres/index.js';
import { createFingerprinter } from '../src/sources/secrets.js';
import { runSql } from '../src/test-support/postgres.js';
import { FLIP_CASES, FLIP_SCHEMA, flipFillSql, flipQueryFile } from './data-generators.js';
import { copyStatistics } from './data-stats-copy.js';

const orders = Number(process.argv[2] ?? 1_000_000);
const dir = await mkdtemp(path.join(tmpdir(), 'parity-bench-flips-'));
const schemaPath = path.join(dir, 'schema.sql');
await writeFile(schemaPath, FLIP_SCHEMA);
const queries = parseQueryFile(flipQueryFile(), 'bench', 'flips.sql').queries;
const [stgServer, prodServer] = await Promise.all([startEmbedded(), startEmbedded()]);
const secs = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
try {
  const t0 = Date.now();
  const build = async (url: string, fill: string, copy?: string) => {
    await runSql(url, 'CREATE DATABASE app');
    if (copy) await runSql(url, `CREATE DATABASE ${copy}`);
    for (const db of copy ? ['app', copy] : ['app']) {
      await runSql(withDatabase(url, db), FLIP_SCHEMA);
      await runSql(withDatabase(url, db), fill);
    }
    return withDatabase(url, 'app');
  };
  const [staging, production] = await Promise.all([
    build(
      stgServer.url,
      flipFillSql({ customers: 1000, orders: 10_000, events: 10_000, completed: 0.1, months: 2 }),
      'stgcopy',
    ),
    build(
      prodServer.url,
      flipFillSql({ customers: orders / 10, orders, events: orders, completed: 0.85, months: 24 }),
    ),
  ]);
  console.log(
    `built staging (10,000 orders) and production (${orders.toLocaleString('en-US')} orders) in ${secs(t0)}`,
  );

  // Observed, and `data plans`' prediction (which is production's own EXPLAIN).
  const both = await planBoth(
    { name: 'production', url: production, production: true },
    { name: 'staging', url: staging, production: false },
    queries,
  );
  const observed = new Map(both.baseline.map((r) => [r.name, r.summary?.shape ?? '']));
  const stagingShape = new Map(both.candidate.map((r) => [r.name, r.summary?.shape ?? '']));
  const plans = comparePlans(both.baseline, both.candidate);

  // Staging with production's statistics copied in.
  const copied = withDatabase(stgServer.url, 'stgcopy');
  await copyStatistics(production, copied);
  const copiedPlans = await planBoth(
    { name: 'production', url: production, production: true },
    { name: 'copied', url: copied, production: false },
    queries,
  );
  const copiedShape = new Map(copiedPlans.candidate.map((r) => [r.name, r.summary?.shape ?? '']));

  // Rehearsals.
  let t1 = Date.now();
  const fromUrl = await statsFromUrl(production, { statementTimeoutMs: 60_000 });
  const rehUrl = await rehearse({
    stats: fromUrl.stats,
    fingerprint: fromUrl.fingerprint!,
    schemaPath,
    queries,
    scale: 1,
    staging: { name: 'staging', url: staging, production: false },
    // This bench's own embedded staging: production is a snapshot here, its identity not comparable.
    allowUnverifiedStaging: true,
  });
  console.log(
    `rehearse (URL): ${rehUrl.generation.rows.toLocaleString('en-US')} rows at ${rehUrl.generation.rowsPerSecond.toLocaleString('en-US')} rows/s, ${secs(t1)} in all`,
  );
  t1 = Date.now();
  const key = 'bench-key';
  const snapshotFacts = await postgresSource.collect(
    { kind: 'postgres', id: 'db', paths: [], baseDir: '.', options: {} },
    postgresSource.options.parse({ url: production, mostCommonValues: true }),
    { environment: 'production', production: true, fingerprint: createFingerprinter(key) },
  );
  const rehSnap = await rehearse({
    stats: statsFromFacts(snapshotFacts.facts),
    fingerprint: createFingerprinter(key),
    schemaPath,
    queries,
    scale: 1,
    staging: { name: 'staging', url: staging, production: false },
    // This bench's own embedded staging: production is a snapshot here, its identity not comparable.
    allowUnverifiedStaging: true,
  });
  console.log(`rehearse (snapshot, no ranges): ${secs(t1)} in all`);
  if (process.env.BENCH_DETAIL === '1')
    for (const [label, r] of [
      ['URL', rehUrl],
      ['snapshot', rehSnap],
    ] as const) {
      console.log(`${label} notes: ${JSON.stringify(r.notes)}`);
      for (const q of r.queries)
        console.log(`  ${label} ${q.name}:\n    ${q.rehearsal.summary?.tree.join('\n    ')}`);
    }

  const shape = (r: typeof rehUrl, name: string) =>
    r.queries.find((q) => q.name === name)?.rehearsal.summary?.shape ?? '';
  const rows: string[][] = [
    ['case', 'kind', 'observed flip', 'plans', 'rehearse URL', 'rehearse snapshot', 'stats copied'],
  ];
  const score = { plans: 0, url: 0, snap: 0, copied: 0, urlShape: 0, snapShape: 0, copiedShape: 0 };
  for (const c of FLIP_CASES) {
    const prod = observed.get(c.name)!;
    const stg = stagingShape.get(c.name)!;
    const flip = prod !== stg;
    const verdict = (
      predicted: string,
      key: 'url' | 'snap' | 'copied',
      shapeKey: 'urlShape' | 'snapShape' | 'copiedShape',
    ) => {
      const predictedFlip = predicted !== stg;
      if (predictedFlip === flip) score[key]++;
      if (predicted === prod) score[shapeKey]++;
      return `${predictedFlip ? 'flip' : 'same'}${predicted === prod ? ' (= prod plan)' : ''}`;
    };
    const p = plans.find((x) => x.name === c.name)!.verdict === 'flip';
    if (p === flip) score.plans++;
    rows.push([
      c.name,
      c.kind,
      flip ? 'flip' : 'same',
      p ? 'flip' : 'same',
      verdict(shape(rehUrl, c.name), 'url', 'urlShape'),
      verdict(shape(rehSnap, c.name), 'snap', 'snapShape'),
      verdict(copiedShape.get(c.name)!, 'copied', 'copiedShape'),
    ]);
    if (process.env.BENCH_VERBOSE)
      console.log(
        `${c.name}\n  stg  ${stg}\n  prod ${prod}\n  url  ${shape(rehUrl, c.name)}\n  snap ${shape(rehSnap, c.name)}\n  copy ${copiedShape.get(c.name)}`,
      );
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((x, i) => x.padEnd(widths[i]!)).join('  '));
  const n = FLIP_CASES.length;
  const flips = FLIP_CASES.filter((c) => observed.get(c.name) !== stagingShape.get(c.name)).length;
  console.log(`\n${flips} of ${n} cases flip at production volume.`);
  console.log(
    `correct flip/no-flip calls: plans ${score.plans}/${n}, rehearse URL ${score.url}/${n}, rehearse snapshot ${score.snap}/${n}, stats copied ${score.copied}/${n}`,
  );
  console.log(
    `exact production plan reproduced: rehearse URL ${score.urlShape}/${n}, rehearse snapshot ${score.snapShape}/${n}, stats copied ${score.copiedShape}/${n}`,
  );
} finally {
  await Promise.all([stgServer.stop(), prodServer.stop()]);
  await rm(dir, { recursive: true, force: true });
}
