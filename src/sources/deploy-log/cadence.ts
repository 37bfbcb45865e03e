import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { plural } from '../../units/plural.js';
import type { DeployEvent } from './events.js';

/** The deploy windows kept for the overlap-with-jobs rule: the most recent ones. */
export const MAX_WINDOWS = 500;
const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Two deploys an instant apart say nothing about a weekly rate. */
const MIN_SPAN_MS = 3600 * 1000;

export interface PlacedEvent extends DeployEvent {
  file: string;
}

/**
 * Cadence facts from one environment's deploys: how often (per week, over the log's span), how
 * long (median), how many overlapped another deploy, and the windows for the scan rule.
 */
export function cadenceFacts(
  events: readonly PlacedEvent[],
  source: string,
): { facts: Fact[]; note?: string } {
  const sorted = [...events].sort((a, b) => a.start - b.start);
  const first = sorted[0];
  if (!first) return { facts: [] };
  const origin = { source, file: first.file, line: first.line };
  const facts: Fact[] = [];
  const fact = (attribute: string, value: number, unit: string) =>
    makeFact({ dimension: 'deploys', path: ['cadence', attribute], value, unit, origin });
  let note: string | undefined;
  const span = sorted[sorted.length - 1]!.start - first.start;
  if (sorted.length >= 2 && span >= MIN_SPAN_MS) {
    facts.push(fact('deploys-per-week', round1(((sorted.length - 1) / span) * WEEK_MS), 'deploys/week'));
  } else {
    note = `${plural(sorted.length, 'deploy')} within an hour: too few to tell a weekly rate`;
  }
  const durations = sorted.filter((e) => e.end !== undefined).map((e) => (e.end! - e.start) / 1000);
  if (durations.length > 0) facts.push(fact('median-duration-s', Math.round(median(durations)), 's'));
  facts.push(fact('overlapping-deploys', overlapping(sorted), 'deploys'));
  facts.push(
    makeFact({
      dimension: 'deploys',
      path: ['log', 'windows'],
      value: sorted.slice(-MAX_WINDOWS).map((e) => `${iso(e.start)}/${iso(e.end ?? e.start)}`),
      compare: 'presence',
      origin,
    }),
  );
  return note ? { facts, note } : { facts };
}

/**
 * Deploys whose window overlaps another deploy's (of any service), in one pass over deploys
 * sorted by start (longest first on ties): a deploy overlaps an earlier one when it starts before
 * the latest end so far, and a later one when the next deploy starts before it ends.
 */
function overlapping(sorted: readonly DeployEvent[]): number {
  const ordered = [...sorted].sort((a, b) => a.start - b.start || endOf(b) - endOf(a));
  let count = 0;
  let latestEnd = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ordered.length; i++) {
    const event = ordered[i]!;
    const next = ordered[i + 1];
    if (event.start < latestEnd || (next !== undefined && next.start < endOf(event))) count++;
    latestEnd = Math.max(latestEnd, endOf(event));
  }
  return count;
}

function endOf(event: DeployEvent): number {
  return event.end ?? event.start;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
