// Copies planner statistics from one database to another with PostgreSQL 18's
// pg_restore_relation_stats / pg_restore_attribute_stats: for the benchmark that shows why this is
// not enough (the planner scales reltuples by the table's real page count).
import pg from 'pg';

export async function copyStatistics(fromUrl: string, toUrl: string): Promise<void> {
  const from = new pg.Client({ connectionString: fromUrl });
  const to = new pg.Client({ connectionString: toUrl });
  await Promise.all([from.connect(), to.connect()]);
  try {
    const rels = await from.query(
      `SELECT c.relname, c.relpages, c.reltuples, c.relallvisible FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'i')`,
    );
    for (const r of rels.rows)
      await to.query(
        `SELECT pg_restore_relation_stats('schemaname', 'public', 'relname', $1::text, 'relpages', $2::int, 'reltuples', $3::real, 'relallvisible', $4::int)`,
        [r.relname, r.relpages, r.reltuples, r.relallvisible],
      );
    const atts = await from.query(
      `SELECT tablename, attname, inherited, null_frac, avg_width, n_distinct, most_common_vals::text AS mcv,
         most_common_freqs AS freqs, histogram_bounds::text AS hist, correlation
       FROM pg_stats WHERE schemaname = 'public'`,
    );
    for (const a of atts.rows) {
      const args: unknown[] = [a.tablename, a.attname, a.inherited, a.null_frac, a.avg_width, a.n_distinct];
      let sql = `SELECT pg_restore_attribute_stats('schemaname', 'public', 'relname', $1::text, 'attname', $2::text, 'inherited', $3::bool,
        'null_frac', $4::real, 'avg_width', $5::int, 'n_distinct', $6::real`;
      if (a.mcv !== null) {
        args.push(a.mcv, a.freqs);
        sql += `, 'most_common_vals', $${args.length - 1}::text, 'most_common_freqs', $${args.length}::real[]`;
      }
      if (a.hist !== null) {
        args.push(a.hist);
        sql += `, 'histogram_bounds', $${args.length}::text`;
      }
      if (a.correlation !== null) {
        args.push(a.correlation);
        sql += `, 'correlation', $${args.length}::real`;
      }
      await to.query(`${sql})`, args);
    }
  } finally {
    await Promise.all([from.end(), to.end()]);
  }
}
