import path from 'node:path';
import type { SourceResult } from '../types.js';
import { renderOverlay } from './build.js';
import type { FileAccess } from './context.js';
import { extractResources } from './extract.js';
import { createPlaces } from './places.js';

/**
 * Files held in memory (absolute path -> text), seen through the builder's FileAccess: folders
 * are the parents of files. Lets property tests render thousands of generated overlays without
 * touching the disk.
 */
export function memoryFiles(files: Readonly<Record<string, string>>): FileAccess {
  const dirs = new Set<string>();
  for (const file of Object.keys(files)) {
    for (let dir = path.dirname(file); !dirs.has(dir); dir = path.dirname(dir)) {
      dirs.add(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
  return {
    async kind(absolute) {
      if (Object.hasOwn(files, absolute)) return 'file';
      return dirs.has(absolute) ? 'dir' : 'missing';
    },
    async read(absolute) {
      const text = files[absolute];
      if (text === undefined) return { source: 'memory', file: absolute, reason: 'cannot read: ENOENT' };
      return { display: path.relative('/', absolute), absolute, text };
    },
  };
}

/** Renders the overlay at `dir` from in-memory files with the built-in renderer, and extracts its facts. */
export async function renderInMemory(
  files: Readonly<Record<string, string>>,
  dir: string,
  fingerprint: (value: string) => string,
): Promise<SourceResult> {
  const places = createPlaces();
  const notes: SourceResult['skips'] = [];
  const ctx = { source: 'kustomize', baseDir: '/', places, notes, files: memoryFiles(files), stack: [] };
  const rendered = await renderOverlay(ctx, dir);
  if ('skip' in rendered) return { facts: [], skips: [rendered.skip, ...notes] };
  return extractResources(rendered.resources, places, notes, { source: 'kustomize', fingerprint });
}
