import { splitByWidth, visibleLength } from './ansi.js';

export interface WrapOptions {
  width: number;
  /** Printed before the first line (its visible length counts against the width). */
  first?: string;
  /** Printed before every following line, usually spaces aligning with the text after `first`. */
  rest?: string;
  /** Style applied to the text of each line (not the prefixes), so no style spans a line break. */
  paint?: (text: string) => string;
}

/**
 * Word-wraps one paragraph to `width` display columns (colour escapes 0, wide characters 2). Runs
 * of spaces inside a line are kept (they separate columns); at a break they are dropped. A word
 * longer than a whole line (a long file path or key) is cut at the width, so no line passes it.
 */
export function wrap(text: string, options: WrapOptions): string {
  const first = options.first ?? '';
  const rest = options.rest ?? '';
  const paint = options.paint ?? ((t: string) => t);
  const lines: { prefix: string; text: string }[] = [{ prefix: first, text: '' }];
  let used = visibleLength(first);
  let gap = '';
  const room = Math.max(1, options.width - visibleLength(rest));
  const tokens = text
    .trim()
    .split(/( +)/)
    .flatMap((t) => (visibleLength(t) > room && !t.startsWith(' ') ? splitByWidth(t, room) : [t]));
  // The pieces of a cut word follow each other with no space: each after the first breaks the line.
  const cut = new Set<number>();
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (prev !== undefined && !prev.startsWith(' ') && !t.startsWith(' ')) cut.add(i);
  });
  for (const [i, token] of tokens.entries()) {
    if (token === '') continue;
    if (token.startsWith(' ')) {
      gap = token;
      continue;
    }
    const current = lines[lines.length - 1]!;
    const separator = current.text === '' ? '' : gap;
    const length = visibleLength(token);
    const overflows = used + separator.length + length > options.width;
    // Before the first word, break only when that lets the word fit under the shorter indent.
    const breakBeforeFirst = current.text === '' && visibleLength(rest) + length <= options.width;
    if (
      overflows &&
      (separator !== '' || cut.has(i) || (breakBeforeFirst && lines.length === 1 && first.trim() !== ''))
    ) {
      lines.push({ prefix: rest, text: token });
      used = visibleLength(rest) + length;
    } else {
      current.text += separator + token;
      used += separator.length + length;
    }
    gap = '';
  }
  return lines.map((l) => (l.text === '' ? l.prefix.trimEnd() : `${l.prefix}${paint(l.text)}`)).join('\n');
}

/** Pads to a visible width (colour escapes not counted). */
export function padEnd(text: string, width: number): string {
  const missing = width - visibleLength(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}
