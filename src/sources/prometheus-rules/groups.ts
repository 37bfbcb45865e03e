import type { Skip } from '../../model/snapshot.js';
import { asObj, type Obj } from '../shape.js';
import { type LineLocator, parseYamlDocuments, type YamlDocument } from '../yaml-docs.js';

export interface RulesText {
  file: string;
  text: string;
}

/** One alerting or recording rule as written, with what is needed to name its lines. */
export interface RuleEntry {
  kind: 'alert' | 'record';
  name: string;
  node: Obj;
  lineOf: LineLocator;
  file: string;
  line: number;
}

/** A name or a YAML number written as a name (`alert: 404s` is a string, `alert: 500` is not). */
export function asName(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

interface Found {
  groups: unknown;
  owner: Obj;
}

/**
 * Every rule of every group in the files: Prometheus rule files (`groups:`) and Kubernetes
 * `PrometheusRule` objects (`spec.groups`, also inside a `kind: List`). Other Kubernetes objects
 * in the same files are not this source's business and pass silently.
 */
export function readRuleEntries(
  files: readonly RulesText[],
  source: string,
): { entries: RuleEntry[]; skips: Skip[] } {
  const entries: RuleEntry[] = [];
  const skips: Skip[] = [];
  for (const { file, text } of files) {
    const { documents, problems } = parseYamlDocuments(text);
    for (const p of problems) {
      const hint = text.includes('{{') ? ' (a template? render it first, e.g. with helm template)' : '';
      skips.push({ source, file, line: p.line, reason: `${p.message}${hint}` });
    }
    let recognised = problems.length > 0;
    for (const doc of documents) {
      const skip = (node: unknown, reason: string, key?: string) =>
        skips.push({ source, file, line: doc.lineOf(node, key) ?? doc.line, reason });
      const found: Found[] = [];
      recognised = findGroups(doc.value, found, skip) || recognised;
      for (const { groups, owner } of found) readGroups(groups, owner, doc, file, entries, skip);
    }
    if (!recognised) {
      skips.push({
        source,
        file,
        reason: 'no rule groups in this file (expected `groups:` or a PrometheusRule object)',
      });
    }
  }
  return { entries, skips };
}

type SkipAt = (node: unknown, reason: string, key?: string) => void;

/** True when the document was something this source recognises (rules or another Kubernetes object). */
function findGroups(value: unknown, found: Found[], skip: SkipAt, depth = 0): boolean {
  if (value === null || value === undefined) return false;
  const obj = asObj(value);
  if (!obj) {
    skip(value, 'expected a mapping: a rule file (`groups:`) or a PrometheusRule object');
    return true;
  }
  if (obj.kind === 'List' && Array.isArray(obj.items) && depth === 0) {
    for (const item of obj.items) findGroups(item, found, skip, depth + 1);
    return true;
  }
  if (obj.kind === 'PrometheusRule') {
    const spec = asObj(obj.spec);
    if (spec && 'groups' in spec) found.push({ groups: spec.groups, owner: spec });
    else skip(obj, 'a PrometheusRule without spec.groups');
    return true;
  }
  if (typeof obj.kind === 'string' && typeof obj.apiVersion === 'string') return true;
  if ('groups' in obj) {
    found.push({ groups: obj.groups, owner: obj });
    return true;
  }
  skip(obj, 'expected a Prometheus rule file (`groups:`) or a PrometheusRule object');
  return true;
}

function readGroups(
  groups: unknown,
  owner: Obj,
  doc: YamlDocument,
  file: string,
  entries: RuleEntry[],
  skip: SkipAt,
): void {
  if (groups === null) return;
  if (!Array.isArray(groups)) {
    skip(owner, 'expected `groups:` as a list of groups', 'groups');
    return;
  }
  for (const g of groups) {
    const group = asObj(g);
    if (!group || !Array.isArray(group.rules)) {
      if (group?.rules !== null) skip(group ?? groups, 'expected a group with `rules:` as a list', 'rules');
      continue;
    }
    for (const r of group.rules) {
      const rule = asObj(r);
      const alert = asName(rule?.alert);
      const record = asName(rule?.record);
      if (!rule) {
        skip(group, 'expected a rule: a mapping with `alert:` or `record:`', 'rules');
        continue;
      }
      if ((alert === undefined) === (record === undefined)) {
        skip(
          rule,
          `a rule that has ${alert ? 'both `alert:` and `record:`' : 'neither `alert:` nor `record:`'}`,
        );
        continue;
      }
      const kind = alert !== undefined ? 'alert' : 'record';
      const line = doc.lineOf(rule, kind) ?? doc.line;
      entries.push({ kind, name: (alert ?? record)!, node: rule, lineOf: doc.lineOf, file, line });
    }
  }
}
