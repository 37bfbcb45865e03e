import type { FactValue, SecretValue } from './fact.js';

/**
 * A secret fact value (a fingerprint, never the value). Kept out of fact.ts, which builds zod
 * schemas, so `parity explain` and the rules can test for a secret without loading zod.
 */
export function isSecret(value: FactValue | undefined): value is SecretValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.secret === true;
}
