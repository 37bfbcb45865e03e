import {
  type Detection,
  type DetectResult,
  dirOf,
  environmentInPath,
  type SourceDetector,
} from '../detection.js';

const RULES = /^[ \t]*groups:[ \t]*$/m;
const RULE = /^[ \t]*-?[ \t]*(alert|record):/m;
const OBJECT = /^kind:[ \t]*PrometheusRule\b/m;

/**
 * Alerting and recording rules (Prometheus rule files, PrometheusRule objects) under a path named
 * for an environment; the rule files beside those environment folders are every environment's.
 */
export const prometheusRulesDetector: SourceDetector = {
  fileMatch: /\.ya?ml$/i,
  detect(files, view): DetectResult {
    const perEnv: Detection[] = [];
    const unnamed: string[] = [];
    for (const file of files) {
      const text = view.read(file) ?? '';
      const object = OBJECT.test(text);
      if (!object && !(RULES.test(text) && RULE.test(text))) continue;
      const env = environmentInPath(file);
      if (!env) {
        unnamed.push(file);
        continue;
      }
      const what = object ? 'PrometheusRule objects' : 'Prometheus rules';
      const prior = perEnv.find(
        (d) => d.environment?.name === env.name && dirOf(d.paths[0]!) === dirOf(file),
      );
      if (prior) prior.paths.push(file);
      else perEnv.push({ environment: env, paths: [file], why: `${file}: ${what} for ${env.name}` });
    }
    // Rules in the folder that holds the per-environment folders apply to every environment.
    const parents = new Set(perEnv.flatMap((d) => d.paths.map((p) => dirOf(dirOf(p)))));
    const shared = unnamed.filter((f) => parents.has(dirOf(f)));
    const found = [...perEnv];
    if (shared.length > 0)
      found.push({
        paths: shared,
        why: `${dirOf(shared[0]!)}/: Prometheus rules every environment loads (beside the per-environment folders)`,
      });
    return { found };
  },
};
