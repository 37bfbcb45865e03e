/** Narrowing helpers for parsed YAML/JSON, which is `unknown` until looked at. Shared by every source. */

export type Obj = Record<string, unknown>;

export function asObj(value: unknown): Obj | undefined {
  return isMapping(value) ? value : undefined;
}

/** A mapping (not a list, not null): the one test every parsed-document reader needs. */
export function isMapping(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A scalar as text: YAML types `port: 8080` or `branches: [2024]` as numbers or booleans where
 * the reader (Kubernetes, CI) expects a string.
 */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string or a list of strings, as CI files write `needs: a` and `needs: [a, b]` alike. */
export function textList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asText).filter((v): v is string => v !== undefined);
  const one = asText(value);
  return one === undefined ? [] : [one];
}

/** Follows a path of keys through nested mappings. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    const obj = asObj(current);
    if (!obj) return undefined;
    current = obj[key];
  }
  return current;
}

export function hasOwn(obj: Obj, key: string): boolean {
  return Object.hasOwn(obj, key);
}

/** A short, safe rendering of a non-secret value for a skip reason. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  // Checked before String(): a YAML mapping may carry its own `toString` key.
  if (typeof value === 'object' && value !== null) return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Only the type of a value, for fields where a stray string might be a credential (a probe command). */
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
