import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../../errors.js';
import { discover } from '../../init/discover.js';
import { environmentKey } from '../../init/environments.js';
import { renderPolicy } from '../../init/render.js';
import { repositoryView } from '../../init/repository.js';
import { closingLines, foundLines, setAsideLines } from '../../init/summary.js';
import type { Audit } from '../../model/audit.js';
import { packageFile } from '../../package-root.js';
import { audit } from '../../pipeline/audit.js';
import { renderAudit } from '../../report/index.js';
import { sources } from '../../sources/index.js';
import { writeOutputFile } from '../output.js';
import { useColor } from '../run.js';
import { readPolicy } from './shared.js';

export interface InitOptions {
  dir: string;
  baseline?: string;
  force?: boolean;
  audit?: boolean;
  color?: boolean;
}

/**
 * `parity init`: run every source's detector, write a commented parity.yaml, say on screen what was
 * found and why, what was set aside or unreadable, each TODO, then the first audit. The exit code
 * is init's own: 0 once parity.yaml is written, whatever the first audit finds (its state is said
 * in words); 2 when nothing could be written.
 */
export async function initCommand(opts: InitOptions): Promise<number> {
  const root = path.resolve(opts.dir);
  const target = path.join(root, 'parity.yaml');
  if (existsSync(target) && !opts.force) {
    throw new UsageError(
      `${path.relative(process.cwd(), target) || 'parity.yaml'} exists; pass --force to overwrite it`,
    );
  }
  const view = await repositoryView(root);
  const found = discover(view, (kind) => Object.hasOwn(sources, kind));
  const say = (lines: string[]) => {
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  };
  if (found.environments.length < 2) {
    say([...foundLines(found), ...setAsideLines(found, view.unreadable)]);
    const seen = found.environments.length ? `only ${found.environments.join(', ')}` : 'none';
    throw new UsageError(
      `found ${seen} of the environments to compare in ${root}: parity init looks for overlays/<env>/, env/<env>/, values-<env>.yaml, .env.<env>, docker-compose.<env>.yml, config/<env>.yaml, <env>/terraform.tfstate, and workflow \`environment:\` or \`with: environment:\` names. Write parity.yaml by hand (see README).`,
    );
  }
  const baseline = await chooseBaseline(found.environments, opts.baseline);
  // `production: true` only where the name says production: a staging taken as the baseline
  // because nothing else was found is not called production, and the user is told.
  const isProduction = environmentKey(baseline) === 'production';
  const text = renderPolicy(
    found,
    baseline,
    new Date().toISOString().slice(0, 10),
    schemaReference(target),
    isProduction,
  );
  await writeOutputFile(target, text);
  const shown = path.relative(process.cwd(), target) || 'parity.yaml';
  say([
    `parity: wrote ${shown}: ${found.environments.join(', ')} (baseline ${baseline})${view.truncated ? '; the repository is large, only the first 50,000 files were looked at' : ''}`,
    ...(isProduction
      ? []
      : [
          `parity: no environment is named as production (production, prod, prd, live): ${baseline} is the baseline and is not marked \`production: true\`; if production is defined in this repository under another name, add it to ${shown} by hand and make it the baseline`,
        ]),
    ...foundLines(found),
    ...setAsideLines(found, view.unreadable),
  ]);
  let first: Audit | undefined;
  if (opts.audit !== false) {
    process.stderr.write('parity: the first audit follows\n\n');
    first = await audit(await readPolicy(shown));
    const report = renderAudit(first, 'text', {
      color: useColor(process.stdout, opts.color),
      width: Math.min(process.stdout.columns ?? 100, 120),
    });
    process.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
  }
  say(['', ...closingLines(found, shown, first)]);
  return 0;
}

/** The environments closest to production first: a baseline is guessed from the top. */
const PRODUCTION_LIKE = ['production', 'preprod', 'staging', 'uat', 'performance', 'qa', 'integration'];

/** Production when one is found; else the most production-like (preprod before staging before qa). */
export function likeliestBaseline(environments: readonly string[]): string {
  const rank = (e: string) => {
    const i = PRODUCTION_LIKE.indexOf(environmentKey(e));
    return i === -1 ? PRODUCTION_LIKE.length : i;
  };
  return [...environments].sort((a, b) => rank(a) - rank(b))[0]!;
}

async function chooseBaseline(environments: string[], asked: string | undefined): Promise<string> {
  if (asked) {
    // `--baseline production` finds the repository's `prod`: one environment, two spellings.
    const match =
      environments.find((e) => e === asked) ??
      environments.find((e) => environmentKey(e) === environmentKey(asked));
    if (!match) throw new UsageError(`--baseline ${asked}: found ${environments.join(', ')}`);
    return match;
  }
  const guess = likeliestBaseline(environments);
  if (!process.stdin.isTTY || !process.stderr.isTTY) return guess;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (
      await rl.question(
        `Which environment is the baseline, the one the others are judged against? (${environments.join(', ')}) [${guess}] `,
      )
    ).trim();
    if (answer === '') return guess;
    if (!environments.includes(answer))
      throw new UsageError(`"${answer}" is not one of ${environments.join(', ')}`);
    return answer;
  } finally {
    rl.close();
  }
}

/**
 * Where parity.yaml's editor schema is, as the `$schema=` line gives it: relative to the file when
 * Parity is installed in the project (`./node_modules/staging-parity/schema/parity.schema.json`), else
 * the absolute path of this installation's copy.
 */
function schemaReference(target: string): string {
  const schema = packageFile('schema', 'parity.schema.json');
  const relative = path.relative(path.dirname(target), schema).split(path.sep).join('/');
  return relative.startsWith('../') || path.isAbsolute(relative) ? schema : `./${relative}`;
}
