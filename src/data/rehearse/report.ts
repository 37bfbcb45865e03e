import type { ExplainResult } from '../../postgres/explain.js';
import { describeFlip } from '../../postgres/plan-shape.js';
import type { RehearsedQuery, RehearseResult } from './rehearse.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const s = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

function ms(r?: ExplainResult): string {
  if (!r?.summary) return r?.error ? 'not planned' : '-';
  if (r.summary.executionMs === undefined)
    return `estimated (cost ${n(r.summary.totalCost)}, ${n(r.summary.rows)} rows)`;
  return `${r.summary.executionMs.toFixed(1)} ms`;
}

function verdict(q: RehearsedQuery): string {
  if (!q.rehearsal.summary) return 'unplanned';
  if (q.flip) return 'flip';
  const a = q.rehearsal.summary.executionMs;
  const b = q.staging?.summary?.executionMs;
  if (a !== undefined && b !== undefined && a > Math.max(b * 10, b + 100)) return 'slower';
  return q.staging?.summary ? 'same' : 'measured';
}

/** One line about the rehearsal plan against production's own (estimated) plan, when it was read. */
function fidelity(q: RehearsedQuery): string | null {
  const p = q.production?.summary;
  const r = q.rehearsal.summary;
  if (!p || !r) return null;
  return p.shape === r.shape
    ? 'production plans it the same way (estimated)'
    : `production plans it differently (estimated): ${describeFlip(r.shape, p.shape)}`;
}

/** What both renderings of a rehearsal say first: the headline, the skew, the notes. */
function summary(result: RehearseResult) {
  const g = result.generation;
  const volume = result.scale === 1 ? 'production volume' : `${result.scale} x production volume`;
  const head =
    `Rehearsal at ${volume}: ` +
    `${n(g.rows)} rows generated in ${s(g.ms)} (${n(g.rowsPerSecond)} rows/s); keys and indexes ${s(g.indexMs)}, ` +
    `VACUUM ANALYZE ${s(g.analyzeMs)}; ${s(g.totalMs)} in all`;
  const skew = result.tables.flatMap((t) => t.skew.map((x) => `${t.key}.${x}`));
  const notes = [...result.notes, ...result.tables.flatMap((t) => t.notes)];
  return { volume, head, skew, notes };
}

/** The rehearsal as markdown (a PR comment). Pure. */
export function renderRehearsalMarkdown(result: RehearseResult, stagingName = 'staging'): string {
  const { head, skew, notes } = summary(result);
  const lines: string[] = [];
  lines.push(`**${head}**`, '');
  if (skew.length) lines.push(`Skew reproduced from production's fingerprints: ${skew.join(', ')}`, '');
  lines.push(
    `| query | verdict | rehearsal | ${stagingName} | plan at volume | note |`,
    '|---|---|---|---|---|---|',
  );
  for (const q of result.queries) {
    const note =
      q.flip && q.staging?.summary && q.rehearsal.summary
        ? describeFlip(q.staging.summary.shape, q.rehearsal.summary.shape)
        : (q.rehearsal.error ?? fidelity(q) ?? '');
    const shape = q.rehearsal.summary ? `\`${q.rehearsal.summary.shape}\`` : '-';
    lines.push(
      `| ${q.name} | ${verdict(q)} | ${ms(q.rehearsal)} | ${q.staging ? ms(q.staging) : '-'} | ${shape.replace(/\|/g, '\\|')} | ${note.replace(/\|/g, '\\|')} |`,
    );
  }
  for (const q of result.queries.filter((x) => x.flip)) {
    lines.push('', `<details><summary>${q.name}: plans</summary>`, '');
    lines.push(`**${stagingName}**`, '```', ...(q.staging?.summary?.tree ?? []), '```');
    lines.push('**rehearsal**', '```', ...(q.rehearsal.summary?.tree ?? []), '```', '</details>');
  }
  if (notes.length) lines.push('', ...notes.map((x) => `- ${x}`));
  return lines.join('\n');
}

/** The rehearsal as text (a terminal). Pure. */
export function renderRehearsalText(result: RehearseResult, stagingName = 'staging'): string {
  const { volume, head, skew, notes } = summary(result);
  const lines: string[] = [];
  lines.push(head);
  lines.push(`tables: ${result.tables.map((t) => `${t.key} ${n(t.rows)}`).join(', ')}`);
  if (skew.length) lines.push(`skew reproduced from production's fingerprints: ${skew.join(', ')}`);
  lines.push('');
  for (const q of result.queries) {
    const v = verdict(q).toUpperCase().padEnd(9);
    const staging = q.staging ? `; ${stagingName} ${ms(q.staging)}` : '';
    lines.push(`${v} ${q.name}: ${ms(q.rehearsal)} at ${volume}${staging}`);
    if (q.rehearsal.error) lines.push(`  ${q.rehearsal.error}`);
    if (q.staging?.error) lines.push(`  ${stagingName}: ${q.staging.error}`);
    if (q.rehearsal.summary) lines.push(`  plan: ${q.rehearsal.summary.shape}`);
    const f = fidelity(q);
    if (f) lines.push(`  ${f}`);
    if (!q.flip || !q.staging?.summary || !q.rehearsal.summary) continue;
    lines.push(`  ${describeFlip(q.staging.summary.shape, q.rehearsal.summary.shape)}`);
    const left = [`${stagingName}:`, ...q.staging.summary.tree];
    const right = ['rehearsal:', ...q.rehearsal.summary.tree];
    const width = Math.min(70, Math.max(...left.map((l) => l.length)) + 2);
    for (let i = 0; i < Math.max(left.length, right.length); i++)
      lines.push(`    ${(left[i] ?? '').slice(0, width - 2).padEnd(width)}| ${right[i] ?? ''}`);
  }
  if (notes.length) lines.push('', 'notes:', ...notes.map((x) => `  - ${x}`));
  if (result.keptDataDir)
    lines.push('', `scratch database kept in ${result.keptDataDir} (PostgreSQL data directory)`);
  return lines.join('\n');
}

/**
 * Exit code of a rehearsal: 2 when anything asked for failed (a query not planned or not run on
 * the scratch database, on staging, or on production), else 1 when a plan flips, else 0.
 */
export function rehearseExitCode(result: RehearseResult): 0 | 1 | 2 {
  if (result.queries.some((q) => q.rehearsal.error || q.staging?.error || q.production?.error)) return 2;
  return result.queries.some((q) => q.flip) ? 1 : 0;
}
