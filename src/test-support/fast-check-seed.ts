/**
 * Vitest setup: with PARITY_FC_SEED set, every property test draws from that seed, so a run
 * can be repeated exactly. `.ci/run` derives it from the commit, so CI on one commit is
 * reproducible and different commits still explore different inputs. Unset, seeds are random.
 */
import fc from 'fast-check';

const raw = process.env.PARITY_FC_SEED;
if (raw !== undefined && raw !== '') {
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed))
    throw new Error(`PARITY_FC_SEED: expected a whole number, got ${JSON.stringify(raw)}`);
  fc.configureGlobal({ seed: seed | 0 });
}
