import { renderPlansMarkdown } from '../../data/plans/render.js';
import { renderRehearsalMarkdown } from '../../data/rehearse/report.js';
import { renderProfileMarkdown } from '../../traffic/profile/render.js';
import { renderReplayMarkdown } from '../../traffic/replay/render.js';
import { renderMarkdown } from '../markdown.js';
import type { ReportWriter } from './writer.js';

/** `--format markdown`: a pull-request comment or a file. */
export const markdownWriter: ReportWriter = {
  medium: 'document',
  audit: (audit, options) => renderMarkdown(audit, options),
  plans: (r) => renderPlansMarkdown(r.comparisons, r.names),
  rehearsal: (r) => renderRehearsalMarkdown(r.result, r.stagingName),
  profile: (profile, top) => renderProfileMarkdown(profile, top),
  replay: (r) => renderReplayMarkdown(r.result, r.skippedMethods),
};
