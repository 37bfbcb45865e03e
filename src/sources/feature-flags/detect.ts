import { looksLikeFlagMap } from './flag-map.js';
import { type FlagFormat, isObject } from './model.js';

/**
 * Which format a parsed document is in: flagd (`flags` of objects with state or variants),
 * Unleash (`features` / `featureEnvironments` / `featureStrategies` lists), or a homemade map of
 * flag -> value. Undefined for anything else (a manifest in the same folder), which is skipped.
 */
export function detectFormat(value: unknown): FlagFormat | undefined {
  if (!isObject(value)) return undefined;
  const flags = value.flags;
  const schema = typeof value.$schema === 'string' && /flagd/i.test(value.$schema);
  if (
    isObject(flags) &&
    (schema ||
      Object.values(flags).some(
        (f) => isObject(f) && ('state' in f || 'variants' in f || 'defaultVariant' in f || 'targeting' in f),
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
