import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import type { SourceSpec } from './types.js';

/**
 * The project a parity.yaml belongs to: the nearest folder above it holding `.git` (a monorepo's
 * root), else parity.yaml's own folder. Sources read inside it; a path outside it is read only
 * when parity.yaml names it literally, and the report says so.
 */
const roots = new Map<string, string>();

export function projectRoot(baseDir: string): string {
  const start = path.resolve(baseDir);
  let root = roots.get(start);
  if (root === undefined) {
    root = start;
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, '.git'))) {
        root = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    roots.set(start, root);
  }
  return root;
}

export function isInside(root: string, absolute: string): boolean {
  const rel = path.relative(root, absolute);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real location of a path (links resolved), or the path itself when it cannot be resolved. */
export async function realLocation(absolute: string): Promise<string> {
  return realpath(absolute).catch(() => absolute);
}

/** The project root, with links resolved (a project under a linked folder is still itself). */
export async function realProjectRoot(baseDir: string): Promise<string> {
  return realLocation(projectRoot(baseDir));
}

export interface OutsidePath {
  source: string;
  /** As written in parity.yaml. */
  file: string;
}

/** The literal paths of a source that lie outside the project: read, and shown as such in reports. */
export function outsidePaths(spec: Pick<SourceSpec, 'id' | 'paths' | 'baseDir'>): OutsidePath[] {
  const root = projectRoot(spec.baseDir);
  return spec.paths
    .filter((p) => !isDynamicPattern(p) && !isInside(root, path.resolve(spec.baseDir, p)))
    .map((file) => ({ source: spec.id, file }));
}
