import { readdirSync, readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../../model/fact.js';
import { DEFAULT_ENV_LABELS } from '../prometheus-rules/env-labels.js';
import { createFingerprinter } from '../secrets.js';
import { extractAlertmanager } from './extract.js';
import { parseMatcherText } from './matchers.js';

const dir = new URL('./__fixtures__/', import.meta.url);
function fixtureTexts(url: URL): string[] {
  return readdirSync(url).flatMap((name) => {
    const child = new URL(name, url);
    return statSync(child).isDirectory()
      ? fixtureTexts(new URL(`${name}/`, url))
      : [readFileSync(child, 'utf8')];
  });
}
const fixtures = fixtureTexts(dir);
const input = {
  source: 'p',
  fingerprint: createFingerprinter('k'),
  envLabels: new Set(DEFAULT_ENV_LABELS),
  alertLabels: { env: 'production' },
};

function check(text: string): void {
  const result = extractAlertmanager([{ file: 'am.yml', text }], input);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const fact of result.facts) {
    expect(Fact.safeParse(fact).success).toBe(true);
    expect(fact.origin.line ?? 1).toBeLessThanOrEqual(lines);
  }
  for (const skip of result.skips) expect(skip.line ?? 1).toBeLessThanOrEqual(lines);
}

const yamlish = fc.stringMatching(
  /^(?:route:|routes:|receiver: |receivers:|- name: |matchers: |match:|match_re:|continue: true|group_wait: |slack_configs:|pagerduty_configs:|routing_key: |webhook_configs:|url: |severity|=~|!=|=|"|'|\[|\]|\{|\}|,|\n| {2}|- |[a-z0-9]{1,5}|\d+[smh]|\||---)*$/,
);

describe('alertmanager on random and truncated input', () => {
  it('never throws on configuration-like noise', () => {
    fc.assert(
      fc.property(yamlish, (text) => check(text)),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => check(text)),
      { numRuns: 150 },
    );
  });

  it('never throws on fixtures cut anywhere', () => {
    const cuts = fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat());
    fc.assert(
      fc.property(cuts, ([text, a, b]) =>
        check(text.slice(Math.min(a, b) % (text.length + 1), Math.max(a, b))),
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on any matcher text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        parseMatcherText(text);
      }),
      { numRuns: 300 },
    );
  });

  it('stays fast on deep route trees, wide ones and long matcher lines', () => {
    const deep = `route:\n  receiver: a\n${Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i + 1)}routes:\n${'  '.repeat(i + 1)}- receiver: a\n${'  '.repeat(i + 2)}continue: true`).join('\n')}\nreceivers: [{name: a}]\n`;
    const wide = `route:\n  receiver: a\n  routes:\n${'    - {matchers: [severity="critical"], receiver: a, continue: true}\n'.repeat(1_500)}receivers: [{name: a}]\n`;
    const longLine = `route:\n  receiver: a\n  routes:\n    - matchers: ['a=${' '.repeat(100_000)}x']\nreceivers: [{name: a}]\n`;
    const started = performance.now();
    check(deep);
    expect(extractAlertmanager([{ file: 'w.yml', text: wide }], input).facts.length).toBeGreaterThan(1_500);
    check(longLine);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
