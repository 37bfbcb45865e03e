/**
 * A constant lookup table for keys that come from input (a log level, a Terraform resource type,
 * a strategy name): without a prototype, `constructor` or `__proto__` finds nothing instead of
 * Object.prototype's members.
 */
export function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
