import type { Percentiles } from '../profile/histogram.js';
import type { ReplayResult } from './run.js';

function p(v: Percentiles | null): string {
  return v ? `p50 ${v.p50} ms, p90 ${v.p90} ms, p99 ${v.p99} ms, max ${v.max} ms` : '-';
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => `${k} ${n}`).join(', ') : 'none';
}

/** The measures both renderings list, in order. */
function measures(r: ReplayResult, skippedMethods: Record<string, number>): [string, string][] {
  return [
    ['target', r.target],
    [
      'requests',
      `${r.sent} sent of ${r.planned} planned in ${(r.elapsedMs / 1000).toFixed(1)} s (${r.achievedRps}/s); ${r.completed} answered`,
    ],
    [
      'not sent',
      `${r.dropped} dropped (target could not keep up: in-flight limit), ${r.notSent} cut by the duration, ${r.unfinished} unfinished at the deadline`,
    ],
    ['latency', `${p(r.latencyMs)} (from scheduled send: queueing included)`],
    ['service time', p(r.serviceMs)],
    ['schedule lag', p(r.scheduleLagMs)],
    ['statuses', counts(r.statuses)],
    ['errors', counts(r.errors)],
    ['left out', counts(skippedMethods)],
  ];
}

/** The replay report as markdown. Pure. */
export function renderReplayMarkdown(
  r: ReplayResult,
  skippedMethods: Record<string, number> = {},
  top = 15,
): string {
  const rows = measures(r, skippedMethods);
  const eps = r.endpoints.slice(0, top);
  const out = [
    '### Replay',
    '',
    '| measure | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ];
  out.push('| endpoint | sent | errors | dropped | p50 ms | p99 ms |', '|---|---:|---:|---:|---:|---:|');
  for (const e of eps)
    out.push(
      `| \`${e.template}\` | ${e.sent} | ${e.errors} | ${e.dropped} | ${e.latencyMs?.p50 ?? '-'} | ${e.latencyMs?.p99 ?? '-'} |`,
    );
  return `${out.join('\n')}\n`;
}

/** The replay report as text, for a terminal. Pure. */
export function renderReplayText(
  r: ReplayResult,
  skippedMethods: Record<string, number> = {},
  top = 15,
): string {
  const rows = measures(r, skippedMethods);
  const eps = r.endpoints.slice(0, top);
  const width = Math.max(...rows.map(([k]) => k.length));
  const out = ['Replay', '', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), '', 'Endpoints:'];
  for (const e of eps) {
    out.push(
      `  ${String(e.sent).padStart(8)} sent  ${String(e.errors).padStart(6)} err  p50 ${String(e.latencyMs?.p50 ?? '-').padStart(7)} ms  p99 ${String(e.latencyMs?.p99 ?? '-').padStart(7)} ms  ${e.template}`,
    );
  }
  return `${out.join('\n')}\n`;
}
