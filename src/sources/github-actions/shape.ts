/** Narrowing helpers for parsed YAML, which is `unknown` until looked at. */

export type Obj = Record<string, unknown>;

export function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A scalar as text: YAML types `on: 3` or `branches: [2024]` as numbers where CI reads strings. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A string or a list of strings, as CI files write `needs: a` and `needs: [a, b]` alike. */
export function textList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asText).filter((v): v is string => v !== undefined);
  const one = asText(value);
  return one === undefined ? [] : [one];
}

/** Only the shape of a value, for skip reasons: a stray value might be a credential. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** A short rendering of a name-like value (a job id, an environment name) for messages. */
export function shortText(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}
