import type { Audit } from '../model/audit.js';
import { cleanText } from '../units/clean.js';
import { plural } from '../units/plural.js';
import { splitDivergences } from './summary.js';
import type { TextContext } from './text-context.js';
import { wrap } from './wrap.js';

/**
 * What to do next, last in the report: `parity decide` while undecided findings remain (all of
 * them, shown or not), drafts to finish, and `parity explain RULE` for the top shown finding.
 */
export function nextSteps(audit: Audit, minSeverity?: Parameters<typeof splitDivergences>[1]): string[] {
  let undecided = 0;
  let drafted = 0;
  let top: string | undefined;
  for (const comparison of audit.comparisons) {
    const all = splitDivergences(comparison);
    undecided += all.undecided.length;
    drafted += all.drafted.length;
    top ??= splitDivergences(comparison, minSeverity).undecided[0]?.rule;
  }
  const steps: string[] = [];
  if (undecided > 0)
    steps.push(
      `\`parity decide\` drafts a decision for the ${plural(undecided, 'undecided finding')}; review and commit them.`,
    );
  if (drafted > 0)
    steps.push(
      `Write the reason of ${drafted === 1 ? 'the draft' : `the ${drafted} drafts`} in parity.yaml and remove \`draft: true\`.`,
    );
  if (top) steps.push(`\`parity explain ${top}\` tells what the top finding risks and the usual remedy.`);
  return steps;
}

/** The footer of the text report, or an empty string when there is nothing to do. */
export function renderFooter(audit: Audit, ctx: TextContext): string {
  const steps = nextSteps(audit, ctx.minSeverity);
  if (steps.length === 0) return '';
  const lines = steps.map((s) => wrap(cleanText(s), { width: ctx.width, first: '  ', rest: '    ' }));
  return [ctx.palette.bold('Next'), ...lines].join('\n');
}
