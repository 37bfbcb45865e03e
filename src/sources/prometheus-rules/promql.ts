import type { UserRegex } from '../../user-regex.js';

// Just enough PromQL lexing to compare two environments' expressions: strings, comments, label
// matchers and a trailing comparison. Not a parser: anything it does not recognise is kept as written.

type Kind = 'space' | 'string' | 'word' | 'number' | 'op' | 'open' | 'close' | 'comma';

interface Token {
  kind: Kind;
  text: string;
}

export interface NormaliseOptions {
  /** Label names whose matchers are dropped (`env`, `namespace`, ...). */
  envLabels: ReadonlySet<string>;
  /** Extra patterns deleted from the normalised text. */
  patterns: readonly (RegExp | UserRegex)[];
}

export interface NormalisedExpr {
  /** The expression with environment matchers dropped, spacing canonical, threshold as `$threshold`. */
  expr: string;
  threshold?: number;
}

const TWO_CHAR_OPS = new Set(['==', '!=', '>=', '<=', '=~', '!~']);
const COMPARISONS = new Set(['==', '!=', '>=', '<=', '>', '<']);
const SPACED_OPS = new Set([...COMPARISONS, '*', '/', '%', '^']);
const MATCH_OPS = new Set(['=', '!=', '=~', '!~']);
const WORD_START = /[A-Za-z_:]/;
const WORD_CHAR = /[A-Za-z0-9_:]/;
const NUMBER_CHAR = /[A-Za-z0-9_.]/;
const DIGIT = /[0-9]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      while (i < n && /\s/.test(text[i]!)) i++;
      tokens.push({ kind: 'space', text: ' ' });
    } else if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      tokens.push({ kind: 'space', text: ' ' });
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && text[i] !== c) i += c !== '`' && text[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, n);
      tokens.push({ kind: 'string', text: text.slice(start, i) });
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[i + 1] ?? ''))) {
      while (i < n && NUMBER_CHAR.test(text[i]!)) {
        // An exponent's sign belongs to the number: 1e-3.
        if (/[eE]/.test(text[i]!) && /[+-]/.test(text[i + 1] ?? '') && DIGIT.test(text[i + 2] ?? '')) i += 2;
        i++;
      }
      tokens.push({ kind: 'number', text: text.slice(start, i) });
    } else if (WORD_START.test(c)) {
      while (i < n && WORD_CHAR.test(text[i]!)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i) });
    } else if (c === '(' || c === '[' || c === '{') {
      i++;
      tokens.push({ kind: 'open', text: c });
    } else if (c === ')' || c === ']' || c === '}') {
      i++;
      tokens.push({ kind: 'close', text: c });
    } else if (c === ',') {
      i++;
      tokens.push({ kind: 'comma', text: c });
    } else {
      const two = text.slice(i, i + 2);
      i += TWO_CHAR_OPS.has(two) ? 2 : 1;
      tokens.push({ kind: 'op', text: text.slice(start, i) });
    }
  }
  return tokens;
}

/** Label matchers without environment labels, sorted; an emptied selector disappears. */
function rewriteSelectors(tokens: Token[], envLabels: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  // The next `}` after each position, found once: a search per `{` is quadratic on `{{{{...`.
  const nextClose: number[] = new Array(tokens.length + 1).fill(-1);
  for (let k = tokens.length - 1; k >= 0; k--) nextClose[k] = tokens[k]!.text === '}' ? k : nextClose[k + 1]!;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const end = t.text === '{' ? nextClose[i + 1]! : -1;
    if (end === -1) {
      out.push(t);
      continue;
    }
    const parts: Token[][] = [[]];
    for (const x of tokens.slice(i + 1, end)) {
      if (x.kind === 'comma') parts.push([]);
      else parts[parts.length - 1]!.push(x);
    }
    const kept = parts
      .map((p) => ({ all: p, solid: p.filter((x) => x.kind !== 'space') }))
      .filter(({ solid }) => solid.length > 0 && !isEnvMatcher(solid, envLabels))
      // A matcher is written without spaces; anything else keeps its words apart as written.
      .map(({ all, solid }) => (isMatcher(solid) ? solid.map((x) => x.text).join('') : render(all)))
      .sort();
    i = end;
    const prev = lastSolid(out);
    if (kept.length === 0 && prev?.kind === 'word') continue;
    out.push(
      { kind: 'open', text: '{' },
      { kind: 'word', text: kept.join(', ') },
      { kind: 'close', text: '}' },
    );
  }
  return out;
}

