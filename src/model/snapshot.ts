import { z } from 'zod';
import { Dimension } from './dimension.js';
import { Fact } from './fact.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Something a source could not read, and why. Never fatal: the rest of the audit goes on. */
export const Skip = z.object({
  source: z.string(),
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  reason: z.string(),
});
export type Skip = z.infer<typeof Skip>;

/** Which source fed which dimension, so a dimension nobody covered is reported as unknown. */
export const Coverage = z.object({
  source: z.string(),
  kind: z.string(),
  dimensions: z.array(Dimension),
  facts: z.number().int().nonnegative(),
});
export type Coverage = z.infer<typeof Coverage>;

/** A path parity.yaml names literally that lies outside the project: read, and shown as such. */
export const OutsidePath = z.object({ source: z.string(), file: z.string() });
export type OutsidePath = z.infer<typeof OutsidePath>;

/** All facts of one environment. Never contains a secret value. */
export const Snapshot = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  environment: z.string(),
  takenAt: z.string(),
  /** Identifies the fingerprint key (a hash of it), so snapshots know whether fingerprints compare. */
  fingerprintKeyId: z.string(),
  facts: z.array(Fact),
  coverage: z.array(Coverage),
  skips: z.array(Skip),
  /** Files read from outside the project because parity.yaml names them literally. */
  outsideProject: z.array(OutsidePath).optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;
