import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyText,
  cutAnywhere,
  expectInside,
  fixtureTexts,
  lineCount,
  neverThrows,
} from '../../test-support/property.js';
import { DEFAULT_ENV_LABELS } from '../prometheus-rules/env-labels.js';
import { createFingerprinter } from '../secrets.js';
import { extractAlertmanager } from './extract.js';
import { parseMatcherText } from './matchers.js';

const fixtures = fixtureTexts(new URL('./__fixtures__/', import.meta.url));
const input = {
  source: 'p',
  fingerprint: createFingerprinter('k'),
  envLabels: new Set(DEFAULT_ENV_LABELS),
  alertLabels: { env: 'production' },
};

function check(text: string): void {
  const result = extractAlertmanager([{ file: 'am.yml', text }], input);
  expectInside(result, lineCount(text));
}

const yamlish = fc.stringMatching(
  /^(?:route:|routes:|receiver: |receivers:|- name: |matchers: |match:|match_re:|continue: true|group_wait: |slack_configs:|pagerduty_configs:|routing_key: |webhook_configs:|url: |severity|=~|!=|=|"|'|\[|\]|\{|\}|,|\n| {2}|- |[a-z0-9]{1,5}|\d+[smh]|\||---)*$/,
);

describe('alertmanager on random and truncated input', () => {
  neverThrows('never throws on configuration-like noise', yamlish, check, 300);
  neverThrows('never throws on arbitrary text', anyText(), check, 150);
  neverThrows('never throws on fixtures cut anywhere', cutAnywhere(fixtures), check, 300);

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
