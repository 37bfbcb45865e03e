import type { Fact, FactValue } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import { CHECKS, type Check, classifyText } from './checks.js';
import type { EnvironmentSelection } from './environments.js';
import { pipelineOrder, relations } from './pipeline-graph.js';

/**
 * The CI-neutral shape both CI sources reduce their files to: jobs with the environment they
 * deploy, the jobs they wait for and the steps they run. Facts come from this shape only, so a
 * GitHub pipeline and a GitLab pipeline pair key for key.
 */
export interface CiStep {
  /** Shown in facts: `deploy-production: Run migrations`. Never a raw script. */
  label: string;
  /** Classified, never shown: name, action, commands. */
  text: string;
  file: string;
  line: number;
  /** Checks known from structure (a manual gate) rather than from text. */
  checks?: readonly Check[];
}

export interface CiVariable {
  name: string;
  value: FactValue;
  /** `presence` for references (`${{ secrets.X }}`, `$X`): only whether the pipeline uses it. */
  compare: 'exact' | 'presence';
  file: string;
  line: number;
}

/** What a second deploy does to a running one: nothing stops it, it waits, or it cancels the first. */
export type Concurrency = 'none' | 'queue' | 'cancel-in-progress' | 'cancel-in-progress (conditional)';

export interface Place {
  file: string;
  line: number;
}

export interface CiJob {
  /** Unique among the jobs given. */
  id: string;
  /** Shown as the prefix of step labels. */
  label: string;
  /** Text classified for the job as a whole (its name, its image): a `lint` job with a bare script. */
  text: string;
  environments: string[];
  /** GitLab's deployment_tier. */
  tier?: string;
  /** Its environment is an expression the files do not resolve: it belongs to no known environment. */
  environmentUnknown?: boolean;
  needs: string[];
  steps: CiStep[];
  /** Neutral trigger tokens: `branch:main`, `tag:v*`, `push`, `manual`, `schedule`, `merge-request`, ... */
  triggers: string[];
  triggersAt: Place;
  concurrency: Concurrency;
  concurrencyAt: Place;
  variables: CiVariable[];
  schedule?: { workflow: string; crons: string[]; at: Place };
  file: string;
  line: number;
}

export interface PipelineInput {
  source: string;
  selection: EnvironmentSelection;
  /** Names what was read, for the skip when nothing deploys here: `workflow`, `pipeline`. */
  what: string;
}

/** Checks that gate every environment alike when they run before another environment's deploy. */
const AGNOSTIC: ReadonlySet<Check> = new Set(['test', 'lint', 'build', 'security-scan']);
const MAX_LABELS = 8;

/**
 * The facts of the pipeline that deploys the selected environment: its deploy jobs, the jobs they
 * wait for (transitively) and the jobs that run after them. A job bound to another environment
 * (staging's deploy before production's) lends only its environment-agnostic checks: staging's
 * migrations do not migrate production.
 */
export function pipelineFacts(
  jobs: readonly CiJob[],
  input: PipelineInput,
): { facts: Fact[]; skips: Skip[] } {
  const selected = new Set(
    jobs.filter((j) => j.environments.some((e) => input.selection.matches(e, j.tier))).map((j) => j.id),
  );
  if (selected.size === 0) return { facts: [], skips: [nothingSelected(jobs, input)] };
  const graph = relations(jobs, selected);
  const facts: Fact[] = [];
  const labels = new Map<Check, { labels: string[]; at: Place }>();
  for (const job of pipelineOrder(jobs, graph)) {
    const allowed = (check: Check) => !graph.foreign.has(job.id) || AGNOSTIC.has(check);
    const own = new Set<Check>();
    for (const step of job.steps) {
      for (const check of step.checks ?? classifyText(step.text)) {
        if (!allowed(check)) continue;
        own.add(check);
        addLabel(labels, check, step.label, step);
      }
    }
    for (const check of classifyText(job.text)) {
      if (allowed(check) && !own.has(check)) addLabel(labels, check, job.label, job);
    }
  }
  const origin = (at: Place) => ({ source: input.source, file: at.file, line: at.line });
  for (const check of CHECKS) {
    const found = labels.get(check);
    if (!found) continue;
    const shown = found.labels.slice(0, MAX_LABELS);
    const more = found.labels.length - shown.length;
    facts.push(
      makeFact({
        dimension: 'deploys',
        path: ['pipeline', 'step', check],
        value: more > 0 ? `${shown.join('; ')} (+${more} more)` : shown.join('; '),
        compare: 'presence',
        origin: origin(found.at),
      }),
    );
  }
  const deployJobs = jobs.filter((j) => selected.has(j.id));
  const first = deployJobs[0]!;
  const triggers = [...new Set(deployJobs.flatMap((j) => j.triggers))].sort();
  if (triggers.length > 0) {
    facts.push(
      makeFact({
        dimension: 'deploys',
        path: ['pipeline', 'triggers'],
        value: triggers,
        compare: 'set',
        origin: origin(first.triggersAt),
      }),
    );
  }
  facts.push(
    makeFact({
      dimension: 'deploys',
      path: ['pipeline', 'concurrency'],
      value: [...new Set(deployJobs.map((j) => j.concurrency))].sort().join(', '),
      origin: origin(first.concurrencyAt),
    }),
  );
  facts.push(...scheduleFacts(deployJobs, input.source), ...variableFacts(deployJobs, input.source));
  return { facts, skips: [] };
}

function addLabel(
  labels: Map<Check, { labels: string[]; at: Place }>,
  check: Check,
  label: string,
  at: Place,
) {
  const entry = labels.get(check);
  if (!entry) labels.set(check, { labels: [label], at: { file: at.file, line: at.line } });
  else if (!entry.labels.includes(label)) entry.labels.push(label);
}

function scheduleFacts(jobs: readonly CiJob[], source: string): Fact[] {
  const seen = new Set<string>();
  const out: Fact[] = [];
  for (const job of jobs) {
    const schedule = job.schedule;
    if (!schedule || seen.has(schedule.workflow)) continue;
    seen.add(schedule.workflow);
    out.push(
      makeFact({
        dimension: 'deploys',
        path: ['schedule', schedule.workflow, 'cron'],
        value: [...schedule.crons].sort(),
        compare: 'set',
        origin: { source, file: schedule.at.file, line: schedule.at.line },
      }),
    );
  }
  return out;
}

function variableFacts(jobs: readonly CiJob[], source: string): Fact[] {
  const seen = new Set<string>();
  const out: Fact[] = [];
  for (const variable of jobs.flatMap((j) => j.variables)) {
    if (seen.has(variable.name)) continue;
    seen.add(variable.name);
    out.push(
      makeFact({
        dimension: 'config',
        path: ['ci-env', variable.name],
        value: variable.value,
        compare: variable.compare,
        origin: { source, file: variable.file, line: variable.line },
      }),
    );
  }
  return out;
}

function nothingSelected(jobs: readonly CiJob[], input: PipelineInput): Skip {
  const found = [...new Set(jobs.flatMap((j) => j.environments))].sort();
  const looked = input.selection.shown.join(', ');
  const seen =
    found.length > 0 ? `the jobs deploy to: ${found.slice(0, 12).join(', ')}` : 'no job has an environment';
  return {
    source: input.source,
    reason: `no ${input.what} job deploys to ${looked} (${seen}); set the source's \`environment:\` option to the CI environment name`,
  };
}
