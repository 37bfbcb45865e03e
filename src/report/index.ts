import type { Audit } from '../model/audit.js';
import { REPORT_FORMATS, type ReportFormat } from '../model/constants.js';
import { redactDeep, redactText } from '../secrets/redact.js';
import { writerFor } from './formats/index.js';
import type { ReportOptions } from './formats/writer.js';

export type { ExplainOptions } from './explain.js';
export { renderRule } from './explain.js';
export type {
  PlansReport,
  RehearsalReport,
  ReplayReport,
  ReportKind,
  ReportOptions,
  ReportWriter,
} from './formats/index.js';
export { REPORT_WRITERS, writerFor } from './formats/index.js';
export type { JsonOptions } from './json.js';
export { auditSummary, renderJson } from './json.js';
export type { MarkdownOptions } from './markdown.js';
export { renderMarkdown } from './markdown.js';
export type { TextOptions } from './text.js';
export { renderText } from './text.js';

// The one list of formats lives with the other plain constants, so the CLI's help needs no writer.
export { REPORT_FORMATS, type ReportFormat };

/** True for a format a writer exists for. */
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders an audit in one format; pure, the caller writes the result. Colour is off unless asked for. */
export function renderAudit(audit: Audit, format: ReportFormat, options: ReportOptions = {}): string {
  const writer = writerFor(format);
  // Facts are protected when read; this is the second line: whatever a rule or a source put into
  // a message, a key or a skip reason is redacted before any format sees it, and after.
  const text = writer.audit(redactDeep(audit), options);
  return writer.medium === 'data' ? text : redactText(text);
}
