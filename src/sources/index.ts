import type { SourceModule } from './types.js';

/**
 * The explicit registry of source kinds. Adding a source: copy `_template`, fill it, add it here.
 * Nothing registers itself at import time; src/sources/index.test.ts checks every entry.
 */
export const sources: Record<string, SourceModule<never>> = {};

export function sourceKinds(): string[] {
  return Object.keys(sources).sort();
}
