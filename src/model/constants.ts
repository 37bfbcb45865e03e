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
