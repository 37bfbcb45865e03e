import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Skip } from '../../model/snapshot.js';
import { KUSTOMIZATION_NAMES } from './kustomization.js';

/**
 * The overlay folders a source's paths name: a folder, a kustomization file (its folder), or a
 * glob matching either. Anything else is a skip saying what was expected.
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
        dirs.add(path.normalize(candidate));
        found++;
      } else if (kind === 'file' && KUSTOMIZATION_NAMES.includes(path.basename(candidate))) {
        dirs.add(path.dirname(path.normalize(candidate)));
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
  return { dirs: [...dirs], skips };
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
