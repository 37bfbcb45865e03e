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

/**
 * Every report format, in the order help lists them: `--format` of every command that writes a
 * report, and the writers in src/report/. A new format is one entry here and one writer.
 */
export const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The formats written for people; JSON is the data itself. */
export type ProseFormat = Exclude<ReportFormat, 'json'>;
