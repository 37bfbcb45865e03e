import { ParityError } from '../errors.js';
import { classify, openSession, type Session, SessionError } from './session.js';

/**
 * What a database is, whatever URL reached it: the cluster's `system_identifier` (chosen at
 * initdb; a physical replica shares its primary's) and the database's OID in that cluster.
 */
export interface DatabaseIdentity {
  systemIdentifier: string;
  databaseOid: number;
  database: string;
  /** `host:port/database` as reached, safe to print. */
  display: string;
}

/** Identity could not be read: the message says why and, for a privilege, what to grant. */
export class IdentityUnknown extends ParityError {
  override name = 'IdentityUnknown';
}

const IDENTITY_SQL = `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS system_identifier,
  d.oid::int8::text AS oid, d.datname AS database
FROM pg_database d WHERE d.datname = current_database()`;

/** Reads the identity over an open session (one catalogue query). */
export async function readIdentity(session: Session): Promise<DatabaseIdentity> {
  let rows: { system_identifier: string | null; oid: string; database: string }[];
  try {
    rows = await session.query(IDENTITY_SQL);
  } catch (error) {
    const e = error as { message?: string };
    if (classify(error) === 'privilege')
      throw new IdentityUnknown(
        `${session.display}: ${e.message}: the server's system_identifier cannot be read; PostgreSQL lets every role run pg_control_system() unless a DBA revoked it: GRANT EXECUTE ON FUNCTION pg_control_system() TO <this role>`,
      );
    throw new IdentityUnknown(`${session.display}: the server's identity cannot be read: ${e.message}`);
  }
  const row = rows[0];
  if (!row?.system_identifier || !row.oid)
    throw new IdentityUnknown(
      `${session.display}: pg_control_system() returned no system_identifier (a proxy or a managed service that hides it?)`,
    );
  return {
    systemIdentifier: row.system_identifier,
    databaseOid: Number(row.oid),
    database: row.database,
    display: session.display,
  };
}

/** Opens a short read-only session to read one URL's identity. */
export async function readIdentityOfUrl(url: string, connectTimeoutMs = 10_000): Promise<DatabaseIdentity> {
  let session: Session;
  try {
    session = await openSession(url, { statementTimeoutMs: 10_000, lockTimeoutMs: 1_000, connectTimeoutMs });
  } catch (error) {
    throw new IdentityUnknown(error instanceof SessionError ? error.message : String(error));
  }
  try {
    return await readIdentity(session);
  } finally {
    await session.close();
  }
}

/** One URL, named for messages (`production`, `staging`, `--from-url`). */
export interface NamedUrl {
  name: string;
  url: string;
}

export type Sameness =
  | { verdict: 'same'; a: DatabaseIdentity; b: DatabaseIdentity }
  | { verdict: 'different'; sameServer: boolean; a: DatabaseIdentity; b: DatabaseIdentity }
  | { verdict: 'unknown'; reason: string };

/**
 * Whether two URLs reach the same database, decided by identity, never by spelling:
 * `localhost` and `127.0.0.1`, another user, extra parameters, a DNS alias or a unix socket all
 * reach the same database; so does a physical replica of it. Another database on the same server
 * is different (another OID).
 */
export async function compareDatabases(
  a: NamedUrl,
  b: NamedUrl,
  connectTimeoutMs = 10_000,
): Promise<Sameness> {
  const read = (n: NamedUrl) =>
    readIdentityOfUrl(n.url, connectTimeoutMs).then(
      (identity) => ({ identity }),
      (error: unknown) => ({ error: `${n.name}: ${(error as Error).message}` }),
    );
  const [ra, rb] = await Promise.all([read(a), read(b)]);
  if ('error' in ra || 'error' in rb)
    return {
      verdict: 'unknown',
      reason: [ra, rb].flatMap((r) => ('error' in r ? [r.error] : [])).join('; '),
    };
  const sameServer = ra.identity.systemIdentifier === rb.identity.systemIdentifier;
  if (sameServer && ra.identity.databaseOid === rb.identity.databaseOid)
    return { verdict: 'same', a: ra.identity, b: rb.identity };
  return { verdict: 'different', sameServer, a: ra.identity, b: rb.identity };
}

/** `system_identifier 7716116761699227525, database shop (oid 16384)`. */
export function describeIdentity(id: DatabaseIdentity): string {
  return `system_identifier ${id.systemIdentifier}, database ${id.database} (oid ${id.databaseOid})`;
}
