import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import {
  columnDiffers,
  constraintDiffers,
  indexDiffers,
  migrations,
  planCost,
  planFlip,
  tableMissing,
} from './schema.js';
import { nullPaths, server, settings, shape, skew, stale, volume } from './shape.js';

/** The data dimension's rules in precedence order: plans, then schema, then value shape, then the server. */
export const dataRules: readonly Rule[] = [
  planFlip,
  planCost,
  migrations,
  tableMissing,
  columnDiffers,
  indexDiffers,
  constraintDiffers,
  nullPaths,
  skew,
  shape,
  volume,
  stale,
  settings,
  server,
];

/** The data dimension: its rules, then the fallback. */
export const dataDimension: readonly Rule[] = [...dataRules, fallback('data')];
