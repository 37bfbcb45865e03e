import { renderPlansText } from '../../data/plans/render.js';
import { renderRehearsalText } from '../../data/rehearse/report.js';
import { renderProfileText } from '../../traffic/profile/render.js';
import { renderReplayText } from '../../traffic/replay/render.js';
import { renderText } from '../text.js';
import type { ReportWriter } from './writer.js';

/** `--format text`: for a terminal; colour only when asked for. */
export const textWriter: ReportWriter = {
  medium: 'terminal',
  audit: (audit, options) => renderText(audit, { ...options, color: options.color ?? false }),
  plans: (r) => renderPlansText(r.comparisons, r.names),
  rehearsal: (r) => renderRehearsalText(r.result, r.stagingName),
  profile: (profile, top) => renderProfileText(profile, top),
  replay: (r) => renderReplayText(r.result, r.skippedMethods),
};
