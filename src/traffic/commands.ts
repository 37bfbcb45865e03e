import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { durationFlag, wholeNumberFlag } from '../cli/numeric-flags.js';
import { ConfigError, UsageError } from '../errors.js';
import { readRegularText } from '../regular-file.js';

/** --duration: a replay of more than a day is not a rehearsal. */
const MAX_DURATION_MS = 86_400_000;

import { redactDeep, redactText } from '../secrets/redact.js';
import { displayPath, expandPaths } from '../sources/files.js';
import { createParser } from './formats.js';
import { JsonFields } from './json-fields.js';
import { profileInParallel } from './parallel.js';
import { TrafficProfile } from './profile-schema.js';
import { renderProfileMarkdown, renderProfileText } from './render-profile.js';
import { refuseProductionHosts } from './replay/production-hosts.js';
import { renderReplay } from './replay/render.js';
import { DEFAULT_MAX_INFLIGHT, type ReplayProgress, replay } from './replay/run.js';
import { checkTarget, parseHeader, rateFactor } from './replay/safety.js';
import {
  SAFE_METHODS,
  scaleWorkload,
  type Workload,
  workloadFromLogs,
  workloadFromProfile,
} from './replay/workload.js';

export type OutputFormat = 'text' | 'json' | 'markdown';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: live progress is shown only then. */
  stderrIsTty: boolean;
  cwd: string;
}

function outputFormat(value: string | undefined): OutputFormat {
  const v = value ?? 'text';
  if (v === 'text' || v === 'json' || v === 'markdown') return v;
  throw new UsageError(`--output-format ${v}: expected text, json or markdown`);
}

function parseFields(text: string | undefined): JsonFields | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`--fields: expected a JSON object such as '{"time":"ts","path":"req.url"}'`);
  }
  const parsed = JsonFields.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(
      `--fields: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'fields'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

const DURATION_UNITS = ['s', 'ms', 'us', 'ns'] as const;

/**
 * The unit of bare-number request times in JSON lines, from --duration-unit or --fields'
 * `durationUnit` (they must agree). Without either the field's name or its format decides, or
 * the unit stays unknown (see json-duration.ts).
 */
function withDurationUnit(fields: JsonFields | undefined, unit: string | undefined): JsonFields | undefined {
  if (unit === undefined) return fields;
  const wanted = DURATION_UNITS.find((u) => u === unit);
  if (!wanted) throw new UsageError(`--duration-unit ${unit}: expected s, ms, us or ns`);
  if (fields?.durationUnit && fields.durationUnit !== wanted)
    throw new UsageError(
      `--duration-unit ${wanted} contradicts --fields durationUnit "${fields.durationUnit}"; give one`,
    );
  return { ...fields, durationUnit: wanted };
}

/** Checks a --format value up front, so a bad log_format is a usage error, not a skip per file. */
function checkFormat(format: string | undefined): string {
  const f = format ?? 'auto';
  if (f === 'auto') return f;
  try {
    createParser(f);
  } catch (error) {
    throw new UsageError(`--format: ${(error as Error).message}`);
  }
  return f;
}

async function logFiles(patterns: readonly string[], cwd: string) {
  const { files, skips } = await expandPaths('traffic', patterns, cwd);
  if (files.length === 0)
    throw new UsageError(`no log file found: ${skips.map((s) => `${s.file} (${s.reason})`).join(', ')}`);
  return { files: files.map((absolute) => ({ absolute, display: displayPath(absolute, cwd) })), skips };
}

export interface ProfileCommandOptions {
  format?: string;
  fields?: string;
  /** The unit of bare-number request times in JSON lines: s, ms, us or ns. */
  durationUnit?: string;
  outputFormat?: string;
  save?: string | false;
  top?: string;
}

/** `parity traffic profile LOG...`: prints the profile and stores it as JSON (default .parity/traffic-profile.json). */
export async function profileCommand(
  logs: string[],
  options: ProfileCommandOptions,
  io: Io,
): Promise<TrafficProfile> {
  const format = outputFormat(options.outputFormat);
  const top =
    options.top !== undefined ? wholeNumberFlag('--top', options.top, { min: 1, max: 100_000 }) : undefined;
  const { files, skips: pathSkips } = await logFiles(logs, io.cwd);
  const logFormat = checkFormat(options.format);
  const fields = withDurationUnit(parseFields(options.fields), options.durationUnit);
  const progress = io.stderrIsTty ? profileProgress(io) : undefined;
  const { profile, skips } = await profileInParallel(
    files,
    { source: 'traffic', format: logFormat, fields },
    undefined,
    undefined,
    undefined,
    progress?.update,
  );
  progress?.end();
  for (const s of [...pathSkips, ...skips])
    io.stderr(`skipped ${s.file ?? ''}${s.line ? `:${s.line}` : ''}: ${s.reason}\n`);
  if (profile.requests === 0) {
    // An empty profile would read as "no traffic"; nothing readable is a usage problem instead.
    throw new UsageError(
      'no request could be read from the logs given; check the paths, or pass --format with your nginx log_format',
    );
  }
  if (format === 'json') io.stdout(`${JSON.stringify(profile, null, 2)}\n`);
  else if (format === 'markdown') io.stdout(renderProfileMarkdown(profile, top));
  else io.stdout(renderProfileText(profile, top));
  if (options.save !== false) {
    const target = path.resolve(io.cwd, options.save ?? '.parity/traffic-profile.json');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(redactDeep(profile))}\n`);
    io.stderr(`profile stored in ${displayPath(target, io.cwd)}\n`);
  }
  return profile;
}

