import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { displayPath, expandPaths, isSkip, readTextFile } from '../files.js';
import type { ValuesFile } from '../helm-values/extract.js';
import { KUBERNETES_PRODUCES } from '../kubernetes/index.js';
import type { Skip, SourceModule, SourceResult } from '../types.js';

const Options = z
  .object({
    /** The helmfile environment (`helmfile -e NAME`); the Parity environment's name by default. */
    environment: z
      .string()
      .min(1)
      .regex(/^[\w.-]+$/, 'an environment name (letters, digits, `_`, `.`, `-`)')
      .optional(),
  })
  .strict();

/** What helmfile looks for in a folder, in its order. */
const HELMFILE_NAMES = ['helmfile.yaml', 'helmfile.yaml.gotmpl', 'helmfile.yml'];
/** A values file is configuration: past this it is data, and not read. */
const MAX_BYTES = 16 * 1024 * 1024;

export const helmfileSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'helmfile',
  description:
    'helmfile.yaml for one environment (`environment:`): its `environments:` values and each release’s values files, read as helm-values reads them; releases installed or not; templated values reported, never guessed.',
  docs: 'https://helmfile.readthedocs.io/en/latest/#environment',
  dimensions: ['infra', 'config'],
  produces: [...KUBERNETES_PRODUCES, 'config/helm/', 'infra/helmfile/'],
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractHelmfile } = await import('./extract.js');
    const { readHelmfileState } = await import('./state.js');
    const environment = options.environment ?? ctx.environment;
    const out: SourceResult = { facts: [], skips: [] };
    for (const p of spec.paths) {
      const file = await helmfileAt(spec.id, p, spec.baseDir, out.skips);
      if (!file) continue;
      const read = await readTextFile(spec.id, file, spec.baseDir, MAX_BYTES);
      if (isSkip(read)) {
        out.skips.push(read);
        continue;
      }
      const dir = path.dirname(file);
      const state = readHelmfileState(read.text, environment);
      const values = new Map<string, ValuesFile | Skip>();
      const charts = new Map<string, ValuesFile | undefined>();
      for (const entry of [
        ...(state.environment?.values ?? []),
        ...state.releases.flatMap((r) => r.values),
      ]) {
        if (entry.kind === 'file' && !values.has(entry.path))
          values.set(entry.path, await readValues(spec.id, path.resolve(dir, entry.path), spec.baseDir));
      }
      for (const release of state.releases) {
        if (release.chart && !charts.has(release.chart))
          charts.set(release.chart, await chartDefaults(spec.id, dir, release.chart, spec.baseDir));
      }
      const result = extractHelmfile(state, {
        source: spec.id,
        fingerprint: ctx.fingerprint,
        file: read.display,
        environment,
        values: (p) => values.get(p) ?? { source: spec.id, file: p, reason: 'not read', unread: true },
        chartDefaults: (chart) => charts.get(chart),
      });
      out.facts.push(...result.facts);
      out.skips.push(...result.skips);
    }
    return out;
  },
};

/** A helmfile given as a file, or the one in a folder. */
async function helmfileAt(
  source: string,
  p: string,
  baseDir: string,
  skips: Skip[],
): Promise<string | undefined> {
  const absolute = path.resolve(baseDir, p);
  if ((await stat(absolute).catch(() => undefined))?.isDirectory()) {
    for (const name of HELMFILE_NAMES) {
      const candidate = path.join(absolute, name);
      if ((await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
    }
    skips.push({
      source,
      file: p,
      reason: `the folder holds no ${HELMFILE_NAMES.join(' or ')}`,
      unread: true,
    });
    return undefined;
  }
  const expanded = await expandPaths(source, [p], baseDir);
  skips.push(...expanded.skips);
  if (expanded.files.length > 1) {
    skips.push({
      source,
      file: p,
      reason: 'one helmfile per source: the path matched several',
      unread: true,
    });
    return undefined;
  }
  return expanded.files[0];
}

async function readValues(source: string, absolute: string, baseDir: string): Promise<ValuesFile | Skip> {
  // Through expandPaths: a values path never leads out of the project.
  const found = await expandPaths(source, [absolute], baseDir);
  const file = found.files[0];
  const shown = displayPath(absolute, baseDir);
  if (!file) return { ...(found.skips[0] ?? { source, reason: 'not found', unread: true }), file: shown };
  const read = await readTextFile(source, file, baseDir, MAX_BYTES);
  return isSkip(read) ? read : { file: read.display, text: read.text };
}

/** `values.yaml` of a chart in a local folder (`./charts/api`, `charts/api`); none for a repository chart. */
async function chartDefaults(
  source: string,
  dir: string,
  chart: string,
  baseDir: string,
): Promise<ValuesFile | undefined> {
  if (!/^\.{0,2}\/|^[\w.-]+\//.test(chart) || chart.includes('{{')) return undefined;
  const folder = path.resolve(dir, chart);
  if (!(await stat(path.join(folder, 'Chart.yaml')).catch(() => undefined))?.isFile()) return undefined;
  const read = await readValues(source, path.join(folder, 'values.yaml'), baseDir);
  return 'text' in read ? read : undefined;
}
