import type { EnvironmentPolicy } from '../config/policy.js';
import { DERIVED_PRODUCES, derive } from '../derive/index.js';
import { DIMENSIONS, type Dimension } from '../model/dimension.js';
import {
  type Coverage,
  type ReadStatus,
  type Skip,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '../model/snapshot.js';
import { sources } from '../sources/index.js';
import type { Fingerprinter } from '../sources/types.js';
import { isYamlDocumentProblem } from '../sources/yaml-expansion.js';
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
  const skips: Skip[] = [];
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
        return { spec, module, result: { facts: [], skips: [{ source: spec.id, reason, unread: true }] } };
      }
    }),
  );
  for (const u of env.unavailable) {
    const { kind, optional, ...unprotected } = u;
    const skip = protectSkip(unprotected);
    skips.push(skip);
    coverage.push({
      source: u.source,
      kind,
      dimensions: [],
      facts: 0,
      read: 'none',
      produces: [...(sources[kind]?.produces ?? [])],
      optional,
      ...(u.line ? { line: u.line } : {}),
      reason: skip.reason,
    });
  }
  for (const { spec, module, result } of results) {
    for (const fact of result.facts) facts.push(protectFact(fact, options.fingerprint));
    const protectedSkips = result.skips.map(protectSkip);
    for (const skip of listedSkips(spec.id, protectedSkips)) skips.push(skip);
    const status = readStatus(result.facts.length, result.skips, spec.paths);
    // Evidence is what was produced: a source declared for infra that found only config covers config.
    const dimensions = [...new Set<Dimension>(result.facts.map((f) => f.dimension))];
    const firstProblem = protectedSkips.find(notRead) ?? protectedSkips[0];
    coverage.push({
      source: spec.id,
      kind: spec.kind,
      dimensions: DIMENSIONS.filter((d) => dimensions.includes(d)),
      facts: result.facts.length,
      read: status,
      produces: [...(result.produces ?? module.produces)],
      ...(spec.optional ? { optional: true } : {}),
      ...(spec.line ? { line: spec.line } : {}),
      ...(status !== 'complete' && firstProblem ? { reason: describeSkip(firstProblem) } : {}),
      ...(status === 'partial' ? scopeOfUnread(protectedSkips) : {}),
    });
  }
  const derived = derive(facts);
  // Derived facts are read from configuration values: as complete as the sources of those values.
  const feeding = coverage.filter((c) => c.produces?.some((p) => CONFIG_VALUES.test(p)));
  const derivedRead: ReadStatus = feeding.every((c) => c.read === 'complete') ? 'complete' : 'partial';
  const notComplete = feeding.find((c) => c.read !== 'complete');
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    environment: env.name,
    takenAt: (options.now?.() ?? new Date()).toISOString(),
    fingerprintKeyId: options.fingerprintKeyId,
    facts: [...facts, ...derived.facts],
    coverage: [
      ...coverage,
      ...derived.coverage.map((c) => ({
        ...c,
        read: derivedRead,
        produces: [...DERIVED_PRODUCES],
        ...(notComplete
          ? { reason: `derived from ${notComplete.source}, which was not completely read` }
          : {}),
      })),
    ],
    skips,
  };
}

/**
 * What a partly read source left unknown, when every unread part named it (Skip.unreadScope): the
 * union of their scopes. One unread part without a scope leaves everything the source reaches unknown.
 */
export function scopeOfUnread(skips: readonly Skip[]): { unreadScope?: string[] } {
  const unread = skips.filter(notRead);
  if (unread.length === 0 || unread.some((s) => !s.unreadScope?.length)) return {};
  return { unreadScope: [...new Set(unread.flatMap((s) => s.unreadScope ?? []))].sort() };
}

/** Key prefixes of configuration values, from which the derived facts are read. */
const CONFIG_VALUES = /^config\/(env|configmap|helm|ci-env|build-arg)\//;

/**
 * `none`: nothing produced and something could not be read, or every declared path was not read
 * (facts from options alone, such as `cluster:`, read nothing); `partial`: facts, but a whole file
 * was not read; otherwise `complete` (an odd item in a file that was read is a skip, not a gap).
 * A skip at a line of a declared path (`env_file .env` at docker-compose.yml:40) says the path was
 * read and something it names was not: that path counts as read.
 */
export function readStatus(facts: number, skips: readonly Skip[], paths: readonly string[] = []): ReadStatus {
  if (facts === 0) return skips.length > 0 ? 'none' : 'complete';
  const unread = skips.filter(notRead);
  const pathUnread = (p: string) => unread.some((s) => s.file === p && s.line === undefined);
  if (paths.length > 0 && paths.every(pathUnread)) return 'none';
  return unread.length > 0 ? 'partial' : 'complete';
}

/**
 * A whole file or document not read: flagged where it is read (files.ts), or a YAML/JSON document
 * that does not parse (every YAML source words it so through yaml-docs.ts), whose objects are lost.
 */
export function notRead(skip: Skip): boolean {
  return (
    skip.unread === true ||
    /^invalid (JSON or )?YAML\b/.test(skip.reason) ||
    isYamlDocumentProblem(skip.reason)
  );
}

/** A source's skips listed one by one; past this, counted (200,000 tiny documents made a 98 MB report). */
export const MAX_LISTED_SKIPS = 500;

/** The first skips as they are, then one that counts the rest by their most common reason. */
export function listedSkips(source: string, all: readonly Skip[]): Skip[] {
  if (all.length <= MAX_LISTED_SKIPS) return [...all];
  const rest = all.slice(MAX_LISTED_SKIPS);
  const reasons = new Map<string, number>();
  for (const s of rest) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const [top, count] = [...reasons].sort((a, b) => b[1] - a[1])[0]!;
  return [
    ...all.slice(0, MAX_LISTED_SKIPS),
    {
      source,
      reason: `${rest.length} more skips not listed; the most common (${count}): ${top}`,
      ...(rest.some(notRead) ? { unread: true } : {}),
    },
  ];
}

function describeSkip(skip: Skip): string {
  const where = skip.file ? `${skip.file}${skip.line ? `:${skip.line}` : ''}: ` : '';
  return `${where}${skip.reason}`;
}
