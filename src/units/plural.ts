/**
 * `1 core`, `2 cores`, `0 findings`: a count and its noun, singular only for exactly one. The
 * plural is the noun with `s` unless given (`1 entry`, `3 entries`). One helper for every report
 * and CLI message, so no message says `1 days` or `1 source(s)`.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
