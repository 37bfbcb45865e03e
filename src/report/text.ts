import type { Audit, Comparison } from '../model/audit.js';
import { createPalette } from './ansi.js';
import { cleanText } from './clean.js';
import { countComparison, dimensionRows, splitDivergences, summaryLine } from './summary.js';
import { lineWidth, type TextContext } from './text-context.js';
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
}

function emptyRegisterNote(comparison: Comparison): string {
  const unknown = dimensionRows(comparison).filter((d) => d.status === 'unknown').length;
  if (unknown === dimensionRows(comparison).length) {
    return `Nothing was compared: no dimension has evidence, so this audit says nothing about ${cleanText(comparison.candidate)}.`;
  }
  return unknown > 0
    ? 'No undecided divergences in the dimensions that have evidence.'
    : 'No undecided divergences.';
}

function renderComparison(comparison: Comparison, ctx: TextContext): string {
  const { palette } = ctx;
  const title = palette.bold(
    `Parity audit: ${cleanText(comparison.candidate)} against ${cleanText(comparison.baseline)}`,
  );
  const summary = wrap(summaryLine(countComparison(comparison)), { width: ctx.width });
  const { undecided, drafted, decided } = splitDivergences(comparison);
  const notCompared = renderNotCompared(comparison, ctx);
  const sections = [
    `${title}\n${summary}`,
    ...(notCompared ? [notCompared] : []),
    renderDimensionMap(comparison, ctx),
    renderRiskRegister(undecided, emptyRegisterNote(comparison), ctx),
  ];
  if (drafted.length > 0) sections.push(renderDrafted(drafted, ctx));
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
  const lines = (audit.outsideProject ?? []).map(
    (o) => `  ${cleanText(o.environment)}  ${cleanText(o.source)}  ${cleanText(o.file)}`,
  );
  return [ctx.palette.bold('Read from outside the project (named in parity.yaml):'), ...lines].join('\n');
}

/**
 * The terminal report: first what could not be read (the first screen must say it), then per
 * comparison a summary, what was not compared, the dimension map, the risk register and the decided.
 */
export function renderText(audit: Audit, options: TextOptions): string {
  const ctx: TextContext = {
    palette: createPalette(options.color),
    width: lineWidth(options.width),
    verbose: options.verbose ?? false,
  };
  const unread = renderUnread(audit, ctx);
  const sections = audit.comparisons.map((c) => renderComparison(c, ctx));
  // First: what was read from outside the project, so nobody mistakes it for the project's own files.
  if (audit.outsideProject?.length) sections.unshift(renderOutside(audit, ctx));
  if (sections.length === 0) {
    sections.push(`Parity audit: nothing compared: no environment besides ${cleanText(audit.baseline)}.`);
  }
  if (unread.first) sections.unshift(unread.first);
  if (unread.rest) sections.push(unread.rest);
  if (audit.unusedDecisions.length > 0) sections.push(renderUnusedDecisions(audit, ctx));
  return `${sections.join('\n\n')}\n`;
}
