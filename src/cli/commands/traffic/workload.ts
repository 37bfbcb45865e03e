import path from 'node:path';
import { UsageError } from '../../../errors.js';
import { readRegularText } from '../../../regular-file.js';
import { TrafficProfile } from '../../../traffic/profile/schema.js';
import { rateFactor } from '../../../traffic/replay/safety.js';
import {
  SAFE_METHODS,
  scaleWorkload,
  type Workload,
  workloadFromLogs,
  workloadFromProfile,
} from '../../../traffic/replay/workload.js';
import { durationFlag, wholeNumberFlag } from '../../numeric-flags.js';
import { checkFormat, logFiles } from './shared.js';

/** --duration: a replay of more than a day is not a rehearsal. */
export const MAX_DURATION_MS = 86_400_000;

export interface WorkloadCommandOptions {
  /** The access-log format (`--log-format`). */
  logFormat?: string;
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
  const format = checkFormat(options.logFormat);
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

/** `--rate 0%` or `0/s` would send nothing and wait: a usage error like every other bad number. */
function positiveRate(rate: string | undefined, factor: number): number {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new UsageError(`--rate ${rate}: expected a rate above 0, such as 50% or 2000/s`);
  return factor;
}

/** The workload's numeric flags, read before anything else is done with them. */
export function workloadNumbers(options: WorkloadCommandOptions) {
  return {
    durationMs: durationFlag('--duration', options.duration ?? '60s', MAX_DURATION_MS),
    maxRequests: wholeNumberFlag('--max-requests', options.maxRequests ?? 500_000, {
      min: 1,
      max: 1_000_000_000,
    }),
    seed: wholeNumberFlag('--seed', options.seed ?? 1, { min: 0, max: 2 ** 32 - 1 }),
  };
}
