import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_CONFIG_BYTES } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { DecisionKind } from '../../model/divergence.js';
import { audit } from '../../pipeline/audit.js';
import { appendDecisions, draftDecisions } from '../../policy/draft.js';
import { readRegularText } from '../../regular-file.js';
import { redactDeep } from '../../secrets/redact.js';
import { wholeNumberFlag } from '../numeric-flags.js';
import { readPolicy } from './shared.js';

export async function decideCommand(opts: {
  config: string;
  write?: boolean;
  decision: string;
  expiresIn: string;
  env?: string[];
}): Promise<number> {
  const decision = DecisionKind.safeParse(opts.decision);
  if (!decision.success) throw new UsageError(`--decision must be one of ${DecisionKind.options.join(', ')}`);
  const days = wholeNumberFlag('--expires-in', opts.expiresIn, { min: 1, max: 3650 });
  const policy = await readPolicy(opts.config);
  const result = await audit(policy, opts.env ? { candidates: opts.env } : {});
  const drafts = redactDeep(
    draftDecisions(result, { decision: decision.data, now: new Date(), expiresInDays: days }),
  );
  if (drafts.length === 0) {
    process.stderr.write('parity: every divergence has a decision; nothing to draft\n');
    return 0;
  }
  const file = path.resolve(opts.config);
  const text = await readRegularText(file, MAX_CONFIG_BYTES);
  const updated = appendDecisions(text, drafts);
  if (opts.write) {
    // The drafts are redacted; the rest of the file is the team's own text, written back as it was.
    await writeFile(file, updated);
    process.stderr.write(
      `parity: appended ${drafts.length} draft decisions to ${opts.config}; each expires in ${days} days. Replace every DRAFT reason with the team's.\n`,
    );
  } else {
    process.stdout.write(appendDecisions('decisions: []\n', drafts));
    process.stderr.write(
      `parity: ${drafts.length} drafts above; run with --write to append them to ${opts.config}\n`,
    );
  }
  return 0;
}
