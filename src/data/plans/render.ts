import type { ExplainResult } from '../../postgres/explain.js';
import type { PlanComparison } from './plans.js';

/** The names the two databases go by in a plans report. */
export interface PlanNames {
  baseline: string;
  candidate: string;
}

const cost = (r?: ExplainResult) =>
  r?.summary ? `cost ${r.summary.totalCost}, rows ${r.summary.rows}` : (r?.error ?? '-');

/** Both plans as a markdown table, the flipped plans' trees in details blocks. Pure. */
export function renderPlansMarkdown(comparisons: readonly PlanComparison[], names: PlanNames): string {
  const lines: string[] = [
    `| query | verdict | ${names.candidate} | ${names.baseline} | note |`,
    '|---|---|---|---|---|',
  ];
  for (const c of comparisons)
    lines.push(
      `| ${c.name} | ${c.verdict} | ${cost(c.candidate)} | ${cost(c.baseline)} | ${c.note.replace(/\|/g, '\\|')} |`,
    );
  for (const c of comparisons.filter((x) => x.verdict === 'flip')) {
    lines.push('', `<details><summary>${c.name}: ${c.note}</summary>`, '');
    lines.push(`**${names.candidate}**`, '```', ...(c.candidate?.summary?.tree ?? []), '```');
    lines.push(`**${names.baseline}**`, '```', ...(c.baseline?.summary?.tree ?? []), '```', '</details>');
  }
  return lines.join('\n');
}

/** Both plans side by side, for a terminal. Pure. */
export function renderPlansText(comparisons: readonly PlanComparison[], names: PlanNames): string {
  const lines: string[] = [];
  for (const c of comparisons) {
    lines.push(
      `${c.verdict.toUpperCase().padEnd(17)} ${c.name}: ${c.note}${c.costRatio ? ` (cost x${c.costRatio})` : ''}`,
    );
    if (c.verdict === 'same' || c.verdict === 'unplanned') continue;
    const left = [`${names.candidate}: ${cost(c.candidate)}`, ...(c.candidate?.summary?.tree ?? [])];
    const right = [`${names.baseline}: ${cost(c.baseline)}`, ...(c.baseline?.summary?.tree ?? [])];
    const width = Math.min(70, Math.max(...left.map((l) => l.length)) + 2);
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      lines.push(`  ${(left[i] ?? '').slice(0, width - 2).padEnd(width)}| ${right[i] ?? ''}`);
    }
  }
  return lines.join('\n');
}
