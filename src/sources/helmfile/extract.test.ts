import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractHelmfile } from './extract.js';
import { readHelmfileState } from './state.js';
import { evaluate, neutralise, TEMPLATED } from './template.js';

describe('helmfile templates', () => {
  it.each([
    ['.Environment.Name', 'staging'],
    ['eq .Environment.Name "staging"', true],
    ['eq .Environment.Name "production" "staging"', true],
    ['ne .Environment.Name "staging"', false],
    ['or (eq .Environment.Name "staging") (eq .Environment.Name "dev")', true],
    ['and (eq .Environment.Name "staging") false', false],
    ['not (eq .Environment.Name "dev")', true],
    ['.Values.replicas', undefined],
    ['requiredEnv "BASE_DOMAIN"', undefined],
    ['eq .Environment.Name', undefined],
    ['eq .Environment.Name "staging" )', undefined],
  ])('%s in staging is %j', (expression, expected) => {
    expect(evaluate(expression, 'staging')).toBe(expected);
  });

  it('keeps every line where it was and marks what only helmfile can evaluate', () => {
    const text = 'a: {{ .Environment.Name }}\nb: "{{ .Values.x }}-y"\n{{ if true }}\nc: 1\n{{ end }}\n';
    const out = neutralise(text, 'qa');
    expect(out.text.split('\n')).toEqual(['a: qa', `b: "${TEMPLATED}-y"`, '', 'c: 1', '', '']);
    expect(out.control).toBe(3);
  });

  it('reads the notification-manifests shape: installed only where the expression says', () => {
    const text = [
      'environments:',
      '  staging: { values: [./overrides/staging.env] }',
      '  production: { values: [./overrides/production.env] }',
      '---',
      'releases:',
      '  - name: notify-jobs',
      '    installed: {{ or (eq .Environment.Name "staging") (eq .Environment.Name "dev") }}',
      '    chart: charts/notify-jobs',
      '    values:',
      '    - ./overrides/notify/jobs.yaml.gotmpl',
    ].join('\n');
    for (const [env, installed] of [
      ['staging', true],
      ['production', false],
    ] as const) {
      const state = readHelmfileState(text, env);
      expect(state.releases[0]?.installed).toBe(installed);
      expect(state.environment?.values).toEqual([
        { kind: 'file', path: `./overrides/${env}.env`, line: 2 + Number(env === 'production') },
      ]);
    }
  });

  it('never throws and keeps keys under the declared prefixes, whatever the text', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        ...':-[]{}"#\n '.split(''),
        '{{',
        '}}',
        'releases',
        'environments',
        'staging',
        'values',
        'name',
        'installed',
      ),
      maxLength: 200,
    });
    fc.assert(
      fc.property(text, (t) => {
        const state = readHelmfileState(t, 'staging');
        const result = extractHelmfile(state, {
          source: 's',
          fingerprint: createFingerprinter('k'),
          file: 'helmfile.yaml',
          environment: 'staging',
          values: (p) => ({ source: 's', file: p, reason: 'not read', unread: true }),
          chartDefaults: () => undefined,
        });
        for (const f of result.facts)
          expect(f.key).toMatch(/^(infra\/helmfile\/|config\/helm\/|infra\/|config\/env\/)/);
        for (const s of result.skips) expect(s.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
