import type { Detection, DetectResult, Ignored, SourceDetector } from '../detection.js';
import { asList, asObj, asText } from '../shape.js';
import { classifyText } from './checks.js';
import { environmentInput } from './environments.js';
import { readWorkflow, type Workflow } from './workflow.js';

const EXPRESSION = /^\$\{\{\s*(?:github\.event\.)?(inputs|matrix)\.([\w-]+)\s*\}\}$/;
/** Environments that are not where the application runs: package registries, GitHub Pages. */
const NOT_DEPLOYS = /^(github-pages|pages|pypi|testpypi|npm|release|releases|docs|copilot)$/i;

/** The names an environment text stands for: itself, or the choices of the input or matrix it reads. */
function names(text: string, wf: Workflow, job: Record<string, unknown>): string[] | undefined {
  if (!text.includes('${{')) return [text.trim()];
  const m = EXPRESSION.exec(text.trim());
  if (!m) return undefined;
  if (m[1] === 'inputs') {
    const input = wf.inputs.get(m[2]!.toLowerCase());
    const list = input?.options ?? (input?.default ? [input.default] : []);
    return list.length > 0 ? list : undefined;
  }
  const values = asList(asObj(asObj(job.strategy)?.matrix)?.[m[2]!]).map(asText);
  return values.length > 0 && values.every((v) => v !== undefined) ? (values as string[]) : undefined;
}

function deploys([jobId, job]: [string, Record<string, unknown>]): boolean {
  const checks = classifyText([jobId, asText(job.name) ?? '', asText(job.uses) ?? ''].join('\n'));
  return checks.includes('deploy') || checks.includes('rollout');
}

/**
 * Workflows name the environments they deploy: a job's `environment:` (or `environment.name`),
 * or the environment input a job passes to a reusable workflow (`with: environment: prod`),
 * local or from another repository. Declared evidence: any name is taken.
 */
export const githubActionsDetector: SourceDetector = {
  fileMatch: /^\.github\/workflows\/[^/]+\.ya?ml$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    const ignored: Ignored[] = [];
    for (const file of files) {
      const wf = readWorkflow(view.read(file) ?? '', file, 'init').workflow;
      if (!wf) continue;
      const seen = new Set<string>();
      // Deploy jobs first: the reason shown is `deploy_prod`, not the `helm_lint` that also names prod.
      const deploysFirst = [...wf.jobs].sort((a, b) => Number(deploys(b)) - Number(deploys(a)));
      for (const [jobId, job] of deploysFirst) {
        const env = job.environment;
        const own = asText(env) ?? asText(asObj(env)?.name);
        const text = own ?? (asText(job.uses) ? environmentInput(asObj(job.with)) : undefined);
        if (text === undefined) continue;
        const list = names(text, wf, job);
        if (!list) {
          ignored.push({
            file,
            reason: `job ${jobId}: environment \`${text}\` is an expression init cannot resolve`,
          });
          continue;
        }
        for (const name of list) {
          if (NOT_DEPLOYS.test(name) || seen.has(name.toLowerCase())) continue;
          if (!/^[\w.-]+$/.test(name)) {
            ignored.push({
              file,
              reason: `job ${jobId}: environment "${name}" is not one name (spaces); set it by hand`,
            });
            continue;
          }
          seen.add(name.toLowerCase());
          const how =
            own === undefined ? `calls ${asText(job.uses)} with environment ${name}` : `deploys to ${name}`;
          found.push({
            environment: { name, evidence: 'declared' },
            paths: ['.github/workflows/'],
            options: { environment: name },
            why: `${file}: job ${jobId} ${how}`,
          });
        }
      }
    }
    return { found, ignored };
  },
};
