import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import { commandRules } from './commands.js';
import { exposureRules } from './exposure.js';
import { terraformRules } from './terraform.js';
import { infraRules } from './workloads.js';

/**
 * The infra dimension in precedence order: workloads (a workload on one side only first, so its
 * settings are not repeated), what their containers run, how traffic reaches them (load balancer, ingress, WAF), then cloud
 * resources read from Terraform (a resource on one side only first), then the fallback.
 */
export const infraDimension: readonly Rule[] = [
  ...infraRules,
  ...commandRules,
  ...exposureRules,
  ...terraformRules,
  fallback('infra'),
];
