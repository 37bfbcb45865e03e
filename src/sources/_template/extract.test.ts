import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractTemplate } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('template extract', () => {
  it('reads pairs and skips the rest with a line', () => {
    const result = extractTemplate(fixture('pair-and-garbage.env'), {
      source: 't',
      file: 'x.env',
      fingerprint: createFingerprinter('k'),
    });
    expect(result.facts.map((f) => [f.key, f.value])).toEqual([['config/env/TIMEOUT_MS', '5000']]);
    expect(result.skips).toEqual([{ source: 't', file: 'x.env', line: 2, reason: 'expected NAME=value' }]);
  });
});
