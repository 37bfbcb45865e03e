import { z } from 'zod';
import { readDuration } from '../../units/duration.js';
import type { LogRecord } from './records.js';

/** Field names (dotted paths into JSON objects, header names in CSV) when the defaults do not fit. */
export const DeployLogFields = z
  .object({
    environment: z.string().min(1).optional(),
    service: z.string().min(1).optional(),
    version: z.string().min(1).optional(),
    start: z.string().min(1).optional(),
    end: z.string().min(1).optional(),
    duration: z.string().min(1).optional(),
  })
  .strict();
export type DeployLogFields = z.infer<typeof DeployLogFields>;

type FieldName = keyof DeployLogFields;

/** Names deploy tools write (GitHub deployments, Argo CD, Spinnaker exports, home-made logs). */
const DEFAULTS: Record<FieldName, readonly string[]> = {
  environment: ['environment', 'env', 'environment_name', 'stage', 'target'],
  service: ['service', 'app', 'application', 'component', 'project', 'name'],
  version: ['version', 'sha', 'commit', 'revision', 'tag', 'ref', 'image_tag'],
  start: [
    'start',
    'started',
    'started_at',
    'startedAt',
    'start_time',
    'created_at',
    'createdAt',
    'timestamp',
    'time',
  ],
  end: [
    'end',
    'ended',
    'ended_at',
    'finished',
    'finished_at',
    'finishedAt',
    'end_time',
    'completed_at',
    'completedAt',
  ],
  duration: ['duration', 'duration_s', 'duration_seconds', 'duration_ms', 'elapsed', 'elapsed_s'],
};

export interface DeployEvent {
  line: number;
  environment?: string;
  service?: string;
  /** Epoch milliseconds. */
  start: number;
  end?: number;
}

/** A day is far past any real deploy; longer means a wrong end or duration field. */
const MAX_DEPLOY_MS = 24 * 3600 * 1000;

/** A record as a deploy event, or the reason it is not one. */
export function toEvent(record: LogRecord, fields: DeployLogFields): DeployEvent | string {
  const get = (name: FieldName) => lookup(record.fields, fields[name], DEFAULTS[name]);
  const startField = get('start');
  if (!startField)
    return `no start time (looked for ${fields.start ?? DEFAULTS.start.slice(0, 4).join(', ')}, ...)`;
  const start = parseTime(startField.value);
  if (start === undefined)
    return `start time ${startField.name}: expected ISO 8601 or epoch seconds/milliseconds`;
  const event: DeployEvent = { line: record.line, start };
  const env = text(get('environment')?.value);
  if (env !== undefined) event.environment = env;
  const service = text(get('service')?.value);
  if (service !== undefined) event.service = service;
  const endField = get('end');
  const durationField = get('duration');
  if (endField && !isBlank(endField.value)) {
    const end = parseTime(endField.value);
    if (end === undefined)
      return `end time ${endField.name}: expected ISO 8601 or epoch seconds/milliseconds`;
    event.end = end;
  } else if (durationField && !isBlank(durationField.value)) {
    const ms = parseDuration(durationField.value, durationField.name);
    if (ms === undefined)
      return `duration ${durationField.name}: expected seconds, 4m12s, 00:04:12 or PT4M12S`;
    event.end = start + ms;
  }
  if (event.end !== undefined && event.end < start) return 'ends before it starts';
  if (event.end !== undefined && event.end - start > MAX_DEPLOY_MS)
    return 'lasts more than a day; the end or duration field is likely wrong';
  return event;
}

/** Whether the records carry an environment field at all (a per-environment log may not). */
export function hasEnvironmentField(records: readonly LogRecord[], fields: DeployLogFields): boolean {
  return records.some((r) => lookup(r.fields, fields.environment, DEFAULTS.environment) !== undefined);
}

function lookup(
  record: Record<string, unknown>,
  configured: string | undefined,
  defaults: readonly string[],
): { name: string; value: unknown } | undefined {
  for (const name of configured ? [configured] : defaults) {
    const value = configured?.includes('.') ? dig(record, name.split('.')) : caseless(record, name);
    if (value !== undefined && value !== null) return { name, value };
  }
  return undefined;
}

function caseless(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function isBlank(value: unknown): boolean {
  return value === '' || value === null;
}

const ISO =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** ISO 8601 (UTC when no offset is written) or epoch seconds / milliseconds, to epoch milliseconds. */
export function parseTime(value: unknown): number | undefined {
  const numeric =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{9,13}(\.\d+)?$/.test(value.trim())
        ? Number(value)
        : undefined;
  if (numeric !== undefined) {
    if (!Number.isFinite(numeric) || numeric < 1e9) return undefined;
    return numeric >= 1e12 ? numeric : numeric * 1000;
  }
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const time = (m[2] ?? '00:00').replace(',', '.');
  let zone = (m[3] ?? 'Z').toUpperCase();
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${time.length === 5 ? `${time}:00` : time}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A deploy's duration in milliseconds: `4m12s`, `00:04:12`, `PT4M12S`, or a number in the unit its
 * field names (`duration_ms`), else in seconds, the format's documented default.
 */
export function parseDuration(value: unknown, field: string): number | undefined {
  const read = readDuration(value, field, 's');
  return read?.known ? read.ms : undefined;
}
