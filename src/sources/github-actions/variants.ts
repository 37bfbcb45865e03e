import type { Skip } from '../../model/snapshot.js';
import { asList, asObj, asText, type Obj, shortText, typeName } from '../shape.js';
import { type Bindings, contextsRead, resolveText } from './expressions.js';
import type { Workflow } from './workflow.js';

/** A matrix that multiplies past this is not expanded further: environments are few (GitLab's too). */
export const MAX_VARIANTS = 32;

export interface JobVariant {
  bindings: Bindings;
  /** Tells variants apart in ids and labels: the environment, or the values chosen. */
  suffix: string;
  /** The environment deployed to: null when the job names none, undefined when it cannot be resolved. */
  environment: string | null | undefined;
}

/**
 * The runs a job stands for, as far as its environment is concerned: one per matrix value or per
 * choice of input it reads (`environment: ${{ matrix.env }}` deploys each value), else one.
 */
export function jobVariants(
  wf: Workflow,
  jobId: string,
  job: Obj,
  bindings: Bindings,
  skips: Skip[],
  source: string,
): JobVariant[] {
  const named = environmentText(job);
  if (named.problem) {
    skips.push({
      source,
      file: wf.file,
      line: wf.doc.lineOf(job, 'environment'),
      reason: `job ${jobId}: ${named.problem}`,
    });
  }
  const calls = asText(job.uses) !== undefined;
  const read = calls
    ? Object.values(asObj(job.with) ?? {})
        .map((v) => asText(v) ?? '')
        .join('\n')
    : (named.text ?? '');
  const open = contextsRead(read).filter((c) => !bindings.has(c));
  const choices = open.map((context) => ({ context, values: candidates(wf, job, context) }));
  const unresolved = choices.filter((c) => c.values.length === 0).map((c) => c.context);
  if (unresolved.length > 0 || choices.length === 0) {
    const environment = named.text === undefined ? null : resolveText(named.text, bindings);
    if (named.text !== undefined && environment === undefined) {
      skips.push({
        source,
        file: wf.file,
        line: wf.doc.lineOf(job, 'environment'),
        reason: `job ${jobId}: environment \`${shortText(named.text)}\` reads ${unresolved.join(', ') || 'values'} that no matrix value or input default resolves; the job is not counted as any environment's deploy`,
      });
    }
    return [{ bindings, suffix: '', environment: environment === '' ? undefined : environment }];
  }
  const out: JobVariant[] = [];
  const seen = new Set<string>();
  for (const combination of product(choices.map((c) => c.values))) {
    const bound = new Map(bindings);
    for (const [i, c] of choices.entries()) bound.set(c.context, combination[i]!);
    const environment = named.text === undefined ? null : resolveText(named.text, bound);
    const suffix = typeof environment === 'string' && !calls ? environment : combination.join(',');
    if (seen.has(suffix)) continue;
    seen.add(suffix);
    out.push({ bindings: bound, suffix, environment: environment === '' ? undefined : environment });
    if (out.length >= MAX_VARIANTS) break;
  }
  return out;
}

function environmentText(job: Obj): { text?: string; problem?: string } {
  const env = job.environment;
  if (env === undefined || env === null) return {};
  const direct = asText(env);
  if (direct !== undefined) return { text: direct };
  const name = asText(asObj(env)?.name);
  if (name !== undefined) return { text: name };
  return { problem: `environment: expected a name or {name, url}, got ${typeName(env)}` };
}

/** Values a context may take: a matrix dimension's values, a choice input's options or its default. */
function candidates(wf: Workflow, job: Obj, context: string): string[] {
  const [head, ...rest] = context.split('.');
  const key = rest.join('.');
  if (head === 'inputs') {
    const input = wf.inputs.get(key);
    return input?.options ?? (input?.default !== undefined ? [input.default] : []);
  }
  if (head !== 'matrix') return [];
  const matrix = asObj(asObj(job.strategy)?.matrix);
  if (!matrix) return [];
  const values: string[] = [];
  for (const [k, v] of Object.entries(matrix)) {
    if (k.toLowerCase() === key && Array.isArray(v))
      values.push(...v.map(asText).filter((x): x is string => x !== undefined));
  }
  for (const entry of asList(matrix.include)) {
    for (const [k, v] of Object.entries(asObj(entry) ?? {})) {
      const text = asText(v);
      if (k.toLowerCase() === key && text !== undefined) values.push(text);
    }
  }
  return [...new Set(values)];
}

/** Combinations of one value per list, in order, stopping at a bound (a wide matrix would explode). */
export function product(lists: string[][]): string[][] {
  let out: string[][] = [[]];
  for (const list of lists) {
    const next: string[][] = [];
    for (const prefix of out) {
      for (const v of list) {
        if (next.length >= MAX_VARIANTS * 4) break;
        next.push([...prefix, v]);
      }
    }
    out = next;
  }
  return out;
}
