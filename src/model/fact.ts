import { z } from 'zod';
import { Dimension } from './dimension.js';

/** Where a fact was read: source id, file and line, or the query that produced it. */
export const Origin = z.object({
  source: z.string(),
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  query: z.string().optional(),
});
export type Origin = z.infer<typeof Origin>;

/**
 * A secret never travels as its value: only a keyed fingerprint (HMAC) that lets two snapshots
 * taken with the same key tell whether they hold the same secret, plus an optional redacted form
 * (a URL with its password masked) that keeps what is not secret.
 */
export const SecretValue = z.object({
  secret: z.literal(true),
  fingerprint: z.string(),
  redacted: z.string().optional(),
});
export type SecretValue = z.infer<typeof SecretValue>;

export const FactValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
  SecretValue,
]);
export type FactValue = z.infer<typeof FactValue>;

/**
 * How a fact is judged across environments:
 * exact (must be equal), scaled (expected to differ by a declared ratio), presence (only whether it
 * exists), version (compared as versions), set (compared as unordered sets).
 */
export const CompareKind = z.enum(['exact', 'scaled', 'presence', 'version', 'set']);
export type CompareKind = z.infer<typeof CompareKind>;

/** Which declared scale ratio a scaled fact follows (`scale:` in parity.yaml). */
export const ScaleAxis = z.enum(['replicas', 'resources', 'data', 'traffic']);
export type ScaleAxis = z.infer<typeof ScaleAxis>;

/** The unit of evidence. `key` pairs facts across environments after name normalisation. */
export const Fact = z.object({
  key: z.string(),
  dimension: Dimension,
  subject: z.string(),
  attribute: z.string(),
  value: FactValue,
  compare: CompareKind,
  scale: ScaleAxis.optional(),
  unit: z.string().optional(),
  origin: Origin,
});
export type Fact = z.infer<typeof Fact>;

export { isSecret } from './secret.js';
