import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { REPORT_FORMATS } from '../model/constants.js';
import { REPORT_FORMAT_HELP, reportFormatFlag } from './report-format.js';

describe('reportFormatFlag', () => {
  it('accepts every format of the one list and defaults to text', () => {
    for (const f of REPORT_FORMATS) expect(reportFormatFlag('--format', f)).toBe(f);
    expect(reportFormatFlag('--format', undefined)).toBe('text');
    expect(REPORT_FORMAT_HELP).toBe(REPORT_FORMATS.join(', '));
    expect(REPORT_FORMAT_HELP).toMatch(/^text, json, markdown\b/);
  });

  it('names the flag, the value and the list when the value is not a format', () => {
    // Said as a sentence from the one list: "text, json or markdown" today.
    const expected = `${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS.at(-1)}`;
    expect(() => reportFormatFlag('--output-format', 'nonesuch')).toThrow(UsageError);
    expect(() => reportFormatFlag('--output-format', 'nonesuch')).toThrow(
      `--output-format nonesuch: expected ${expected}`,
    );
    expect(expected).toMatch(/^text, json\b/);
  });
});
