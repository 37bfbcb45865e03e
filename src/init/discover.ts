import type { Detection, DetectResult, DetectView, Ignored, SourceDetection } from '../sources/detection.js';
import { isDetector, knownEnvironment } from '../sources/detection.js';
import { detectors } from '../sources/detectors.js';
import { configFilesDetector } from './config-files.js';
import { type Claimed, resolveEnvironments } from './environments.js';
import { excludedBecause } from './exclude.js';
import { byImportance } from './names.js';

/** A source `parity init` proposes for one environment, or for every environment (`shared`). */
export interface Proposal {
  kind: string;
  paths: string[];
  options?: Record<string, string | string[]>;
  /** One line of comment for parity.yaml: where the guess came from. */
  why: string;
}

export interface Discovery {
  environments: string[];
  perEnvironment: Record<string, Proposal[]>;
  /** Sources every environment reads (Dockerfiles, the code). */
  shared: Proposal[];
  /** Why each environment was taken: the files that name it (first few). */
  evidence: Record<string, string[]>;
  /** Names that looked like environments and were not taken, with the reason. */
  rejected: { name: string; file: string; reason: string }[];
  /** Files a detector would have looked at, set aside, with the reason. */
  ignored: Ignored[];
  /** Things found that need a step from the user (terraform show -json, a database URL). */
  todo: string[];
}

/** What discovery may look at: the repository's file list and a bounded peek into small files. */
export interface RepositoryView {
  files: readonly string[];
  read(file: string): string | undefined;
}

/** Kinds whose detections for one environment are one source entry (their paths joined). */
const JOINED = new Set([
  'dotenv',
  'kubernetes',
  'prometheus-rules',
  'alertmanager',
  'otel-collector',
  'terraform',
]);
/** Kinds whose detections for one environment join their `environment:` options (one CI source per environment). */
const CI = new Set(['github-actions', 'gitlab-ci']);
const MAX_EVIDENCE = 4;
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

/**
 * Runs every registered source detector (src/sources/detectors.ts) over the repository,
 * decides which names are environments (src/init/environments.ts) and proposes each environment's
 * sources. Pure over the view it is given; `known` says which kinds may be proposed.
 */
