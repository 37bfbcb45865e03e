import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { z } from 'zod';
import { displayPath, expandPaths, isSkip, readTextFile } from '../files.js';
import { KUBERNETES_PRODUCES } from '../kubernetes/index.js';
import { WorkloadName } from '../layered.js';
import type { Skip, SourceModule } from '../types.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import type { ValuesFile } from './extract.js';

const Name = WorkloadName;

const Options = z
  .object({
    /** The chart's main workload, as the kubernetes source would name it. */
    workload: Name.optional(),
    /** Run `helm template` (when helm is on PATH) and read the rendered manifests. */
    render: z.boolean().optional(),
    /** Release name for `helm template`, and the default workload name. */
    release: Name.optional(),
  })
  .strict();

/** Keys the rendered manifests state with more authority than the values (which they came from). */
const RENDERED_KEYS = /^(infra\/workload|infra\/autoscaling|config\/env)\//;

/**
 * What values files alone show (the chart not rendered): the values themselves, and the workload,
 * autoscaling and env settings read from their conventional keys. RBAC, Services, Ingresses and
 * other objects only a rendered chart shows are outside this reach: unknown, never absent.
 */
export const VALUES_ONLY_PRODUCES = [
  'config/helm/',
  'config/env/',
  'infra/workload/',
  'infra/autoscaling/',
] as const;

export const helmValuesSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'helm-values',
  description:
    'Helm values files merged in order (`values.yaml` then an environment overlay): replicas, resources, image, autoscaling, env, and every other setting; optionally `helm template`.',
  docs: 'https://helm.sh/docs/chart_template_guide/values_files/',
  dimensions: ['infra', 'config'],
  produces: [...KUBERNETES_PRODUCES, 'config/helm/'],
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractHelmValues } = await import('./extract.js');
    const { renderChart } = await import('./render.js');
    const { templateUses } = await import('./template-uses.js');
    const skips: Skip[] = [];
    const absolute = await valuesFiles(spec.id, spec.paths, spec.baseDir, skips);
    const files: ValuesFile[] = [];
    for (const file of absolute) {
      const read = await readTextFile(spec.id, file, spec.baseDir);
      if (isSkip(read)) skips.push(read);
      else files.push({ file: read.display, text: read.text });
    }
    if (absolute.length === 0) return { facts: [], skips };
    const chartDir = path.dirname(absolute[0]!);
    const chartName = await chartNameIn(chartDir);
    const workload = options.workload ?? options.release ?? chartName ?? path.basename(chartDir);
    // With the chart beside the values, its templates say which conventional keys it really reads.
    const uses = chartName === undefined ? undefined : await templateUses(chartDir);
    const result = extractHelmValues(files, {
      source: spec.id,
      fingerprint: ctx.fingerprint,
      workload,
      ...(uses ? { templateUses: uses } : {}),
    });
    skips.push(...result.skips);
    const valuesOnly = { facts: result.facts, skips, produces: VALUES_ONLY_PRODUCES };
    if (!options.render) return valuesOnly;

    if (chartName === undefined) {
      skips.push({
        source: spec.id,
        file: showDir(chartDir, spec.baseDir),
        reason: 'render: true needs the chart: expected Chart.yaml beside the first values file',
      });
      return valuesOnly;
    }
    const rendered = await renderChart({
      source: spec.id,
      fingerprint: ctx.fingerprint,
      release: options.release ?? workload,
      chartDir,
      chartDisplay: showDir(chartDir, spec.baseDir),
      valuesFiles: absolute,
    });
    skips.push(...rendered.skips);
    if (rendered.facts.length === 0) return valuesOnly;
    const settings = result.facts.filter((f) => !RENDERED_KEYS.test(f.key));
    return { facts: [...rendered.facts, ...settings], skips };
  },
};

/**
 * Values files in merge order: listed paths as listed; a chart folder is its `values.yaml`; a
 * glob's matches with `values.yaml` first, then the overlays by name.
 */
async function valuesFiles(source: string, paths: readonly string[], baseDir: string, skips: Skip[]) {
  const out: string[] = [];
  for (const p of paths) {
    const absolute = path.resolve(baseDir, p);
    const info = isDynamicPattern(p) ? undefined : await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      const found = await firstFile([path.join(absolute, 'values.yaml'), path.join(absolute, 'values.yml')]);
      if (found) out.push(found);
      else skips.push({ source, file: p, reason: 'the folder holds no values.yaml', unread: true });
      continue;
    }
    const expanded = await expandPaths(source, [p], baseDir);
    skips.push(...expanded.skips);
    out.push(...expanded.files.sort(baseFirst));
  }
  return [...new Set(out)];
}

function showDir(dir: string, baseDir: string): string {
  return path.resolve(dir) === path.resolve(baseDir) ? '.' : displayPath(dir, baseDir);
}

function baseFirst(a: string, b: string): number {
  const base = (file: string) => (/^values\.ya?ml$/.test(path.basename(file)) ? 0 : 1);
  return path.dirname(a).localeCompare(path.dirname(b)) || base(a) - base(b) || a.localeCompare(b);
}

async function firstFile(candidates: readonly string[]): Promise<string | undefined> {
  for (const file of candidates) {
    if ((await stat(file).catch(() => undefined))?.isFile()) return file;
  }
  return undefined;
}

/** The chart's `name` from Chart.yaml beside the values, when there is one. */
async function chartNameIn(dir: string): Promise<string | undefined> {
  const file = await firstFile([path.join(dir, 'Chart.yaml'), path.join(dir, 'Chart.yml')]);
  if (!file) return undefined;
  const read = await readTextFile('helm-values', file, dir, 1024 * 1024);
  if (isSkip(read)) return undefined;
  const doc = parseYamlDocuments(read.text).documents[0]?.value;
  const name = doc !== null && typeof doc === 'object' ? (doc as { name?: unknown }).name : undefined;
  return typeof name === 'string' && /^[^/\s]+$/.test(name) ? name : path.basename(dir);
}
