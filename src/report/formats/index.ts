import { UsageError } from '../../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../../model/constants.js';
import { jsonWriter } from './json.js';
import { markdownWriter } from './markdown.js';
import { textWriter } from './text.js';
import type { ReportWriter } from './writer.js';

export type {
  PlansReport,
  RehearsalReport,
  ReplayReport,
  ReportKind,
  ReportOptions,
  ReportWriter,
} from './writer.js';

/**
 * Every format's writer, the one table every command renders through. `satisfies` makes the
 * build fail when REPORT_FORMATS has a format without a writer here, or this has one it lacks.
 */
export const REPORT_WRITERS = {
  text: textWriter,
  json: jsonWriter,
  markdown: markdownWriter,
} as const satisfies { readonly [F in ReportFormat]: ReportWriter };

/** The writer of a format; an unknown one (only from untyped callers: every flag is checked) is a usage error. */
export function writerFor(format: ReportFormat): ReportWriter {
  if (!Object.hasOwn(REPORT_WRITERS, format))
    throw new UsageError(
      `unknown report format "${String(format)}"; expected one of ${REPORT_FORMATS.join(', ')}`,
    );
  return REPORT_WRITERS[format];
}
