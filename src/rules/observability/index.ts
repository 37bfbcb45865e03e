import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import { observabilityRules } from './observability.js';

/** The observability dimension in precedence order; the fallback last. */
export const observabilityDimension: readonly Rule[] = [...observabilityRules, fallback('observability')];
