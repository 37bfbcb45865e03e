import { UsageError } from '../errors.js';
import type { Audit } from '../model/audit.js';
import { redactDeep, redactText } from '../secrets/redact.js';
import { renderJson } from './json.js';
import { type MarkdownOptions, renderMarkdown } from './markdown.js';
import { renderText, type TextOptions } from './text.js';

export type { ExplainOptions } from './explain.js';
export { renderRule } from './explain.js';
export { renderJson } from './json.js';
export type { MarkdownOptions } from './markdown.js';
export { renderMarkdown } from './markdown.js';
export type { TextOptions } from './text.js';
export { renderText } from './text.js';

/** The formats `parity audit --format` accepts today (sarif and html come later). */
export const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of every format in one bag; each format reads its own. */
export interface ReportOptions extends Partial<TextOptions>, MarkdownOptions {}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders an audit in one format; pure, the caller writes the result. Colour is off unless asked for. */
export function renderAudit(audit: Audit, format: ReportFormat, options: ReportOptions = {}): string {
  // Facts are protected when read; this is the second line: whatever a rule or a source put into
  // a message, a key or a skip reason is redacted before any format sees it, and after.
  const safe = redactDeep(audit);
  switch (format) {
    case 'json':
      return renderJson(safe);
    case 'markdown':
      return redactText(renderMarkdown(safe, options));
    case 'text':
      return redactText(renderText(safe, { ...options, color: options.color ?? false }));
    default:
      // Only reachable from untyped callers; the CLI validates --format with isReportFormat first.
      throw new UsageError(
        `unknown report format "${String(format)}"; expected one of ${REPORT_FORMATS.join(', ')}`,
      );
  }
}
