/** The value of a variable, or undefined when the text does not say (it is then left as written). */
export type Lookup = (name: string) => string | undefined;

export interface InterpolateOptions {
  /** `$$` stands for a literal `$` (Compose). */
  dollarEscape?: boolean;
  /** `\$` stands for a literal `$` (dotenv); other backslashes stay as written. */
  backslashEscape?: boolean;
}

/** Defaults nested deeper than this are kept as written: no real file nests them, and recursion is finite. */
const MAX_DEPTH = 16;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;
type Operator = (typeof OPERATORS)[number];

/**
 * Substitutes `$VAR`, `${VAR}` and `${VAR:-default}` (and `-`, `:?`, `?`, `:+`, `+`) the way shells,
 * Compose and dotenv-expand do. Only `lookup` is consulted, never the process environment: Parity
 * reports what the files say, so a reference nobody resolves stays exactly as written.
 */
export function interpolate(
  text: string,
  lookup: Lookup,
  options: InterpolateOptions = {},
  depth = 0,
): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (options.backslashEscape && ch === '\\' && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    if (options.dollarEscape && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    const ref = expandReference(text, i, lookup, options, depth);
    if (ref) {
      out += ref.value;
      i = ref.end;
    } else {
      out += '$';
      i++;
    }
  }
  return out;
}

/**
 * Reads the reference that starts at `text[start] === '$'`: its expansion and the index after it,
 * or undefined when what follows the `$` is not a reference (then the `$` is literal).
 */
export function expandReference(
  text: string,
  start: number,
  lookup: Lookup,
  options: InterpolateOptions = {},
  depth = 0,
): { value: string; end: number } | undefined {
  if (text[start + 1] !== '{') {
    const name = NAME.exec(text.slice(start + 1, start + 257))?.[0];
    if (!name) return undefined;
    const end = start + 1 + name.length;
    return { value: lookup(name) ?? text.slice(start, end), end };
  }
  const name = NAME.exec(text.slice(start + 2, start + 258))?.[0];
  if (!name) return undefined;
  let at = start + 2 + name.length;
  if (text[at] === '}') return { value: lookup(name) ?? text.slice(start, at + 1), end: at + 1 };
  const operator = OPERATORS.find((op) => text.startsWith(op, at));
  if (!operator) return undefined;
  at += operator.length;
  const close = matchingBrace(text, at);
  if (close === -1) return undefined;
  const raw = text.slice(start, close + 1);
  if (depth >= MAX_DEPTH) return { value: raw, end: close + 1 };
  const word = () => interpolate(text.slice(at, close), lookup, options, depth + 1);
  return { value: applyOperator(operator, lookup(name), word) ?? raw, end: close + 1 };
}

/** Undefined means "unresolved": the caller keeps the reference as written. */
function applyOperator(
  operator: Operator,
  value: string | undefined,
  word: () => string,
): string | undefined {
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (operator) {
    case ':-':
      return nonEmpty ? value : word();
    case '-':
      return set ? value : word();
    case ':?':
      return nonEmpty ? value : undefined;
    case '?':
      return set ? value : undefined;
    case ':+':
      return nonEmpty ? word() : set ? '' : undefined;
    case '+':
      return set ? word() : undefined;
  }
}

/** Index of the `}` closing a `${`, counting nested `${...}` inside a default value; -1 if none. */
function matchingBrace(text: string, from: number): number {
  if (text.indexOf('}', from) === -1) return -1;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

const WHOLE_REFERENCE = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?+][^{}]*)?\})$/;

/**
 * True when a value is nothing but an unresolved reference (`${DB_PASSWORD}`). Such a value holds no
 * secret, and fingerprinting it would make every environment "share" the same fake secret.
 */
export function isUnresolvedReference(value: string): boolean {
  return WHOLE_REFERENCE.test(value);
}
