// Alertmanager configuration: https://prometheus.io/docs/alerting/latest/configuration/
import { z } from 'zod';
import { collectFileSet } from '../collect.js';
import { DEFAULT_ENV_LABELS, LABEL_NAME } from '../prometheus-rules/env-labels.js';
import type { SourceModule } from '../types.js';

export const AlertmanagerOptions = z
  .object({
    /** Labels whose matchers do not name routes (replaces the default env/namespace/cluster list). */
    envLabels: z.array(z.string().regex(LABEL_NAME, 'expected a label name')).optional(),
    /**
     * Labels every alert of this environment carries (Prometheus external labels such as
     * `env: production`), so that one Alertmanager shared by several environments is routed as
     * this environment's alerts would be.
     */
    alertLabels: z.record(z.string().regex(LABEL_NAME, 'expected a label name'), z.string()).default({}),
  })
  .strict();
export type AlertmanagerOptions = z.infer<typeof AlertmanagerOptions>;

export const alertmanagerSource: SourceModule<AlertmanagerOptions> = {
  kind: 'alertmanager',
  description:
    'Alertmanager configuration: route tree, receivers, which receiver kinds each severity reaches, whether anything pages.',
  docs: 'https://prometheus.io/docs/alerting/latest/configuration/',
  dimensions: ['observability'],
  produces: [
    'observability/route/',
    'observability/paging/',
    'observability/receiver/',
    'observability/alertmanager/',
  ],
  input: 'files',
  options: AlertmanagerOptions,
  async collect(spec, options, ctx) {
    const { extractAlertmanager } = await import('./extract.js');
    return collectFileSet(spec, { extensions: ['.yaml', '.yml'] }, (files) =>
      extractAlertmanager(files, {
        source: spec.id,
        fingerprint: ctx.fingerprint,
        envLabels: new Set(options.envLabels ?? DEFAULT_ENV_LABELS),
        alertLabels: options.alertLabels ?? {},
      }),
    );
  },
};
