import type { Rule } from '../rule-kit/types.js';
import { accessRules } from './access.js';
import { configRules } from './config.js';
import { dataRules } from './data.js';
import { deploysRules } from './deploys.js';
import { deploysPipelineRules } from './deploys-pipeline.js';
import { flagRules } from './flags.js';
import { genericRules } from './generic.js';
import { infraRules } from './infra.js';
import { integrationRules } from './integrations.js';
import { observabilityRules } from './observability.js';
import { rbacRules } from './rbac.js';
import { terraformRules } from './terraform.js';
import { trafficRules } from './traffic.js';

/**
 * The rule catalogue, in precedence order: the first pair rule that applies to a pair owns it,
 * so specific rules come before the per-dimension fallbacks.
 */
export const rules: readonly Rule[] = [
  ...configRules,
  ...flagRules,
  ...infraRules,
  ...terraformRules,
  ...accessRules,
  ...rbacRules,
  ...dataRules,
  ...trafficRules,
  ...observabilityRules,
  ...integrationRules,
  ...deploysRules,
  ...deploysPipelineRules,
  ...genericRules,
];

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