/**
 * A progress line on stderr for long profiles: bytes read of the total, throughput and time left,
 * redrawn at most every 250 ms and cleared at the end so the report starts on a clean line.
 */
export function profileProgress(io: Pick<Io, 'stderr'>, now: () => number = () => performance.now()) {
  const started = now();
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const mib = (b: number) => (b / 1048576).toFixed(0);
  return {
    update: (done: number, total: number) => {
      const t = now();
      if (t - drawnAt < 250) return;
      drawnAt = t;
      const seconds = (t - started) / 1000;
      const rate = done / Math.max(seconds, 1e-3);
      const left = rate > 0 ? Math.max(0, (total - done) / rate) : Number.NaN;
      const percent = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
      io.stderr(
        `\rprofiling: ${mib(done)} of ${mib(total)} MiB (${percent}%), ${mib(rate)} MiB/s, ${Number.isFinite(left) ? `${Math.ceil(left)} s left` : '...'}   `,
      );
      drawn = true;
    },
    end: () => {
      if (drawn) io.stderr('\r\u001b[2K');
    },
  };
}

export interface WorkloadCommandOptions {
  format?: string;
  rate?: string;
  duration?: string;
  maxRequests?: string;
  allowMethods?: string;
  seed?: string;
}

/** Reads LOG... or one stored profile (.json) into a bounded workload. */
export async function loadWorkload(
  inputs: string[],
  options: WorkloadCommandOptions,
  cwd: string,
): Promise<Workload> {
  const { durationMs, maxRequests, seed } = workloadNumbers(options);
  const allowMethods = new Set([
    ...SAFE_METHODS,
    ...(options.allowMethods ?? '')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean),
  ]);
  const base = { durationMs, maxRequests, allowMethods };
  if (inputs.length === 1 && inputs[0]!.endsWith('.json')) {
    const file = path.resolve(cwd, inputs[0]!);
    const text = await readRegularText(file, 512 * 1024 * 1024).catch(() => 'null');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = TrafficProfile.safeParse(json);
    if (!parsed.success)
      throw new UsageError(`${inputs[0]}: expected a profile stored by \`parity traffic profile\``);
    const factor = positiveRate(options.rate, rateFactor(options.rate, parsed.data.rate.meanRps));
    return workloadFromProfile(parsed.data, { ...base, factor }, seed);
  }
  const { files } = await logFiles(inputs, cwd);
  const format = checkFormat(options.format);
  // Read at 1x, then thin or multiply: an absolute --rate is relative to what would be sent.
  const recorded = await workloadFromLogs(files, format, { ...base, factor: 1 });
  const spanS = Math.max(1, Math.ceil((recorded.requests.at(-1)?.at ?? 0) / 1000));
  const factor = positiveRate(options.rate, rateFactor(options.rate, recorded.requests.length / spanS));
  if (factor === 1) return recorded;
  // --max-requests counts requests sent: a 1x read that hit it stopped early in the log, and
  // thinning it would send fewer than asked. Read again, thinning as it goes.
  if (factor < 1 && recorded.requests.length >= maxRequests)
    return workloadFromLogs(files, format, { ...base, factor });
  return scaleWorkload(recorded, factor, maxRequests);
}

/** Hosts allowed and refused from parity.yaml's `traffic.replay` block (see the lead's config schema). */
async function replayPolicy(
  configPath: string | undefined,
  cwd: string,
): Promise<{ allow: string[]; production: string[] }> {
  const file = path.resolve(cwd, configPath ?? 'parity.yaml');
  if (!existsSync(file)) {
    if (configPath) throw new ConfigError('file not found', configPath);
    return { allow: [], production: [] };
  }
  const { loadPolicyFile } = await import('../index.js');
  return (await loadPolicyFile(file)).replay;
}

export interface ReplayCommandOptions extends WorkloadCommandOptions {
  target: string;
  allowTarget?: string[];
  productionHost?: string[];
  header?: string[];
  timeout?: string;
  maxInflight?: string;
  connections?: string;
  config?: string;
  outputFormat?: string;
}

