import type { Skip } from '../../model/snapshot.js';
import { asObj, asText, type Obj, textList, typeName } from '../shape.js';
import { parseYamlDocuments, type YamlDocument } from '../yaml-docs.js';
import type { Place } from './pipeline.js';

export interface WorkflowInput {
  default?: string;
  /** A `choice` input's options: each is an environment the workflow may be run for. */
  options?: string[];
}

/** One workflow file, read but not yet expanded into jobs. */
export interface Workflow {
  file: string;
  /** The file's base name without extension: the workflow's stable name in keys. */
  id: string;
  doc: YamlDocument;
  lines: readonly string[];
  /** Neutral trigger tokens (`workflow_call` excluded: callers bring theirs). */
  triggers: string[];
  triggersAt: Place;
  /** Runs on its own (has a trigger other than `workflow_call`). */
  standalone: boolean;
  /** Started by hand only: a human gate in front of every job. */
  manualOnly: boolean;
  inputs: Map<string, WorkflowInput>;
  crons: string[];
  env: Obj | undefined;
  concurrency: unknown;
  jobs: [string, Obj][];
}

/** Parses one workflow file; anything that is not a workflow is a skip with its line. */
export function readWorkflow(
  text: string,
  file: string,
  source: string,
): { workflow?: Workflow; skips: Skip[] } {
  const skips: Skip[] = [];
  const { documents, problems } = parseYamlDocuments(text);
  for (const p of problems) skips.push({ source, file, line: p.line, reason: p.message });
  const doc = documents[0];
  if (!doc) return { skips };
  if (documents.length > 1) {
    skips.push({
      source,
      file,
      line: documents[1]!.line,
      reason: 'a workflow file holds one document; later ones are ignored',
    });
  }
  const value = asObj(doc.value);
  const jobs = asObj(value?.jobs);
  if (!value || !jobs) {
    const what = value ? `jobs: ${typeName(value.jobs)}` : typeName(doc.value);
    skips.push({
      source,
      file,
      line: doc.line,
      reason: `expected a workflow with a \`jobs:\` mapping, got ${what}`,
    });
    return { skips };
  }
  const on = value.on ?? value.true;
  const events = readEvents(on);
  const triggers = [...new Set(events.flatMap(([event, config]) => eventTokens(event, config)))].sort();
  const inputs = new Map<string, WorkflowInput>();
  for (const [event, config] of events) {
    if (event !== 'workflow_dispatch' && event !== 'workflow_call') continue;
    for (const [name, spec] of Object.entries(asObj(asObj(config)?.inputs) ?? {})) {
      const s = asObj(spec);
      const input: WorkflowInput = {};
      const fallback = asText(s?.default);
      if (fallback !== undefined) input.default = fallback;
      const options = textList(s?.options);
      if (options.length > 0) input.options = options;
      if (!inputs.has(name.toLowerCase())) inputs.set(name.toLowerCase(), input);
    }
  }
  const crons = events
    .filter(([event]) => event === 'schedule')
    .flatMap(([, config]) => (Array.isArray(config) ? config : []))
    .map((entry) => asText(asObj(entry)?.cron)?.trim().replace(/\s+/g, ' '))
    .filter((c): c is string => c !== undefined && c !== '');
  const lines = text.split(/\r?\n/);
  const jobEntries = Object.entries(jobs).flatMap(([id, job]): [string, Obj][] => {
    const obj = asObj(job);
    if (obj) return [[id, obj]];
    skips.push({
      source,
      file,
      line: doc.lineOf(jobs, id),
      reason: `job ${id}: expected a mapping, got ${typeName(job)}`,
    });
    return [];
  });
  return {
    workflow: {
      file,
      id: file
        .split('/')
        .pop()!
        .replace(/\.ya?ml$/i, ''),
      doc,
      lines,
      triggers,
      triggersAt: { file, line: doc.lineOf(value, value.on !== undefined ? 'on' : 'true') ?? doc.line },
      standalone: triggers.length > 0,
      manualOnly: triggers.length > 0 && triggers.every((t) => t === 'manual'),
      inputs,
      crons,
      env: asObj(value.env),
      concurrency: value.concurrency,
      jobs: jobEntries,
    },
    skips,
  };
}

/** `on:` as a string, a list of events or a mapping of event to filters. */
function readEvents(on: unknown): [string, unknown][] {
  if (typeof on === 'string') return [[on, null]];
  if (Array.isArray(on))
    return on.map((e): [string, unknown] => [asText(e) ?? '', null]).filter(([e]) => e !== '');
  return Object.entries(asObj(on) ?? {});
}

/** One event as neutral tokens, shared with GitLab: `branch:main`, `tag:v*`, `manual`, `schedule`. */
function eventTokens(event: string, config: unknown): string[] {
  const c = asObj(config);
  switch (event) {
    case 'push': {
      const branches = textList(c?.branches).map((b) => `branch:${b}`);
      const tags = textList(c?.tags).map((t) => `tag:${t}`);
      return branches.length + tags.length > 0 ? [...branches, ...tags] : ['push'];
    }
    case 'pull_request':
    case 'pull_request_target':
      return ['merge-request'];
    case 'workflow_dispatch':
      return ['manual'];
    case 'schedule':
      return ['schedule'];
    case 'release':
      return ['release'];
    case 'repository_dispatch':
      return ['api'];
    case 'deployment':
    case 'deployment_status':
      return ['deployment'];
    case 'merge_group':
      return ['merge-queue'];
    case 'workflow_run': {
      const after = textList(c?.workflows);
      return after.length > 0 ? after.map((w) => `after:${w}`) : ['after'];
    }
    case 'workflow_call':
      return [];
    default:
      return [`event:${event}`];
  }
}
