import type { Fact, FactValue } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import { parseDurationMs } from '../../units/duration.js';
import { isSecretName, redactUrlCredentials, secretValue } from '../secrets.js';
import { asObj, type Obj } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import type { CollectorConfig } from './documents.js';
import { ENV_REFERENCE, numberSetting, samplerPercentage, tailSampling } from './sampling.js';

export interface ExtractInput {
  source: string;
  fingerprint: Fingerprinter;
}

type Add = (path: string[], value: FactValue, node: unknown, field?: string, extra?: Partial<Fact>) => void;
type SkipAt = (node: unknown, reason: string, field?: string) => void;

const MIB = 1024 * 1024;
const SECRET_HEADER = /auth|key|token|secret|password|signature|license|honeycomb-team/i;
const SECRET_FIELD = /^(key|api_key|token|password|client_secret|access_token)$/;

/** `otlp/honeycomb` -> `otlp`: environments name components differently, their types compare. */
function typeOf(id: string): string {
  return id.split('/')[0] ?? id;
}

function segment(id: string): string {
  return id.replace(/\//g, ':');
}

/** Facts of one collector configuration: pipelines, sampling, batch and memory settings, exporter credentials. */
export function configFacts(config: CollectorConfig, input: ExtractInput, skips: Skip[]): Fact[] {
  const facts: Fact[] = [];
  const skip: SkipAt = (node, reason, field) =>
    skips.push({ source: input.source, file: config.file, line: config.lineOf(node, field), reason });
  const add: Add = (path, value, node, field, extra = {}) =>
    facts.push(
      makeFact({
        dimension: 'observability',
        path,
        value,
        compare: extra.compare ?? 'exact',
        ...(extra.scale ? { scale: extra.scale } : {}),
        ...(extra.unit ? { unit: extra.unit } : {}),
        origin: { source: input.source, file: config.file, line: config.lineOf(node, field) },
      }),
    );
  const service = asObj(config.value.service)!;
  const pipelines = asObj(service.pipelines);
  if (!pipelines) {
    skip(service, 'expected `service.pipelines` as a mapping of pipelines', 'pipelines');
    return facts;
  }
  const processors = asObj(config.value.processors) ?? {};
  const used = new Set<string>();
  for (const [id, raw] of Object.entries(pipelines)) {
    const pipeline = asObj(raw);
    if (!pipeline) {
      skip(pipelines, `pipeline ${id}: expected a mapping with receivers, processors and exporters`, id);
      continue;
    }
    const ids = (field: string) =>
      Array.isArray(pipeline[field])
        ? (pipeline[field] as unknown[]).filter((x) => typeof x === 'string')
        : [];
    const base = ['pipeline', segment(id)];
    add([...base, 'receivers'], [...new Set(ids('receivers').map(typeOf))].sort(), pipeline, 'receivers', {
      compare: 'set',
    });
    add([...base, 'processors'], ids('processors').map(typeOf), pipeline, 'processors');
    add([...base, 'exporters'], [...new Set(ids('exporters').map(typeOf))].sort(), pipeline, 'exporters', {
      compare: 'set',
    });
    for (const p of ids('processors')) used.add(p);
    const signal = typeOf(id);
    if (signal === 'traces' || signal === 'logs')
      sampling(id, pipeline, ids('processors'), processors, add, skip);
  }
  for (const id of [...used].sort()) processorSettings(id, asObj(processors[id]), processors, add, skip);
  const exporters = asObj(config.value.exporters) ?? {};
  for (const [id, value] of Object.entries(exporters)) {
    credentials(asObj(value), ['exporter', segment(id)], [], input, config, facts, 0);
  }
  return facts;
}

function sampling(id: string, pipeline: Obj, ids: string[], processors: Obj, add: Add, skip: SkipAt): void {
  let percentage = 100;
  let known = true;
  let at: { node: unknown; field: string } = { node: pipeline, field: 'processors' };
  for (const p of ids) {
    if (!(p in processors)) {
      skip(
        pipeline,
        `pipeline ${id} uses processor ${p}, which \`processors:\` does not define`,
        'processors',
      );
      known = false;
      continue;
    }
    const type = typeOf(p);
    const config = asObj(processors[p]);
    if (type === 'probabilistic_sampler') {
      const share = samplerPercentage(config);
      if (typeof share === 'string') {
        skip(processors, `processor ${p}: ${share}`, p);
        known = false;
      } else percentage *= share / 100;
      at = { node: processors, field: p };
    } else if (type === 'tail_sampling') {
      const tail = tailSampling(config);
      add(['sampling', segment(id), 'tail-policies'], tail.policies, processors, p, { compare: 'set' });
      if (tail.percentage === undefined) known = false;
      else percentage *= tail.percentage / 100;
      at = { node: processors, field: p };
    }
  }
  if (known)
    add(['sampling', segment(id), 'percentage'], Number(percentage.toPrecision(6)), at.node, at.field, {
      unit: '%',
    });
}

function processorSettings(
  id: string,
  config: Obj | undefined,
  processors: Obj,
  add: Add,
  skip: SkipAt,
): void {
  const type = typeOf(id);
  const base = ['processor', segment(id)];
  const duration = (field: string, attribute: string, fallback?: number) => {
    const raw = config?.[field];
    const ms = raw === undefined || raw === null ? fallback : parseDurationMs(raw);
    if (ms !== undefined)
      add([...base, attribute], ms, config ?? processors, config && field in config ? field : undefined, {
        unit: 'ms',
      });
    else if (raw !== undefined && raw !== null)
      skip(config, `processor ${id}: \`${field}\` ${envOr(raw, 'a duration such as 5s')}`, field);
  };
  const number = (
    field: string,
    attribute: string,
    fallback?: number,
    scale = 1,
    extra: Partial<Fact> = {},
  ) => {
    const raw = config?.[field];
    const value = raw === undefined || raw === null ? fallback : numberSetting(raw, field);
    if (typeof value === 'number')
      add(
        [...base, attribute],
        value * scale,
        config ?? processors,
        config && field in config ? field : undefined,
        extra,
      );
    else if (typeof value === 'string') skip(config, `processor ${id}: ${value}`, field);
  };
  if (type === 'batch') {
    duration('timeout', 'timeout', 200);
    number('send_batch_size', 'send-batch-size', 8192);
    number('send_batch_max_size', 'send-batch-max-size', 0);
  } else if (type === 'memory_limiter') {
    duration('check_interval', 'check-interval');
    const bytes = { unit: 'bytes', compare: 'scaled', scale: 'resources' } as const;
    number('limit_mib', 'limit', undefined, MIB, bytes);
    number('spike_limit_mib', 'spike-limit', undefined, MIB, bytes);
    number('limit_percentage', 'limit-percentage', undefined, 1, { unit: '%' });
    number('spike_limit_percentage', 'spike-limit-percentage', undefined, 1, { unit: '%' });
  } else if (type === 'tail_sampling') {
    duration('decision_wait', 'decision-wait', 30_000);
    number('num_traces', 'num-traces', 50_000);
  }
}

function envOr(raw: unknown, expected: string): string {
  return typeof raw === 'string' && ENV_REFERENCE.test(raw)
    ? `is ${raw.trim()}, resolved when the collector starts: not known from the file`
    : `expected ${expected}`;
}

/** Keyed fingerprints of exporter credentials (API-key headers, tokens): shared keys can be told, none stored. */
function credentials(
  obj: Obj | undefined,
  path: string[],
  fields: string[],
  input: ExtractInput,
  config: CollectorConfig,
  facts: Fact[],
  depth: number,
): void {
  if (!obj || depth > 6) return;
  const inHeaders = fields[fields.length - 1] === 'headers';
  for (const [field, value] of Object.entries(obj)) {
    if (asObj(value)) {
      credentials(asObj(value), path, [...fields, field], input, config, facts, depth + 1);
      continue;
    }
    // `Bearer ${env:TOKEN}` holds no secret, and fingerprinting it would make environments "share" one.
    if (typeof value !== 'string' || value.trim() === '' || value.includes('${')) continue;
    const redacted = redactUrlCredentials(value);
    const secret = inHeaders ? SECRET_HEADER.test(field) : SECRET_FIELD.test(field) || isSecretName(field);
    if (!secret && !redacted) continue;
    facts.push(
      makeFact({
        dimension: 'observability',
        path: [...path, [...fields, field].join('.')],
        value: secretValue(value, input.fingerprint, redacted),
        compare: 'presence',
        origin: { source: input.source, file: config.file, line: config.lineOf(obj, field) },
      }),
    );
  }
}
