import {
  type Detection,
  type DetectResult,
  dirOf,
  environmentInPath,
  type Ignored,
  type SourceDetector,
} from '../detection.js';

const MANIFEST = /^[ \t]*apiVersion:[ \t]*\S+/m;
const KIND = /^[ \t]*kind:[ \t]*\S+/m;

/**
 * Plain manifests in a folder (or file) named for an environment, outside its kustomize overlay
 * (the kustomize source renders those). Helm templates and Helm test hooks are not manifests.
 */
export const kubernetesDetector: SourceDetector = {
  fileMatch: /\.ya?ml$/i,
  detect(files, view): DetectResult {
    const kustomized = view.files.filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f)).map(dirOf);
    const byKey = new Map<string, Detection>();
    const ignored: Ignored[] = [];
    for (const file of files) {
      const env = environmentInPath(file);
      if (!env || /(^|\/)kustomization\.ya?ml$/.test(file)) continue;
      if (kustomized.some((d) => d === '.' || file.startsWith(`${d}/`))) continue;
      const text = view.read(file) ?? '';
      if (!MANIFEST.test(text) || !KIND.test(text)) continue;
      if (/\{\{/.test(text)) {
        // A chart's template; elsewhere (a values file quoting one) it is not a manifest at all.
        if (/(^|\/)templates\//.test(file))
          ignored.push({ file, reason: "a Helm template: the helm-values source reads its chart's values" });
        continue;
      }
      if (/helm\.sh\/hook:[ \t]*["']?test/.test(text)) {
        ignored.push({ file, reason: 'a Helm test hook, run by `helm test`, not deployed' });
        continue;
      }
      const key = env.dir === file ? file : `${env.dir}/`;
      if (!byKey.has(key))
        byKey.set(key, {
          environment: env,
          paths: [key],
          why: `${key}: Kubernetes manifests for ${env.name}`,
        });
    }
    return { found: [...byKey.values()], ignored };
  },
};
