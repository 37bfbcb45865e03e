import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Skip } from '../../model/snapshot.js';
import { displayPath, readTextFile, type SourceFile } from '../files.js';
import type { Places } from './places.js';
import { BuildFailure } from './resource.js';

/** The file system as the builder sees it; the real one in collect, the same in tests. */
export interface FileAccess {
  kind(absolute: string): Promise<'file' | 'dir' | 'missing'>;
  read(absolute: string): Promise<SourceFile | Skip>;
}

export interface BuildContext {
  source: string;
  /** parity.yaml's folder: paths are shown relative to it. */
  baseDir: string;
  places: Places;
  /** What the render leaves out without being wrong (remote bases, env-file lines read from the shell). */
  notes: Skip[];
  files: FileAccess;
  /** Kustomization directories being built, outermost first, to name a cycle. */
  stack: string[];
  /**
   * Render only to find where values were written (origins.ts): fields the built-in renderer lacks
   * are passed over instead of stopping the render. Never used for facts.
   */
  lenient?: boolean;
}

/** Reads and stats through node:fs; files go through the shared reader (size limit, UTF-8 check). */
export function nodeFileAccess(source: string, baseDir: string): FileAccess {
  return {
    async kind(absolute) {
      try {
        const info = await stat(absolute);
        return info.isDirectory() ? 'dir' : 'file';
      } catch {
        return 'missing';
      }
    },
    read: (absolute) => readTextFile(source, absolute, baseDir),
  };
}

export function show(ctx: BuildContext, absolute: string): string {
  return displayPath(absolute, ctx.baseDir);
}

/**
 * A path named in a kustomization, resolved against its folder. Files must stay inside the
 * kustomization's folder, as kustomize's default load restrictor demands; bases (folders) may not.
 */
export function resolveIn(
  dir: string,
  relative: string,
  at: { file: string; line?: number },
  what: 'file' | 'any',
): string {
  const absolute = path.resolve(dir, relative);
  if (what === 'file') {
    const rel = path.relative(dir, absolute);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new BuildFailure(
        `${relative} is outside the kustomization's folder; kustomize refuses such files unless run with --load-restrictor LoadRestrictionsNone`,
        at.file,
        at.line,
      );
    }
  }
  return absolute;
}

/** Reads a file the kustomization names, or fails the render with the reason and the naming line. */
export async function readNamed(
  ctx: BuildContext,
  absolute: string,
  at: { file: string; line?: number },
  relative: string,
): Promise<SourceFile> {
  const kind = await ctx.files.kind(absolute);
  if (kind === 'missing') throw new BuildFailure(`${relative}: no such file`, at.file, at.line);
  if (kind === 'dir')
    throw new BuildFailure(`${relative}: expected a file, found a directory`, at.file, at.line);
  const read = await ctx.files.read(absolute);
  if ('reason' in read) throw new BuildFailure(`${relative}: ${read.reason}`, at.file, at.line);
  return read;
}
