import type { Skip } from '../../model/snapshot.js';
import type { EnvironmentSelection } from '../github-actions/environments.js';
import type { SourceResult } from '../types.js';
import { cadenceFacts, type PlacedEvent } from './cadence.js';
import { type DeployLogFields, hasEnvironmentField, toEvent } from './events.js';
import { type LogFormat, readRecords } from './records.js';

export interface LogText {
  file: string;
  text: string;
}

export interface ExtractInput {
  source: string;
  selection: EnvironmentSelection;
  fields: DeployLogFields;
  format: LogFormat;
}

/** Unreadable lines named one by one per file before they are only counted. */
const SAMPLED_SKIPS = 5;

/**
 * Deploy logs in, this environment's cadence out. A log without an environment field is taken as
 * this environment's own; otherwise rows of other environments are left out. Pure.
 */
export function extractDeployLog(files: readonly LogText[], input: ExtractInput): SourceResult {
  const skips: Skip[] = [];
  const events: PlacedEvent[] = [];
  const seen = new Set<string>();
  for (const { file, text } of files) {
    const { records, bad } = readRecords(text, input.format);
    const filtered = hasEnvironmentField(records, input.fields);
    const problems = [...bad];
    for (const record of records) {
      const event = toEvent(record, input.fields);
      if (typeof event === 'string') {
        problems.push({ line: record.line, reason: event });
        continue;
      }
      if (filtered) {
        if (event.environment === undefined) {
          problems.push({ line: record.line, reason: 'no environment, unlike the other rows' });
          continue;
        }
        seen.add(event.environment);
        if (!input.selection.matches(event.environment)) continue;
      }
      events.push({ ...event, file });
    }
    problems.sort((a, b) => a.line - b.line);
    for (const p of problems.slice(0, SAMPLED_SKIPS))
      skips.push({ source: input.source, file, line: p.line, reason: p.reason });
    if (problems.length > SAMPLED_SKIPS) {
      skips.push({
        source: input.source,
        file,
        line: problems[SAMPLED_SKIPS]!.line,
        reason: `${problems.length - SAMPLED_SKIPS} more lines could not be read as deploys (${problems.length} in all)`,
      });
    }
  }
  if (events.length === 0) {
    const others = [...seen].sort().slice(0, 12).join(', ');
    skips.push({
      source: input.source,
      reason: `no deploy to ${input.selection.shown.join(', ')} in the log${others ? ` (environments seen: ${others}); set the source's \`environment:\` option` : ''}`,
    });
    return { facts: [], skips };
  }
  const { facts, note } = cadenceFacts(events, input.source);
  if (note) skips.push({ source: input.source, reason: note });
  return { facts, skips };
}
