import type { Skip } from '../../model/snapshot.js';
import { commandLabel } from '../github-actions/command-label.js';
import type { CiJob, CiStep, Concurrency } from '../github-actions/pipeline.js';
import { asObj, asText, type Obj, shortText, textList, typeName } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import { environmentOf } from './environment.js';
import { itemLines } from './lines.js';
import { type Registry, resolveExtends } from './merge.js';
import type { GitlabFile } from './parse.js';
import { flatten, readOnly, readRules } from './triggers.js';
import { inheritedVariables, jobVariables, type ScriptLine } from './variables.js';

/** Top-level keys that configure the pipeline rather than name a job. */
const RESERVED = new Set([
  'image',
  'services',
  'stages',
  'types',
  'before_script',
  'after_script',
  'variables',
  'cache',
  'include',
  'workflow',
  'default',
  'spec',
]);
const DEFAULT_STAGES = ['build', 'test', 'deploy'];
const MAX_JOBS = 1000;

export interface JobsInput {
  source: string;
  fingerprint: Fingerprinter;
}

/** A job as read, before the stage order turns into needs. */
export interface ReadJob {
  /** The job's key in the file (variants of a matrix share it). */
  name: string;
  ci: CiJob;
  stage: number;
  /** `needs:` as written (names), or undefined to wait for every earlier stage. */
  needs: string[] | undefined;
  /** A manual job the pipeline does not wait for (`allow_failure` true, GitLab's default for `when: manual`). */
  optional: boolean;
}

/** Every job of the merged configuration as the CI-neutral shape, with needs still by name. */
export function readJobs(
  config: Obj,
  registry: Registry,
  main: GitlabFile,
  input: JobsInput,
  skips: Skip[],
): ReadJob[] {
  const stages = stagesOf(config);
  const defaults: Obj = {
    before_script: config.before_script,
    after_script: config.after_script,
    image: config.image,
    ...(asObj(config.default) ?? {}),
  };
  const workflow = readRules(asObj(config.workflow)?.rules);
  const pipelineTokens = asObj(config.workflow)?.rules !== undefined ? workflow.tokens : ['push'];
  const out: ReadJob[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (RESERVED.has(name) || name.startsWith('.')) continue;
    const definer = registry.definer(name);
    const file = definer?.file ?? main;
    const line = file.doc.lineOf(file.value, name) ?? file.doc.line;
    const skip = (reason: string) =>
      skips.push({ source: input.source, file: file.file, line, reason: `job ${name}: ${reason}` });
    if (!asObj(value)) {
      skip(`expected a mapping, got ${typeName(value)}`);
      continue;
    }
    const job = resolveExtends(config, name, skip);
    if (!job) continue;
    if (job.trigger !== undefined) {
      skip('starts a downstream pipeline (trigger:); its jobs are not read');
      continue;
    }
    if (job.script === undefined) {
      skip('has no script:, so it runs nothing; not counted');
      continue;
    }
    const stageName = asText(job.stage) ?? 'test';
    const stage = stages.indexOf(stageName);
    if (stage === -1) {
      skip(`stage ${shortText(stageName)} is not in stages: (${stages.join(', ')})`);
      continue;
    }
    if (out.length >= MAX_JOBS) {
      skips.push({
        source: input.source,
        file: file.file,
        reason: `more than ${MAX_JOBS} jobs; the rest are not read`,
      });
      break;
    }
    const rules = job.rules !== undefined ? readRules(job.rules) : undefined;
    const triggers = rules?.tokens ?? (job.only !== undefined ? readOnly(job.only) : pipelineTokens);
    if (triggers.length === 0) continue; // every rule says `when: never`: the job never runs
    const manual = job.when === 'manual' || rules?.manual === true;
    const allowFailure = job.allow_failure ?? (job.when === 'manual' && rules === undefined);
    const inherit = asObj(job.inherit)?.default;
    const inherited = (key: string) =>
      inherit === false || (Array.isArray(inherit) && !inherit.includes(key)) ? undefined : defaults[key];
    const variables = {
      ...inheritedVariables(asObj(config.variables), job.inherit),
      ...(asObj(job.variables) ?? {}),
    };
    const variantList = environmentOf(job, variables, (reason) => skip(reason));
    if (variantList === 'stop') continue;
    const at = { file: file.file, line };
    const script = scriptLines(registry, job, inherited, file, line);
    for (const variant of variantList) {
      const id = variant.suffix ? `${name}#${variant.suffix}` : name;
      const label = variant.suffix ? `${name} (${variant.suffix})` : name;
      const steps: CiStep[] = script.map((s, i) => ({
        label: `${label}: ${commandLabel(s.text) ?? `script line ${i + 1}`}`,
        text: s.text,
        file: s.file,
        line: s.line,
      }));
      if (manual) steps.unshift({ label: `${label}: when: manual`, text: '', checks: ['approval'], ...at });
      const imageNode = job.image ?? inherited('image');
      const image = asText(imageNode) ?? asText(asObj(imageNode)?.name) ?? '';
      const ci: CiJob = {
        id,
        label,
        text: [name, image].join('\n'),
        environments: variant.environment === undefined ? [] : [variant.environment],
        needs: [],
        steps,
        triggers,
        triggersAt: {
          file: file.file,
          line: lineOfKey(file, definer?.node, job.rules !== undefined ? 'rules' : 'only') ?? line,
        },
        concurrency: concurrencyOf(job, inherited),
        concurrencyAt: at,
        variables: jobVariables(
          variables,
          (v) => variableAt(registry, name, config, v, file, line),
          script.map((s): ScriptLine => ({ text: s.text, line: s.line })),
          asObj(job.secrets),
          lineOfKey(file, definer?.node, 'secrets') ?? line,
          file.file,
          input.fingerprint,
        ),
        file: file.file,
        line,
      };
      if (variant.tier) ci.tier = variant.tier;
      if (variant.unknown) ci.environmentUnknown = true;
      out.push({ name, ci, stage, needs: needsOf(job.needs), optional: manual && allowFailure !== false });
    }
  }
  return out;
}

