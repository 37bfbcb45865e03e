// Prometheus alerting and recording rules: https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
import { z } from 'zod';
import { compileUserRegex } from '../../user-regex.js';
import { collectFileSet } from '../collect.js';
import type { SourceModule } from '../types.js';
import { DEFAULT_ENV_LABELS, LABEL_NAME } from './env-labels.js';

/** A pattern the linear-time engine runs (user regexes never run on the backtracking one). */
function regexProblem(text: string, ctx: z.RefinementCtx): void {
  try {
    compileUserRegex(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `the regular expression ${(error as Error).message}` });
  }
}

export const PrometheusRulesOptions = z
  .object({
    /** Labels whose matchers are dropped from expressions (replaces the default list). */
    envLabels: z.array(z.string().regex(LABEL_NAME, 'expected a label name')).optional(),
    /** Regular expressions deleted from every normalised expression, after the label matchers. */
    normalise: z.array(z.string().superRefine(regexProblem)).default([]),
  })
  .strict();
export type PrometheusRulesOptions = z.infer<typeof PrometheusRulesOptions>;

export const prometheusRulesSource: SourceModule<PrometheusRulesOptions> = {
  kind: 'prometheus-rules',
  description:
    'Prometheus rule files and PrometheusRule objects: alert expressions, thresholds, for:, severity, recording rules.',
  docs: 'https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/',
  dimensions: ['observability'],
  produces: ['observability/alert/', 'observability/recording/'],
  input: 'files',
  options: PrometheusRulesOptions,
  async collect(spec, options, ctx) {
    const { extractPrometheusRules } = await import('./extract.js');
    return collectFileSet(spec, { extensions: ['.yaml', '.yml', '.rules', '.json'] }, (files) =>
      extractPrometheusRules(files, {
        source: spec.id,
        fingerprint: ctx.fingerprint,
        envLabels: new Set(options.envLabels ?? DEFAULT_ENV_LABELS),
        patterns: (options.normalise ?? []).map((p) => compileUserRegex(p, { global: true })),
      }),
    );
  },
};
