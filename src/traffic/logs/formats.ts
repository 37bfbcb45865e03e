import type { JsonFields } from './json-fields.js';
import { createJsonParser } from './json-lines.js';
import { type ByteLineParser, compileNginxBytes } from './nginx-bytes.js';
import {
  APACHE_COMBINED,
  APACHE_COMMON,
  compileNginxFormat,
  isComplete,
  NGINX_COMBINED,
} from './nginx-format.js';
import { emptyRecord, type LineParser } from './record.js';
import { type ScanProgram, scanProgram } from './scan.js';
import { createAlbParser, createEnvoyParser } from './token-formats.js';

/** Named formats; any string containing `$` is taken as an nginx `log_format` instead. */
export const FORMAT_NAMES = [
  'auto',
  'nginx-combined',
  'apache-common',
  'apache-combined',
  'json',
  'alb',
  'envoy',
] as const;

export interface FormatOptions {
  /** A name from FORMAT_NAMES or an nginx log_format string. Default `auto`. */
  format?: string;
  /** Field mapping for JSON lines. */
  fields?: JsonFields;
}

export interface ResolvedFormat {
  name: string;
  parse: LineParser;
  /** The same parser over bytes, for plain files (nginx log_format shapes only). */
  parseBytes?: ByteLineParser | undefined;
  /** The WebAssembly scanner's program for the format, when it reads it (see scan.ts). */
  scan?: ScanProgram | undefined;
}

function nginx(name: string, format: string): ResolvedFormat {
  const parseBytes = compileNginxBytes(format);
  // The scanner leaves every line it is unsure of to the byte parser: only with one.
  const scan = parseBytes ? scanProgram(format) : undefined;
  return { name, parse: compileNginxFormat(format), parseBytes, scan };
}

/** Builds the named parser; throws LogFormatError for an unusable log_format string. */
export function createParser(format: string, fields?: JsonFields): ResolvedFormat {
  switch (format) {
    case 'nginx-combined':
      return nginx(format, NGINX_COMBINED);
    case 'apache-common':
      return nginx(format, APACHE_COMMON);
    case 'apache-combined':
      return nginx(format, APACHE_COMBINED);
    case 'json':
      return { name: format, parse: createJsonParser(fields) };
    case 'alb':
      return { name: format, parse: createAlbParser() };
    case 'envoy':
      return { name: format, parse: createEnvoyParser() };
    default:
      if (format.includes('$')) return nginx('nginx log_format', format);
      throw new Error(
        `unknown log format "${format}"; expected one of ${FORMAT_NAMES.join(', ')} or an nginx log_format string`,
      );
  }
}

/**
 * Candidates tried by `auto`, most specific first (combined before common, which is its prefix).
 * The common extensions of combined (request time, then request length, appended) come
 * before plain combined so their timings are read rather than the lines skipped.
 */
const AUTO_ORDER = [
  'json',
  'envoy',
  'alb',
  `${NGINX_COMBINED} $request_time $request_length`,
  `${NGINX_COMBINED} $request_time`,
  'nginx-combined',
  'apache-combined',
  'apache-common',
] as const;

/**
 * Picks the format that reads the most of a file's first lines completely. Returns undefined when
 * none reads any, so the caller can skip the file with a reason rather than guess.
 */
export function detectFormat(sample: readonly string[], fields?: JsonFields): ResolvedFormat | undefined {
  let best: ResolvedFormat | undefined;
  let bestScore = 0;
  const record = emptyRecord();
  for (const name of AUTO_ORDER) {
    const candidate = createParser(name, fields);
    let score = 0;
    for (const line of sample)
      if (line !== '' && candidate.parse(line, record) && isComplete(record)) score++;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
