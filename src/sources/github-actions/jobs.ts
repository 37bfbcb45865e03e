import type { Skip } from '../../model/snapshot.js';
import { asObj, asText, type Obj, shortText, textList } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import { classifyText } from './checks.js';
import { type EnvironmentSelection, environmentInput } from './environments.js';
import { type Bindings, resolveText, surelyFalse } from './expressions.js';
import { jobSteps, jobVariables, readConcurrency, secretReferences } from './job-parts.js';
import type { CiJob, CiVariable } from './pipeline.js';
import { jobVariants } from './variants.js';
import type { Workflow } from './workflow.js';

/** GitHub allows 10 levels of reusable workflows; deeper is a loop or a mistake. */
const MAX_DEPTH = 10;
const MAX_JOBS = 2000;

export interface FlattenInput {
  source: string;
  fingerprint: Fingerprinter;
  /** When given, a skip about another environment's remote deploy job is not this source's. */
  selection?: EnvironmentSelection;
}

/** Checks that make a job a check, not a deploy, when nothing in it says deploy. */
const CHECK_ONLY = new Set(['test', 'lint', 'security-scan', 'build', 'smoke-test']);

interface Call {
  bindings: Bindings;
  /** Prefix of job ids and of `needs:` names in this workflow's scope. */
  scope: string;
  labelPrefix: string;
  /** The workflow that is triggered: its triggers and schedule are every called job's. */
  root: Workflow;
  /** The caller's `needs:`, as scoped names: called jobs wait for them too. */
  extraNeeds: string[];
  /** Secrets the caller passes down (`secrets:` of the calling job). */
  inherited: CiVariable[];
  chain: string[];
  /** The environment the caller passed (`with: environment: prod`): jobs that name none deploy it. */
  environment?: string;
}

interface State {
  input: FlattenInput;
  workflows: readonly Workflow[];
  jobs: CiJob[];
  /** Scoped job name -> ids of the jobs it became (matrix variants, called workflows' jobs). */
  expanded: Map<string, string[]>;
  skips: Skip[];
}

/** Every job of every triggered workflow, reusable workflows expanded in place, needs resolved to ids. */
export function flattenWorkflows(
  workflows: readonly Workflow[],
  input: FlattenInput,
): { jobs: CiJob[]; skips: Skip[] } {
  const state: State = { input, workflows, jobs: [], expanded: new Map(), skips: [] };
  for (const wf of workflows) {
    if (!wf.standalone) continue;
    expand(wf, state, {
      bindings: new Map(),
      scope: `${wf.id}/`,
      labelPrefix: '',
      root: wf,
      extraNeeds: [],
      inherited: [],
      chain: [wf.file],
    });
  }
  for (const job of state.jobs)
    job.needs = [...new Set(job.needs.flatMap((n) => state.expanded.get(n) ?? []))];
  return { jobs: state.jobs, skips: state.skips };
}

function expand(wf: Workflow, state: State, call: Call): string[] {
  const all: string[] = [];
  for (const [jobId, job] of wf.jobs) {
    const ids: string[] = [];
    const needs = [...call.extraNeeds, ...textList(job.needs).map((n) => `${call.scope}${n}`)];
    const label = `${call.labelPrefix}${jobId}`;
    const variants = jobVariants(wf, jobId, job, call.bindings, state.skips, state.input.source);
    for (const variant of variants) {
      if (surelyFalse(job.if, variant.bindings)) continue;
      const variantLabel = variant.suffix ? `${label} (${variant.suffix})` : label;
      const id = `${call.scope}${jobId}${variant.suffix ? `#${variant.suffix}` : ''}`;
      const uses = asText(job.uses);
      if (uses !== undefined) {
        ids.push(
          ...callWorkflow(wf, jobId, job, uses, state, call, { needs, label: variantLabel, id, variant }),
        );
        continue;
      }
      if (state.jobs.length >= MAX_JOBS) {
        state.skips.push({
          source: state.input.source,
          file: wf.file,
          reason: `more than ${MAX_JOBS} jobs; the rest are not read`,
        });
        return all;
      }
      state.jobs.push(
        makeJob(wf, jobId, job, state, call, {
          id,
          label: variantLabel,
          needs,
          bindings: variant.bindings,
          environment: variant.environment === null ? (call.environment ?? null) : variant.environment,
        }),
      );
      ids.push(id);
    }
    state.expanded.set(`${call.scope}${jobId}`, ids);
    all.push(...ids);
  }
  return all;
}

interface Variant {
  id: string;
  label: string;
  needs: string[];
  bindings: Bindings;
  environment: string | null | undefined;
}

function makeJob(wf: Workflow, jobId: string, job: Obj, state: State, call: Call, v: Variant): CiJob {
  const line = wf.doc.lineOf(asObj(wf.doc.value)?.jobs, jobId) ?? wf.doc.line;
  const place = { file: wf.file, line };
  const concurrency = readConcurrency(job.concurrency ?? wf.concurrency ?? call.root.concurrency, v.bindings);
  const concurrencyLine =
    job.concurrency !== undefined
      ? (wf.doc.lineOf(job, 'concurrency') ?? line)
      : wf.concurrency !== undefined
        ? (wf.doc.lineOf(wf.doc.value, 'concurrency') ?? line)
        : line;
  const steps = jobSteps(wf, job, v.label, withUnneededJobs(wf, job, jobId, v.bindings));
  if (call.root.manualOnly && typeof v.environment === 'string') {
    steps.unshift({
      label: `${v.label}: started by hand (workflow_dispatch only)`,
      text: '',
      checks: ['approval'],
      file: call.root.file,
      line: call.root.triggersAt.line,
    });
  }
  const ci: CiJob = {
    id: v.id,
    label: v.label,
    text: [jobId, asText(job.name) ?? ''].join('\n'),
    environments: typeof v.environment === 'string' ? [v.environment] : [],
    needs: v.needs,
    steps,
    triggers: call.root.triggers,
    triggersAt: call.root.triggersAt,
    concurrency,
    concurrencyAt: { file: wf.file, line: concurrencyLine },
    variables: [
      ...jobVariables(wf, job, state.input.fingerprint),
      ...secretReferences(wf, job, line),
      ...call.inherited,
    ],
    file: place.file,
    line: place.line,
  };
  if (v.environment === undefined) ci.environmentUnknown = true;
  if (call.root.crons.length > 0) {
    ci.schedule = { workflow: call.root.id, crons: call.root.crons, at: call.root.triggersAt };
  }
  return ci;
}

