import type { Audit, Comparison } from '../../model/audit.js';
import { DIMENSIONS } from '../../model/dimension.js';

/** A preview environment whose only source matched no file: every dimension is unknown. */
export const previewComparison: Comparison = {
  baseline: 'production',
  candidate: 'preview',
  dimensions: DIMENSIONS.map((dimension) => ({
    dimension,
    status: 'unknown' as const,
    baselineSources: [],
    candidateSources: [],
    facts: 0,
    undecided: 0,
    decided: 0,
  })),
  divergences: [],
};

export const allUnknownAudit: Audit = {
  schemaVersion: 1,
  generatedAt: '2026-11-23T09:30:00.000Z',
  baseline: 'production',
  comparisons: [previewComparison],
  skips: [
    {
      environment: 'preview',
      source: 'kubernetes:deploy/preview/',
      file: 'deploy/preview/',
      reason: 'path matched no files; expected a file, a directory or a glob that matches',
    },
    {
      environment: 'production',
      source: 'kubernetes:deploy/production/',
      file: 'deploy/production/',
      reason: 'path matched no files; expected a file, a directory or a glob that matches',
    },
  ],
  unusedDecisions: [],
};
