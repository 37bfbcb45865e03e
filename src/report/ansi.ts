import stringWidth from 'string-width';
import type { Severity } from '../model/dimension.js';

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
  // Printable ASCII is one column a character (string-width says so too, after segmenting it into
  // graphemes): nearly every word of a report, measured without the segmenter.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return stringWidth(text);
  }
  return text.length;
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
