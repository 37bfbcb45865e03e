import type { Severity } from '../model/dimension.js';
import type { Palette } from './ansi.js';

/** What every section of the text report needs: styles, the line width and how much to say. */
export interface TextContext {
  palette: Palette;
  width: number;
  verbose: boolean;
  /** `--min-severity`: findings below it are left out of the report (it says how many). */
  minSeverity?: Severity;
}

/** Columns a wrapped line should keep for its text before its indent gives way. */
const MIN_TEXT = 30;

/** The hanging indent for wrapped lines: aligned under the text, unless that leaves too little room. */
export function hangingIndent(column: number, width: number): string {
  return ' '.repeat(width - column >= MIN_TEXT ? column : 6);
}

export const DEFAULT_WIDTH = 100;
/** Below this, wrapping would put a word or two per line; wider is more readable even if it overflows. */
const MIN_WIDTH = 40;

/** The width to wrap at: the asked one when it is a sane number, else the default. */
export function lineWidth(width: number | undefined): number {
  if (width === undefined || !Number.isFinite(width)) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(width));
}
