import type { Client, QueryConfig, QueryResultRow } from 'pg';
import { ParityError } from '../errors.js';
import { redactUrlCredentials } from '../secrets/url.js';

export interface SessionOptions {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  connectTimeoutMs: number;
  /** Open a read-write session (the scratch rehearsal database only; never a user's database). */
  writable?: boolean;
}

export interface Session {
  client: Client;
  /** `host:port/database`, safe to print (no user, no password). */
  display: string;
  serverVersionNum: number;
  /** Opened read-write (the scratch rehearsal database only). */
  writable: boolean;
  /**
   * Runs one statement inside a savepoint, so a failure (permission, timeout) does not end the
   * transaction. Always the extended protocol: one statement per call, whatever the text holds.
   */
  query<R extends QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * Throws a ReadOnlyBreach unless the session is still inside the READ ONLY transaction it opened
   * (same transaction start, `transaction_read_only` on). Read-only sessions only.
   */
  assertReadOnly(): Promise<void>;
  close(): Promise<void>;
}

/** The URL without credentials, for messages: `127.0.0.1:5432/shop`. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return redactUrlCredentials(url) ?? '(unparseable URL)';
  }
}

/**
 * Opens a cautious session: read-only by default and inside a READ ONLY transaction, bounded by
 * statement and lock timeouts, named `parity` in pg_stat_activity so DBAs see who is asking.
 */
export async function openSession(url: string, options: SessionOptions): Promise<Session> {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new SessionError(`expected a postgres:// or postgresql:// URL, got ${describeUrl(url)}`, 'url');
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: url,
    application_name: 'parity',
    statement_timeout: options.statementTimeoutMs,
    lock_timeout: options.lockTimeoutMs,
    connectionTimeoutMillis: options.connectTimeoutMs,
    options: options.writable ? undefined : '-c default_transaction_read_only=on',
  });
  // A server restart surfaces as an 'error' event on an idle client: keep it from crashing the process.
  client.on('error', () => undefined);
  const display = describeUrl(url);
  try {
    await client.connect();
    await client.query(options.writable ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new SessionError(explainPgError(error, display), classify(error));
  }
  const stateSql =
    "SELECT current_setting('server_version_num') AS v, current_setting('transaction_read_only') AS ro, " +
    'transaction_timestamp()::text AS started, pg_backend_pid() AS pid';
  const state = async () =>
    (await client.query<{ v: string; ro: string; started: string; pid: number }>(stateSql)).rows[0];
  const opened = await state();
  const serverVersionNum = Number(opened?.v ?? 0);
  const writable = options.writable === true;
  if (!writable && opened?.ro !== 'on') {
    await client.end().catch(() => undefined);
    throw new SessionError(`${display}: the server did not open a read-only transaction; refusing`, 'other');
  }
  let savepoint = 0;
  return {
    client,
    display,
    serverVersionNum,
    writable,
    async query<R extends QueryResultRow>(sql: string, params: unknown[] = []) {
      const name = `parity_${++savepoint}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        // Extended protocol always: PostgreSQL refuses a second statement in one Parse message.
        const config = { text: sql, values: params, queryMode: 'extended' } as QueryConfig;
        const result = await client.query<R>(config);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result.rows;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        throw error;
      }
    },
    async assertReadOnly() {
      if (writable) return;
      let now: Awaited<ReturnType<typeof state>>;
      try {
        now = await state();
      } catch (error) {
        throw new ReadOnlyBreach(
          `${display}: could not confirm the read-only transaction (${explainPgError(error, display)})`,
        );
      }
      if (now?.ro !== 'on' || now.started !== opened?.started || now.pid !== opened?.pid)
        throw new ReadOnlyBreach(
          `${display}: the session left its READ ONLY transaction; stopping before anything else is sent`,
        );
    },
    async close() {
      // Never COMMIT: whatever happened inside the transaction is thrown away.
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

export type FailureKind =
  | 'url'
  | 'refused'
  | 'auth'
  | 'tls'
  | 'timeout'
  | 'privilege'
  | 'lost'
  | 'sql'
  | 'other';

/** A read-only session is no longer inside its READ ONLY transaction: stop at once (exit 2). */
export class ReadOnlyBreach extends ParityError {
  override name = 'ReadOnlyBreach';
}

/** A connection that could not be opened; the message is safe to print (no credentials). */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

interface PgErrorLike {
  code?: string;
  message?: string;
}

/** Sorts a driver or server error into the handful of cases a user can act on. */
export function classify(error: unknown): FailureKind {
  const e = (error ?? {}) as PgErrorLike;
  const message = String(e.message ?? error);
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'refused';
  if (e.code === '28P01' || (e.code === '28000' && !/encrypt|SSL/i.test(message))) return 'auth';
  if (/SSL|TLS|encrypt/i.test(message)) return 'tls';
  if (e.code === '57014' || e.code === '55P03' || /timeout/i.test(message)) return 'timeout';
  if (e.code === '42501') return 'privilege';
  if (
    e.code === '57P01' ||
    e.code === '57P02' ||
    e.code === '57P03' ||
    e.code === 'ECONNRESET' ||
    e.code === 'EPIPE' ||
    /Connection terminated|not queryable|terminating connection/i.test(message)
  )
    return 'lost';
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return 'sql';
  return 'other';
}

/** One line saying what went wrong and what to check. Never includes the URL's credentials. */
export function explainPgError(error: unknown, display: string): string {
  const e = (error ?? {}) as PgErrorLike;
  const raw = String(e.message ?? error).replace(
    /postgres(ql)?:\/\/\S+/gi,
    (m) => redactUrlCredentials(m) ?? m,
  );
  switch (classify(error)) {
    case 'refused':
      return `cannot reach PostgreSQL at ${display} (${e.code}): expected a server listening there; check host, port and network`;
    case 'auth':
      return `authentication failed at ${display}: check the user and password in the URL (${raw})`;
    case 'tls':
      return `TLS negotiation failed at ${display}: the server and the URL disagree on TLS; add or adjust sslmode in the URL (${raw})`;
    case 'timeout':
      return `timed out at ${display} (${raw}); raise statementTimeoutMs or check for locks`;
    case 'privilege':
      return `permission denied at ${display}: ${raw}`;
    case 'lost':
      return `connection to ${display} was lost (server restart or network): ${raw}`;
    default:
      return `${display}: ${raw}`;
  }
}
