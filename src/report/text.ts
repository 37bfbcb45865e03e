import type { Audit, Comparison } from '../model/audit.js';
import type { Severity } from '../model/dimension.js';
import { cleanText } from '../units/clean.js';
import { createPalette } from './ansi.js';
import { countComparison, dimensionRows, hiddenNote, splitDivergences, summaryLine } from './summary.js';
import { lineWidth, type TextContext } from './text-context.js';
import { renderFooter } from './text-footer.js';
import { renderDimensionMap } from './text-map.js';
import { renderDecided, renderDrafted, renderRiskRegister } from './text-register.js';
import { renderNotCompared, renderUnread } from './text-unread.js';
import { wrap } from './wrap.js';

export interface TextOptions {
  /** ANSI colour; the CLI turns it on only for a TTY without NO_COLOR. */
  color: boolean;
  /** Line width to wrap at; 100 by default. */
  width?: number;
  /** Also show keys, values, rule details and decision reasons. */
  verbose?: boolean;
  /** `--min-severity`: findings below it are not shown (the report says how many). */
  minSeverity?: Severity;
}

function emptyRegisterNote(comparison: Comparison, ctx: TextContext): string {
  if (ctx.minSeverity && splitDivergences(comparison).undecided.length > 0) {
    return `No undecided divergences at or above ${ctx.minSeverity}.`;
  }
  const unknown = dimensionRows(comparison).filter((d) => d.status === 'unknown').length;
  if (unknown === dimensionRows(comparison).length) {
    return `Nothing was compared: no dimension has evidence, so this audit says nothing about ${cleanText(comparison.candidate)}.`;
  }
  return unknown > 0
    ? 'No undecided divergences in the dimensions that have evidence.'
    : 'No undecided divergences.';
}

function titleAndSummary(comparison: Comparison, ctx: TextContext): string {
  const title = ctx.palette.bold(
    `Parity audit: ${cleanText(comparison.candidate)} against ${cleanText(comparison.baseline)}`,
  );
  const summary = wrap(summaryLine(countComparison(comparison)), { width: ctx.width });
  const { hidden } = splitDivergences(comparison, ctx.minSeverity);
  const note = hiddenNote(hidden, ctx.minSeverity);
  return [title, summary, ...(note ? [wrap(note, { width: ctx.width, paint: ctx.palette.dim })] : [])].join(
    '\n',
  );
}

/** One comparison after the first screen's summary: not compared, drafts, the map, the register, the decided. */
function renderComparison(comparison: Comparison, ctx: TextContext, heading: boolean): string {
  const { undecided, drafted, decided } = splitDivergences(comparison, ctx.minSeverity);
  const notCompared = renderNotCompared(comparison, ctx);
  const sections = [
    ...(heading
      ? [ctx.palette.bold(`${cleanText(comparison.candidate)} against ${cleanText(comparison.baseline)}`)]
      : []),
    ...(notCompared ? [notCompared] : []),
    ...(drafted.length > 0 ? [renderDrafted(drafted, ctx)] : []),
    renderDimensionMap(comparison, ctx),
    renderRiskRegister(undecided, emptyRegisterNote(comparison, ctx), ctx),
  ];
  if (decided.length > 0) sections.push(renderDecided(decided, ctx));
  return sections.join('\n\n');
}

function renderUnusedDecisions(audit: Audit, ctx: TextContext): string {
  const lines = audit.unusedDecisions.map((d) => {
    const parts = [d.rule ?? '(any rule)', d.key ?? '(any key)', ...(d.line ? [`line ${d.line}`] : [])];
    return wrap(cleanText(parts.join('  ')), { width: ctx.width, first: '  ', rest: '    ' });
  });
  const title = ctx.palette.bold(`Unused decisions: ${audit.unusedDecisions.length}`);
  const hint = wrap('They match no divergence: remove them, or correct their rule or key.', {
    width: ctx.width,
    first: '  ',
    rest: '  ',
    paint: ctx.palette.dim,
  });
  return [title, hint, ...lines].join('\n');
}

function renderOutside(audit: Audit, ctx: TextContext): string {
  const lines = (audit.outsideProject ?? []).map((o) =>
    wrap(`${cleanText(o.environment)}  ${cleanText(o.source)}  ${cleanText(o.file)}`, {
      width: ctx.width,
      first: '  ',
      rest: '    ',
    }),
  );
  return [ctx.palette.bold('Read from outside the project (named in parity.yaml):'), ...lines].join('\n');
}

/**
 * The terminal report. First screen: per comparison its summary, then what could not be read, then
 * per comparison what was not compared, the drafts and the dimension map; then the register,
 * largest first, the decided, and a footer with the next step.
 */
export function renderText(audit: Audit, options: TextOptions): string {
  const ctx: TextContext = {
    palette: createPalette(options.color),
    width: lineWidth(options.width),
    verbose: options.verbose ?? false,
    ...(options.minSeverity ? { minSeverity: options.minSeverity } : {}),
  };
  const unread = renderUnread(audit, ctx);
  const sections = audit.comparisons.map((c) => titleAndSummary(c, ctx));
  if (sections.length === 0) {
    sections.push(`Parity audit: nothing compared: no environment besides ${cleanText(audit.baseline)}.`);
  }
  // What was read from outside the project, so nobody mistakes it for the project's own files.
  if (audit.outsideProject?.length) sections.push(renderOutside(audit, ctx));
  if (unread.first) sections.push(unread.first);
  const several = audit.comparisons.length > 1;
  sections.push(...audit.comparisons.map((c) => renderComparison(c, ctx, several)));
  if (unread.rest) sections.push(unread.rest);
  if (audit.unusedDecisions.length > 0) sections.push(renderUnusedDecisions(audit, ctx));
  const footer = renderFooter(audit, ctx);
  if (footer) sections.push(footer);
  return `${sections.join('\n\n')}\n`;
}
