import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { redactDeep } from '../secrets/redact.js';
import { driftedAudit } from './__fixtures__/audit-drifted.js';
import { isReportFormat, REPORT_FORMATS, type ReportFormat, renderAudit } from './index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

describe('renderAudit', () => {
  it('lists the formats it renders', () => {
    expect(REPORT_FORMATS.slice(0, 3)).toEqual(['text', 'json', 'markdown']);
    for (const format of REPORT_FORMATS) expect(isReportFormat(format)).toBe(true);
    expect(isReportFormat('nonesuch')).toBe(false);
    expect(isReportFormat('constructor')).toBe(false);
  });

  it('dispatches to each format with its options; text has no colour unless asked', () => {
    // Redacted before any format sees it: the fixture plants a Stripe-shaped fingerprint.
    expect(renderAudit(driftedAudit, 'json')).toBe(renderJson(redactDeep(driftedAudit)));
    expect(renderAudit(driftedAudit, 'json')).not.toContain('sk_live_51Planted');
    expect(renderAudit(driftedAudit, 'markdown', { maxRows: 2 })).toBe(
      renderMarkdown(driftedAudit, { maxRows: 2 }),
    );
    expect(renderAudit(driftedAudit, 'text', { width: 80 })).toBe(
      renderText(driftedAudit, { color: false, width: 80 }),
    );
    expect(renderAudit(driftedAudit, 'text', { color: true })).toContain('\u001b[');
  });

  it('refuses a format it does not know', () => {
    expect(() => renderAudit(driftedAudit, 'nonesuch' as ReportFormat)).toThrow(UsageError);
  });
});
