import type { EnvironmentPolicy } from '../config/policy.js';
import { derive } from '../derive/index.js';
import type { Dimension } from '../model/dimension.js';
import { type Coverage, type Skip, SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../model/snapshot.js';
import { sources } from '../sources/index.js';
import type { Fingerprinter } from '../sources/types.js';
import { protectFact, protectSkip } from './protect.js';

export interface CollectOptions {
  fingerprint: Fingerprinter;
  fingerprintKeyId: string;
  /** Told when a source fails by a bug (not by bad input): the CLI prints the stack. */
  onInternalError?: (source: string, error: unknown) => void;
  /** Told as each source starts and ends, for progress on long collections. */
  onProgress?: (event: {
    environment: string;
    source: string;
    phase: 'start' | 'end';
    facts?: number;
  }) => void;
  now?: () => Date;
}

/** Step 1 of the pipeline: run every source of one environment into a Snapshot. */
export async function collectEnvironment(env: EnvironmentPolicy, options: CollectOptions): Promise<Snapshot> {
  const facts: Snapshot['facts'] = [];
  const skips: Skip[] = [...env.unavailable];
  const coverage: Coverage[] = [];
  const ctx = { environment: env.name, production: env.production, fingerprint: options.fingerprint };
  // Sources are independent; running them together overlaps file and network waits.
  const results = await Promise.all(
    env.sources.map(async (spec) => {
      const module = sources[spec.kind]!;
      options.onProgress?.({ environment: env.name, source: spec.id, phase: 'start' });
      try {
        const result = await module.collect(spec, spec.options as never, ctx);
        options.onProgress?.({
          environment: env.name,
          source: spec.id,
          phase: 'end',
          facts: result.facts.length,
        });
        return { spec, module, result };
      } catch (error) {
        options.onInternalError?.(spec.id, error);
        const reason = `internal error in the ${spec.kind} source: ${(error as Error)?.message ?? String(error)}`;
        return { spec, module, result: { facts: [], skips: [{ source: spec.id, reason }] } };
      }
    }),
  );
  for (const { spec, module, result } of results) {
    for (const fact of result.facts) facts.push(protectFact(fact, options.fingerprint));
    for (const skip of result.skips) skips.push(protectSkip(skip));
    // A source that produced facts covers all it can see: absence of a fact is then evidence.
    const dimensions: Dimension[] = result.facts.length > 0 ? [...module.dimensions] : [];
    coverage.push({ source: spec.id, kind: spec.kind, dimensions, facts: result.facts.length });
  }
  const derived = derive(facts);
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    environment: env.name,
    takenAt: (options.now?.() ?? new Date()).toISOString(),
    fingerprintKeyId: options.fingerprintKeyId,
    facts: [...facts, ...derived.facts],
    coverage: [...coverage, ...derived.coverage],
    skips,
  };
}
