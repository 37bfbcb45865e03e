/**
 * A small evaluator for GitHub Actions `${{ }}` expressions, enough to resolve an environment name
 * from matrix values and inputs and to drop steps whose `if:` is surely false for this
 * environment. Anything it cannot read is unknown, never guessed.
 * https://docs.github.com/en/actions/reference/evaluate-expressions-in-workflows-and-actions
 */

/**
 * Context values known for one job variant: `inputs.environment`, `matrix.env` (lower-cased paths).
 * `null` is a known null: `needs.build` in a job that does not need `build` (its properties are
 * null too, as GitHub evaluates them).
 */
export type Bindings = ReadonlyMap<string, string | null>;

type Value = string | number | boolean | null | undefined;
const UNKNOWN = undefined;
const MAX_EXPRESSION = 1000;
const MAX_DEPTH = 50;

const TOKEN =
  /\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?(?![\w.-]))|(==|!=|<=|>=|&&|\|\||[<>!()[\],])|([A-Za-z_][\w-]*(?:\.(?:[\w-]+|\*))*))/y;

type Token = { kind: 'str' | 'num' | 'op' | 'id'; text: string };

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'str', text: m[1].slice(1, -1).replace(/''/g, "'") });
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'op', text: m[3] });
    else out.push({ kind: 'id', text: m[4] ?? '' });
  }
  return out;
}

class Parser {
  private at = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly bindings: Bindings,
  ) {}

  parse(): Value {
    const value = this.or();
    return this.at === this.tokens.length ? value : UNKNOWN;
  }

  private peek(text: string): boolean {
    const t = this.tokens[this.at];
    return t?.kind === 'op' && t.text === text;
  }

  private or(): Value {
    let left = this.and();
    while (this.peek('||')) {
      this.at++;
      const right = this.and();
      left = left === UNKNOWN ? UNKNOWN : truthy(left) ? left : right;
    }
    return left;
  }

  private and(): Value {
    let left = this.compare();
    while (this.peek('&&')) {
      this.at++;
      const right = this.compare();
      left =
        left === UNKNOWN
          ? right !== UNKNOWN && !truthy(right)
            ? false
            : UNKNOWN
          : truthy(left)
            ? right
            : left;
    }
    return left;
  }

  private compare(): Value {
    let left = this.unary();
    for (;;) {
      const t = this.tokens[this.at];
      if (t?.kind !== 'op' || !['==', '!=', '<', '>', '<=', '>='].includes(t.text)) return left;
      this.at++;
      const right = this.unary();
      if (left === UNKNOWN || right === UNKNOWN) left = UNKNOWN;
      else if (t.text === '==') left = looselyEqual(left, right);
      else if (t.text === '!=') left = !looselyEqual(left, right);
      else left = UNKNOWN;
    }
  }

  private unary(): Value {
    if (this.peek('!')) {
      this.at++;
      const v = this.unary();
      return v === UNKNOWN ? UNKNOWN : !truthy(v);
    }
    return this.primary();
  }

  private primary(): Value {
    if (++this.depth > MAX_DEPTH) throw new RangeError('expression too deep');
    try {
      const t = this.tokens[this.at++];
      if (!t) return UNKNOWN;
      if (t.kind === 'str') return t.text;
      if (t.kind === 'num') return Number(t.text);
      if (t.kind === 'op' && t.text === '(') {
        const v = this.or();
        if (this.peek(')')) this.at++;
        return v;
      }
      if (t.kind !== 'id') return UNKNOWN;
      if (t.text === 'true') return true;
      if (t.text === 'false') return false;
      if (t.text === 'null') return null;
      if (this.peek('(')) {
        this.skipArguments();
        return UNKNOWN;
      }
      let path = t.text.toLowerCase();
      while (this.peek('[')) {
        this.at++;
        const index = this.or();
        if (this.peek(']')) this.at++;
        path = typeof index === 'string' ? `${path}.${index.toLowerCase()}` : `${path}.?`;
      }
      return lookup(this.bindings, contextPath(path));
    } finally {
      this.depth--;
    }
  }

  private skipArguments(): void {
    let open = 0;
    while (this.at < this.tokens.length) {
      const t = this.tokens[this.at++]!;
      if (t.kind === 'op' && t.text === '(') open++;
      if (t.kind === 'op' && t.text === ')' && --open === 0) return;
    }
  }
}

/** A bound value, or null under a path bound to null (a property of null is null), else unknown. */
function lookup(bindings: Bindings, path: string): Value {
  const direct = bindings.get(path);
  if (direct !== undefined) return direct;
  for (let cut = path.lastIndexOf('.'); cut > 0; cut = path.lastIndexOf('.', cut - 1))
    if (bindings.get(path.slice(0, cut)) === null) return null;
  return UNKNOWN;
}

/** `github.event.inputs.x` and `inputs.x` are the same input. */
function contextPath(path: string): string {
  return path.startsWith('github.event.inputs.')
    ? `inputs.${path.slice('github.event.inputs.'.length)}`
    : path;
}

function truthy(v: Value): boolean {
  return !(v === false || v === null || v === 0 || v === '' || Number.isNaN(v));
}

/** GitHub compares strings without case, and coerces mixed types to numbers. */
function looselyEqual(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  return toNumber(a) === toNumber(b);
}

function toNumber(v: Value): number {
  if (v === null || v === '' || v === false) return 0;
  if (v === true) return 1;
  return Number(v);
}

/** Evaluates one expression (without `${{ }}`); undefined when unknown. */
export function evaluate(
  expression: string,
  bindings: Bindings,
): string | number | boolean | null | undefined {
  if (expression.length > MAX_EXPRESSION) return UNKNOWN;
  const tokens = tokenize(expression);
  if (!tokens) return UNKNOWN;
  try {
    return new Parser(tokens, bindings).parse();
  } catch {
    return UNKNOWN;
  }
}

const EMBEDDED = /\$\{\{([\s\S]*?)\}\}/g;

/** Text with every `${{ }}` replaced by its value; undefined when any of them is unknown. */
export function resolveText(text: string, bindings: Bindings): string | undefined {
  let unknown = false;
  const out = text.replace(EMBEDDED, (_, expression: string) => {
    const v = evaluate(expression, bindings);
    if (v === UNKNOWN) unknown = true;
    return v === null || v === UNKNOWN ? '' : String(v);
  });
  return unknown ? undefined : out;
}

/** An `if:` that surely evaluates to false for these bindings (so the job or step does not run). */
export function surelyFalse(condition: unknown, bindings: Bindings): boolean {
  if (typeof condition === 'boolean') return !condition;
  if (typeof condition !== 'string') return false;
  const trimmed = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  // `if:` is an expression with or without `${{ }}`; text around an embedded one makes it a string.
  if (!whole && trimmed.includes('${{')) return false;
  const v = evaluate(whole ? (whole[1] ?? '') : trimmed, bindings);
  return v !== UNKNOWN && !truthy(v);
}

/** The context paths a text's expressions read (`matrix.env`, `inputs.target`), lower-cased. */
export function contextsRead(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(EMBEDDED)) {
    for (const id of (m[1] ?? '').matchAll(/[A-Za-z_][\w-]*(?:\.[\w-]+)+/g))
      out.add(contextPath(id[0].toLowerCase()));
  }
  return [...out];
}
