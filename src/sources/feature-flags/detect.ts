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
