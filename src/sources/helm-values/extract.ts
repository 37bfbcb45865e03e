import type { Skip } from '../../model/snapshot.js';
import { plural } from '../../units/plural.js';
import { layeredUnreadSkip } from '../layered.js';
import { isMapping } from '../shape.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { componentFacts } from './components.js';
import type { Emit } from './emit.js';
import { settingFacts } from './settings.js';
import { type Branch, mergeBranches, toBranch, type ValueNode } from './tree.js';

export interface ValuesFile {
  /** Path as shown to users. */
  file: string;
  text: string;
}

export interface HelmExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  /** The chart's main workload: the `workload` option, else the release or chart name. */
  workload: string;
  /** Which values the chart's templates read (template-uses.ts); absent when unknown. */
  templateUses?: (valuesPath: string) => boolean;
}

/** Mapping nodes read per file at most: a few anchors can otherwise expand a file a million-fold. */
const NODE_BUDGET = 20_000;

/**
 * Values files in merge order (later files override earlier ones, as with `helm -f a -f b`) in,
 * facts out: the shared conventions onto infra and env keys, every other setting flattened. Pure.
 */
export function extractHelmValues(files: readonly ValuesFile[], input: HelmExtractInput): SourceResult {
  const skips: Skip[] = [];
  let merged: Branch | undefined;
  const unreadable: string[] = [];
  for (const file of files) {
    const branch = readValuesFile(file, input.source, skips);
    if (branch === UNREADABLE) unreadable.push(file.file);
    else if (branch) merged = merged ? mergeBranches(merged, branch) : branch;
  }
  // Helm merges every file in order: without one of them, the others are not this environment's values.
  if (unreadable.length > 0) {
    const skip = layeredUnreadSkip(
      input.source,
      files.map((f) => f.file),
      unreadable,
      'Helm merges',
    );
    if (skip) skips.push(skip);
    return { facts: [], skips };
  }
  const out: Emit = {
    source: input.source,
    fingerprint: input.fingerprint,
    facts: [],
    skips,
    consumed: new Set(),
    emitted: new Map(),
  };
  if (!merged) return { facts: [], skips };
  if (input.templateUses) {
    const paths = nodePaths(merged);
    const uses = input.templateUses;
    out.applies = (node) => {
      const p = paths.get(node);
      return p === undefined || uses(p);
    };
  }
  componentFacts(out, merged, input.workload);
  settingFacts(out, merged, input.workload);
  return { facts: out.facts, skips };
}

const UNREADABLE = Symbol('unreadable values file');

/** Each node's dotted path from the root (`api.replicaCount`), for template-uses. */
function nodePaths(root: Branch): Map<ValueNode, string> {
  const out = new Map<ValueNode, string>();
  const walk = (branch: Branch, prefix: string) => {
    for (const [key, node] of branch.entries) {
      const p = prefix ? `${prefix}.${key}` : key;
      out.set(node, p);
      if (node.kind === 'map') walk(node, p);
    }
  };
  walk(root, '');
  return out;
}

function readValuesFile(
  file: ValuesFile,
  source: string,
  skips: Skip[],
): Branch | undefined | typeof UNREADABLE {
  const { documents, problems } = parseYamlDocuments(file.text);
  for (const problem of problems)
    skips.push({ source, file: file.file, line: problem.line, reason: problem.message });
  if (problems.length > 0) return UNREADABLE;
  const [first, ...rest] = documents.filter((d) => d.value !== null && d.value !== undefined);
  if (rest.length > 0) {
    skips.push({
      source,
      file: file.file,
      line: rest[0]!.line,
      reason: `${plural(rest.length, 'more YAML document')} not read: Helm reads only the first document of a values file`,
    });
  }
  if (!first) return undefined;
  if (!isMapping(first.value)) {
    skips.push({
      source,
      file: file.file,
      line: first.line,
      reason: 'expected a mapping of values at the top',
    });
    return UNREADABLE;
  }
  const state = { file: file.file, lineOf: first.lineOf, budget: NODE_BUDGET, exhausted: false };
  const branch = toBranch(first.value, first.line, state);
  if (state.exhausted) {
    skips.push({
      source,
      file: file.file,
      line: first.line,
      reason: `more than ${NODE_BUDGET} mappings (YAML aliases expand): the rest is compared leaf by leaf up to the settings limit`,
    });
  }
  return branch;
}
