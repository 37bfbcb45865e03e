// Class 1: query files that try to write (data plans, audit's postgres source, data rehearse).
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hostileHeaders, hostileQueries, queryFile } from './corpus-queries.mjs';
import { cli, OUT, ROOT, write } from './lib.mjs';
import { ALLOWED, db, logOffset, nonReads, PG15, prepare, state, statementsSince } from './pg.mjs';

const PWNED = '/tmp/parity-attack-pwned';

export async function startPg18() {
  const { startEmbedded } = await import(path.join(ROOT, 'dist/data/embedded.js'));
  const log = [];
  const server = await startEmbedded({ settings: { log_statement: 'all' }, onLog: (m) => log.push(m) });
  return { server, url: server.url, log };
}

function pg18Statements(log, from) {
  return statementsSince(0, log.slice(from).join('\n'));
}

export async function dbWrites(tally, pg18) {
  await prepare(PG15);
  await prepare(pg18.url);
  const prod15 = db(PG15, 'attack_prod');
  const stg18 = db(pg18.url, 'attack_stg');
  const prod18 = db(pg18.url, 'attack_prod');
  const dir = path.join(OUT, 'db-writes');
  const entries = Object.entries(hostileQueries());
  const files = [
    ...entries.map(([n, s]) => [n, queryFile([[n, s]]), s]),
    ...Object.entries(hostileHeaders()).map(([n, t]) => [n, t, null]),
  ];
  const checkWrites = async (before, from15, from18, sent) => {
    const after = [await state(prod15), await state(stg18), await state(prod18)];
    const writes = [];
    if (after.join() !== before.join())
      writes.push(`state changed: ${before.join(' ')} -> ${after.join(' ')}`);
    const st15 = statementsSince(from15);
    const st18 = pg18Statements(pg18.log, from18);
    for (const s of [...nonReads(st15), ...nonReads(st18)])
      writes.push(`non-read logged: ${s.slice(0, 160)}`);
    // Statements with no attack_ name (COMMIT alone): sent verbatim is a breach.
    if (sent)
      for (const s of [...st15, ...st18])
        if (s === sent.trim() && !ALLOWED.some((re) => re.test(s)))
          writes.push(`sent verbatim: ${s.slice(0, 120)}`);
    if (existsSync(PWNED)) {
      writes.push('psql meta-command ran');
      rmSync(PWNED);
    }
    return writes;
  };
  for (const [name, text, sent] of files) {
    const file = path.join(dir, `${name}.sql`);
    write(file, text);
    const before = [await state(prod15), await state(stg18), await state(prod18)];
    const from15 = logOffset();
    const from18 = pg18.log.length;
    const r = await cli([
      'data',
      'plans',
      '--queries',
      file,
      '--baseline-url',
      prod15,
      '--candidate-url',
      stg18,
      '--format',
      'json',
    ]);
    await new Promise((res) => setTimeout(res, 150));
    const writes = await checkWrites(before, from15, from18, sent);
    // Exit: 0/1 only when every query was planned on both sides; anything unplanned or refused is 2.
    let _out = {};
    try {
      _out = JSON.parse(r.stdout);
    } catch {}
    const unplanned = /UNPLANNED|refused|not compared|error/i.test(r.stdout + r.stderr);
    const okCodes = unplanned || r.stdout.trim() === '' ? [2] : [0, 1];
    tally.record('1 query writes (data plans)', name, r, {
      okCodes,
      extra: { writes: writes.length, detail: writes.join('; ') || undefined },
    });
    if (writes.length) await Promise.all([prepare(PG15), prepare(pg18.url)]);
  }
  // All hostile entries in one file: audit (postgres source queries:) and rehearse --from-url.
  const all = path.join(dir, 'all.sql');
  const schema = path.join(dir, 'schema.sql');
  write(schema, 'CREATE TABLE attack_victims (id int PRIMARY KEY, v text);\n');
  write(all, queryFile(entries));
  const proj = path.join(dir, 'audit-project');
  write(path.join(proj, 'queries.sql'), queryFile(entries));
  write(
    path.join(proj, 'parity.yaml'),
    `version: 1\nbaseline: production\nenvironments:\n  production:\n    sources:\n      - kind: postgres\n        id: db\n        url: ${prod15}\n        queries: queries.sql\n  staging:\n    sources:\n      - kind: postgres\n        id: db\n        url: ${stg18}\n        queries: queries.sql\n`,
  );
  for (const format of ['text', 'json', 'markdown']) {
    const before = [await state(prod15), await state(stg18), await state(prod18)];
    const from15 = logOffset();
    const from18 = pg18.log.length;
    const r = await cli(['audit', '-c', path.join(proj, 'parity.yaml'), '-f', format], { cwd: proj });
    await new Promise((res) => setTimeout(res, 150));
    const writes = await checkWrites(before, from15, from18, null);
    tally.record('1 query writes (audit queries:)', `all-${format}`, r, {
      extra: { writes: writes.length, detail: writes.join('; ') || undefined },
    });
  }
  for (const [label, from] of [
    ['pg15', prod15],
    ['pg18', prod18],
  ]) {
    const before = [await state(prod15), await state(stg18), await state(prod18)];
    const from15 = logOffset();
    const from18 = pg18.log.length;
    const r = await cli(
      [
        'data',
        'rehearse',
        '--schema',
        schema,
        '--from-url',
        from,
        '--queries',
        all,
        '--scale',
        '0.01',
        '--format',
        'json',
        '--workers',
        '1',
      ],
      { killS: 180 },
    );
    await new Promise((res) => setTimeout(res, 150));
    const writes = await checkWrites(before, from15, from18, null);
    // Some queries are refused: the rehearsal did not do all that was asked -> 2.
    tally.record(
      '1 query writes (rehearse --from-url)',
      `all-${label}`,
      { ...r, hang: r.ms > 180_000 },
      { okCodes: [2], extra: { writes: writes.length, detail: writes.join('; ') || undefined } },
    );
  }
}
