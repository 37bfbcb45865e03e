import { groupRules } from '../compare/group-rules.js';
import type { Rule } from '../rule-kit/types.js';
import { accessDimension } from './access/index.js';
import { configDimension } from './config/index.js';
import { dataDimension } from './data/index.js';
import { deploysDimension } from './deploys/index.js';
import { infraDimension } from './infra/index.js';
import { integrationsDimension } from './integrations/index.js';
import { observabilityDimension } from './observability/index.js';
import { trafficDimension } from './traffic/index.js';

/**
 * The rule catalogue: one folder per dimension, each index in its own precedence order. A pair
 * rule only ever sees pairs of its own dimension, so the order across dimensions decides nothing
 * but the order scan rules run in (and `parity explain` lists).
 */
export const rules: readonly Rule[] = [
  ...configDimension,
  ...infraDimension,
  ...accessDimension,
  ...dataDimension,
  ...trafficDimension,
  ...observabilityDimension,
  ...integrationsDimension,
  ...deploysDimension,
];

/** The rule with this id (`config.env-missing`, or a grouped finding's `config.names-differ-by-environment`), if any. */
export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.id === id) ?? groupRules.find((r) => r.id === id);
}
