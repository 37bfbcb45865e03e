import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseYamlDocuments } from '../yaml-docs.js';

/** Template text read per chart, at most: a chart's templates are kilobytes; past this, unknown. */
const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;
const MAX_TEMPLATE_FILES = 2000;

/**
 * Which values a chart's templates read, so a conventional key the chart ignores (`replicaCount`
 * in a chart whose Deployment says `replicas: 1`) is not taken for the workload's replicas.
 * The chart's templates and helpers are scanned for `.Values.a.b` and `index .Values "a" "b"`; a
 * subchart's values (under its name or alias, vendored in `charts/` or fetched at build) and
 * `global` count as read, since its own templates read them. Undefined (every value may be read)
 * when there are no templates, a dependency is packed (`.tgz`), the templates pass `.Values` whole
 * (`toYaml .Values`), a chart with dependencies hands its root context to a helper (a library
 * chart's helper may read any value), or there is more template text than is read.
 * Field trial (MythicaAI/jungle-ams): `replicaCount: 3` no template reads was a HIGH single-replica.
 */
export async function templateUses(chartDir: string): Promise<((valuesPath: string) => boolean) | undefined> {
  const templates = path.join(chartDir, 'templates');
  if (!(await stat(templates).catch(() => undefined))?.isDirectory()) return undefined;
  const files: string[] = [];
  const visit = async (dir: string, depth: number): Promise<boolean> => {
    if (depth > 8) return false;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
    if (!entries) return false;
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!(await visit(full, depth + 1))) return false;
      } else if (/\.(ya?ml|tpl|txt|json)$/.test(e.name)) {
        if (files.length >= MAX_TEMPLATE_FILES) return false;
        files.push(full);
      }
    }
    return true;
  };
  if (!(await visit(templates, 0))) return undefined;
  const dependencies = await dependencyNames(chartDir);
  const vendored = await readdir(path.join(chartDir, 'charts'), { withFileTypes: true }).catch(() => []);
  for (const e of vendored) {
    if (e.isDirectory()) dependencies.add(e.name);
    else if (/\.tgz$/.test(e.name)) return undefined;
  }
  const read = new Set<string>();
  let bytes = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    bytes += text.length;
    if (bytes > MAX_TEMPLATE_BYTES) return undefined;
    if (valuesPaths(text, read)) return undefined;
    if (dependencies.size > 0 && ROOT_CONTEXT_HELPER.test(text)) return undefined;
  }
  return (valuesPath) => {
    const top = valuesPath.split('.', 1)[0]!;
    if (top === 'global' || dependencies.has(top)) return true;
    for (const r of read)
      if (r === valuesPath || valuesPath.startsWith(`${r}.`) || r.startsWith(`${valuesPath}.`)) return true;
    return false;
  };
}

/** `include "x" .`, `template "x" $`: a helper given the whole root context. */
const ROOT_CONTEXT_HELPER = /\b(include|template)\s+"[^"]+"\s+[.$]\s*\)?\s*[|}-]/;

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
