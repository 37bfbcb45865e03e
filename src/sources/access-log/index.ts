// An access log, streamed (plain, gzip, rotated sets) into a traffic profile, then into facts.
import { z } from 'zod';
import { JsonFields } from '../../traffic/logs/json-fields.js';
import { MAX_LOG_FORMAT_CHARS, missingVariables } from '../../traffic/logs/nginx-format.js';
import { displayPath, expandPaths } from '../files.js';
import type { SourceModule } from '../types.js';

/** A named format or an nginx log_format string; checked at config time so a typo is a config error. */
const Format = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const named = ['auto', 'nginx-combined', 'apache-common', 'apache-combined', 'json', 'alb', 'envoy'];
    if (named.includes(value)) return;
    if (value.length > MAX_LOG_FORMAT_CHARS) {
      ctx.addIssue({
        code: 'custom',
        message: `log_format is ${value.length} characters long; expected at most ${MAX_LOG_FORMAT_CHARS}`,
      });
      return;
    }
    if (!value.includes('$')) {
      ctx.addIssue({
        code: 'custom',
        message: `expected one of ${named.join(', ')} or an nginx log_format string`,
      });
      return;
    }
    // What the parser needs, from the one list of variables (nginx-format.ts, variables.ts).
    const vars = [...value.matchAll(/\$\{?([a-zA-Z0-9_]+)/g)].map((m) => m[1]!);
    for (const missing of missingVariables(vars).reverse())
      ctx.addIssue({ code: 'custom', message: `log_format: ${missing}` });
    if (/\$\{?[a-zA-Z0-9_]+\}?\$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'log_format: two variables need a separator between them' });
    }
  });

export const AccessLogOptions = z
  .object({
    format: Format.optional(),
    /** Field names for JSON lines (dotted paths for nested values). */
    fields: JsonFields.optional(),
    /** Unparsed lines sampled into the skips per file; the rest are counted. */
    samples: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type AccessLogOptions = z.infer<typeof AccessLogOptions>;

export const accessLogSource: SourceModule<AccessLogOptions> = {
  kind: 'access-log',
  description:
    'HTTP access logs (nginx, Apache, JSON lines, ALB, Envoy; gzip and rotated sets) as a traffic profile.',
  docs: 'https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format',
  dimensions: ['traffic'],
  produces: ['traffic/'],
  input: 'files',
  options: AccessLogOptions,
  async collect(spec, options) {
    // Parsing lives in src/traffic; imported here, when a source of this kind is actually used.
    const { profileInParallel } = await import('../../traffic/profile/parallel.js');
    const { extractProfileFacts } = await import('./extract.js');
    const expanded = await expandPaths(spec.id, spec.paths, spec.baseDir);
    const files = expanded.files.map((absolute) => ({
      absolute,
      display: displayPath(absolute, spec.baseDir),
    }));
    if (files.length === 0) return { facts: [], skips: expanded.skips };
    // Large plain files are cut at line boundaries and read on worker threads.
    const { profile, skips } = await profileInParallel(files, {
      source: spec.id,
      format: options.format ?? 'auto',
      fields: options.fields,
      samplesPerFile: options.samples ?? 5,
    });
    const all = [...expanded.skips, ...skips];
    if (profile.requests === 0) {
      all.push({
        source: spec.id,
        reason:
          'no request could be read from the access logs; expected at least one line in the configured format',
      });
      return { facts: [], skips: all };
    }
    const unknown = profile.durationUnitUnknown;
    if (unknown)
      all.push({
        source: spec.id,
        reason: `latency not read for ${unknown.requests} requests: the unit of ${unknown.fields.map((f) => `"${f}"`).join(', ')} is unknown (bare numbers ${unknown.min} to ${unknown.max}; no unit in the values, the field name or a known format); set fields.durationUnit to s, ms, us or ns`,
      });
    return { facts: extractProfileFacts(profile, { source: spec.id }), skips: all };
  },
};
