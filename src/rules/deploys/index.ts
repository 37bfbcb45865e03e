import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import { deploysRules } from './cronjobs.js';
import { deploysPipelineRules } from './pipeline.js';

/** The deploys dimension in precedence order: scheduled jobs, then pipelines and cadence; the fallback last. */
export const deploysDimension: readonly Rule[] = [
  ...deploysRules,
  ...deploysPipelineRules,
  fallback('deploys'),
];
