import { DEFAULT_TOLERANCE } from '../../config/policy.js';
import { ConfigError } from '../../errors.js';
import type { Severity } from '../../model/dimension.js';
import { Snapshot } from '../../model/snapshot.js';
import { FileReadError, readRegularText } from '../../regular-file.js';
import { checkOutputFile } from '../output.js';

/** A snapshot larger than this is not one Parity wrote. */
const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

import type { ReportFormat } from '../../model/constants.js';
import { auditSnapshots } from '../../pipeline/audit.js';
import { readPolicy, reportAudit } from './shared.js';

async function readSnapshot(file: string): Promise<Snapshot> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readRegularText(file, MAX_SNAPSHOT_BYTES));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code
        ? `cannot read (${code})`
        : error instanceof FileReadError
          ? `cannot read: ${error.message}`
          : `not valid JSON: ${(error as Error).message}`,
      file,
    );
  }
  const parsed = Snapshot.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(
      `not a Parity snapshot: ${issue.path.join('.') || '(root)'}: ${issue.message} (make one with \`parity snapshot ENV -o file.json\`)`,
      file,
    );
  }
  return parsed.data;
}

export async function compareCommand(
  baselineFile: string,
  candidateFile: string,
  opts: {
    config?: string;
    format: ReportFormat;
    output?: string;
    failOn: Severity;
    color?: boolean;
    allowPartial?: boolean;
    failOnDrafts?: boolean;
    minSeverity?: Severity;
  },
): Promise<number> {
  if (opts.output !== undefined) await checkOutputFile(opts.output);
  const [baseline, candidate] = await Promise.all([readSnapshot(baselineFile), readSnapshot(candidateFile)]);
  const policy = opts.config
    ? await readPolicy(opts.config)
    : {
        scale: { replicas: 1, resources: 1, data: 1, traffic: 1 },
        tolerance: DEFAULT_TOLERANCE,
        rename: [],
        decisions: [],
      };
  if ('baseline' in policy && policy.baseline && baseline.environment !== policy.baseline) {
    process.stderr.write(
      candidate.environment === policy.baseline
        ? `parity: warning: ${policy.file} names ${policy.baseline} the baseline, but its snapshot (${candidateFile}) was given second; compare takes the baseline first: parity compare ${JSON.stringify(candidateFile)} ${JSON.stringify(baselineFile)}\n`
        : `parity: warning: ${policy.file} names ${policy.baseline} the baseline, but the first snapshot (${baselineFile}) is of ${baseline.environment}\n`,
    );
  }
  const audit = auditSnapshots(policy, baseline, [candidate], new Date());
  return reportAudit(audit, opts);
}
