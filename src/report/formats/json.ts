import { renderJson } from '../json.js';
import type { ReportWriter } from './writer.js';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** `--format json`: the data itself, for scripts; the documents with a schemaVersion carry it. */
export const jsonWriter: ReportWriter = {
  medium: 'data',
  audit: (audit, options) => renderJson(audit, options),
  plans: (r) => pretty({ schemaVersion: 1, comparisons: r.comparisons, skips: r.skips }),
  rehearsal: (r) => pretty({ schemaVersion: 1, ...r.result, skips: r.skips }),
  profile: (profile) => `${pretty(profile)}\n`,
  replay: (r) =>
    `${pretty({ ...r.result, skippedMethods: r.skippedMethods, notOriginForm: r.notOriginForm })}\n`,
};
