import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import { configRules } from './env.js';
import { flagRules } from './flags.js';

/**
 * The config dimension in precedence order (the first rule that applies owns a pair): debug
 * switches, timeouts, flag-like variables and pool sizes before the generic variable rules, then
 * feature-flag files, then the fallback.
 */
export const configDimension: readonly Rule[] = [...configRules, ...flagRules, fallback('config')];