function callWorkflow(
  wf: Workflow,
  jobId: string,
  job: Obj,
  uses: string,
  state: State,
  call: Call,
  v: { needs: string[]; label: string; id: string; variant: { bindings: Bindings } },
): string[] {
  const source = state.input.source;
  const line = wf.doc.lineOf(job, 'uses');
  const passed = environmentInput(asObj(job.with));
  const environment = passed === undefined ? call.environment : resolveText(passed, v.variant.bindings);
  if (!uses.startsWith('./')) {
    // A job that only checks (`helm_lint` calling test_helm_lint.yml with an environment) deploys nothing.
    const checks = classifyText([jobId, asText(job.name) ?? '', uses].join('\n'));
    const deploys =
      environment !== undefined &&
      (checks.includes('deploy') || checks.includes('rollout') || !checks.some((c) => CHECK_ONLY.has(c)));
    const selected = state.input.selection;
    const reason = `job ${jobId} calls a reusable workflow from another repository (${shortText(uses)}); its jobs and steps cannot be read${deploys ? `: it is counted as one deploy job for ${environment}, without its steps` : ' and are not counted'}`;
    // Once per call, not once per matrix value of a job that checks every environment.
    const said = state.skips.some((k) => k.file === wf.file && k.line === line && k.reason === reason);
    if (!said && (!deploys || !selected || selected.matches(environment)))
      state.skips.push({ source, file: wf.file, line, reason });
    if (!deploys) return [];
    // The caller names the environment: the job deploys it, whatever the remote steps are.
    // Classified by what it calls too (`.../deploy_env.yml`): its own steps are unknown.
    const named = { ...job, name: `${asText(job.name) ?? ''}\n${uses}` };
    state.jobs.push(
      makeJob(wf, jobId, named, state, call, {
        id: v.id,
        label: v.label,
        needs: v.needs,
        bindings: v.variant.bindings,
        environment,
      }),
    );
    return [v.id];
  }
  const callee = findWorkflow(state.workflows, wf, uses);
  if (!callee) {
    state.skips.push({
      source,
      file: wf.file,
      line,
      reason: `job ${jobId} calls ${shortText(uses)}, which is not among the files read; add it to the source's path`,
    });
    return [];
  }
  if (call.chain.includes(callee.file) || call.chain.length > MAX_DEPTH) {
    state.skips.push({
      source,
      file: wf.file,
      line,
      reason: `job ${jobId}: reusable workflows call each other in a loop or nest more than ${MAX_DEPTH} deep`,
    });
    return [];
  }
  const bindings = new Map<string, string>();
  const given = asObj(job.with) ?? {};
  for (const [name, declared] of callee.inputs) {
    const passed = Object.entries(given).find(([k]) => k.toLowerCase() === name)?.[1];
    const text = asText(passed);
    const value = text === undefined ? declared.default : resolveText(text, v.variant.bindings);
    if (value !== undefined) bindings.set(`inputs.${name}`, value);
  }
  return expand(callee, state, {
    bindings,
    scope: `${v.id}/`,
    labelPrefix: `${v.label}/`,
    root: call.root,
    extraNeeds: v.needs,
    inherited: [...call.inherited, ...secretReferences(wf, job, wf.doc.lineOf(job) ?? wf.doc.line)],
    chain: [...call.chain, callee.file],
    ...(environment ? { environment } : {}),
  });
}

/** A local reusable workflow: by its path from the repository root, else by name beside the caller. */
function findWorkflow(workflows: readonly Workflow[], caller: Workflow, uses: string): Workflow | undefined {
  const wanted = uses.replace(/^\.\//, '').split('@')[0]!;
  const exact = workflows.find((w) => w.file === wanted || w.file.endsWith(`/${wanted}`));
  if (exact) return exact;
  const base = wanted.split('/').pop();
  const dir = caller.file.includes('/') ? caller.file.slice(0, caller.file.lastIndexOf('/') + 1) : '';
  return workflows.find((w) => w.file === `${dir}${base}`);
}

/**
 * The `needs` context holds only the jobs a job directly needs: `needs.build.result` in a job that
 * does not need `build` is null, so a step guarded by `needs.build.result == 'success'` never runs
 * there (a deploy step that silently never runs in one environment).
 * https://docs.github.com/en/actions/reference/contexts-reference#needs-context
 */
function withUnneededJobs(wf: Workflow, job: Obj, jobId: string, bindings: Bindings): Bindings {
  const needed = new Set(textList(job.needs).map((n) => n.toLowerCase()));
  const out = new Map(bindings);
  for (const [other] of wf.jobs) {
    const id = other.toLowerCase();
    if (id !== jobId.toLowerCase() && !needed.has(id) && !out.has(`needs.${id}`))
      out.set(`needs.${id}`, null);
  }
  return out;
}
