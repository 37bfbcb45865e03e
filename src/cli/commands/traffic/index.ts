import type { Command } from 'commander';
import { REPORT_FORMAT_HELP } from '../../report-format.js';
import { run } from '../../run.js';
import type { Io } from './shared.js';

/** The terminal: built when a command runs, so `--help` never loads progress (string-width). */
async function io(): Promise<Io> {
  const { progressLine } = await import('../../progress.js');
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: Boolean(process.stderr.isTTY) && !process.env.CI,
    progress: progressLine(),
    cwd: process.cwd(),
  };
}

/** The code a traffic command set for itself (1 for divergences or failed sends), else 0. */
function currentExitCode(): number {
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const FORMAT_HELP =
  'log format: auto, nginx-combined, apache-common, apache-combined, json, alb, envoy, or your nginx log_format string';

/** `parity traffic profile|replay|k6`. Parsers, sockets and zlib load inside the actions only. */
export function registerTrafficCommands(program: Command): void {
  const traffic = program
    .command('traffic')
    .description("measure production's traffic shape and put it onto staging");

  traffic
    .command('profile')
    .description(
      'profile access logs (plain, gzip, rotated sets): rate, bursts, endpoints, statuses, client behaviours',
    )
    .argument('<log...>', 'log files or globs (access.log*)')
    .option('--log-format <format>', FORMAT_HELP, 'auto')
    .option(
      '--fields <json>',
      'JSON lines field mapping, e.g. \'{"time":"ts","path":"req.url","duration":"ms","durationUnit":"ms"}\'',
    )
    .option(
      '--duration-unit <unit>',
      'unit of bare-number request times in JSON lines: s, ms, us or ns (default: from the field name or its format, else unknown; values such as "250ms" carry their own)',
    )
    .option('-f, --format <format>', REPORT_FORMAT_HELP, 'text')
    .option('--save <file>', 'where to store the profile', '.parity/traffic-profile.json')
    .option('--no-save', 'do not store the profile')
    .option('--top <n>', 'endpoints to print')
    .action((logs: string[], options) =>
      run(async () => {
        const { profileCommand } = await import('./profile.js');
        await profileCommand(logs, options, await io());
        return currentExitCode();
      }),
    );

  const workloadOptions = (
    cmd: Command,
    duration: [string, string?] = ['replay at most this much of the workload (60s, 2m)', '60s'],
  ) =>
    cmd
      .option('--log-format <format>', FORMAT_HELP, 'auto')
      .option(
        '--rate <rate>',
        'speed: a share of the recorded rate (50%) or requests per second (2000/s); bursts keep their shape',
      )
      .option('--duration <duration>', ...duration)
      .option('--max-requests <n>', 'send at most this many requests', '500000')
      .option(
        '--allow-methods <methods>',
        'also send these methods (comma-separated, e.g. POST,PUT); only GET, HEAD and OPTIONS otherwise',
      )
      .option('--seed <n>', 'seed for workloads synthesised from a profile', '1');

  workloadOptions(
    traffic
      .command('replay')
      .description(
        'replay a recorded log, or a workload synthesised from a stored profile (.json), against a target (open model)',
      )
      .argument('<input...>', 'log files or globs, or one profile .json')
      .requiredOption(
        '--target <url>',
        'base URL to send to; must be allowed (parity.yaml traffic.replay.allow or --allow-target)',
      ),
  )
    .option('--allow-target <host>', 'allow this host (host or host:port) for this run', collect)
    .option('--production-host <host>', 'refuse this host even if allowed', collect)
    .option(
      '-H, --header <header>',
      "set a header, e.g. 'Host: staging.shop' or 'Authorization: Bearer ${STAGING_TOKEN}' (read from the environment)",
      collect,
    )
    .option('--timeout <duration>', 'per-request timeout', '10s')
    .option(
      '--max-inflight <n>',
      'requests in flight at most; sends due beyond it are dropped and counted',
      '8192',
    )
    .option(
      '--connections <n>',
      'connections to the target; requests beyond them wait in the client (counted in latency)',
      '128',
    )
    .option('--config <file>', 'parity.yaml with traffic.replay.allow / production lists')
    .option('-f, --format <format>', REPORT_FORMAT_HELP, 'text')
    .action((inputs: string[], options) =>
      run(async () => {
        const { replayCommand } = await import('./replay.js');
        await replayCommand(inputs, options, await io());
        return currentExitCode();
      }),
    );

  workloadOptions(
    traffic
      .command('k6')
      .description('export the same workload as a k6 script (ramping-arrival-rate or constant-arrival-rate)')
      .argument('<input...>', 'log files or globs, or one profile .json'),
    ['export at most this much of the recorded window (default: all of it, up to 24h)'],
  )
    .option('-o, --output <file>', 'script file (stdout when absent or -)')
    .option(
      '--body-template <file>',
      'YAML/JSON mapping "METHOD /endpoint/template" to a body; POST, PUT and PATCH are sent only with one (${VAR} read from the k6 environment)',
    )
    .option('--target <url>', 'default base URL in the script (TARGET env overrides it)')
    .option(
      '-H, --header <header>',
      'header for every request; ${VAR} is read from the k6 environment at run time',
      collect,
    )
    .option(
      '--executor <kind>',
      'ramping (follows the recorded rate, bursts kept) or constant (mean rate)',
      'ramping',
    )
    .action((inputs: string[], options) =>
      run(async () => {
        const { k6Command } = await import('./k6.js');
        await k6Command(inputs, options, await io());
        return currentExitCode();
      }),
    );
}
