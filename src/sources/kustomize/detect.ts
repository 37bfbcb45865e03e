import {
  containerEnvironment,
  type Detection,
  type DetectResult,
  dirOf,
  knownEnvironment,
  type SourceDetector,
} from '../detection.js';

/**
 * Kustomize overlays: a folder with a kustomization under `overlays/<env>/`, `env/<env>/`
 * (declared), or a folder whose own name is an environment's (`apps/production/`). The outermost
 * kustomization of an environment is its overlay; nested ones are its parts.
 */
export const kustomizeDetector: SourceDetector = {
  fileMatch: /(^|\/)kustomization\.ya?ml$/,
  detect(files): DetectResult {
    const dirs = files.map(dirOf).sort((a, b) => a.length - b.length || a.localeCompare(b));
    const found: Detection[] = [];
    const taken: string[] = [];
    for (const dir of dirs) {
      if (taken.some((t) => dir.startsWith(`${t}/`))) continue;
      const declared = containerEnvironment(`${dir}/kustomization.yaml`);
      const own = dir.split('/').pop()!;
      const claim = declared
        ? ({ name: declared.name, evidence: 'declared', group: `${dirOf(declared.dir)}:overlays` } as const)
        : dir !== '.' && knownEnvironment(own)
          ? ({ name: own, evidence: 'known', group: `${dirOf(dir)}:overlays` } as const)
          : undefined;
      if (!claim) continue;
      // `env/production/sub/` belongs to `env/production/`, which may have no kustomization itself.
      const overlay = declared && declared.dir !== dir ? undefined : dir;
      if (!overlay) continue;
      taken.push(overlay);
      found.push({
        environment: claim,
        paths: [overlay],
        why: `${overlay}: a kustomize overlay for ${claim.name}`,
      });
    }
    return { found };
  },
};