/** `name op "value"`: three tokens, a quoted value. */
function isMatcher(part: readonly Token[]): boolean {
  const [name, op, value] = part;
  return (
    part.length === 3 &&
    (name?.kind === 'word' || name?.kind === 'string') &&
    MATCH_OPS.has(op?.text ?? '') &&
    value?.kind === 'string'
  );
}

function isEnvMatcher(part: readonly Token[], envLabels: ReadonlySet<string>): boolean {
  if (!isMatcher(part)) return false;
  const name = part[0]!;
  return envLabels.has(name.kind === 'string' ? name.text.slice(1, -1) : name.text);
}

function lastSolid(tokens: readonly Token[]): Token | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]!.kind !== 'space') return tokens[i];
  return undefined;
}

/** One canonical spacing, so re-indented or re-folded YAML does not read as a change. */
function render(tokens: readonly Token[]): string {
  let out = '';
  let prev: Token | undefined;
  let spaced = false;
  for (const t of tokens) {
    if (t.kind === 'space') {
      spaced = true;
      continue;
    }
    let sep = spaced ? ' ' : '';
    if (!prev || prev.kind === 'open' || t.kind === 'close' || t.kind === 'comma') sep = '';
    else if (prev.kind === 'comma') sep = ' ';
    else if (t.kind === 'open' && (prev.kind === 'word' || prev.kind === 'close')) sep = '';
    else if (SPACED_OPS.has(t.text) || SPACED_OPS.has(prev.text)) sep = ' ';
    out += sep + t.text;
    prev = t;
    spaced = false;
  }
  return out;
}

function canonical(text: string, envLabels: ReadonlySet<string>): Token[] {
  return rewriteSelectors(tokenize(text), envLabels);
}

/** The trailing `> 0.05` (or `>= bool -1`, ...) at the top level, when the expression ends in one. */
function trailingThreshold(
  tokens: readonly Token[],
): { at: number; value: number; bool: boolean } | undefined {
  const solid = tokens.map((t, index) => ({ t, index })).filter((x) => x.t.kind !== 'space');
  let depth = 0;
  let at = -1;
  for (let k = 0; k < solid.length; k++) {
    const { t } = solid[k]!;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (depth === 0 && t.kind === 'op' && COMPARISONS.has(t.text)) at = k;
  }
  if (at === -1) return undefined;
  let rest = solid.slice(at + 1).map((x) => x.t);
  const bool = rest[0]?.text === 'bool';
  if (bool) rest = rest.slice(1);
  let sign = 1;
  if (rest[0]?.kind === 'op' && (rest[0].text === '-' || rest[0].text === '+')) {
    sign = rest[0].text === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest.length !== 1 || rest[0]!.kind !== 'number') return undefined;
  const text = rest[0]!.text.replace(/_/g, '');
  const value = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text.slice(2), 16) : Number(text);
  if (!Number.isFinite(value)) return undefined;
  return { at: solid[at]!.index, value: sign * value, bool };
}

/**
 * Normalises a PromQL expression for comparison across environments and pulls out its trailing
 * threshold: `rate(x{env="prod"}[5m]) > 0.05` -> `{ expr: 'rate(x[5m]) > $threshold', threshold: 0.05 }`.
 */
export function normaliseExpr(text: string, options: NormaliseOptions): NormalisedExpr {
  let tokens = canonical(text, options.envLabels);
  if (options.patterns.length > 0) {
    let flat = render(tokens);
    for (const pattern of options.patterns) flat = flat.replace(pattern, '');
    tokens = canonical(flat, options.envLabels);
  }
  const threshold = trailingThreshold(tokens);
  if (!threshold) return { expr: render(tokens) };
  const op = tokens[threshold.at]!.text;
  const head = render(tokens.slice(0, threshold.at));
  return { expr: `${head} ${op}${threshold.bool ? ' bool' : ''} $threshold`, threshold: threshold.value };
}
