import { snapshot } from '../../pipeline/audit.js';
import { redactDeep } from '../../secrets/redact.js';
import { plural } from '../../units/plural.js';
import { checkOutputFile, writeOutputFile } from '../output.js';
import { internalErrorPrinter, readPolicy } from './shared.js';

export const FINGERPRINT_KEY_ENV = 'PARITY_FINGERPRINT_KEY';

export async function snapshotCommand(
  env: string,
  opts: { config: string; output?: string; debug?: boolean },
): Promise<number> {
  if (opts.output) await checkOutputFile(opts.output);
  const policy = await readPolicy(opts.config);
  const key = process.env[FINGERPRINT_KEY_ENV];
  if (!key) {
    process.stderr.write(
      `parity: ${FINGERPRINT_KEY_ENV} is not set: secrets are fingerprinted with a random key, so a shared secret cannot be detected when this snapshot is compared with one taken elsewhere. Set the same ${FINGERPRINT_KEY_ENV} in both places to enable it.\n`,
    );
  }
  const result = await snapshot(policy, env, {
    ...(key ? { fingerprintKey: key } : {}),
    onInternalError: internalErrorPrinter(opts.debug),
  });
  // Said here, where it can still be fixed; `parity compare` exits 2 on it unless --allow-partial.
  for (const c of result.coverage) {
    if (c.kind === 'derived' || c.read === undefined || c.read === 'complete') continue;
    const where = c.line ? ` (${opts.config}:${c.line})` : '';
    const what = c.read === 'none' ? 'read nothing' : 'was read only in part';
    process.stderr.write(
      `parity: ${env}: the ${c.kind} source ${c.source}${where} ${what}${c.optional ? ' (optional)' : ''}: ${c.reason ?? 'no reason given'}\n`,
    );
  }
  const json = `${JSON.stringify(redactDeep(result), null, 2)}\n`;
  if (opts.output) {
    await writeOutputFile(opts.output, json);
    process.stderr.write(
      `parity: ${plural(result.facts.length, 'fact')}, ${plural(result.skips.length, 'skip')} from ${env} written to ${opts.output}\n`,
    );
  } else {
    process.stdout.write(json);
  }
  return 0;
}
