import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDetector, previewPurpose } from './detection.js';
import { detectors } from './detectors.js';
import { sources } from './index.js';

describe('detectors in the registry', () => {
  it('lists no kind the registry does not have', () => {
    for (const kind of Object.keys(detectors)) expect(Object.keys(sources)).toContain(kind);
  });

  for (const [kind, source] of Object.entries(sources)) {
    if (source.input !== 'files') continue;
    it(`${kind}: a source that reads files says how init finds it, or why it cannot`, () => {
      const d = detectors[kind];
      expect(d, `${kind} has no entry in \`detectors\` (src/sources/index.ts)`).toBeDefined();
      if (!isDetector(d!)) {
        expect(d!.notDetectable.length).toBeGreaterThan(20);
        return;
      }
      expect(d.fileMatch).toBeInstanceOf(RegExp);
      // The detector lives beside its source: src/sources/<kind>/detect.ts.
      const file = new URL(`./${kind}/detect.ts`, import.meta.url);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/export const \w+Detector: SourceDetector/);
    });
  }
});

describe('previewPurpose', () => {
  it.each([
    ['# Used in pull request (aka pizza) environments\nAPP_ENVIRONMENT=staging', true],
    ['# Preview environments only\nA=1', true],
    ['# review apps\nA=1', true],
    ['# ephemeral per-branch stacks\nA=1', true],
    ['# Staging settings\nA=1', false],
    ['A=1\n# used for pull requests', false],
    ['# API settings: review the values below before deploying\nA=1', false],
  ])('%j -> %s', (text, preview) => {
    expect(previewPurpose(text) !== undefined).toBe(preview);
  });
});
