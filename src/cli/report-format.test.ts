import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { REPORT_FORMATS } from '../model/constants.js';
import { REPORT_FORMAT_HELP, reportFormatFlag } from './report-format.js';

describe('reportFormatFlag', () => {
  it('accepts every format of the one list and defaults to text', () => {
    for (const f of REPORT_FORMATS) expect(reportFormatFlag('--format', f)).toBe(f);
    expect(reportFormatFlag('--format', undefined)).toBe('text');
    expect(REPORT_FORMAT_HELP).toBe('text, json, markdown');
  });

  it('names the flag, the value and the list when the value is not a format', () => {
    expect(() => reportFormatFlag('--output-format', 'sarif')).toThrow(UsageError);
    expect(() => reportFormatFlag('--output-format', 'sarif')).toThrow(
      '--output-format sarif: expected text, json or markdown',
    );
  });
});