export function discover(repo: RepositoryView, known: (kind: string) => boolean): Discovery {
  const all = [...repo.files].sort();
  const reasons = new Map<string, string>();
  const kept: string[] = [];
  for (const f of all) {
    const reason = excludedBecause(f);
    if (reason) reasons.set(f, reason);
    else kept.push(f);
  }
  const keptSet = new Set(kept);
  // Several detectors sniff the same YAML: each file is read once (up to a bound on what is kept).
  const peeked = new Map<string, string | undefined>();
  let cachedBytes = 0;
  const read = (f: string) => {
    if (peeked.has(f)) return peeked.get(f);
    const text = repo.read(f);
    if (cachedBytes < MAX_CACHED_BYTES) {
      peeked.set(f, text);
      cachedBytes += text?.length ?? 0;
    }
    return text;
  };
  const view: DetectView = { files: kept, read, has: (f) => keptSet.has(f) };
  const ignored: Ignored[] = [];
  const setAside = new Set<string>();
  const todo: string[] = [];
  let detected: { kind: string; d: Detection }[] = [];
  const reads = new Map<string, string>();
  const named: NonNullable<DetectResult['names']> = [];
  // The registry's detectors, then names in files no source reads yet (`config/<env>.yaml`).
  const runs: [string, SourceDetection][] = [...Object.entries(detectors), ['', configFilesDetector]];
  for (const [kind, detection] of runs) {
    if ((kind !== '' && !known(kind)) || !isDetector(detection)) continue;
    for (const [f, reason] of reasons) {
      if (!detection.fileMatch.test(f) || setAside.has(f)) continue;
      setAside.add(f);
      ignored.push({ file: f, reason });
    }
    const result = detection.detect(
      kept.filter((f) => detection.fileMatch.test(f)),
      view,
    );
    for (const d of result.found) detected.push({ kind, d });
    named.push(...(result.names ?? []));
    ignored.push(...(result.ignored ?? []));
    for (const t of result.todo ?? []) if (!todo.includes(t)) todo.push(t);
    for (const f of result.reads ?? []) if (!reads.has(f)) reads.set(f, kind);
  }
  // A file another kind's source already reads is not a second source (helmfile values as dotenv).
  detected = detected.filter(({ kind, d }) => {
    const by = d.paths.every((f) => reads.has(f) && reads.get(f) !== kind)
      ? reads.get(d.paths[0]!)
      : undefined;
    if (by)
      ignored.push({
        file: d.paths.join(', '),
        reason: `read by the ${by} source, not a ${kind} source of its own`,
      });
    return !by;
  });

  const claims: Claimed[] = [
    ...detected.flatMap(({ d }) =>
      d.environment ? [{ claim: d.environment, file: d.paths[d.paths.length - 1]! }] : [],
    ),
    ...named.map((n) => ({ claim: n.environment, file: n.file })),
  ];
  const resolution = resolveEnvironments(claims);
  const per = new Map<string, Proposal[]>();
  const evidence = new Map<string, { ci: boolean; why: string }[]>();
  const shared: Proposal[] = [];
  for (const { kind, d } of detected) {
    const proposal: Proposal = {
      kind,
      paths: [...d.paths],
      why: d.why,
      ...(d.options ? { options: { ...d.options } } : {}),
    };
    if (!d.environment) {
      shared.push(proposal);
      continue;
    }
    const key = resolution.keyOf(d.environment.name);
    if (key === undefined) continue;
    const env = resolution.names.get(key)!;
    const list = per.get(env) ?? [];
    per.set(env, list);
    addEvidence(evidence, env, { ci: CI.has(kind), why: d.why });
    join(list, proposal);
  }
  for (const n of named) {
    const key = resolution.keyOf(n.environment.name);
    if (key === undefined) continue;
    const env = resolution.names.get(key)!;
    if (!per.has(env)) per.set(env, []);
    addEvidence(evidence, env, { ci: false, why: n.why });
    todo.push(
      `${n.file} names ${env}; no source kind reads it yet: compare it by hand, or add the sources that define ${env}.`,
    );
  }
  const rejected = [...resolution.rejected];
  const configured = [...per.values()].some((list) =>
    list.some((p) => !CI.has(p.kind) && p.kind !== 'dockerfile'),
  );
  for (const [env, list] of per) {
    const reason = thin(env, list, configured);
    if (!reason) continue;
    per.delete(env);
    evidence.delete(env);
    rejected.push({ name: env, file: list[0]!.paths[0]!, reason });
  }
  const environments = [...per.keys()].sort(byImportance);
  return {
    environments,
    perEnvironment: Object.fromEntries(environments.map((e) => [e, per.get(e)!])),
    shared,
    // Configuration first, CI after (a stable sort): the reasons shown are the strongest.
    evidence: Object.fromEntries(
      [...evidence].map(([e, w]) => [
        e,
        [...w]
          .sort((a, b) => Number(a.ci) - Number(b.ci))
          .slice(0, MAX_EVIDENCE)
          .map((x) => x.why),
      ]),
    ),
    rejected,
    ignored,
    todo,
  };
}

function addEvidence(
  map: Map<string, { ci: boolean; why: string }[]>,
  env: string,
  e: { ci: boolean; why: string },
) {
  const list = map.get(env);
  if (list) list.push(e);
  else map.set(env, [e]);
}

/**
 * Why an environment with too little of its own is not one: only a Dockerfile named for it
 * (`nginx_dev/Dockerfile`: a developer's image), or only a CI deploy target with a name that is
 * no known environment's (`testnet`) while other environments have configuration to compare.
 */
function thin(env: string, list: readonly Proposal[], configured: boolean): string | undefined {
  if (list.length === 0) return undefined;
  if (list.every((p) => p.kind === 'dockerfile'))
    return `only a Dockerfile is named for it (${list.map((p) => p.paths[0]).join(', ')}): no configuration of its own to compare`;
  if (configured && !knownEnvironment(env) && list.every((p) => CI.has(p.kind)))
    return `only a CI deploy target (${list.map((p) => p.why.split(':')[0]).join(', ')}), with nothing of its configuration in the repository; add it by hand to compare it`;
  return undefined;
}

function join(list: Proposal[], p: Proposal): void {
  if (CI.has(p.kind)) {
    const same = list.find((x) => x.kind === p.kind && x.paths.join() === p.paths.join());
    if (!same) return void list.push(p);
    const names = [same.options?.environment ?? [], p.options?.environment ?? []].flat();
    const unique = names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
    same.options = { ...same.options, environment: unique.length === 1 ? unique[0]! : unique };
    return;
  }
  if (JOINED.has(p.kind)) {
    const same = list.find(
      (x) => x.kind === p.kind && JSON.stringify(x.options) === JSON.stringify(p.options),
    );
    if (same) {
      for (const q of p.paths) if (!same.paths.includes(q)) same.paths.push(q);
      return;
    }
  }
  if (!list.some((x) => x.kind === p.kind && x.paths.join() === p.paths.join())) list.push(p);
}
