import type { Rule } from '../rule-kit/types.js';
import {
  columnDiffers,
  constraintDiffers,
  indexDiffers,
  migrations,
  planCost,
  planFlip,
  tableMissing,
} from './data-schema.js';
import { nullPaths, role, server, settings, shape, skew, stale, volume } from './data-shape.js';

/** The data dimension's rules (and the database role's access rule), most specific first. */
export const dataRules: Rule[] = [
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
  role,
];
