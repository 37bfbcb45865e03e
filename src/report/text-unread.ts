import type { Audit, Comparison, EnvironmentSkip, UnreadSource } from '../model/audit.js';
import { cleanText } from '../units/clean.js';
import { truncateToWidth, visibleLength } from './ansi.js';
import { formatSkipLocation, plural } from './summary.js';
import { hangingIndent, type TextContext } from './text-context.js';
import { padEnd, wrap } from './wrap.js';

/** A column's width: a fraction of the line (40 of 100 for `2.5`). */
function column(ctx: TextContext, fraction: number): number {
  return Math.max(8, Math.floor(ctx.width / fraction));
}

/** Lines of "Could not read" shown first; the rest follow at the end of the report. */
export const FIRST_SCREEN_LINES = 12;

interface Row {
  environment: string;
  source: string;
  where: string;
  text: string;
}

/**
 * What could not be read, for the top of the report: declared sources that read nothing or only
 * part, then the skips (whole files not read first). Returns the first section and what is left.
 */
export function renderUnread(audit: Audit, ctx: TextContext): { first: string; rest: string } {
  const unread = audit.unread ?? [];
  const rows = [...unread.map(sourceRow), ...remainingSkips(audit.skips, unread).map(skipRow)];
  if (rows.length === 0) return { first: '', rest: '' };
  // Columns by display width (wide characters count 2), each at most a share of the line; a longer
  // name is cut to its column with `…` (the JSON report has it whole).
  const envWidth = Math.min(
    column(ctx, 5),
    Math.max(...rows.map((r) => visibleLength(cleanText(r.environment)))),
  );
  const sourceWidth = Math.min(
    column(ctx, 2.5),
    Math.max(...rows.map((r) => visibleLength(cleanText(r.source)))),
  );
  const lines = rows.map((row) => {
    const env = truncateToWidth(cleanText(row.environment), envWidth);
    const source = truncateToWidth(cleanText(row.source), sourceWidth);
    const first = `  ${padEnd(env, envWidth)}  ${padEnd(source, sourceWidth)}  `;
    const text = cleanText(row.where ? `${row.where}  ${row.text}` : row.text);
    return wrap(text, { width: ctx.width, first, rest: hangingIndent(visibleLength(first), ctx.width) });
  });
  const none = unread.filter((u) => u.read === 'none').length;
  const partial = unread.filter((u) => u.read === 'partial').length;
  const parts = [
    ...(none ? [`${plural(none, 'source', 'sources')} read nothing`] : []),
    ...(partial ? [`${plural(partial, 'source', 'sources')} read in part`] : []),
    plural(audit.skips.length, 'skip', 'skips'),
  ];
  const shown = lines.slice(0, FIRST_SCREEN_LINES);
  const more = lines.length - shown.length;
  const title = ctx.palette.bold(`Could not read: ${parts.join(', ')}`);
  const first = [title, ...shown, ...(more > 0 ? [`  … and ${more} more at the end of this report`] : [])];
  const rest =
    more > 0 ? [ctx.palette.bold(`Could not read (continued): ${more}`), ...lines.slice(shown.length)] : [];
  return { first: first.join('\n'), rest: rest.join('\n') };
}

/** Subjects one side has that the other side could not have shown: never reported as missing. */
export function renderNotCompared(comparison: Comparison, ctx: TextContext): string {
  const groups = comparison.unknown ?? [];
  if (groups.length === 0) return '';
  const subjects = groups.reduce((n, g) => n + g.subjects, 0);
  const title = ctx.palette.bold(
    `Not compared: ${plural(subjects, 'subject', 'subjects')} seen on one side only, where the other side was not read`,
  );
  const byReason = new Map<string, typeof groups>();
  for (const g of groups) {
    const list = byReason.get(g.reason);
    if (list) list.push(g);
    else byReason.set(g.reason, [g]);
  }
  const lines: string[] = [];
  for (const [reason, list] of [...byReason].slice(0, 3)) {
    lines.push(wrap(cleanText(reason), { width: ctx.width, first: '  ', rest: '    ' }));
    for (const g of list.slice(0, 6)) {
      const env = g.side === 'baseline' ? comparison.baseline : comparison.candidate;
      const examples = g.examples.join(', ') + (g.subjects > g.examples.length ? ', …' : '');
      const text = `${g.prefix} ${g.subjects} in ${env}: ${examples}`;
      lines.push(
        wrap(cleanText(text), { width: ctx.width, first: '    ', rest: '      ', paint: ctx.palette.dim }),
      );
    }
    if (list.length > 6) lines.push(`    … and ${list.length - 6} more key prefixes`);
  }
  if (byReason.size > 3) lines.push(`  … and ${byReason.size - 3} more reasons (--format json lists them)`);
  return [title, ...lines].join('\n');
}

function sourceRow(u: UnreadSource): Row {
  const what = u.read === 'none' ? 'read nothing' : 'read in part';
  return {
    environment: u.environment,
    source: u.source,
    where: u.line ? `${u.file ?? 'parity.yaml'}:${u.line}` : '',
    text: `${what}${u.optional ? ' (optional)' : ''}: ${u.reason}`,
  };
}

function skipRow(skip: EnvironmentSkip): Row {
  return {
    environment: skip.environment,
    source: skip.source,
    where: formatSkipLocation(skip),
    text: skip.reason,
  };
}

/** Skips not already told by their source's line; whole files not read first, in their order. */
function remainingSkips(
  skips: readonly EnvironmentSkip[],
  unread: readonly UnreadSource[],
): EnvironmentSkip[] {
  // A source's line already tells its first problem (`file:line: reason`, or the reason alone).
  const told = (s: EnvironmentSkip) => {
    const location = formatSkipLocation(s);
    return unread.some(
      (u) =>
        u.environment === s.environment &&
        u.source === s.source &&
        (u.reason === s.reason || u.reason === `${location}: ${s.reason}`),
    );
  };
  const left = skips.filter((s) => !told(s));
  return [...left.filter((s) => s.unread), ...left.filter((s) => !s.unread)];
}
