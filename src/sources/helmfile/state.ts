import { isMapping, typeName } from '../shape.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { isTemplated, neutralise, TEMPLATED } from './template.js';

/** One entry of a `values:` list: a file, inline values, or what cannot be read, with why. */
export type ValuesEntry =
  | { kind: 'file'; path: string; line: number }
  | { kind: 'inline'; value: Record<string, unknown>; line: number }
  | { kind: 'unread'; line: number; reason: string };

export interface Release {
  name: string;
  line: number;
  /** `repo/chart@version` as written. */
  chart?: string;
  /** False when `installed: false` for this environment; a reason when helmfile alone can tell. */
  installed: boolean | { unknown: string };
  values: ValuesEntry[];
}

export interface HelmfileState {
  /** The environment's own `values:`, undefined when the helmfile does not define it. */
  environment?: { line: number; values: ValuesEntry[] };
  /** Every environment the helmfile defines. */
  environments: string[];
  releases: Release[];
  problems: { line: number; reason: string }[];
}

/**
 * A helmfile (`helmfile.yaml`, or `.gotmpl` with its templates over the environment's name
 * evaluated and every other expression marked) read for one environment. Every document is read:
 * helmfile layers `---`-separated parts. Pure.
 */
export function readHelmfileState(text: string, environment: string): HelmfileState {
  const state: HelmfileState = { environments: [], releases: [], problems: [] };
  const { text: plain, control } = neutralise(text, environment);
  if (control !== undefined) {
    state.problems.push({
      line: control,
      reason:
        'templated helmfile ({{ if }}, {{ range }} ...): templated values need helmfile to render; only the rest is read',
    });
  }
  const { documents, problems } = parseYamlDocuments(plain);
  for (const p of problems) state.problems.push({ line: p.line, reason: p.message });
  for (const doc of documents) {
    if (doc.value === null || doc.value === undefined) continue;
    if (!isMapping(doc.value)) {
      state.problems.push({
        line: doc.line,
        reason: `expected a helmfile mapping, got ${typeName(doc.value)}`,
      });
      continue;
    }
    const top = doc.value;
    const lineOf = (node: unknown, key?: string) => doc.lineOf(node, key) ?? doc.line;
    for (const key of ['bases', 'helmfiles']) {
      if (top[key] !== undefined)
        state.problems.push({
          line: lineOf(top, key),
          reason: `${key}: other helmfiles are not read; point a helmfile source at each`,
        });
    }
    const envs = top.environments;
    if (isMapping(envs)) {
      for (const [name, body] of Object.entries(envs)) {
        if (!state.environments.includes(name)) state.environments.push(name);
        if (name !== environment) continue;
        const values = isMapping(body) ? body.values : undefined;
        state.environment = {
          line: lineOf(envs, name),
          values: valuesEntries(values, isMapping(body) ? body : undefined, lineOf, 'environment values'),
        };
        if (isMapping(body) && body.secrets !== undefined) {
          state.environment.values.push({
            kind: 'unread',
            line: lineOf(body, 'secrets'),
            reason: 'environment secrets: encrypted (helm-secrets/sops), not read',
          });
        }
      }
    } else if (envs !== undefined) {
      state.problems.push({
        line: lineOf(top, 'environments'),
        reason: `environments: expected a mapping, got ${typeName(envs)}`,
      });
    }
    const releases = top.releases;
    if (Array.isArray(releases)) {
      for (const item of releases) {
        const release = readRelease(item, lineOf, lineOf(top, 'releases'));
        if ('reason' in release) state.problems.push(release);
        else state.releases.push(release);
      }
    } else if (releases !== undefined) {
      state.problems.push({
        line: lineOf(top, 'releases'),
        reason: `releases: expected a list, got ${typeName(releases)}`,
      });
    }
  }
  return state;
}

type LineOf = (node: unknown, key?: string) => number;

function readRelease(
  item: unknown,
  lineOf: LineOf,
  fallback: number,
): Release | { line: number; reason: string } {
  if (!isMapping(item) || typeof item.name !== 'string' || item.name === '') {
    return {
      line: isMapping(item) ? lineOf(item) : fallback,
      reason: 'release: expected a mapping with a name',
    };
  }
  const line = lineOf(item, 'name');
  if (isTemplated(item.name) || !/^[\w.-]+$/.test(item.name)) {
    return { line, reason: 'release name is templated or not a plain name: needs helmfile to render' };
  }
  const chart = typeof item.chart === 'string' ? item.chart : undefined;
  const version =
    typeof item.version === 'string' || typeof item.version === 'number' ? String(item.version) : '';
  const release: Release = {
    name: item.name,
    line,
    installed: installedOf(item),
    values: valuesEntries(item.values, item, lineOf, `release ${item.name} values`),
  };
  if (chart !== undefined) release.chart = version ? `${chart}@${version}` : chart;
  for (const key of ['set', 'setString', 'secrets'] as const) {
    if (item[key] === undefined) continue;
    const reason =
      key === 'secrets'
        ? `release ${item.name} secrets: encrypted (helm-secrets/sops), not read`
        : `release ${item.name} ${key}: not read yet (values set on the command line)`;
    release.values.push({ kind: 'unread', line: lineOf(item, key), reason });
  }
  return release;
}

function installedOf(item: Record<string, unknown>): Release['installed'] {
  if (item.condition !== undefined)
    return { unknown: 'condition: depends on the environment values, which helmfile evaluates' };
  const value = item.installed;
  if (value === undefined || value === null) return true;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  if (isTemplated(value))
    return { unknown: 'installed: is templated; templated values need helmfile to render' };
  return { unknown: `installed: expected true or false, got ${typeName(value)}` };
}

function valuesEntries(
  values: unknown,
  owner: Record<string, unknown> | undefined,
  lineOf: LineOf,
  what: string,
): ValuesEntry[] {
  if (values === undefined || values === null) return [];
  const at = owner ? lineOf(owner, 'values') : 1;
  if (!Array.isArray(values))
    return [{ kind: 'unread', line: at, reason: `${what}: expected a list, got ${typeName(values)}` }];
  return values.map((entry): ValuesEntry => {
    // A mapping knows its line; a scalar entry is placed at the list's first line.
    const line = isMapping(entry) ? lineOf(entry) : lineOf(values);
    if (typeof entry === 'string') {
      if (entry.includes(TEMPLATED) || entry.includes('{{'))
        return {
          kind: 'unread',
          line,
          reason: `${what}: a templated path; templated values need helmfile to render`,
        };
      if (/\.gotmpl$|\.tpl$/.test(entry))
        return {
          kind: 'unread',
          line,
          reason: `${what}: ${entry} is a template; templated values need helmfile to render`,
        };
      return { kind: 'file', path: entry, line };
    }
    if (isMapping(entry)) {
      if (isTemplated(entry))
        return {
          kind: 'unread',
          line,
          reason: `${what}: inline values with templates; templated values need helmfile to render`,
        };
      return { kind: 'inline', value: entry, line };
    }
    return {
      kind: 'unread',
      line,
      reason: `${what}: expected a file path or a mapping, got ${typeName(entry)}`,
    };
  });
}
