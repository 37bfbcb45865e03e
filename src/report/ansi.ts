import { createRequire } from 'node:module';
import type { Severity } from '../model/dimension.js';

type StringWidth = typeof import('string-width').default;

let loadedStringWidth: StringWidth | undefined;

/**
 * Text one column per UTF-16 unit, once the SGR escapes this module paints with are taken out:
 * printable ASCII and the punctuation the reports print (’ — … → ✓ ✗ · × ≤ ≥ ±), each a grapheme
 * of its own and one column wide (East Asian Width narrow, neutral or ambiguous, which string-width
 * counts as narrow).
 */
const PLAIN =
  /^[\u0020-\u007E\u00B1\u00B7\u00D7\u2013\u2014\u2018\u2019\u201C\u201D\u2026\u2190\u2192\u2264\u2265\u2713\u2717]*$/;
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * string-width, loaded the first time a string is more than PLAIN text and colour escapes.
 * Its Unicode property expressions (\p{RGI_Emoji} and others) cost ~40 ms to compile however the
 * module is imported, which every command that rendered anything paid (explain, an audit in any
 * format); nearly every string measured is PLAIN, whose width is its length (string-width's own
 * first test, for ASCII). `require` of the ES module (Node >= 20.19) keeps the callers synchronous.
 */
function stringWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  if (text.includes('\u001b')) {
    const bare = text.replace(SGR, '');
    if (PLAIN.test(bare)) return bare.length;
  }
  loadedStringWidth ??= (createRequire(import.meta.url)('string-width') as { default: StringWidth }).default;
  return loadedStringWidth(text);
}

/** Wraps text in one style; the identity when colour is off. */
export type Paint = (text: string) => string;

export interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
  cyan: Paint;
  magenta: Paint;
}

// Plain SGR escapes, each closed by its own reset code so styles nest; no dependency needed.
function sgr(open: number, close: number): Paint {
  return (text) => (text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`);
}

const plain: Paint = (text) => text;

/** The styles the text report uses. With `color` false every paint is the identity: no escape at all. */
export function createPalette(color: boolean): Palette {
  if (!color) {
    return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain, magenta: plain };
  }
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}

/** Severity in its colour: the worse, the louder. */
export function paintSeverity(palette: Palette, severity: Severity, text: string): string {
  switch (severity) {
    case 'critical':
      return palette.bold(palette.red(text));
    case 'high':
      return palette.red(text);
    case 'medium':
      return palette.yellow(text);
    case 'low':
      return palette.cyan(text);
    default:
      return palette.dim(text);
  }
}

/**
 * Columns a string takes on a terminal: colour escapes count 0, wide East Asian characters and
 * emoji 2, combining marks 0 (string-width, the ecosystem's measure, as terminals draw them).
 */
export function visibleLength(text: string): number {
  return stringWidth(text);
}

/** Splits a word into pieces of at most `room` columns, by grapheme (wide characters count 2). */
export function splitByWidth(word: string, room: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter().segment(word)) {
    const w = stringWidth(segment);
    if (used + w > room && piece !== '') {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += segment;
    used += w;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** Cut to at most `width` columns, ending in `…` when cut; never splits a character or a grapheme. */
export function truncateToWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  // A first grapheme wider than the room (an emoji in one column) is left out rather than overflow.
  const head = splitByWidth(text, Math.max(0, width - 1))[0] ?? '';
  return `${stringWidth(head) <= width - 1 ? head : ''}…`;
}
