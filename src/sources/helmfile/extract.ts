import yaml from 'js-yaml';
import { makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import { extractHelmValues, type ValuesFile } from '../helm-values/extract.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import type { HelmfileState, ValuesEntry } from './state.js';

export interface HelmfileExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  /** The helmfile as shown to users. */
  file: string;
  environment: string;
  /** A values file named by the helmfile (as written), read by the caller: its text or why not. */
  values: (path: string) => ValuesFile | Skip;
  /** The chart's own values.yaml, for a chart in a local folder: Helm merges it first. */
  chartDefaults: (chart: string) => ValuesFile | undefined;
}

/** The workload name of the environment's own values (helmfile's "state values"). */
export const STATE_VALUES = 'state-values';

/**
 * A helmfile read for one environment in, facts out: the environment's values and each release's
 * values files merged as Helm merges them, read by the helm-values source's extractor (so the keys
 * are the same: `infra/workload/<release>/...`, `config/helm/<release>/...`), plus whether each
 * release is installed and its chart. A release any of whose values could not be read (a
 * template, an encrypted file, a missing file) is not compared, and a skip says why. Pure.
 */
export function extractHelmfile(state: HelmfileState, input: HelmfileExtractInput): SourceResult {
  const out: SourceResult = { facts: [], skips: [] };
  const skip = (line: number | undefined, reason: string, extra: Partial<Skip> = {}) =>
    out.skips.push({ source: input.source, file: input.file, ...(line ? { line } : {}), reason, ...extra });
  for (const p of state.problems) skip(p.line, p.reason);
  if (!state.environment) {
    const known = state.environments.length ? ` (it defines ${state.environments.join(', ')})` : '';
    skip(
      undefined,
      `environment ${input.environment} is not among the helmfile's environments${known}: set \`environment:\``,
      {
        unread: true,
      },
    );
    return out;
  }
  valuesFacts(out, input, STATE_VALUES, [], state.environment.values, state.environment.line);
  for (const release of state.releases) {
    const fact = (attribute: string, value: string | boolean) =>
      out.facts.push(
        makeFact({
          dimension: 'infra',
          path: ['helmfile', release.name, attribute],
          value,
          origin: { source: input.source, file: input.file, line: release.line },
        }),
      );
    if (typeof release.installed === 'object') {
      skip(release.line, `release ${release.name} not compared: ${release.installed.unknown}`, {
        key: `infra/helmfile/${release.name}`,
      });
      continue;
    }
    fact('installed', release.installed);
    if (release.chart) fact('chart', release.chart);
    if (!release.installed) continue;
    const defaults = release.chart ? input.chartDefaults(release.chart) : undefined;
    valuesFacts(out, input, release.name, defaults ? [defaults] : [], release.values, release.line);
  }
  return out;
}

function valuesFacts(
  out: SourceResult,
  input: HelmfileExtractInput,
  workload: string,
  first: ValuesFile[],
  entries: readonly ValuesEntry[],
  line: number,
): void {
  const files = [...first];
  const inline = new Map<string, number>();
  const unread: string[] = [];
  for (const entry of entries) {
    if (entry.kind === 'unread') {
      out.skips.push({ source: input.source, file: input.file, line: entry.line, reason: entry.reason });
      unread.push(entry.reason);
    } else if (entry.kind === 'inline') {
      const label = `${input.file} (inline values, line ${entry.line})`;
      inline.set(label, entry.line);
      files.push({ file: label, text: yaml.dump(entry.value, { noRefs: true, lineWidth: -1 }) });
    } else {
      const read = input.values(entry.path);
      if ('text' in read) files.push(read);
      else {
        const named = `named at ${input.file}:${entry.line}`;
        out.skips.push({ ...read, file: read.file ?? entry.path, reason: `${read.reason} (${named})` });
        unread.push(read.reason);
      }
    }
  }
  if (unread.length > 0) {
    out.skips.push({
      source: input.source,
      file: input.file,
      line,
      reason: `${workload}: values not compared, ${unread.length} of its values entries could not be read (see above)`,
      key: `config/helm/${workload}`,
    });
    return;
  }
  if (files.length === first.length) return; // nothing of this environment's own: nothing to compare
  const result = extractHelmValues(files, { source: input.source, fingerprint: input.fingerprint, workload });
  for (const fact of result.facts) {
    const at = inline.get(fact.origin.file ?? '');
    if (at !== undefined) fact.origin = { source: input.source, file: input.file, line: at };
  }
  for (const s of result.skips) {
    const at = inline.get(s.file ?? '');
    if (at !== undefined) Object.assign(s, { file: input.file, line: at });
  }
  out.facts.push(...result.facts);
  out.skips.push(...result.skips);
}
