import { ConfigError } from '../../errors.js';
import type { Skip } from '../../model/snapshot.js';
import { Snapshot } from '../../model/snapshot.js';
import { readCatalog } from '../../postgres/catalog.js';
import { openSession, SessionError } from '../../postgres/session.js';
import { extractCatalog } from '../../sources/postgres/extract.js';
import { createFingerprinter, fingerprintKeyId, randomFingerprintKey } from '../../sources/secrets.js';
import type { Fingerprinter } from '../../sources/types.js';
import { factsOfSource, type ProductionStats, statsFromFacts } from './stats.js';

/** Production's statistics and, when query literals can be recognised, the fingerprinter to do it. */
export interface StatsInput {
  stats: ProductionStats;
  /** Absent when the fingerprints cannot be reproduced (another key): skew is then kept without the literals. */
  fingerprint?: Fingerprinter;
  notes: string[];
  skips: Skip[];
}

/**
 * Reads production's statistics over a read-only session (the postgres source's own catalog
 * reader): the system catalogues and pg_stats, never a table's rows (not even a migration
 * tool's table). Most-common values are fingerprinted in this process with a throwaway key, so
 * no production value is kept, printed or written.
 */
export async function statsFromUrl(
  url: string,
  options: { statementTimeoutMs: number; schemas?: string[] },
): Promise<StatsInput> {
  const key = randomFingerprintKey();
  const fingerprint = createFingerprinter(key);
  const session = await openSession(url, {
    statementTimeoutMs: options.statementTimeoutMs,
    lockTimeoutMs: 1_000,
    connectTimeoutMs: 10_000,
  }).catch((error: unknown) => {
    throw new ConfigError(error instanceof SessionError ? error.message : String(error), '--from-url');
  });
  try {
    const { catalog, skips } = await readCatalog(session, {
      source: 'rehearse',
      ...(options.schemas ? { schemas: options.schemas } : {}),
      mostCommonValues: true,
      // Read in this process only: where production's times and numbers lie, never written out.
      ranges: true,
      sample: false,
      sampleRows: 0,
      // A migration table is a table: its rows (names, authors) are rows, and rehearse needs none.
      migrations: false,
    });
    const facts = extractCatalog(catalog, { source: 'rehearse', display: session.display, fingerprint });
    const stats = statsFromFacts(facts);
    const notes = stats.hasMcv
      ? []
      : ['production has no most-common values in pg_stats: skew follows top frequencies only'];
    return { stats, fingerprint, notes, skips };
  } finally {
    await session.close();
  }
}

/**
 * Reads production's statistics from a `parity snapshot` file. Its most-common values are keyed
 * fingerprints: a query literal is recognised only under the same key (PARITY_FINGERPRINT_KEY).
 */
export function statsFromSnapshot(
  text: string,
  file: string,
  key: string | undefined,
  source?: string,
): StatsInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError('expected a JSON snapshot written by `parity snapshot`', file);
  }
  const parsed = Snapshot.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(
      `not a parity snapshot: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      file,
    );
  const snapshot = parsed.data;
  const facts = factsOfSource(snapshot.facts, source);
  const stats = statsFromFacts(facts);
  const notes: string[] = [];
  if (stats.tables.size === 0)
    throw new ConfigError(
      `no table statistics${source ? ` from source ${source}` : ''} in this snapshot: expected data/table/<name>/rows facts from a postgres source`,
      file,
    );
  if (!stats.hasMcv) {
    notes.push(
      'the snapshot has no most-common values (set `mostCommonValues: true` on the postgres source): skew follows top frequencies, query literals are not recognised',
    );
    return { stats, notes, skips: [] };
  }
  if (!key) {
    notes.push(
      `skew cannot be reproduced on the query's literals: PARITY_FINGERPRINT_KEY is not set (the snapshot was fingerprinted with key ${snapshot.fingerprintKeyId}); frequencies are kept on stand-in values`,
    );
    return { stats, notes, skips: [] };
  }
  if (fingerprintKeyId(key) !== snapshot.fingerprintKeyId) {
    notes.push(
      `skew cannot be reproduced on the query's literals: PARITY_FINGERPRINT_KEY (key ${fingerprintKeyId(key)}) is not the key the snapshot was taken with (${snapshot.fingerprintKeyId}); frequencies are kept on stand-in values`,
    );
    return { stats, notes, skips: [] };
  }
  return { stats, fingerprint: createFingerprinter(key), notes, skips: [] };
}
