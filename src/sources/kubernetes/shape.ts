/** Narrowing helpers for parsed YAML/JSON, which is `unknown` until looked at. */

export type Obj = Record<string, unknown>;

export function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string, or a number/boolean YAML typed where Kubernetes expects a string (`port: 8080`). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
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

/** A short, safe rendering of a non-secret value for a skip reason. */
export function show(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : String(value);
  if (asObj(value)) return 'a mapping';
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function hasOwn(obj: Obj, key: string): boolean {
  return Object.hasOwn(obj, key);
}

/** Only the type of a value, for fields where a stray string might be a credential (a probe command). */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}
