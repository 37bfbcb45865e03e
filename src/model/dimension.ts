import { z } from 'zod';

/** The eight dimensions along which two environments are compared, in report order. */
export const DIMENSIONS = [
  'infra',
  'config',
  'access',
  'data',
  'traffic',
  'integrations',
  'deploys',
  'observability',
] as const;

export const Dimension = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof Dimension>;

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Numeric rank of a severity, for sorting and `--fail-on`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
