import { compileUserRegex, type UserRegex } from '../../user-regex.js';
import { LABEL_NAME } from '../prometheus-rules/env-labels.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Compiled, anchored, for `=~` and `!~`. */
  regex?: UserRegex;
}

const ONE = /^\s*("(?:[^"\\]|\\.)*"|[^\s=!~"]+)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^"]*?)\s*$/;

function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

/** Splits `a="x", b=~"y|z"` at commas outside quotes. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}

/** Alertmanager anchors its regexes and runs them on Go's RE2: so does this (linear time, `(?i)` kept). */
export function anchoredRegex(source: string): UserRegex | undefined {
  try {
    return compileUserRegex(`^(?:${source})$`, { syntax: 're2' });
  } catch {
    return undefined;
  }
}

function make(name: string, op: MatchOp, value: string): Matcher | string {
  if (op === '=~' || op === '!~') {
    const regex = anchoredRegex(value);
    if (!regex) return `\`${name}${op}${value}\`: a regular expression this tool cannot read`;
    return { name, op, value, regex };
  }
  return { name, op, value };
}

/** One `matchers:` entry (`severity="critical"`, `{team=~"pay.*", env!="dev"}`), or why it is not one. */
export function parseMatcherText(text: string): Matcher[] | string {
  const inner = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
  const out: Matcher[] = [];
  for (const part of splitOutsideQuotes(inner)) {
    // Bounded: the pattern's optional spaces backtrack quadratically on pathological lines.
    const m = part.length > 2048 ? null : ONE.exec(part);
    if (!m) return `\`${part.trim().slice(0, 80)}\`: expected a matcher such as severity="critical"`;
    const made = make(unquote(m[1]!), m[2] as MatchOp, unquote(m[3]!));
    if (typeof made === 'string') return made;
    out.push(made);
  }
  return out;
}

/** The legacy `match:` / `match_re:` maps. */
export function parseMatchMap(map: Record<string, unknown>, op: '=' | '=~'): Matcher[] | string {
  const out: Matcher[] = [];
  for (const [name, raw] of Object.entries(map)) {
    if (!LABEL_NAME.test(name)) return `\`${name}\`: expected a label name`;
    if (raw === null || typeof raw === 'object') return `\`${name}\`: expected a value`;
    const made = make(name, op, String(raw));
    if (typeof made === 'string') return made;
    out.push(made);
  }
  return out;
}

/** Alertmanager's semantics: a missing label is the empty string. */
export function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex?.test(value) ?? false;
    case '!~':
      return !(matcher.regex?.test(value) ?? true);
  }
}

/** `severity=critical`, `team=~pay.*`: a key segment (no quotes, no slash). */
export function matcherName(matcher: Matcher): string {
  return `${matcher.name}${matcher.op}${matcher.value}`.replace(/\//g, '%2F');
}

/** The literal values a severity matcher admits: `critical`, or `critical|page` as a regex. */
export function literalValues(matcher: Matcher): string[] {
  if (matcher.op === '=') return [matcher.value];
  if (matcher.op !== '=~') return [];
  const body = matcher.value
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/^\((.*)\)$/, '$1');
  return /^[\w.-]+(\|[\w.-]+)*$/.test(body) ? body.split('|') : [];
}
