import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseYamlDocuments } from '../yaml-docs.js';

/** Template text read per chart, at most: a chart's templates are kilobytes; past this, unknown. */
const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;
const MAX_TEMPLATE_FILES = 2000;

/**
 * Which values a chart's templates read, so a conventional key the chart ignores (`replicaCount`
 * in a chart whose Deployment says `replicas: 1`) is not taken for the workload's replicas.
 * Every template and helper of the chart and of its unpacked subcharts is scanned for `.Values.a.b`
 * and `index .Values "a" "b"`. Undefined (every value may be read) when there are no templates,
 * a dependency is a packed `.tgz`, the templates pass `.Values` whole (`toYaml .Values`), or there is
 * more template text than is read.
 * Field trial (MythicaAI/jungle-ams): `replicaCount: 3` no template reads was a HIGH single-replica.
 */
export async function templateUses(chartDir: string): Promise<((valuesPath: string) => boolean) | undefined> {
  const files: string[] = [];
  const visit = async (dir: string, depth: number): Promise<boolean> => {
    if (depth > 8) return true;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
    if (!entries) return true;
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!(await visit(full, depth + 1))) return false;
      } else if (/\.tgz$/.test(e.name)) return false;
      else if (/\.(ya?ml|tpl|txt|json)$/.test(e.name) && path.basename(path.dirname(full)) !== 'charts') {
        if (files.length >= MAX_TEMPLATE_FILES) return false;
        files.push(full);
      }
    }
    return true;
  };
  const templates = path.join(chartDir, 'templates');
  if (!(await stat(templates).catch(() => undefined))?.isDirectory()) return undefined;
  if (!(await visit(templates, 0))) return undefined;
  const charts = path.join(chartDir, 'charts');
  if ((await stat(charts).catch(() => undefined))?.isDirectory() && !(await visit(charts, 0)))
    return undefined;
  const read = new Set<string>();
  let bytes = 0;
  for (const file of files) {
    // Subcharts' own values files are not templates.
    if (/(^|\/)values[^/]*\.ya?ml$/.test(file) || /Chart\.ya?ml$/.test(file)) continue;
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    bytes += text.length;
    if (bytes > MAX_TEMPLATE_BYTES) return undefined;
    const whole = valuesPaths(text, read);
    if (whole) return undefined;
  }
  const dependencies = await dependencyNames(chartDir);
  return (valuesPath) => {
    const top = valuesPath.split('.', 1)[0]!;
    // `global`, and a dependency's own values (read by its templates, packed or fetched at build).
    if (top === 'global' || dependencies.has(top)) return true;
    for (const r of read)
      if (r === valuesPath || valuesPath.startsWith(`${r}.`) || r.startsWith(`${valuesPath}.`)) return true;
    return false;
  };
}

/** Adds the values paths a template reads to `into`; true when it hands `.Values` on whole. */
export function valuesPaths(text: string, into: Set<string>): boolean {
  for (const m of text.matchAll(/\.Values((?:\.[A-Za-z_][\w-]*)+)/g)) into.add(m[1]!.slice(1));
  for (const m of text.matchAll(/index\s+\$?\.Values((?:\s+"[^"]*")+)/g))
    into.add([...m[1]!.matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('.'));
  // `.Values` not followed by a path (`toYaml .Values`, `$v := .Values`), except as `index .Values "a"`.
  for (const m of text.matchAll(/(index\s+\$?)?\.Values(?![\w.])(\s+")?/g)) {
    if (m[1] && m[2]) continue;
    return true;
  }
  return false;
}

/** Names (and aliases) of a chart's dependencies (Chart.yaml, or Helm 2's requirements.yaml). */
async function dependencyNames(chartDir: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const file of ['Chart.yaml', 'Chart.yml', 'requirements.yaml', 'requirements.yml']) {
    const text = await readFile(path.join(chartDir, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const doc of parseYamlDocuments(text).documents) {
      const deps = (doc.value as { dependencies?: unknown } | null)?.dependencies;
      if (!Array.isArray(deps)) continue;
      for (const d of deps) {
        const dep = d as { name?: unknown; alias?: unknown } | null;
        if (typeof dep?.name === 'string') names.add(dep.name);
        if (typeof dep?.alias === 'string') names.add(dep.alias);
      }
    }
  }
  return names;
}
