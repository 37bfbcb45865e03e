import {
  type Detection,
  type DetectResult,
  environmentInPath,
  type SourceDetector,
  yamlValues,
} from '../detection.js';
import { isMapping } from '../shape.js';
import { looksLikeFlagMap } from './flag-map.js';
import type { FlagFormat } from './model.js';

/**
 * Which format a parsed document is in: flagd (`flags` of objects with state or variants),
 * Unleash (`features` / `featureEnvironments` / `featureStrategies` lists), or a homemade map of
 * flag -> value. Undefined for anything else (a manifest in the same folder), which is skipped.
 */
export function detectFormat(value: unknown): FlagFormat | undefined {
  if (!isMapping(value)) return undefined;
  const flags = value.flags;
  const schema = typeof value.$schema === 'string' && /flagd/i.test(value.$schema);
  if (
    isMapping(flags) &&
    (schema ||
      Object.values(flags).some(
        (f) => isMapping(f) && ('state' in f || 'variants' in f || 'defaultVariant' in f || 'targeting' in f),
      ))
  ) {
    return 'flagd';
  }
  if (
    Array.isArray(value.features) ||
    Array.isArray(value.featureEnvironments) ||
    Array.isArray(value.featureStrategies)
  ) {
    return 'unleash';
  }
  return looksLikeFlagMap(value) ? 'map' : undefined;
}

/** Flag definitions (flagd, Unleash exports, a flag map) under a path named for an environment. */
export const featureFlagsDetector: SourceDetector = {
  fileMatch: /(^|\/)[^/]*(flag|feature|unleash)[^/]*\.(json|ya?ml)$/i,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      const env = environmentInPath(file);
      if (!env) continue;
      const values = /\.json$/i.test(file) ? [parseJson(view.read(file))] : yamlValues(view, file);
      const format = values.map(detectFormat).find(Boolean);
      if (format)
        found.push({
          environment: env,
          paths: [file],
          why: `${file}: ${format} feature flags for ${env.name}`,
        });
    }
    return { found };
  },
};

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
