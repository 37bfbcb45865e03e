import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_CONFIG_BYTES } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { SEVERITIES, type Severity } from '../../model/dimension.js';
import { DecisionKind } from '../../model/divergence.js';
import { audit } from '../../pipeline/audit.js';
import { appendDecisions, HELD_SEVERITIES, planDrafts } from '../../policy/draft.js';
import { readRegularText } from '../../regular-file.js';
import { redactDeep } from '../../secrets/redact.js';
import { plural } from '../../units/plural.js';
import { wholeNumberFlag } from '../numeric-flags.js';
import { readPolicy } from './shared.js';

export interface DecideCommandOptions {
  config: string;
  write?: boolean;
  decision: string;
  expiresIn: string;
  include?: string;
  env?: string[];
  /** `--no-interactive`: draft as on a pipe even on a terminal. */
  interactive?: boolean;
}

/** `--include critical,high`: severities that may be drafted as `accept` after all. */
export function includeFlag(value: string | undefined): Severity[] {
  if (value === undefined) return [];
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!(SEVERITIES as readonly string[]).includes(name))
      throw new UsageError(`--include takes severities (${HELD_SEVERITIES.join(',')}), not "${name}"`);
  }
  return names as Severity[];
}

export async function decideCommand(opts: DecideCommandOptions): Promise<number> {
  const decision = DecisionKind.safeParse(opts.decision);
  if (!decision.success) throw new UsageError(`--decision must be one of ${DecisionKind.options.join(', ')}`);
  const days = wholeNumberFlag('--expires-in', opts.expiresIn, { min: 1, max: 3650 });
  const include = includeFlag(opts.include);
  const policy = await readPolicy(opts.config);
  const result = await audit(policy, opts.env ? { candidates: opts.env } : {});
  if (!opts.write && opts.interactive !== false && process.stdin.isTTY && process.stdout.isTTY) {
    const { decideInteractively } = await import('./decide-interactive.js');
    return decideInteractively(result, { file: opts.config, expiresInDays: days });
  }
  const plan = planDrafts(result, { decision: decision.data, now: new Date(), expiresInDays: days, include });
  const drafts = redactDeep(plan.drafts);
  if (plan.alreadyDrafted > 0) {
    process.stderr.write(
      `parity: ${plan.alreadyDrafted} drafted, awaiting a reason in ${opts.config} (not drafted again)\n`,
    );
  }
  if (plan.held.length > 0) {
    const severities = [...new Set(plan.held.map((d) => d.severity))].join(',');
    process.stderr.write(
      `parity: ${plan.held.length} ${severities} divergences not drafted as accept: decide them one by one (\`parity decide\` on a terminal) or pass --include ${severities}\n`,
    );
  }
  if (drafts.length === 0) {
    process.stderr.write('parity: nothing to draft\n');
    return 0;
  }
  const renewals = drafts.filter((d) => d.renews !== undefined).length;
  const file = path.resolve(opts.config);
  if (opts.write) {
    const text = await readRegularText(file, MAX_CONFIG_BYTES);
    // The drafts are redacted; the rest of the file is the team's own text, written back byte for byte.
    await writeFile(file, appendDecisions(text, drafts, opts.config));
    process.stderr.write(
      `parity: wrote ${plural(drafts.length - renewals, 'new draft')}${renewals ? ` and renewed ${plural(renewals, 'expired decision')} in place` : ''} in ${opts.config}; each expires in ${plural(Number(days), 'day')}. A draft holds the gate until someone writes its reason and removes \`draft: true\`.\n`,
    );
  } else {
    const fresh = drafts.filter((d) => d.renews === undefined);
    const renewed = drafts.filter((d) => d.renews !== undefined);
    const lines = renewed.map(
      (d) => `# renews ${opts.config}:${d.renews} in place: expires: ${d.expires}, draft: true\n`,
    );
    process.stdout.write(lines.join('') + (fresh.length ? appendDecisions('decisions:\n', fresh) : ''));
    process.stderr.write(
      `parity: ${plural(drafts.length, 'draft')} above; run with --write to write them into ${opts.config}\n`,
    );
  }
  return 0;
}
