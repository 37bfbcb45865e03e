import { registryCatalogue } from '../../config/catalogue.js';
import { loadPolicy } from '../../config/load.js';
import type { Policy } from '../../config/policy.js';
import type { Audit } from '../../model/audit.js';
import type { ReportFormat } from '../../model/constants.js';
import { type Severity, severityRank } from '../../model/dimension.js';
import { cannotJudge } from '../../model/judgement.js';
import { decisionState, isSettled } from '../../policy/decide.js';
import { renderAudit, writerFor } from '../../report/index.js';
import { plural } from '../../units/plural.js';
import { writeOutputFile } from '../output.js';
import { progressLine } from '../progress.js';
import { EXIT, useColor } from '../run.js';

export interface ReportOptions {
  format: ReportFormat;
  output?: string;
  color?: boolean;
  failOn?: Severity;
  /** Accept an audit that could not read every required source (exit 0/1 instead of 2). */
  allowPartial?: boolean;
  /** Exit 1 while any draft decision remains, whatever its severity (CI after adoption). */
  failOnDrafts?: boolean;
  /** Show only findings at or above this severity (text, markdown); never changes the exit code. */
  minSeverity?: Severity;
}

export function readPolicy(file: string): Promise<Policy> {
  return loadPolicy(file, registryCatalogue);
}

/**
 * The width to wrap the text report at: the terminal's, else `COLUMNS` (set by shells and by
 * users piping to a pager), else 100; at most 120, where long lines stop being readable.
 */
export function terminalWidth(): number {
  const columns = process.stdout.columns || Number.parseInt(process.env.COLUMNS ?? '', 10);
  return Math.min(Number.isFinite(columns) && columns > 0 ? columns : 100, 120);
}

/** Renders the audit to stdout or a file and returns the exit code `--fail-on` implies. */
export async function reportAudit(audit: Audit, options: ReportOptions): Promise<number> {
  const toFile = options.output !== undefined;
  // The exit status first, by the one function the process exit uses, so the JSON can carry it.
  const code = exitCode(audit, options.failOn ?? 'low', options.allowPartial ?? false, options.failOnDrafts);
  const text = renderAudit(audit, options.format, {
    exitCode: code,
    ...(options.minSeverity ? { minSeverity: options.minSeverity } : {}),
    color:
      !toFile && writerFor(options.format).medium === 'terminal' && useColor(process.stdout, options.color),
    width: terminalWidth(),
  });
  if (toFile) {
    await writeOutputFile(options.output!, text.endsWith('\n') ? text : `${text}\n`);
    process.stderr.write(`parity: report written to ${options.output}\n`);
  } else {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  const gaps = cannotJudge(audit);
  if (gaps.length > 0 && !options.allowPartial) {
    process.stderr.write(
      `parity: the audit could not judge (exit 2):\n${gaps.map((g) => `  ${g}\n`).join('')}Fix the sources, mark them \`optional: true\` in parity.yaml, or pass --allow-partial to accept a partial audit.\n`,
    );
  }
  return code;
}

/**
 * 2 when the audit could not judge (unless partial audits are allowed), else 1 or 0 by `--fail-on`.
 * A draft is not a decision: a drafted divergence at or above `--fail-on` fails like an undecided
 * one; `--fail-on-drafts` also fails on drafts below it.
 */
export function exitCode(audit: Audit, failOn: Severity, allowPartial = false, failOnDrafts = false): number {
  if (!allowPartial && cannotJudge(audit).length > 0) return EXIT.error;
  const threshold = severityRank(failOn);
  const failing = audit.comparisons.some((c) =>
    c.divergences.some(
      (d) =>
        (!isSettled(d) && severityRank(d.severity) >= threshold) ||
        (failOnDrafts && decisionState(d) === 'drafted'),
    ),
  );
  return failing ? EXIT.divergences : EXIT.ok;
}

/** Progress on stderr while sources run, only on a terminal and not in CI; one line, rewritten in place. */
export function progressReporter(): {
  onProgress?: (e: { environment: string; source: string; phase: string }) => void;
  done(): void;
} {
  const line = progressLine();
  if (!line.active) return { done() {} };
  const running = new Set<string>();
  let finished = 0;
  return {
    onProgress(e) {
      const id = `${e.environment}/${e.source}`;
      if (e.phase === 'start') running.add(id);
      else {
        running.delete(id);
        finished++;
      }
      const list = [...running].slice(0, 3).join(', ');
      line.update(`collecting: ${plural(finished, 'source')} done${list ? `; reading ${list}` : ''}`);
    },
    done: () => line.done(),
  };
}

export function internalErrorPrinter(debug: boolean | undefined): (source: string, error: unknown) => void {
  return (source, error) => {
    const detail = debug
      ? ((error as Error)?.stack ?? String(error))
      : `${(error as Error)?.message ?? error} (run with --debug for the stack)`;
    process.stderr.write(`parity: internal error in source ${source}: ${detail}\n`);
  };
}
