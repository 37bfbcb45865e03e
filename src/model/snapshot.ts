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
  /**
   * True when a whole file (or the whole source) was not read: missing, unreadable, binary, not
   * UTF-8, an unset variable, an unreachable server. Without it the skip is one odd item in a file
   * that was read. What such a file would have defined is unknown, never absent (docs/facts.md).
   */
  unread: z.boolean().optional(),
  /**
   * With `unread`: the fact-key prefixes (`config/env/app/`) of everything the unread part could
   * have produced, when the source knows them (a missing env_file names one service's variables).
   * Without it, anything the source reaches is unknown.
   */
  unreadScope: z.array(z.string()).optional(),
  /** Facts under this key prefix were read but not compared (a cycle, a size limit): its dimension cannot say parity. */
  key: z.string().optional(),
});
export type Skip = z.infer<typeof Skip>;

/** How much of a declared source was read: all of it, some of it (files skipped), or nothing. */
export const ReadStatus = z.enum(['complete', 'partial', 'none']);
export type ReadStatus = z.infer<typeof ReadStatus>;

/**
 * Which source fed which dimension, so a dimension nobody covered is reported as unknown; and what
 * each declared source could read, so a subject it would have shown is unknown rather than absent.
 * The fields after `facts` were added within schemaVersion 1 (optional: older snapshots lack them).
 */
export const Coverage = z.object({
  source: z.string(),
  kind: z.string(),
  /** Dimensions this source produced facts in (evidence), not the ones it could cover. */
  dimensions: z.array(Dimension),
  facts: z.number().int().nonnegative(),
  read: ReadStatus.optional(),
  /** Fact-key prefixes this kind of source produces (`infra/workload/`): what it would have shown. */
  produces: z.array(z.string()).optional(),
  /** `optional: true` in parity.yaml: reading nothing is accepted. */
  optional: z.boolean().optional(),
  /** parity.yaml line of the source entry. */
  line: z.number().int().positive().optional(),
  /** Why it read nothing or only part (the first unread file or the source's own failure). */
  reason: z.string().optional(),
  /**
   * Read in part, and every unread part named what it could have produced: only keys under these
   * prefixes are unknown; the rest of what the source reaches was read (Skip.unreadScope).
   */
  unreadScope: z.array(z.string()).optional(),
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
