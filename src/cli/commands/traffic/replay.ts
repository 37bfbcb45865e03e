import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError } from '../../../errors.js';
import { writerFor } from '../../../report/index.js';
import { refuseProductionHosts } from '../../../traffic/replay/production-hosts.js';
import { DEFAULT_MAX_INFLIGHT, type ReplayProgress, replay } from '../../../traffic/replay/run.js';
import { checkTarget, parseHeader } from '../../../traffic/replay/safety.js';
import { plural } from '../../../units/plural.js';
import { durationFlag, wholeNumberFlag } from '../../numeric-flags.js';
import { progressLine } from '../../progress.js';
import { type Io, outputFormat } from './shared.js';
import { loadWorkload, MAX_DURATION_MS, type WorkloadCommandOptions, workloadNumbers } from './workload.js';

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
  const { readPolicy } = await import('../shared.js');
  return (await readPolicy(file)).replay;
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
  /** The report format (`-f/--format`). */
  format?: string;
}

/** `parity traffic replay`: safety checks first, then the open-model run, then the report. */
export async function replayCommand(inputs: string[], options: ReplayCommandOptions, io: Io) {
  const format = outputFormat(options.format);
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
      `left out ${plural(workload.notOriginForm, 'request')} whose target is not a path (absolute-form http://host/..., authority-form host:port, *): only paths are sent\n`,
    );
  const skipped = Object.entries(workload.skippedMethods);
  if (skipped.length)
    io.stderr(
      `left out (unsafe methods; --allow-methods to include): ${skipped.map(([m, n]) => `${m} ${n}`).join(', ')}\n`,
    );
  if (workload.requests.length === 0)
    throw new UsageError('nothing to replay: the workload has no request with an allowed method');
  const line =
    io.progress ??
    progressLine(
      {
        isTTY: io.stderrIsTty,
        columns: 0,
        write: (t: string) => {
          io.stderr(t);
          return true;
        },
      },
      {},
    );
  const progress = line.active
    ? (p: ReplayProgress) =>
        line.update(
          `${(p.elapsedMs / 1000).toFixed(0).padStart(4)}s  sent ${p.sent}  ${Math.round(p.ratePerS)}/s  in flight ${p.inflight}  errors ${p.errors}  dropped ${p.dropped}`,
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
  line.done();
  io.stdout(
    writerFor(format).replay({
      result,
      skippedMethods: workload.skippedMethods,
      notOriginForm: workload.notOriginForm,
    }),
  );
  return result;
}
