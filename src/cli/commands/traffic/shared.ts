// Glue shared by `parity traffic profile|replay|k6`: output streams, flag checks, log paths.
import { UsageError } from '../../../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../../../model/constants.js';
import { displayPath, expandPaths } from '../../../sources/files.js';
import { createParser } from '../../../traffic/logs/formats.js';
import { JsonFields } from '../../../traffic/logs/json-fields.js';
import type { ProgressLine } from '../../progress.js';
import { reportFormatFlag } from '../../report-format.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: live progress is shown only then. */
  stderrIsTty: boolean;
  /** The terminal's progress line (src/cli/progress.ts); tests leave it out and get a plain one on `stderr`. */
  progress?: ProgressLine;
  cwd: string;
}

/** -f/--format of the traffic commands: the report format, as on every command. */
export function outputFormat(value: string | undefined): ReportFormat {
  if (
    value !== undefined &&
    !(REPORT_FORMATS as readonly string[]).includes(value) &&
    looksLikeLogFormat(value)
  )
    throw new UsageError(
      `--format ${value}: --format is the report format (${REPORT_FORMATS.join(', ')}); the access-log format is --log-format`,
    );
  return reportFormatFlag('--format', value);
}

function looksLikeLogFormat(value: string): boolean {
  if (value.includes('$') || value === 'auto') return true;
  try {
    createParser(value);
    return true;
  } catch {
    return false;
  }
}

export function parseFields(text: string | undefined): JsonFields | undefined {
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
export function withDurationUnit(
  fields: JsonFields | undefined,
  unit: string | undefined,
): JsonFields | undefined {
  if (unit === undefined) return fields;
  const wanted = DURATION_UNITS.find((u) => u === unit);
  if (!wanted) throw new UsageError(`--duration-unit ${unit}: expected s, ms, us or ns`);
  if (fields?.durationUnit && fields.durationUnit !== wanted)
    throw new UsageError(
      `--duration-unit ${wanted} contradicts --fields durationUnit "${fields.durationUnit}"; give one`,
    );
  return { ...fields, durationUnit: wanted };
}

/** Checks a --log-format value up front, so a bad log_format is a usage error, not a skip per file. */
export function checkFormat(format: string | undefined): string {
  const f = format ?? 'auto';
  if (f === 'auto') return f;
  try {
    createParser(f);
  } catch (error) {
    throw new UsageError(`--log-format: ${(error as Error).message}`);
  }
  return f;
}

/** LOG... as files (absolute and as shown), or a usage error when none is found. */
export async function logFiles(patterns: readonly string[], cwd: string) {
  const { files, skips } = await expandPaths('traffic', patterns, cwd);
  if (files.length === 0)
    throw new UsageError(`no log file found: ${skips.map((s) => `${s.file} (${s.reason})`).join(', ')}`);
  return { files: files.map((absolute) => ({ absolute, display: displayPath(absolute, cwd) })), skips };
}
