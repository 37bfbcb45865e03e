import type { Skip } from '../../model/snapshot.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import type { EnvironmentSelection } from './environments.js';
import { flattenWorkflows } from './jobs.js';
import { pipelineFacts } from './pipeline.js';
import { readWorkflow, type Workflow } from './workflow.js';

export interface WorkflowText {
  /** Path as shown to users; reusable workflows are found by it (`./.github/workflows/deploy.yml`). */
  file: string;
  text: string;
}

export interface ExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  selection: EnvironmentSelection;
}

/**
 * Workflow files in, the selected environment's pipeline out: its checks, triggers, concurrency,
 * schedules and the CI variables its deploy jobs use. Pure: all files are given at once because
 * a workflow may call another.
 */
export function extractGithubActions(files: readonly WorkflowText[], input: ExtractInput): SourceResult {
  const skips: Skip[] = [];
  const workflows: Workflow[] = [];
  for (const file of files) {
    const read = readWorkflow(file.text, file.file, input.source);
    skips.push(...read.skips);
    if (read.workflow) workflows.push(read.workflow);
  }
  if (workflows.length === 0) return { facts: [], skips };
  const flat = flattenWorkflows(workflows, input);
  skips.push(...flat.skips);
  const result = pipelineFacts(flat.jobs, {
    source: input.source,
    selection: input.selection,
    what: 'GitHub Actions',
  });
  return { facts: result.facts, skips: [...skips, ...result.skips] };
}
