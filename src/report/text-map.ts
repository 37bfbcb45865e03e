import type { Comparison, DimensionResult, DimensionStatus } from '../model/audit.js';
import { cleanText } from '../units/clean.js';
import { type Palette, visibleLength } from './ansi.js';
import { dimensionRows, NO_SOURCE_NOTE, sourceSides } from './summary.js';
import { hangingIndent, type TextContext } from './text-context.js';
import { padEnd, wrap } from './wrap.js';

const DIMENSION_WIDTH = 'observability'.length;
const STATUS_WIDTH = 'UNKNOWN'.length;
/** Under the dimension name: `  ✗ `. */
const SOURCE_INDENT = '    ';

function statusLabel(status: DimensionStatus, palette: Palette): { symbol: string; word: string } {
  switch (status) {
    case 'parity':
      return { symbol: palette.green('✓'), word: palette.green('parity') };
    case 'drift':
      return { symbol: palette.yellow('✗'), word: palette.yellow('drift') };
    default: {
      // Unknown is an answer the report gives out loud: never styled to look like parity.
      const loud = (text: string) => palette.bold(palette.magenta(text));
      return { symbol: loud('?'), word: loud('UNKNOWN') };
    }
  }
}

/**
 * The text after a row's fixed columns: on one line when it fits, else one line per side, each
 * aligned under the first (`production: ...` above `staging: ...`), so sources stay readable.
 */
function trailing(prefix: string, parts: string[], ctx: TextContext, paint: (t: string) => string): string {
  const column = visibleLength(prefix);
  const rest = hangingIndent(column, ctx.width);
  const joined = parts.join('; ');
  if (column + visibleLength(joined) <= ctx.width || parts.length < 2) {
    return wrap(joined, { width: ctx.width, first: prefix, rest, paint });
  }
  return parts
    .map((part, i) => {
      const first = i === 0 ? prefix : rest;
      // A side (`staging: a, b`) wraps under its first source; a note wraps under itself.
      const label = /^[^ :]+: /.exec(part)?.[0].length ?? 0;
      const hang = hangingIndent(visibleLength(first) + label, ctx.width);
      return wrap(part, { width: ctx.width, first, rest: hang, paint });
    })
    .join('\n');
}

/** The eight-dimension map: one aligned row per dimension, in report order. */
export function renderDimensionMap(comparison: Comparison, ctx: TextContext): string {
  const rows = dimensionRows(comparison);
  const digits = (pick: (r: DimensionResult) => number) =>
    Math.max(...rows.map((r) => String(pick(r)).length));
  const undecidedDigits = digits((r) => r.undecided);
  const decidedDigits = digits((r) => r.decided);
  const factDigits = digits((r) => r.facts);
  const lines = rows.map((row) => {
    const { symbol, word } = statusLabel(row.status, ctx.palette);
    const head = `  ${symbol} ${padEnd(row.dimension, DIMENSION_WIDTH)}  ${padEnd(word, STATUS_WIDTH)}  `;
    const sides = sourceSides(row, comparison.baseline, comparison.candidate, ctx.verbose).map(cleanText);
    const paint = row.status === 'unknown' ? ctx.palette.magenta : ctx.palette.dim;
    let prefix = head;
    const parts: string[] = [];
    if (row.status === 'unknown') {
      // The note says why in plain words; the sources (when one side has some) say what was there.
      parts.push(cleanText(row.note ?? NO_SOURCE_NOTE));
    } else {
      let counts = `${String(row.undecided).padStart(undecidedDigits)} undecided  ${String(row.decided).padStart(decidedDigits)} decided`;
      if (row.drafted) counts += `  ${row.drafted} drafted`;
      if (ctx.verbose) counts += `  ${String(row.facts).padStart(factDigits)} facts`;
      prefix = `${head}${counts}  `;
      if (row.note) parts.push(cleanText(row.note));
    }
    if (!ctx.verbose)
      return trailing(
        prefix,
        row.status === 'unknown' ? [...parts, ...sides] : [...sides, ...parts],
        ctx,
        paint,
      );
    // Verbose: full source ids are long, so they go on their own lines under the dimension name.
    const below = sides.map((side) => {
      const label = /^[^ :]+: /.exec(side)?.[0].length ?? 0;
      return wrap(side, {
        width: ctx.width,
        first: SOURCE_INDENT,
        rest: hangingIndent(SOURCE_INDENT.length + label, ctx.width),
        paint: ctx.palette.dim,
      });
    });
    return [trailing(prefix, parts, ctx, paint), ...below].join('\n');
  });
  return [ctx.palette.bold('Dimensions'), ...lines].join('\n');
}
