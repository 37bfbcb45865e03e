import type { ReportFormat } from '../../model/constants.js';
import type { Severity } from '../../model/dimension.js';
import { audit } from '../../pipeline/audit.js';
import { checkOutputFile } from '../output.js';
import { internalErrorPrinter, progressReporter, readPolicy, reportAudit } from './shared.js';

export interface AuditCommandOptions {
  config: string;
  format: ReportFormat;
  output?: string;
  failOn: Severity;
  env?: string[];
  color?: boolean;
  debug?: boolean;
  allowPartial?: boolean;
  failOnDrafts?: boolean;
  minSeverity?: Severity;
}

export async function auditCommand(opts: AuditCommandOptions): Promise<number> {
  if (opts.output !== undefined) await checkOutputFile(opts.output);
  const policy = await readPolicy(opts.config);
  const progress = progressReporter();
  const result = await audit(policy, {
    ...(opts.env ? { candidates: opts.env } : {}),
    ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    onInternalError: internalErrorPrinter(opts.debug),
  }).finally(() => progress.done());
  return reportAudit(result, { ...opts });
}
