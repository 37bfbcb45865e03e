import { ConfigError } from '../../errors.js';
import { readSchemaDdl, type SchemaDdl } from '../../postgres/schema-ddl.js';
import { explainPgError, openSession, SessionError } from '../../postgres/session.js';

/**
 * The candidate's schema, read from its database over a read-only session (catalogue reads only,
 * never a table's rows), as SQL the scratch database applies: `data rehearse` without `--schema`.
 */
export async function readCandidateSchema(
  url: string,
  options: { statementTimeoutMs: number },
): Promise<SchemaDdl> {
  const session = await openSession(url, {
    statementTimeoutMs: options.statementTimeoutMs,
    lockTimeoutMs: 1_000,
    connectTimeoutMs: 10_000,
  }).catch((error: unknown) => {
    throw new ConfigError(
      error instanceof SessionError ? error.message : String(error),
      'the candidate database',
    );
  });
  try {
    return await readSchemaDdl(session);
  } catch (error) {
    throw new ConfigError(
      `cannot read the candidate schema: ${explainPgError(error, session.display)}`,
      'the candidate database',
    );
  } finally {
    await session.close();
  }
}
