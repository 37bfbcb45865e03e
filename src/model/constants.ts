// Plain constants with no dependencies, so the CLI can build its help without loading zod.

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

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** Numeric rank of a severity, for sorting and `--fail-on`. */
export function severityRank(severity: (typeof SEVERITIES)[number]): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * Every report format, in the order help lists them: `--format` of every command that writes a
 * report. A new format is one entry here and its writer in src/report/formats/ (REPORT_WRITERS).
 */
export const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
