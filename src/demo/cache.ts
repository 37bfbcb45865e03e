import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A cache of loaded demo data directories under the OS temp dir, one entry per key (a hash of
 * everything that shapes the data). Entries are written whole into a temporary name and renamed
 * into place with a marker, so a crashed or half-written entry is never used; every run starts on
 * its own copy, so concurrent runs never share a data directory.
 */
export interface DemoCache {
  root: string;
}

const MARKER = 'parity-demo-cache.json';
/** Temporary entries older than this belong to a run that died: removed. */
const STALE_TMP_MS = 60 * 60 * 1000;

export function defaultCacheRoot(): string {
  return path.join(tmpdir(), 'parity-demo-cache');
}

/** The cache key: sha256 over the parts (file contents, load parameters, versions). */
export function cacheKey(parts: readonly (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts)
    h.update(String(Buffer.byteLength(p)))
      .update(':')
      .update(p);
  return h.digest('hex').slice(0, 32);
}

/** An entry's directory: one slot per database (`production`), one live key per slot. */
function entryName(slot: string, key: string): string {
  return `${slot}--${key}`;
}

/** A fresh copy of the cached data directory for `key`, or null when there is no complete entry. */
export async function restoreFromCache(cache: DemoCache, slot: string, key: string): Promise<string | null> {
  const entry = path.join(cache.root, entryName(slot, key));
  try {
    const marker = JSON.parse(await readFile(path.join(entry, MARKER), 'utf8')) as { key?: string };
    if (marker.key !== key) return null;
  } catch {
    return null;
  }
  const copy = path.join(tmpdir(), `parity-pg-${randomBytes(6).toString('hex')}`);
  try {
    await copyDir(path.join(entry, 'data'), copy);
    return copy;
  } catch {
    await rm(copy, { recursive: true, force: true });
    return null;
  }
}

/**
 * Stores a stopped server's data directory under `key`: copied into a temporary entry, marked,
 * then renamed into place (atomic). Losing a race to another run is fine: its entry is as good.
 * Entries of other keys (stale: the schema, seed or version changed) and dead temporaries go.
 */
export async function saveToCache(
  cache: DemoCache,
  slot: string,
  key: string,
  dataDir: string,
): Promise<void> {
  await mkdir(cache.root, { recursive: true });
  const name = entryName(slot, key);
  const entry = path.join(cache.root, name);
  if (existsSync(path.join(entry, MARKER))) return;
  const tmp = path.join(cache.root, `${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(tmp);
    await copyDir(dataDir, path.join(tmp, 'data'));
    // Not part of the data: a copy that finds its server's pid file would refuse to start.
    await rm(path.join(tmp, 'data', 'postmaster.pid'), { force: true });
    await writeFile(path.join(tmp, MARKER), JSON.stringify({ key, createdAt: new Date().toISOString() }));
    // Another run may have finished first; its entry may be being copied right now: keep it.
    if (existsSync(path.join(entry, MARKER))) throw new Error('already cached');
    await rm(entry, { recursive: true, force: true });
    await rename(tmp, entry);
  } catch {
    await rm(tmp, { recursive: true, force: true });
    return;
  }
  await prune(cache, slot, name);
}

/** Removes the slot's other entries (stale keys) and temporaries of runs that died. */
async function prune(cache: DemoCache, slot: string, keep: string): Promise<void> {
  for (const name of await readdir(cache.root).catch(() => [] as string[])) {
    if (name === keep || !name.startsWith(`${slot}--`)) continue;
    const full = path.join(cache.root, name);
    if (name.includes('.tmp-')) {
      const age = Date.now() - (await stat(full).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age < STALE_TMP_MS) continue; // maybe another run writing right now
    }
    await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** `cp -a` (fast, keeps modes and owners); Node's own copy where there is no cp. */
async function copyDir(from: string, to: string): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) =>
      execFile('cp', ['-a', from, to], (error) => (error ? reject(error) : resolve())),
    );
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}
