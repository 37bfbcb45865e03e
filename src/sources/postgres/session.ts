import type { Client, QueryConfig, QueryResultRow } from 'pg';
import { redactUrlCredentials } from '../secrets.js';

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
  /** Runs one query inside a savepoint, so a failure (permission, timeout) does not end the transaction. */
  query<R extends QueryResultRow>(sql: string, params?: unknown[], simple?: boolean): Promise<R[]>;
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
  const versionRows = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  const serverVersionNum = Number(versionRows.rows[0]?.v ?? 0);
  let savepoint = 0;
  return {
    client,
    display,
    serverVersionNum,
    async query<R extends QueryResultRow>(sql: string, params: unknown[] = [], simple = false) {
      const name = `parity_${++savepoint}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        // Extended protocol always: one statement per call, so a query file cannot smuggle a second one.
        // EXPLAIN (GENERIC_PLAN) must be parsed without bound values: the simple protocol, one statement checked by the caller.
        const config = (
          simple ? { text: sql } : { text: sql, values: params, queryMode: 'extended' }
        ) as QueryConfig;
        const result = await client.query<R>(config);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result.rows;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        throw error;
      }
    },
    async close() {
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
