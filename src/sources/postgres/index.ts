// PostgreSQL catalogs and statistics: https://www.postgresql.org/docs/current/catalogs.html
import { z } from 'zod';
import type { openSession } from '../../postgres/session.js';
import type { SourceModule, SourceResult } from '../types.js';

/** `parity.yaml` options of a postgres source (strict: unknown keys are configuration errors). */
export const PostgresOptions = z
  .object({
    /** postgres://user:password@host:port/db?sslmode=...; ${ENV} already interpolated. */
    url: z.string().min(1),
    /** A file of named SQL statements (relative to parity.yaml): their plans become facts. */
    queries: z.string().optional(),
    /** Bounded TABLESAMPLE of text columns for max length, non-ASCII and empty shares. */
    sample: z.boolean().default(false),
    sampleRows: z.number().int().positive().max(1_000_000).default(10_000),
    /** Keep pg_stats most-common values as keyed fingerprints with frequencies (never the values). */
    mostCommonValues: z.boolean().default(false),
    /** Keep the range (smallest and largest sampled value: histogram bounds, most-common values) of number, date and time columns: real data, opt-in. */
    ranges: z.boolean().default(false),
    statementTimeoutMs: z.number().int().positive().default(10_000),
    lockTimeoutMs: z.number().int().positive().default(1_000),
    connectTimeoutMs: z.number().int().positive().default(10_000),
    /** Schemas to read; default: every non-system schema. */
    schemas: z.array(z.string()).optional(),
  })
  .strict();
export type PostgresOptions = z.infer<typeof PostgresOptions>;

export const postgresSource: SourceModule<PostgresOptions> = {
  kind: 'postgres',
  description:
    'A live PostgreSQL database, read-only: server settings, schema, migrations, volume, value shape, plans.',
  docs: 'https://www.postgresql.org/docs/current/catalogs.html',
  dimensions: ['data', 'access'],
  produces: ['data/', 'access/db-role/'],
  input: 'url',
  options: PostgresOptions as z.ZodType<PostgresOptions>,
  async collect(spec, options, ctx): Promise<SourceResult> {
    const { extractCatalog } = await import('./extract.js');
    const { readCatalog } = await import('../../postgres/catalog.js');
    const { explainPgError, openSession, SessionError } = await import('../../postgres/session.js');
    const { collectPlanFacts } = await import('./plan-facts.js');
    let session: Awaited<ReturnType<typeof openSession>>;
    try {
      session = await openSession(options.url, options);
    } catch (error) {
      const reason = error instanceof SessionError ? error.message : explainPgError(error, '(database)');
      return { facts: [], skips: [{ source: spec.id, reason }] };
    }
    try {
      const { catalog, skips } = await readCatalog(session, {
        source: spec.id,
        schemas: options.schemas,
        mostCommonValues: options.mostCommonValues,
        ranges: options.ranges,
        // Sampling reads rows: on by option only, and bounded by sampleRows and the statement timeout.
        sample: options.sample,
        sampleRows: options.sampleRows,
      });
      const facts = extractCatalog(catalog, {
        source: spec.id,
        display: session.display,
        fingerprint: ctx.fingerprint,
      });
      if (options.queries) {
        const plans = await collectPlanFacts(session, spec, options.queries, ctx.production);
        facts.push(...plans.facts);
        skips.push(...plans.skips);
      }
      return { facts, skips };
    } finally {
      await session.close();
    }
  },
};
