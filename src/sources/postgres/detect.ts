import type { DetectResult, SourceDetector } from '../detection.js';

/** A database is reached by URL, never found in files; its migrations are the hint that one exists. */
export const postgresDetector: SourceDetector = {
  fileMatch: /(^|\/)(migrations|migrate|alembic|prisma)\//,
  detect(files): DetectResult {
    return {
      found: [],
      todo:
        files.length > 0
          ? [
              'Database migrations found: add `kind: postgres` sources with `url: ${PROD_DATABASE_URL}` (read-only).',
            ]
          : [],
    };
  },
};
