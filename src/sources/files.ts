import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Skip } from '../model/snapshot.js';
import { FileReadError, kindOf, mib, readRegularFile } from '../regular-file.js';
import { isInside, projectRoot, realLocation } from './project-paths.js';

/** Files larger than this are skipped with a reason rather than read (configurable per call). */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface SourceFile {
  /** Path as shown to users: relative to parity.yaml's folder when inside it. */
  display: string;
  absolute: string;
  text: string;
}

export interface ReadOptions {
  /** Only these extensions when walking a directory (with the dot), e.g. ['.yaml', '.yml']. */
  extensions?: readonly string[];
  /** Or a predicate on the file's base name when walking a directory. */
  accept?: (baseName: string) => boolean;
  maxBytes?: number;
  /** Directory names never descended into. */
  ignoreDirs?: readonly string[];
}

const ALWAYS_IGNORED = ['node_modules', '.git', 'dist', 'build', 'vendor', '.venv', '__pycache__', 'target'];

/** Shows a path relative to the project when it lies inside it. */
export function displayPath(absolute: string, baseDir: string): string {
  const rel = path.relative(baseDir, absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : absolute;
}

/**
 * Expands a source's paths (files, directories, globs) into files, in a stable order.
 * A path that matches nothing is a skip, never a silent zero.
 */
export async function expandPaths(
  source: string,
  paths: readonly string[],
  baseDir: string,
  options: ReadOptions = {},
): Promise<{ files: string[]; skips: Skip[] }> {
  const files = new Set<string>();
  const skips: Skip[] = [];
  const ignore = [...ALWAYS_IGNORED, ...(options.ignoreDirs ?? [])].map((d) => `**/${d}/**`);
  const wanted = (name: string) =>
    options.accept
      ? options.accept(name)
      : !options.extensions || options.extensions.some((e) => name.endsWith(e));
  // Inside the project, or inside a folder parity.yaml names literally: a glob or a link never
  // leads out of it (a path outside is read only when written as such; see project-paths.ts).
  const root = projectRoot(baseDir);
  const realRoot = await realLocation(root);
  const keepInside = async (matches: string[], boundary: string, p: string, how: string) => {
    const inside: string[] = [];
    const outside: string[] = [];
    for (const m of matches) (isInside(boundary, await realLocation(m)) ? inside : outside).push(m);
    if (outside.length > 0) {
      skips.push({
        source,
        file: p,
        reason: `${outside.length === 1 ? '1 file lies' : `${outside.length} files lie`} outside the project, reached through ${how} (first: ${displayPath(outside[0]!, baseDir)}); write the path itself in parity.yaml to read it`,
        unread: true,
      });
    }
    return inside;
  };
  for (const p of paths) {
    const absolute = path.resolve(baseDir, p);
    if (isDynamicPattern(p)) {
      const matches = await glob(p, { cwd: baseDir, absolute: true, onlyFiles: true, ignore, dot: true });
      if (matches.length === 0)
        skips.push({ source, file: p, reason: 'the glob matched no file', unread: true });
      const kept = await keepInside(matches.sort(), realRoot, p, 'a glob or a symbolic link');
      for (const m of kept) files.add(path.normalize(m));
      continue;
    }
    // A literal path inside the project must stay inside once its links are resolved.
    const explicitOutside = !isInside(root, absolute);
    if (!explicitOutside && !isInside(realRoot, await realLocation(absolute))) {
      skips.push({
        source,
        file: p,
        reason: 'a symbolic link to outside the project; write the real path in parity.yaml to read it',
        unread: true,
      });
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(absolute);
    } catch {
      skips.push({ source, file: p, reason: 'no such file or directory', unread: true });
      continue;
    }
    if (info.isDirectory()) {
      const matches = await glob('**/*', {
        cwd: absolute,
        absolute: true,
        onlyFiles: true,
        ignore,
        dot: true,
      });
      const boundary = explicitOutside ? await realLocation(absolute) : realRoot;
      const accepted = await keepInside(
        matches.filter((m) => wanted(path.basename(m))).sort(),
        boundary,
        p,
        'a symbolic link',
      );
      if (accepted.length === 0) {
        const what = options.extensions ? ` (${options.extensions.join(', ')})` : '';
        skips.push({
          source,
          file: p,
          reason: `the directory holds no file this source reads${what}`,
          unread: true,
        });
      }
      for (const m of accepted) files.add(path.normalize(m));
    } else if (info.isFile()) {
      files.add(absolute);
    } else {
      skips.push({ source, file: p, reason: `not a regular file: ${kindOf(info)}`, unread: true });
    }
  }
  return { files: [...files], skips };
}

/**
 * Reads one file as UTF-8 text, or says why it cannot: too large, binary, or not valid UTF-8
 * (with the line of the first bad byte).
 */
export async function readTextFile(
  source: string,
  absolute: string,
  baseDir: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): Promise<SourceFile | Skip> {
  const display = displayPath(absolute, baseDir);
  let buffer: Buffer;
  try {
    // Only a regular file (links resolved), never more than maxBytes whatever stat says.
    buffer = await readRegularFile(absolute, maxBytes);
  } catch (error) {
    if (error instanceof FileReadError) {
      const size = error.reason === 'too-large' ? await sizeOf(absolute) : undefined;
      const reason =
        error.reason === 'too-large' && size !== undefined && size > maxBytes
          ? `file is ${mib(size)}, larger than the ${mib(maxBytes)} limit`
          : error.message;
      return { source, file: display, reason, unread: true };
    }
    return {
      source,
      file: display,
      reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      unread: true,
    };
  }
  const nul = buffer.subarray(0, 8192).indexOf(0);
  if (nul !== -1)
    return {
      source,
      file: display,
      line: lineAt(buffer, nul),
      reason: 'binary file (NUL byte)',
      unread: true,
    };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return { display, absolute, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    const bad = firstInvalidUtf8(buffer);
    return { source, file: display, line: lineAt(buffer, bad), reason: 'not valid UTF-8 text', unread: true };
  }
}

/** Expands paths and reads every file; unreadable ones become skips. */
export async function readSourceFiles(
  source: string,
  paths: readonly string[],
  baseDir: string,
  options: ReadOptions = {},
): Promise<{ files: SourceFile[]; skips: Skip[] }> {
  const expanded = await expandPaths(source, paths, baseDir, options);
  const files: SourceFile[] = [];
  const skips = [...expanded.skips];
  for (const absolute of expanded.files) {
    const read = await readTextFile(source, absolute, baseDir, options.maxBytes);
    if ('text' in read) files.push(read);
    else skips.push(read);
  }
  return { files, skips };
}

export function isSkip(value: SourceFile | Skip): value is Skip {
  return 'reason' in value;
}

async function sizeOf(absolute: string): Promise<number | undefined> {
  return (await stat(absolute).catch(() => undefined))?.size;
}

function lineAt(buffer: Buffer, offset: number): number {
  let line = 1;
  for (let i = buffer.indexOf(10); i !== -1 && i < offset; i = buffer.indexOf(10, i + 1)) line++;
  return line;
}

function firstInvalidUtf8(buffer: Buffer): number {
  let i = 0;
  while (i < buffer.length) {
    const b = buffer[i] ?? 0;
    const len = b < 0x80 ? 1 : b >> 5 === 0x6 ? 2 : b >> 4 === 0xe ? 3 : b >> 3 === 0x1e ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (((buffer[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}

/** The executable's full path when it is on PATH. */
export async function findOnPath(command: string, pathEnv: string): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [`${command}.exe`, `${command}.cmd`, command] : [command];
  for (const dir of pathEnv.split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
