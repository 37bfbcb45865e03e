import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import { trafficRules } from './traffic.js';

/** The traffic dimension in precedence order; the fallback last. */
export const trafficDimension: readonly Rule[] = [...trafficRules, fallback('traffic')];
