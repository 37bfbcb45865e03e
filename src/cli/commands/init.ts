import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../../errors.js';
import { discover } from '../../init/discover.js';
import { renderPolicy } from '../../init/render.js';
import { repositoryView } from '../../init/repository.js';
import { audit } from '../../pipeline/audit.js';
import { sources } from '../../sources/index.js';
import { writeOutputFile } from '../output.js';
import { readPolicy, reportAudit } from './shared.js';

export interface InitOptions {
  dir: string;
  baseline?: string;
  force?: boolean;
  audit?: boolean;
  color?: boolean;
}

/** `parity init`: discover environments by name, write a commented parity.yaml, print the first audit. */
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
  if (found.environments.length < 2) {
    const seen = found.environments.length ? `only ${found.environments.join(', ')}` : 'none';
    throw new UsageError(
      `found ${seen} of the environments to compare in ${root}: parity init looks for names like overlays/staging, values-production.yaml, .env.staging, docker-compose.prod.yml, deploy/production/, or workflow \`environment:\` names. Write parity.yaml by hand (see README).`,
    );
  }
  const baseline = await chooseBaseline(found.environments, opts.baseline);
  const text = renderPolicy(found, baseline, new Date().toISOString().slice(0, 10));
  await writeOutputFile(target, text);
  const shown = path.relative(process.cwd(), target) || 'parity.yaml';
  process.stderr.write(
    `parity: wrote ${shown}: ${found.environments.join(', ')} (baseline ${baseline})${view.truncated ? '; the repository is large, only the first 50,000 files were looked at' : ''}\n`,
  );
  if (opts.audit === false) return 0;
  process.stderr.write('parity: the first audit follows\n\n');
  const policy = await readPolicy(shown);
  return reportAudit(await audit(policy), {
    format: 'text',
    ...(opts.color === undefined ? {} : { color: opts.color }),
  });
}

async function chooseBaseline(environments: string[], asked: string | undefined): Promise<string> {
  if (asked) {
    if (!environments.includes(asked))
      throw new UsageError(`--baseline ${asked}: found ${environments.join(', ')}`);
    return asked;
  }
  const guess = environments.includes('production') ? 'production' : environments[0]!;
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
