import {
  baseOf,
  type Detection,
  type DetectResult,
  type DetectView,
  dirOf,
  joinPath,
  type SourceDetector,
} from '../detection.js';

/** `values-prod.yaml`, `values.staging.yaml`, `tempo-values-integration.yaml`: a prefix, `values`, the environment. */
const OVERLAY = /^((?:[\w-]*[-_])?values)[-_.]([\w-]+)\.ya?ml$/;
/** `values/production.yaml`. */
const IN_VALUES_DIR = /(^|\/)values\/([\w-]+)\.ya?ml$/;

/**
 * The chart defaults an environment file is layered over: `values.yaml` beside it (or the
 * prefixed `tempo-values.yaml`), else the values of the one chart in a folder below
 * (`helm_deploy/values-prod.yaml` over `helm_deploy/<chart>/values.yaml`).
 */
function baseValues(view: DetectView, dir: string, prefix: string): string | undefined {
  for (const name of [`${prefix}.yaml`, `${prefix}.yml`, 'values.yaml', 'values.yml']) {
    if (view.has(joinPath(dir, name))) return joinPath(dir, name);
  }
  const depth = dir === '.' ? 1 : dir.split('/').length + 1;
  const charts = view.files.filter(
    (f) =>
      f.startsWith(dir === '.' ? '' : `${dir}/`) &&
      f.split('/').length === depth + 1 &&
      /\/Chart\.ya?ml$/.test(f),
  );
  if (charts.length !== 1) return undefined;
  const values = joinPath(dirOf(charts[0]!), 'values.yaml');
  return view.has(values) ? values : undefined;
}

export const helmValuesDetector: SourceDetector = {
  fileMatch: /(^|\/)((?:[\w-]*[-_])?values[-_.][\w-]+|values\/[\w-]+)\.ya?ml$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      const dir = dirOf(file);
      const overlay = OVERLAY.exec(baseOf(file));
      const inDir = overlay ? undefined : IN_VALUES_DIR.exec(file);
      const name = overlay?.[2] ?? inDir?.[2];
      if (!name || name === 'schema') continue;
      const base = overlay ? baseValues(view, dir, overlay[1]!) : baseValues(view, dirOf(dir), 'values');
      found.push({
        environment: {
          name,
          evidence: 'sibling',
          group: `${overlay ? dir : dirOf(dir)}:${overlay?.[1] ?? 'values/'}`,
        },
        paths: base ? [base, file] : [file],
        why: base ? `${file}: Helm values for ${name}, over ${base}` : `${file}: Helm values for ${name}`,
      });
    }
    return { found };
  },
};
