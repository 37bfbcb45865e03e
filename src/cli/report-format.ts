import { UsageError } from '../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../model/constants.js';

/** Help text of a format flag: the formats, from the one list. */
export const REPORT_FORMAT_HELP = REPORT_FORMATS.join(', ');

/** A format flag's value checked against REPORT_FORMATS: `--format x: expected text, json or markdown`. */
export function reportFormatFlag(flag: string, value: string | undefined): ReportFormat {
  const v = value ?? 'text';
  const found = REPORT_FORMATS.find((f) => f === v);
  if (found) return found;
  const expected = `${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS.at(-1)}`;
  throw new UsageError(`${flag} ${v}: expected ${expected}`);
}
