import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('PARITY_FC_SEED', () => {
  it('seeds every property test when set, and leaves seeds random when not', () => {
    const raw = process.env.PARITY_FC_SEED;
    const expected = raw ? Number(raw) | 0 : undefined;
    expect(fc.readConfigureGlobal().seed).toBe(expected);
  });
});
