import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { anyFact, bothSides } from '../../rule-kit/helpers.js';
import type { Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue } from '../../rule-kit/values.js';
import { type CronSchedule, firesWithin, parseCron } from './cron.js';

/** How much more often production may deploy before staging stops rehearsing its deploys. */
const CADENCE_RATIO = 10;
/** A scheduled run's length is not in the evidence; a job is taken to run this long after it fires. */
const ASSUMED_JOB_MINUTES = 15;

/** `deploys-per-week` and `overlapping-deploys` are judged; durations and windows are evidence only. */
export const cadenceRule: Rule = {
  id: 'deploys.cadence-differs',
  dimension: 'deploys',
  severity: 'medium',
  title: 'Production is deployed far more often than staging',
  risk: 'Staging does not rehearse each production deploy: most changes (and their migrations, config flips and rollbacks) reach production as a deploy staging never ran, and concurrent rollouts are met there first.',
  remedy:
    'Deploy every change to staging first through the same pipeline (promote the same artifact), or batch production deploys to what staging has run.',
  appliesTo: (pair) => /^deploys\/(cadence|log)\//.test(pair.key),
  judge(pair, ctx) {
    const attribute = anyFact(pair).attribute;
    if (attribute === 'deploys-per-week') return judgeRate(pair.baseline, pair.candidate, ctx);
    if (attribute === 'overlapping-deploys' && bothSides(pair)) {
      const b = pair.baseline.value;
      const c = pair.candidate.value;
      if (typeof b !== 'number' || typeof c !== 'number' || !(b > 0 && c === 0)) return null;
      return {
        kind: 'differs',
        severity: 'low',
        message: `${b} of ${ctx.baselineName}'s deploys overlapped another deploy; ${ctx.candidateName}'s never did, so two rollouts at once (mixed versions of two services) are untested`,
      };
    }
    return null;
  },
};

function judgeRate(
  baseline: Fact | undefined,
  candidate: Fact | undefined,
  ctx: RuleContext,
): Finding | null {
  if (!baseline || !candidate) {
    const known = baseline ? ctx.baselineName : ctx.candidateName;
    const unknown = baseline ? ctx.candidateName : ctx.baselineName;
    return {
      kind: baseline ? 'only-baseline' : 'only-candidate',
      severity: 'low',
      message: `deploy cadence is known for ${known} only (${formatValue((baseline ?? candidate)!.value, 'deploys/week')}); ${unknown} has no deploy log`,
    };
  }
  const b = baseline.value;
  const c = candidate.value;
  if (typeof b !== 'number' || typeof c !== 'number' || b <= 0) return null;
  const ratio = c === 0 ? Number.POSITIVE_INFINITY : b / c;
  if (ratio < CADENCE_RATIO) return null;
  const times = Number.isFinite(ratio) ? `${Number(ratio.toPrecision(2))}x` : 'while it never deploys';
  return {
    kind: 'differs',
    message: `${ctx.baselineName} deploys ${formatValue(b)} times a week, ${ctx.candidateName} ${formatValue(c)} (${times}): most ${ctx.baselineName} deploys were never rehearsed in ${ctx.candidateName}`,
    detail: { ratio: Number.isFinite(ratio) ? Number(ratio.toPrecision(3)) : null, threshold: CADENCE_RATIO },
  };
}

export const overlapWithJobsRule: Rule = {
  id: 'deploys.overlap-with-jobs',
  dimension: 'deploys',
  severity: 'medium',
  title: 'Production deploys run while scheduled jobs run; staging deploys never do',
  risk: 'A deploy that restarts pods, migrates tables or changes a queue while a CronJob runs can kill the job half-way or hit its locks; staging never deploys during its jobs, so this interaction is first met in production.',
  remedy:
    'Run staging’s jobs on production’s schedule and deploy staging at the same hours, or block production deploys while jobs run (a deploy freeze window, concurrencyPolicy, job-aware rollouts).',
  scan(ctx) {
    const baseline = overlaps(ctx.baseline);
    const candidate = overlaps(ctx.candidate);
    if (!baseline || !candidate || baseline.count === 0 || candidate.count > 0) return [];
    const key = 'deploys/cadence/during-cronjobs';
    const side = (origin: Fact, value: number) =>
      makeFact({
        dimension: 'deploys',
        path: ['cadence', 'during-cronjobs'],
        value,
        unit: 'deploys',
        origin: origin.origin,
      });
    const jobs =
      baseline.jobs.slice(0, 5).join(', ') +
      (baseline.jobs.length > 5 ? `, +${baseline.jobs.length - 5} more` : '');
    return [
      {
        kind: 'differs',
        key,
        baseline: side(baseline.windows, baseline.count),
        candidate: side(candidate.windows, 0),
        message: `${baseline.count} of ${ctx.baselineName}'s last ${baseline.total} deploys ran while a scheduled job was running (${jobs}); none of ${ctx.candidateName}'s ${candidate.total} did`,
        detail: {
          baselineOverlaps: baseline.count,
          candidateOverlaps: 0,
          jobs: baseline.jobs.join(', '),
          assumedJobMinutes: ASSUMED_JOB_MINUTES,
        },
      },
    ];
  },
};

interface Overlaps {
  count: number;
  total: number;
  jobs: string[];
  windows: Fact;
}

/** Deploy windows of one side that a scheduled job's run (fire time + assumed length) overlaps. */
function overlaps(facts: ReadonlyMap<string, Fact>): Overlaps | undefined {
  const windows = facts.get('deploys/log/windows');
  if (!windows || !Array.isArray(windows.value)) return undefined;
  const schedules = schedulesOf(facts);
  const jobs = new Set<string>();
  let count = 0;
  for (const window of windows.value) {
    const [from, to] = window.split('/').map((t) => Date.parse(t));
    if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) continue;
    const hit = schedules.filter((s) => firesWithin(s.schedule, from - ASSUMED_JOB_MINUTES * 60_000, to));
    if (hit.length === 0) continue;
    count++;
    for (const h of hit) jobs.add(h.name);
  }
  return { count, total: windows.value.length, jobs: [...jobs].sort(), windows };
}

/** CronJob schedules (not suspended) and scheduled CI workflows of one side. */
function schedulesOf(facts: ReadonlyMap<string, Fact>): { name: string; schedule: CronSchedule }[] {
  const out: { name: string; schedule: CronSchedule }[] = [];
  for (const [key, fact] of facts) {
    const cronJob = /^deploys\/cronjob\/([^/]+)\/schedule$/.exec(key);
    const workflow = /^deploys\/schedule\/([^/]+)\/cron$/.exec(key);
    if (cronJob) {
      if (facts.get(`deploys/cronjob/${cronJob[1]}/suspend`)?.value === true) continue;
      const schedule = typeof fact.value === 'string' ? parseCron(fact.value) : undefined;
      if (schedule) out.push({ name: cronJob[1]!, schedule });
    } else if (workflow && Array.isArray(fact.value)) {
      for (const cron of fact.value) {
        const schedule = parseCron(cron);
        if (schedule) out.push({ name: `${workflow[1]} (workflow)`, schedule });
      }
    }
  }
  return out;
}
