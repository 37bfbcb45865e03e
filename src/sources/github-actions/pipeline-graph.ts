import type { CiJob } from './pipeline.js';

export interface PipelineGraph {
  /** Every job of the pipeline: the selected deploy jobs, what they wait for, what runs after them. */
  members: ReadonlySet<string>;
  /** Upstream jobs bound to another environment: they lend only environment-agnostic checks. */
  foreign: ReadonlySet<string>;
}

/**
 * Which jobs form the selected environment's pipeline. A job without an environment belongs to the
 * environment of its nearest environment-bound ancestors (a smoke test after production's deploy
 * is production's even when staging's deploy ran before both).
 */
export function relations(jobs: readonly CiJob[], selected: ReadonlySet<string>): PipelineGraph {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const bound = (id: string) => {
    const job = byId.get(id);
    return job !== undefined && (job.environments.length > 0 || job.environmentUnknown === true);
  };
  const ancestorsOf = memo((id: string, self: (id: string) => ReadonlySet<string>) => {
    const out = new Set<string>();
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need) || out.has(need)) continue;
      out.add(need);
      for (const a of self(need)) out.add(a);
    }
    return out;
  });
  const frontierOf = memo((id: string, self: (id: string) => ReadonlySet<string>) => {
    const found = new Set<string>();
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need)) continue;
      if (bound(need)) found.add(need);
      else for (const f of self(need)) found.add(f);
    }
    // Keep the nearest: drop any bound ancestor of another one found.
    return new Set([...found].filter((f) => ![...found].some((g) => g !== f && ancestorsOf(g).has(f))));
  });
  const members = new Set(selected);
  for (const id of selected) for (const a of ancestorsOf(id)) members.add(a);
  const foreign = new Set<string>();
  for (const id of members) {
    if (selected.has(id)) continue;
    const frontier = frontierOf(id);
    if (bound(id) || (frontier.size > 0 && ![...frontier].some((f) => selected.has(f)))) foreign.add(id);
  }
  for (const job of jobs) {
    if (members.has(job.id) || bound(job.id)) continue;
    if ([...frontierOf(job.id)].some((f) => selected.has(f))) members.add(job.id);
  }
  return { members, foreign };
}

/** The pipeline's jobs, each after the jobs it waits for; otherwise in file order. */
export function pipelineOrder(jobs: readonly CiJob[], graph: PipelineGraph): CiJob[] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const done = new Set<string>();
  const out: CiJob[] = [];
  const visit = (job: CiJob) => {
    if (done.has(job.id)) return;
    done.add(job.id);
    for (const need of job.needs) {
      const before = byId.get(need);
      if (before && graph.members.has(need)) visit(before);
    }
    out.push(job);
  };
  for (const job of jobs) if (graph.members.has(job.id)) visit(job);
  return out;
}

/** Memoised recursion over the needs graph; a cycle (invalid CI, but possible input) yields nothing. */
function memo(
  compute: (id: string, self: (id: string) => ReadonlySet<string>) => ReadonlySet<string>,
): (id: string) => ReadonlySet<string> {
  const cache = new Map<string, ReadonlySet<string>>();
  const active = new Set<string>();
  const self = (id: string): ReadonlySet<string> => {
    const hit = cache.get(id);
    if (hit) return hit;
    if (active.has(id)) return new Set();
    active.add(id);
    const value = compute(id, self);
    active.delete(id);
    cache.set(id, value);
    return value;
  };
  return self;
}
