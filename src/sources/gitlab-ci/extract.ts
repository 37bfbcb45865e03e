import type { Skip } from '../../model/snapshot.js';
import type { EnvironmentSelection } from '../github-actions/environments.js';
import { pipelineFacts } from '../github-actions/pipeline.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { type ReadJob, readJobs, stagesOf } from './jobs.js';
import { type IncludeTree, mergeTree, resolveReferences } from './merge.js';
import type { TemplateInclude } from './parse.js';
import { compatible } from './triggers.js';

export interface ExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  selection: EnvironmentSelection;
  /** `include: template:` met while reading includes (GitLab's own templates, not in the repository). */
  templates?: readonly TemplateInclude[];
}

/** GitLab's security templates add scanning jobs to the `test` stage; naming them is enough. */
const SCAN_TEMPLATE =
  /(SAST|DAST|Dependency-Scanning|Container-Scanning|Secret-Detection|License-Scanning|Security\/)/i;

/**
 * A `.gitlab-ci.yml` with its local includes in, the selected environment's pipeline out, with
 * the same keys as the GitHub Actions source. Pure: collect() reads the includes.
 */
export function extractGitlabCi(tree: IncludeTree, input: ExtractInput): SourceResult {
  const skips: Skip[] = [];
  const merged = mergeTree(tree);
  const config = resolveReferences(merged.config, tree.parsed.file, input.source, skips);
  const jobs = readJobs(config, merged.registry, tree.parsed, input, skips);
  jobs.push(...templateJobs(config, tree, input, skips));
  const byName = new Map<string, ReadJob[]>();
  for (const job of jobs) byName.set(job.name, [...(byName.get(job.name) ?? []), job]);
  for (const job of jobs) {
    if (job.needs !== undefined) {
      job.ci.needs = job.needs.flatMap((n) => byName.get(n)?.map((j) => j.ci.id) ?? []);
      continue;
    }
    // Without `needs:`, a job waits for every earlier stage's jobs that run in its pipeline.
    job.ci.needs = jobs
      .filter((o) => o.stage < job.stage && !o.optional && compatible(o.ci.triggers, job.ci.triggers))
      .map((o) => o.ci.id);
  }
  const result = pipelineFacts(
    jobs.map((j) => j.ci),
    { source: input.source, selection: input.selection, what: 'GitLab CI' },
  );
  return { facts: result.facts, skips: [...skips, ...result.skips] };
}

function templateJobs(
  config: Record<string, unknown>,
  tree: IncludeTree,
  input: ExtractInput,
  skips: Skip[],
): ReadJob[] {
  const stages = stagesOf(config);
  const stage = Math.max(stages.indexOf('test'), 1);
  const out: ReadJob[] = [];
  for (const { name, file, line } of input.templates ?? []) {
    if (!SCAN_TEMPLATE.test(name)) {
      skips.push({
        source: input.source,
        file,
        line,
        reason: `include template ${name} is GitLab's, not in the repository; its jobs are not read`,
      });
      continue;
    }
    const at = { file, line: line ?? tree.parsed.doc.line };
    out.push({
      name: `template:${name}`,
      stage,
      needs: undefined,
      optional: false,
      ci: {
        id: `template:${name}`,
        label: `template ${name}`,
        text: '',
        environments: [],
        needs: [],
        steps: [{ label: `template ${name}`, text: '', checks: ['security-scan'], ...at }],
        triggers: ['push'],
        triggersAt: at,
        concurrency: 'none',
        concurrencyAt: at,
        variables: [],
        ...at,
      },
    });
  }
  return out;
}
