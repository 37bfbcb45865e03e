/** A word of an instruction's arguments, quotes and escapes still in it. */
export interface Word {
  raw: string;
  /** Offset of the word inside the arguments, for its line. */
  offset: number;
}

/** A variable in scope while a stage is built: ARG defaults and ENV values. */
export interface ScopeVar {
  value: string;
  /** True when the value is, or was built from, a secret: whatever it flows into is secret too. */
  secret: boolean;
}

export type Lookup = (name: string) => ScopeVar | undefined;

export interface Expanded {
  value: string;
  secret: boolean;
}

/** Splits on whitespace outside quotes, keeping quotes and escapes (BuildKit's `parseWords`). */
export function splitWords(text: string, escapeChar: string): Word[] {
  const words: Word[] = [];
  let raw = '';
  let start = -1;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (!quote && /\s/.test(ch)) {
      if (start !== -1) words.push({ raw, offset: start });
      raw = '';
      start = -1;
      continue;
    }
    if (start === -1) start = i;
    raw += ch;
    if (ch === escapeChar && quote !== "'" && i + 1 < text.length) {
      raw += text[++i];
    } else if (quote && ch === quote) {
      quote = '';
    } else if (!quote && (ch === '"' || ch === "'")) {
      quote = ch;
    }
  }
  if (start !== -1) words.push({ raw, offset: start });
  return words;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Removes quotes and escapes and substitutes `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR:+word}`
 * the way Docker does. A variable we cannot know (set by the base image or passed with
 * `--build-arg`) is kept as written rather than guessed empty.
 */
export function expandWord(raw: string, escapeChar: string, lookup: Lookup, depth = 0): Expanded {
  const out: Expanded = { value: '', secret: false };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    if (ch === escapeChar) {
      out.value += raw[i + 1] ?? '';
      i += 2;
    } else if (ch === "'") {
      const end = raw.indexOf("'", i + 1);
      const stop = end === -1 ? raw.length : end;
      out.value += raw.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      i = expandDoubleQuoted(raw, i + 1, escapeChar, lookup, out, depth);
    } else if (ch === '$') {
      i = expandVariable(raw, i, escapeChar, lookup, out, depth);
    } else {
      out.value += ch;
      i++;
    }
  }
  return out;
}

function expandDoubleQuoted(
  raw: string,
  from: number,
  escapeChar: string,
  lookup: Lookup,
  out: Expanded,
  depth: number,
): number {
  let i = from;
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    if (ch === '"') return i + 1;
    if (ch === escapeChar && (raw[i + 1] === '"' || raw[i + 1] === '$' || raw[i + 1] === escapeChar)) {
      out.value += raw[i + 1];
      i += 2;
    } else if (ch === '$') {
      i = expandVariable(raw, i, escapeChar, lookup, out, depth);
    } else {
      out.value += ch;
      i++;
    }
  }
  return i;
}

/** Nested `${A:-${B:-...}}` deeper than this is kept as written rather than recursed into. */
const MAX_DEPTH = 16;

/** Expands the variable at `raw[at] === '$'`; returns the index after it. */
function expandVariable(
  raw: string,
  at: number,
  escapeChar: string,
  lookup: Lookup,
  out: Expanded,
  depth: number,
): number {
  if (raw[at + 1] !== '{') {
    const name = NAME.exec(raw.slice(at + 1))?.[0];
    if (!name) {
      out.value += '$';
      return at + 1;
    }
    append(out, lookup(name), `$${name}`);
    return at + 1 + name.length;
  }
  const close = matchingBrace(raw, at + 1);
  if (close === -1) {
    out.value += raw.slice(at);
    return raw.length;
  }
  const inner = raw.slice(at + 2, close);
  const literal = raw.slice(at, close + 1);
  const name = NAME.exec(inner)?.[0] ?? '';
  const rest = inner.slice(name.length);
  const known = name ? lookup(name) : undefined;
  if (!name || !known || depth >= MAX_DEPTH) {
    out.value += literal;
  } else if (rest === '') {
    append(out, known, literal);
  } else if (rest.startsWith(':-') || rest.startsWith('-')) {
    const useWord = rest.startsWith(':') ? known.value === '' : false;
    if (useWord)
      merge(out, expandWord(rest.slice(rest.startsWith(':') ? 2 : 1), escapeChar, lookup, depth + 1));
    else append(out, known, literal);
  } else if (rest.startsWith(':+') || rest.startsWith('+')) {
    const useWord = rest.startsWith(':') ? known.value !== '' : true;
    if (useWord)
      merge(out, expandWord(rest.slice(rest.startsWith(':') ? 2 : 1), escapeChar, lookup, depth + 1));
  } else {
    // Pattern operators (`#`, `%`, `:?`) are rare in Dockerfiles: keep the text as written.
    out.value += literal;
  }
  return close + 1;
}

function append(out: Expanded, known: ScopeVar | undefined, literal: string): void {
  if (!known) {
    out.value += literal;
    return;
  }
  out.value += known.value;
  out.secret ||= known.secret;
}

function merge(out: Expanded, part: Expanded): void {
  out.value += part.value;
  out.secret ||= part.secret;
}

function matchingBrace(raw: string, open: number): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    if (raw[i] === '{') depth++;
    else if (raw[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
