import { isSecretName, looksLikeSecret, redactUrlCredentials } from '../secrets.js';
import { expandReference, interpolate, type Lookup } from './interpolate.js';

export interface DotenvEntry {
  name: string;
  value: string;
  /** Line of the last assignment (a later duplicate wins, as in every dotenv loader). */
  line: number;
  /**
   * Secret values this value took in through interpolation (`URL=...:${DB_PASSWORD}@...`), so the
   * caller can protect it whatever its name. Internal: never put into a fact.
   */
  embeddedSecrets: string[];
}

export interface DotenvProblem {
  line: number;
  reason: string;
}

export interface DotenvParse {
  /** One entry per name, in order of first appearance. */
  entries: DotenvEntry[];
  problems: DotenvProblem[];
}

// `NAME=value`, `export NAME=value`, and the YAML-ish `NAME: value` (a space must follow the colon,
// so `http://host` is not read as a variable called `http`).
const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:(?=\s|$))([ \t]*)(.*)$/;
const AFTER_QUOTE = /^\s*(?:#.*)?$/;
const QUOTE_NAMES: Record<string, string> = { '"': 'double', "'": 'single', '`': 'backtick' };

/**
 * Parses `.env` text by hand, because the `dotenv` package drops bad lines silently and knows no
 * line numbers. Interpolation only sees earlier entries of the same text, never the process.
 */
export function parseDotenv(text: string): DotenvParse {
  const lines = text.split(/\r?\n/);
  const values = new Map<string, DotenvEntry>();
  const problems: DotenvProblem[] = [];
  let embedded: string[] = [];
  const lookup: Lookup = (name) => {
    const entry = values.get(name);
    if (!entry) return undefined;
    if (entry.value !== '' && isSecretEntry(entry)) embedded.push(entry.value);
    embedded.push(...entry.embeddedSecrets);
    return entry.value;
  };
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i] ?? '';
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const m = ASSIGNMENT.exec(raw);
    if (!m) {
      problems.push({ line, reason: 'expected NAME=value' });
      i++;
      continue;
    }
    const [, name = '', space = '', rest = ''] = m;
    embedded = [];
    const quote = rest[0] ?? '';
    let value: string;
    if (Object.hasOwn(QUOTE_NAMES, quote)) {
      const read = readQuoted(lines, i, rest.slice(1), quote);
      if (read.kind !== 'closed') {
        problems.push({ line, reason: quoteProblem(read.kind, quote) });
        i++;
        continue;
      }
      value =
        quote === "'"
          ? read.body
          : quote === '"'
            ? unescapeDouble(read.body, lookup)
            : interpolate(read.body, lookup);
      i = read.endLine + 1;
    } else {
      const comment = space !== '' && rest.startsWith('#') ? 0 : rest.search(/\s#/);
      const bare = (comment === -1 ? rest : rest.slice(0, comment)).trim();
      value = interpolate(bare, lookup, { backslashEscape: true });
      i++;
    }
    const known = values.get(name);
    if (known) {
      known.value = value;
      known.line = line;
      known.embeddedSecrets = embedded;
    } else {
      values.set(name, { name, value, line, embeddedSecrets: embedded });
    }
  }
  return { entries: [...values.values()], problems };
}

type QuotedRead = { kind: 'closed'; body: string; endLine: number } | { kind: 'unterminated' | 'trailing' };

/**
 * Finds the closing quote, on this line or a later one (a multi-line value). When the quote closes
 * on a later line but text follows it, the opening quote was most likely a typo: calling it
 * unterminated and resuming on the next line keeps the lines below it readable.
 */
function readQuoted(lines: readonly string[], index: number, first: string, quote: string): QuotedRead {
  let body = '';
  let segment = first;
  for (let at = index; at < lines.length; at++) {
    if (at > index) {
      body += '\n';
      segment = lines[at] ?? '';
    }
    const close = closingQuote(segment, quote);
    if (close === -1) {
      body += segment;
      continue;
    }
    if (!AFTER_QUOTE.test(segment.slice(close + 1)))
      return { kind: at === index ? 'trailing' : 'unterminated' };
    return { kind: 'closed', body: body + segment.slice(0, close), endLine: at };
  }
  return { kind: 'unterminated' };
}

function closingQuote(segment: string, quote: string): number {
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '\\' && quote === '"') i++;
    else if (ch === quote) return i;
  }
  return -1;
}

function quoteProblem(kind: 'unterminated' | 'trailing', quote: string): string {
  const which = QUOTE_NAMES[quote] ?? '';
  return kind === 'trailing'
    ? `expected only a comment after the closing ${which} quote`
    : `unterminated ${which} quote opened on this line; expected a closing ${quote}`;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', $: '$' };

/** Double-quoted values: backslash escapes and interpolation in one pass, so `\$` stays literal. */
function unescapeDouble(body: string, lookup: Lookup): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[i + 1] ?? '';
      out += ESCAPES[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    if (ch === '$') {
      const ref = expandReference(body, i, lookup);
      if (ref) {
        out += ref.value;
        i = ref.end;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

function isSecretEntry(entry: DotenvEntry): boolean {
  return (
    isSecretName(entry.name) ||
    looksLikeSecret(entry.value) ||
    redactUrlCredentials(entry.value) !== undefined
  );
}
