/**
 * A constant lookup table for keys that come from input (a log level, a Terraform resource type,
 * a strategy name): without a prototype, `constructor` or `__proto__` finds nothing instead of
 * Object.prototype's members.
 */
export function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/**
 * `obj[key] = value` for a key from input: `__proto__` becomes an own property, as JSON.parse and
 * the YAML parsers make it, instead of replacing the object's prototype.
 */
export function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
