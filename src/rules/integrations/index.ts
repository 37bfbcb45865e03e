import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import { integrationRules } from './integrations.js';

/** The integrations dimension in precedence order: a production endpoint in staging first; the fallback last. */
export const integrationsDimension: readonly Rule[] = [...integrationRules, fallback('integrations')];
