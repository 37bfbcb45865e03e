import { asList, asObj, asText, type Obj } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import { protectCiValue } from './ci-values.js';
import { commandLabel, nameLabel } from './command-label.js';
import { type Bindings, evaluate, surelyFalse } from './expressions.js';
import type { CiStep, CiVariable, Concurrency } from './pipeline.js';
import type { Workflow } from './workflow.js';

/** The steps a job runs for these bindings, labelled without ever showing a raw script. */
export function jobSteps(wf: Workflow, job: Obj, jobLabel: string, bindings: Bindings): CiStep[] {
  const steps: CiStep[] = [];
  asList(job.steps).forEach((raw, index) => {
    const step = asObj(raw);
    if (!step || surelyFalse(step.if, bindings)) return;
    const name = asText(step.name);
    const uses = asText(step.uses)?.split('@')[0];
    const run = asText(step.run);
    const withText = Object.values(asObj(step.with) ?? {})
      .map((v) => asText(v) ?? '')
      .join('\n');
    const shown =
      (name !== undefined && name.trim() !== '' ? nameLabel(name) : undefined) ??
      uses ??
      (run !== undefined ? commandLabel(run) : undefined) ??
      `step ${index + 1}`;
    steps.push({
      label: `${jobLabel}: ${shown}`,
      text: [name ?? '', uses ?? '', run ?? '', withText].join('\n'),
      file: wf.file,
      line: wf.doc.lineOf(step) ?? wf.doc.line,
    });
  });
  return steps;
}

/** A pure reference (`${{ secrets.DB_URL }}`) carries no value; it is shown as written. */
const PURE_REFERENCE = /^\$\{\{\s*[A-Za-z_][\w.-]*\s*\}\}$/;

/** `env:` of the workflow, the job and its steps, first setting of each name wins. */
export function jobVariables(wf: Workflow, job: Obj, fingerprint: Fingerprinter): CiVariable[] {
  const out: CiVariable[] = [];
  const add = (env: Obj | undefined, owner: unknown) => {
    for (const [name, raw] of Object.entries(env ?? {})) {
      const text = asText(raw);
      if (text === undefined) continue;
      const reference = text.includes('${{');
      out.push({
        name,
        value: PURE_REFERENCE.test(text.trim()) ? text.trim() : protectCiValue(name, text, fingerprint),
        compare: reference ? 'presence' : 'exact',
        file: wf.file,
        line: wf.doc.lineOf(env, name) ?? wf.doc.lineOf(owner) ?? wf.doc.line,
      });
    }
  };
  add(wf.env, wf.doc.value);
  add(asObj(job.env), job);
  for (const step of asList(job.steps)) add(asObj(asObj(step)?.env), step);
  return out;
}

const REFERENCE = /\$\{\{([\s\S]*?)\}\}/g;
const CONTEXT_NAME = /\b(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** Secrets and configuration variables a job reads, by name only: `${{ secrets.X }}`, `${{ vars.X }}`. */
export function secretReferences(wf: Workflow, job: Obj, jobLine: number): CiVariable[] {
  const names = new Map<string, string>();
  for (const text of strings(job, 0, new Set())) {
    for (const m of text.matchAll(REFERENCE)) {
      for (const ref of (m[1] ?? '').matchAll(CONTEXT_NAME)) {
        const name = ref[2]!;
        if (name !== 'GITHUB_TOKEN' && !names.has(name)) names.set(name, `\${{ ${ref[1]}.${name} }}`);
      }
    }
  }
  return [...names].map(([name, value]) => ({
    name,
    value,
    compare: 'presence' as const,
    file: wf.file,
    line: lineOfText(wf.lines, `.${name}`, jobLine),
  }));
}

/** Every string in a job; each shared (aliased) node once, so nested aliases cannot explode. */
function* strings(value: unknown, depth: number, seen: Set<object>): Generator<string> {
  if (depth > 20) return;
  if (typeof value === 'string') yield value;
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) yield* strings(v, depth + 1, seen);
}

function lineOfText(lines: readonly string[], needle: string, from: number): number {
  for (let i = Math.max(0, from - 1); i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  return from;
}

/** `concurrency:` as what it does to a second deploy: waits (`queue`), cancels the first, or neither. */
export function readConcurrency(value: unknown, bindings: Bindings): Concurrency {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'string') return 'queue';
  const obj = asObj(value);
  if (!obj) return 'none';
  const cancel = obj['cancel-in-progress'];
  if (cancel === true) return 'cancel-in-progress';
  if (typeof cancel === 'string') {
    const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(cancel)?.[1] ?? cancel;
    const v = evaluate(inner, bindings);
    if (v === undefined) return 'cancel-in-progress (conditional)';
    if (v === true || v === 'true') return 'cancel-in-progress';
  }
  return 'queue';
}
