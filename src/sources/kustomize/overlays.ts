import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Skip } from '../../model/snapshot.js';
import { readTextFile } from '../files.js';
import { asObj } from '../shape.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { KUSTOMIZATION_NAMES } from './kustomization.js';

/**
 * The overlay folders a source's paths name: a folder, a kustomization file (its folder), or a
 * glob matching either. Anything else is a skip saying what was expected. Each folder once,
 * however it was named (a glob's `env/staging/` and `env/staging/kustomization.yaml` are one), and a
 * folder a glob matched that another named overlay already includes (a base under `env/**`) is
 * rendered through that overlay only, with a note: rendered twice, its objects would clash.
 */
export async function findOverlays(
  source: string,
  paths: readonly string[],
  baseDir: string,
): Promise<{ dirs: string[]; skips: Skip[] }> {
  const dirs = new Set<string>();
  const skips: Skip[] = [];
  for (const p of paths) {
    const candidates = isDynamicPattern(p)
      ? await glob(p, {
          cwd: baseDir,
          absolute: true,
          onlyFiles: false,
          ignore: ['**/node_modules/**', '**/.git/**'],
        })
      : [path.resolve(baseDir, p)];
    let found = 0;
    for (const candidate of candidates.sort()) {
      const kind = await kindOf(candidate);
      if (kind === 'dir' && (!isDynamicPattern(p) || (await hasKustomization(candidate)))) {
        dirs.add(path.resolve(candidate));
        found++;
      } else if (kind === 'file' && KUSTOMIZATION_NAMES.includes(path.basename(candidate))) {
        dirs.add(path.dirname(path.resolve(candidate)));
        found++;
      } else if (!isDynamicPattern(p)) {
        skips.push({
          source,
          file: p,
          reason:
            kind === 'missing'
              ? 'no such file or directory'
              : 'expected an overlay folder holding kustomization.yaml (or the kustomization file itself)',
        });
      }
    }
    if (found === 0 && isDynamicPattern(p))
      skips.push({
        source,
        file: p,
        reason: 'the glob matched no overlay folder (a folder holding kustomization.yaml)',
      });
  }
  const globbed = new Set<string>();
  for (const p of paths) if (isDynamicPattern(p)) for (const d of dirs) globbed.add(d);
  const included = await includedByOthers([...dirs]);
  const kept: string[] = [];
  for (const dir of dirs) {
    const by = included.get(dir);
    if (by && globbed.has(dir)) {
      skips.push({
        source,
        file: path.relative(baseDir, dir) || '.',
        reason: `matched by a glob but included by ${path.relative(baseDir, by) || '.'}: rendered once, through it`,
      });
    } else kept.push(dir);
  }
  return { dirs: kept, skips };
}

/** Folder -> one of the other folders whose kustomization reaches it (resources, bases, components). */
async function includedByOthers(dirs: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(dirs);
  const out = new Map<string, string>();
  for (const dir of dirs) {
    const seen = new Set<string>([dir]);
    const queue = [dir];
    while (queue.length > 0 && seen.size < 256) {
      for (const next of await localFolders(queue.shift()!)) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
        if (wanted.has(next) && next !== dir && !out.has(next)) out.set(next, dir);
      }
    }
  }
  // Two overlays including each other (a cycle) are both kept: the render names the cycle.
  for (const [a, b] of out) if (out.get(b) === a) out.delete(a);
  return out;
}

/** The local folders a kustomization names; unreadable or odd files name none (the render says why). */
async function localFolders(dir: string): Promise<string[]> {
  const file = await kustomizationFile(dir);
  if (!file) return [];
  // The shared reader: regular files only (never a FIFO), bounded in size.
  const read = await readTextFile('', file, path.dirname(file));
  if (!('text' in read)) return [];
  const doc = asObj(parseYamlDocuments(read.text).documents[0]?.value);
  const out: string[] = [];
  for (const field of ['resources', 'bases', 'components']) {
    const list = doc?.[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      const target = path.resolve(dir, entry);
      if ((await kindOf(target)) === 'dir') out.push(target);
    }
  }
  return out;
}

/** The kustomization file of a folder, for origins: the first of kustomize's names that exists. */
export async function kustomizationFile(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_NAMES) {
    const candidate = path.join(dir, name);
    if ((await kindOf(candidate)) === 'file') return candidate;
  }
  return undefined;
}

async function hasKustomization(dir: string): Promise<boolean> {
  return (await kustomizationFile(dir)) !== undefined;
}

async function kindOf(absolute: string): Promise<'file' | 'dir' | 'missing'> {
  try {
    return (await stat(absolute)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}
