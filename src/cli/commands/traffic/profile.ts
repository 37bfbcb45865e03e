import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../../errors.js';
import { writerFor } from '../../../report/index.js';
import { redactDeep } from '../../../secrets/redact.js';
import { displayPath } from '../../../sources/files.js';
import { profileInParallel } from '../../../traffic/profile/parallel.js';
import type { TrafficProfile } from '../../../traffic/profile/schema.js';
import { wholeNumberFlag } from '../../numeric-flags.js';
import { progressLine } from '../../progress.js';
import { checkFormat, type Io, logFiles, outputFormat, parseFields, withDurationUnit } from './shared.js';

export interface ProfileCommandOptions {
  /** The access-log format (`--log-format`). */
  logFormat?: string;
  fields?: string;
  /** The unit of bare-number request times in JSON lines: s, ms, us or ns. */
  durationUnit?: string;
  /** The report format (`-f/--format`). */
  format?: string;
  save?: string | false;
  top?: string;
}

/** `parity traffic profile LOG...`: prints the profile and stores it as JSON (default .parity/traffic-profile.json). */
export async function profileCommand(
  logs: string[],
  options: ProfileCommandOptions,
  io: Io,
): Promise<TrafficProfile> {
  const format = outputFormat(options.format);
  const top =
    options.top !== undefined ? wholeNumberFlag('--top', options.top, { min: 1, max: 100_000 }) : undefined;
  const { files, skips: pathSkips } = await logFiles(logs, io.cwd);
  const logFormat = checkFormat(options.logFormat);
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
      'no request could be read from the logs given; check the paths, or pass --log-format with your nginx log_format',
    );
  }
  io.stdout(writerFor(format).profile(profile, top));
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
export function profileProgress(
  io: Pick<Io, 'stderr' | 'progress'>,
  now: () => number = () => performance.now(),
) {
  const line =
    io.progress ??
    progressLine(
      {
        isTTY: true,
        columns: 0,
        write: (t: string) => {
          io.stderr(t);
          return true;
        },
      },
      {},
    );
  const started = now();
  let drawnAt = Number.NEGATIVE_INFINITY;
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
      line.update(
        `profiling: ${mib(done)} of ${mib(total)} MiB (${percent}%), ${mib(rate)} MiB/s, ${Number.isFinite(left) ? `${Math.ceil(left)} s left` : '...'}`,
      );
    },
    end: () => line.done(),
  };
}
