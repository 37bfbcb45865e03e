/**
 * The part of helmfile's Go templating that has one answer without running helmfile: expressions
 * over the environment's name (`{{ .Environment.Name }}`, `{{ if eq .Environment.Name "staging" }}`
 * is not among them: control structures are left to helmfile). Every other expression becomes
 * TEMPLATED, so a value holding one is reported as not read, never guessed.
 */

/** Stands for an expression only helmfile can evaluate; a plain YAML scalar, line numbers kept. */
export const TEMPLATED = '⟨templated⟩';

const EXPRESSION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
/** Whole-line actions that change the document's structure: only helmfile can render them. */
const CONTROL = /^\s*\{\{-?\s*(if|else|end|range|with|define|block|template|\/\*)/;

export interface Neutralised {
  text: string;
  /** 1-based line of the first control structure, when the text has one. */
  control?: number;
}

/**
 * Replaces each `{{ ... }}` of a helmfile document by its value when it has one for this
 * environment, else by TEMPLATED (quoted when it stood alone as a YAML value).
 */
export function neutralise(text: string, environment: string): Neutralised {
  const lines = text.split('\n');
  let control: number | undefined;
  const out = lines.map((line, i) => {
    if (!line.includes('{{')) return line;
    if (CONTROL.test(line)) {
      control ??= i + 1;
      return '';
    }
    return line.replace(EXPRESSION, (_, inner: string) => {
      const value = evaluate(inner, environment);
      if (typeof value === 'string') return value;
      if (typeof value === 'boolean') return String(value);
      return TEMPLATED;
    });
  });
  return control === undefined ? { text: out.join('\n') } : { text: out.join('\n'), control };
}

/** True when a value (or anything inside it) holds an expression helmfile alone can evaluate. */
export function isTemplated(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(TEMPLATED) || value.includes('{{');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => isTemplated(v, depth + 1));
}

type Value = string | boolean | undefined;

/**
 * `.Environment.Name`, string literals, and `eq`, `ne`, `and`, `or`, `not` over them, with
 * parentheses: Go template semantics. Anything else is undefined.
 */
export function evaluate(expression: string, environment: string): Value {
  const tokens = expression.match(/"(?:[^"\\]|\\.)*"|\(|\)|[^\s()]+/g) ?? [];
  let pos = 0;
  const term = (): Value => {
    const t = tokens[pos++];
    if (t === undefined) return undefined;
    if (t === '(') {
      const v = call();
      return tokens[pos++] === ')' ? v : undefined;
    }
    if (t === '.Environment.Name') return environment;
    if (t === 'true' || t === 'false') return t === 'true';
    if (t.startsWith('"')) {
      try {
        return JSON.parse(t) as string;
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
  const call = (): Value => {
    const head = tokens[pos];
    if (head === 'eq' || head === 'ne' || head === 'and' || head === 'or' || head === 'not') {
      pos++;
      const args: Value[] = [];
      while (pos < tokens.length && tokens[pos] !== ')') args.push(term());
      if (args.length === 0 || args.some((a) => a === undefined)) return undefined;
      const [first, ...rest] = args as (string | boolean)[];
      switch (head) {
        case 'eq':
          return rest.length > 0 ? rest.some((r) => r === first) : undefined;
        case 'ne':
          return rest.length === 1 && rest[0] !== first;
        case 'not':
          return rest.length === 0 ? !truthy(first!) : undefined;
        // Go's `and`/`or` return an argument, not a boolean.
        case 'and':
          return (args as (string | boolean)[]).find((a) => !truthy(a)) ?? args.at(-1);
        default:
          return (args as (string | boolean)[]).find((a) => truthy(a)) ?? args.at(-1);
      }
    }
    return term();
  };
  const value = call();
  return pos === tokens.length ? value : undefined;
}

function truthy(value: string | boolean): boolean {
  return value !== '' && value !== false;
}
