import { z } from 'zod';

import { DIMENSIONS, SEVERITIES } from './constants.js';

export { DIMENSIONS, SEVERITIES };

export const Dimension = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof Dimension>;

export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export { severityRank } from './constants.js';
