import { z } from 'zod';
import type { Skip } from '../model/snapshot.js';

/** A workload name as parity.yaml's `workload:` options take it (it becomes one segment of a fact key). */
export const WorkloadName = z
  .string()
  .min(1)
  .regex(/^[^/\s]+$/, 'a name without "/" or spaces');

/**
 * Files a tool layers into one result (Helm's values, Compose's overrides, Terraform's tfvars):
 * when one cannot be read, the others are not this environment's values either. The skip names
 * them, so their subjects are unknown rather than compared half-read.
 */
export function layeredUnreadSkip(
  source: string,
  files: readonly string[],
  unreadable: readonly string[],
  how: string,
): Skip | undefined {
  const others = files.filter((f) => !unreadable.includes(f));
  if (others.length === 0) return undefined;
  return {
    source,
    file: others.join(', '),
    reason: `not compared: ${how} these with ${unreadable.join(', ')}, which could not be read`,
  };
}