/** `parity traffic replay`: safety checks first, then the open-model run, then the report. */
export async function replayCommand(inputs: string[], options: ReplayCommandOptions, io: Io) {
  const format = outputFormat(options.outputFormat);
  // Every number first: a bad one is a usage error before any log is read or request sent.
  workloadNumbers(options);
  const durationMs = durationFlag('--duration', options.duration ?? '60s', MAX_DURATION_MS);
  const timeoutMs = durationFlag('--timeout', options.timeout ?? '10s', 3_600_000);
  const maxInflight = wholeNumberFlag('--max-inflight', options.maxInflight ?? DEFAULT_MAX_INFLIGHT, {
    min: 1,
    max: 1_000_000,
  });
  const connections = wholeNumberFlag('--connections', options.connections ?? 128, { min: 1, max: 10_000 });
  const policy = await replayPolicy(options.config, io.cwd);
  const production = [...policy.production, ...(options.productionHost ?? [])];
  const target = checkTarget(options.target, {
    allow: [...policy.allow, ...(options.allowTarget ?? [])],
    production,
  });
  const headers = Object.fromEntries((options.header ?? []).map((h) => parseHeader(h)));
  // By address, not spelling: the target and every header a server routes on.
  const safe = await refuseProductionHosts(target, headers, production);
  for (const note of safe.notes) io.stderr(`note: ${note}\n`);
  const workload = await loadWorkload(inputs, options, io.cwd);
  for (const s of workload.skips) io.stderr(`skipped ${s.file ?? ''}: ${s.reason}\n`);
  if (workload.notOriginForm)
    io.stderr(
      `left out ${workload.notOriginForm} request(s) whose target is not a path (absolute-form http://host/..., authority-form host:port, *): only paths are sent\n`,
    );
  const skipped = Object.entries(workload.skippedMethods);
  if (skipped.length)
    io.stderr(
      `left out (unsafe methods; --allow-methods to include): ${skipped.map(([m, n]) => `${m} ${n}`).join(', ')}\n`,
    );
  if (workload.requests.length === 0)
    throw new UsageError('nothing to replay: the workload has no request with an allowed method');
  const progress = io.stderrIsTty
    ? (p: ReplayProgress) =>
        io.stderr(
          `\r${(p.elapsedMs / 1000).toFixed(0).padStart(4)}s  sent ${p.sent}  ${Math.round(p.ratePerS)}/s  in flight ${p.inflight}  errors ${p.errors}  dropped ${p.dropped}   `,
        )
    : undefined;
  const result = await replay(workload.requests, {
    target,
    headers,
    addresses: safe.addresses,
    timeoutMs,
    maxInflight,
    connections,
    deadlineMs: durationMs + Math.min(timeoutMs, 5000),
    ...(progress ? { onProgress: progress } : {}),
  });
  if (progress) io.stderr('\n');
  io.stdout(
    format === 'json'
      ? `${JSON.stringify({ ...result, skippedMethods: workload.skippedMethods, notOriginForm: workload.notOriginForm }, null, 2)}\n`
      : renderReplay(result, format, workload.skippedMethods),
  );
  return result;
}

export interface K6CommandOptions extends WorkloadCommandOptions {
  output?: string;
  target?: string;
  header?: string[];
  executor?: string;
}

/** `parity traffic k6`: the same bounded workload as replay, as a k6 script. */
export async function k6Command(inputs: string[], options: K6CommandOptions, io: Io): Promise<string> {
  const executor = options.executor ?? 'ramping';
  if (executor !== 'ramping' && executor !== 'constant')
    throw new UsageError(`--executor ${executor}: expected ramping or constant`);
  const workload = await loadWorkload(inputs, options, io.cwd);
  if (workload.requests.length === 0)
    throw new UsageError('nothing to export: the workload has no request with an allowed method');
  const headers = Object.fromEntries(
    (options.header ?? []).map((h) => {
      // Keep ${VAR} unexpanded: the script reads it from k6's environment at run time.
      const colon = h.indexOf(':');
      if (colon <= 0) throw new UsageError(`--header ${h.split(':')[0]}: expected "Name: value"`);
      return [h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim()];
    }),
  );
  const { k6Script } = await import('./k6.js');
  const script = k6Script(workload.requests, {
    ...(options.target ? { target: options.target } : {}),
    headers,
    executor,
  });
  if (options.output && options.output !== '-') {
    const file = path.resolve(io.cwd, options.output);
    await writeFile(file, redactText(script));
    io.stderr(`k6 script written to ${displayPath(file, io.cwd)} (${workload.requests.length} requests)\n`);
  } else io.stdout(script);
  return script;
}

/** `--rate 0%` or `0/s` would send nothing and wait: a usage error like every other bad number. */
function positiveRate(rate: string | undefined, factor: number): number {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new UsageError(`--rate ${rate}: expected a rate above 0, such as 50% or 2000/s`);
  return factor;
}

/** The workload's numeric flags, read before anything else is done with them. */
function workloadNumbers(options: WorkloadCommandOptions) {
  return {
    durationMs: durationFlag('--duration', options.duration ?? '60s', MAX_DURATION_MS),
    maxRequests: wholeNumberFlag('--max-requests', options.maxRequests ?? 500_000, {
      min: 1,
      max: 1_000_000_000,
    }),
    seed: wholeNumberFlag('--seed', options.seed ?? 1, { min: 0, max: 2 ** 32 - 1 }),
  };
}
