import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../model/fact.js';
import { createFingerprinter, protectValue } from '../sources/secrets.js';
import { fact } from '../test-support/facts.js';
import { observabilityFromConfig } from './observability.js';

const fp = createFingerprinter('k');
const env = (key: string, value: string, line = 1) =>
  fact(`config/env/${key}`, protectValue(key.split('/').pop()!, value, fp), { line });
const brief = (facts: Fact[]) => facts.map((f) => [f.key, f.value, f.origin.line]);

describe('observabilityFromConfig', () => {
  it('sees that Sentry is configured, per workload, without ever keeping the DSN', () => {
    const dsn = 'https://PLANTEDsentryKEY0123@o123.ingest.sentry.io/456';
    const out = observabilityFromConfig([
      env('checkout/SENTRY_DSN', dsn, 4),
      env('web/NEXT_PUBLIC_SENTRY_DSN', dsn, 9),
      env('worker/SENTRY_DSN', '', 2),
      env('BUGSNAG_API_KEY', 'PLANTEDbugsnag', 3),
    ]);
    expect(brief(out)).toEqual([
      ['observability/error-reporting/bugsnag', 'BUGSNAG_API_KEY', 3],
      ['observability/error-reporting/checkout/sentry', 'SENTRY_DSN', 4],
      ['observability/error-reporting/web/sentry', 'NEXT_PUBLIC_SENTRY_DSN', 9],
    ]);
    expect(out.every((f) => f.compare === 'presence')).toBe(true);
    expect(JSON.stringify(out)).not.toContain('PLANTED');
  });

  it('reads SDK sampling rates as numbers, and ignores what is not a rate', () => {
    const out = observabilityFromConfig([
      env('api/SENTRY_TRACES_SAMPLE_RATE', '0.05', 7),
      env('api/SENTRY_SAMPLE_RATE', '1.0', 8),
      env('DD_TRACE_SAMPLE_RATE', '0.1', 2),
      env('web/SENTRY_TRACES_SAMPLE_RATE', 'lots'),
      env('web/SENTRY_SAMPLE_RATE', '2'),
    ]);
    expect(brief(out)).toEqual([
      ['observability/sampling/api/SENTRY_SAMPLE_RATE/rate', 1, 8],
      ['observability/sampling/api/SENTRY_TRACES_SAMPLE_RATE/rate', 0.05, 7],
      ['observability/sampling/DD_TRACE_SAMPLE_RATE/rate', 0.1, 2],
    ]);
  });

  it('gives the OTel SDK’s effective ratio only when the sampler is stated', () => {
    const out = observabilityFromConfig([
      env('a/OTEL_TRACES_SAMPLER', 'parentbased_traceidratio', 1),
      env('a/OTEL_TRACES_SAMPLER_ARG', '0.25', 2),
      env('b/OTEL_TRACES_SAMPLER', 'always_on', 3),
      env('b/OTEL_TRACES_SAMPLER_ARG', '0.25', 4),
      env('c/OTEL_TRACES_SAMPLER', 'traceidratio', 5),
      env('d/OTEL_TRACES_SAMPLER_ARG', '0.5', 6),
      env('e/OTEL_TRACES_SAMPLER', 'jaeger_remote', 7),
    ]);
    expect(brief(out)).toEqual([
      ['observability/sampling/a/OTEL_TRACES_SAMPLER_ARG/rate', 0.25, 2],
      ['observability/sampling/b/OTEL_TRACES_SAMPLER_ARG/rate', 1, 3],
      ['observability/sampling/c/OTEL_TRACES_SAMPLER_ARG/rate', 1, 5],
    ]);
  });

  it('keeps the most verbose log level set anywhere, whatever the library calls it', () => {
    const out = observabilityFromConfig([
      env('api/LOG_LEVEL', 'info', 3),
      env('worker/RUST_LOG', 'warn,orders=debug', 5),
      env('web/LOG_LEVEL', 'WARNING', 2),
      env('db/PGBOUNCER_LOG_LEVEL', '30', 1),
    ]);
    expect(brief(out)).toEqual([['observability/logging/level', 'debug', 5]]);
    expect(brief(observabilityFromConfig([env('LOGGING__LOGLEVEL__DEFAULT', 'Information', 4)]))).toEqual([
      ['observability/logging/level', 'info', 4],
    ]);
  });

  it('reads only environment variables, and never throws on odd values', () => {
    expect(
      observabilityFromConfig([fact('config/code-ref/SENTRY_DSN', 'required', { compare: 'presence' })]),
    ).toEqual([]);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'SENTRY_DSN',
              'LOG_LEVEL',
              'RUST_LOG',
              'OTEL_TRACES_SAMPLER',
              'OTEL_TRACES_SAMPLER_ARG',
              'DD_TRACE_SAMPLE_RATE',
            ),
            fc.string({ maxLength: 30 }),
            fc.constantFrom('', 'api/', 'a/b/'),
          ),
          { maxLength: 12 },
        ),
        (entries) => {
          for (const out of observabilityFromConfig(entries.map(([n, v, w]) => env(`${w}${n}`, v))))
            expect(Fact.safeParse(out).success).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