/** The stage order: `stages:` (or GitLab's default) between `.pre` and `.post`. */
export function stagesOf(config: Obj): string[] {
  const listed = Array.isArray(config.stages)
    ? config.stages.map((v) => asText(v) ?? '').filter((v) => v !== '')
    : DEFAULT_STAGES;
  return ['.pre', ...listed, '.post'];
}

interface Placed {
  text: string;
  file: string;
  line: number;
}

/** before_script, script and after_script as single commands, each with the line it is written on. */
function scriptLines(
  registry: Registry,
  job: Obj,
  inherited: (key: string) => unknown,
  file: GitlabFile,
  line: number,
): Placed[] {
  const out: Placed[] = [];
  for (const node of [
    job.before_script ?? inherited('before_script'),
    job.script,
    job.after_script ?? inherited('after_script'),
  ]) {
    const items = flatten(node).map((v) => asText(v) ?? '');
    const owner = registry.fileOf(node) ?? file;
    const lines =
      Array.isArray(node) && node.every((v) => !Array.isArray(v)) ? itemLines(owner, node, items.length) : [];
    items.forEach((text, i) => {
      const at = lines[i];
      out.push({ text, file: at === undefined ? file.file : owner.file, line: at ?? line });
    });
  }
  return out;
}

function needsOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return flatten(value)
    .map((n) => {
      const obj = asObj(n);
      // Needs on another pipeline or project order nothing inside this one.
      if (obj && (obj.pipeline !== undefined || obj.project !== undefined)) return undefined;
      return asText(n) ?? asText(obj?.job);
    })
    .filter((n): n is string => n !== undefined);
}

/** `interruptible` lets a newer pipeline cancel a running deploy; `resource_group` queues deploys. */
function concurrencyOf(job: Obj, inherited: (key: string) => unknown): Concurrency {
  if ((job.interruptible ?? inherited('interruptible')) === true) return 'cancel-in-progress';
  return asText(job.resource_group) !== undefined ? 'queue' : 'none';
}

function lineOfKey(file: GitlabFile, node: unknown, key: string): number | undefined {
  const obj = asObj(node);
  return obj && key in obj ? file.doc.lineOf(obj, key) : undefined;
}

/** Where a variable is written: the job, the templates it extends (nearest first), or the globals. */
function variableAt(
  registry: Registry,
  jobName: string,
  config: Obj,
  name: string,
  file: GitlabFile,
  line: number,
) {
  const owners: unknown[] = [];
  const queue = [jobName];
  for (let i = 0; i < queue.length && i < 12; i++) {
    const raw = asObj(config[queue[i]!]);
    owners.push(raw?.variables);
    queue.push(...textList(raw?.extends).reverse());
  }
  owners.push(config.variables);
  for (const owner of owners.map(asObj)) {
    if (!owner || !(name in owner)) continue;
    const where = registry.fileOf(owner);
    if (where) return { file: where, line: where.doc.lineOf(owner, name) ?? line };
  }
  return { file, line };
}
