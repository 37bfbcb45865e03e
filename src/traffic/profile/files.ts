import type { Skip } from '../../model/snapshot.js';
import { createParser, detectFormat, type FormatOptions, type ResolvedFormat } from '../logs/formats.js';
import type { JsonFields } from '../logs/json-fields.js';
import { isComplete } from '../logs/nginx-format.js';
import { emitLine, forEachLineBytes, type LineCallback, type WindowReader } from '../logs/read-bytes.js';
import { forEachLine, orderRotated } from '../logs/read-lines.js';
import { emptyRecord, type LogRecord } from '../logs/record.js';
import { createLineScanner, type RowSink } from '../logs/scan.js';
import { finishProfile } from './finish.js';
import { addRecord, createAccumulator, type ProfileAccumulator } from './profile.js';
import type { TrafficProfile } from './schema.js';
import { createTally } from './tally.js';

export interface LogFile {
  absolute: string;
  /** As shown to users (relative to parity.yaml when inside it). */
  display: string;
  /** A byte range of a plain file, cut at line boundaries (worker threads read one each). */
  range?: { start: number; end: number };
}

export interface ProfileFilesOptions extends FormatOptions {
  /** Source id used in skips. */
  source: string;
  /** Unparsed lines sampled into the skips per file (the rest are counted). Default 5. */
  samplesPerFile?: number;
  /** Read plain files as bytes with the byte parser when the format has one. Default true; tests turn it off to compare. */
  fastPath?: boolean;
}

const DETECT_LINES = 50;

export interface ReadHooks {
  /**
   * The profile `onRecord` adds to (with addRecord): the scanner's rows are then added to it in
   * WebAssembly where that is exact (tally.ts), and `onRecord` is not called for those.
   */
  accumulator?: ProfileAccumulator;
  /** Called for each line read, parsed or not. */
  onLine?: () => void;
  /** Called with the bytes of each read from disk, for progress. */
  onRead?: (bytes: number) => void;
}

/** Why a line did not parse, without quoting it: a log line may carry tokens in its query string. */
function unparsedReason(line: string | null, format: string, parsedButIncomplete: boolean): string {
  if (line === null) return 'line longer than 64 KiB; expected one request per line';
  if (line.includes('\u0000') || line.includes('\ufffd')) return 'binary data in line; expected text';
  if (parsedButIncomplete) return `no valid time or HTTP status in line (format ${format})`;
  return `line does not match the ${format} format`;
}

/**
 * Reads one file's records with the given or detected format. In `auto` mode a line the file's
 * format does not read is tried against the other formats (mixed files exist: a proxy switched
 * format mid-file). Skips sample the lines that no format reads; all are counted.
 */
export async function readRecords(
  file: LogFile,
  options: ProfileFilesOptions,
  /** Return false to stop reading (replay needs only its window of the log). */
  onRecord: (r: LogRecord, line: number) => unknown,
  onUnparsed: (line: number, reason: string) => void,
  hooks: ReadHooks = {},
): Promise<Skip | undefined> {
  const { onLine, onRead, accumulator } = hooks;
  const requested = options.format ?? 'auto';
  let primary: ResolvedFormat | undefined =
    requested === 'auto' ? undefined : createParser(requested, options.fields);
  const fallbacks: ResolvedFormat[] = [];
  const pending: (string | null)[] = [];
  const r = emptyRecord();
  let lineNo = 0;
  let stopped = false;
  const handle = (line: string | null) => {
    lineNo++;
    onLine?.();
    if (line === null) return onUnparsed(lineNo, unparsedReason(null, primary?.name ?? 'log', false));
    if (line === '' || (line.length < 200 && line.trim() === '')) return;
    let ok = primary!.parse(line, r);
    if (!ok || !isComplete(r)) {
      for (const alt of fallbacks) {
        if (alt.parse(line, r) && isComplete(r)) {
          ok = true;
          break;
        }
      }
    }
    if (ok && isComplete(r)) {
      if (onRecord(r, lineNo) === false) stopped = true;
    } else onUnparsed(lineNo, unparsedReason(line, primary!.name, ok));
  };
  let undetected = false;
  const onText = (line: string | null) => {
    if (primary) {
      handle(line);
      return stopped ? false : undefined;
    }
    pending.push(line);
    if (pending.length < DETECT_LINES) return;
    primary = detect(pending, options.fields, fallbacks);
    if (!primary) {
      undetected = true;
      return false;
    }
    for (const p of pending.splice(0)) handle(p);
    return stopped ? false : undefined;
  };
  if (options.fastPath !== false) {
    // Bytes first: a line the byte parser reads for sure never becomes a string; any other line
    // (format detection, odd lines, fallbacks) is decoded and goes the string way above.
    const parsed = () => {
      lineNo++;
      onLine?.();
      return onRecord(r, lineNo) === false ? false : undefined;
    };
    const byteLine: LineCallback = (buf, start, end, text) => {
      const fast = primary?.parseBytes;
      if (buf && fast?.(buf, start, end, r, text) && isComplete(r)) return parsed();
      return onText(buf === null ? null : buf.toString('utf8', start, end));
    };
    const counted = (n: number) => {
      lineNo += n;
      if (onLine) for (let i = 0; i < n; i++) onLine();
      return undefined;
    };
    const reader = scannerReader(() => primary, r, { parsed, counted, byteLine, accumulator });
    try {
      await forEachLineBytes(file.absolute, byteLine, file.range, onRead, reader);
    } finally {
      // Also when the read fails half-way (a corrupt gzip file): the lines before count.
      reader?.finish();
      reader?.release();
    }
  } else await forEachLine(file.absolute, onText, file.range, onRead);
  if (undetected) return { source: options.source, file: file.display, reason: autoFailure() };
  if (!primary && pending.length > 0) {
    primary = detect(pending, options.fields, fallbacks);
    if (!primary) return { source: options.source, file: file.display, reason: autoFailure() };
    for (const p of pending.splice(0)) handle(p);
  }
  return undefined;
}

/**
 * The WebAssembly scanner as the reader's window reader, once the format is known and the scanner
 * reads it; undefined without WebAssembly. A sure row is a record (with the same completeness check
 * as a byte-parsed one); any other line goes to `byteLine`, exactly as without the scanner.
 */
function scannerReader(
  format: () => ResolvedFormat | undefined,
  r: LogRecord,
  lines: {
    /** `r` holds a complete record of the next line. */
    parsed: () => boolean | undefined;
    /** The tally added the next `n` lines. */
    counted: (n: number) => boolean | undefined;
    byteLine: LineCallback;
    accumulator: ProfileAccumulator | undefined;
  },
): (WindowReader & { finish(): void; release(): void }) | undefined {
  const scanner = createLineScanner();
  if (!scanner) return undefined;
  const { parsed, counted, byteLine, accumulator } = lines;
  const buf = scanner.input;
  const other = (start: number, newline: number) => emitLine(buf, start, newline, byteLine, undefined);
  const sink: RowSink = {
    record: (record, start, newline) => (isComplete(record) ? parsed() : other(start, newline)),
    other,
    counted,
  };
  const tally = accumulator ? createTally(scanner, accumulator) : undefined;
  let loaded = false;
  return {
    buffer: buf,
    get ready() {
      const known = format();
      if (!loaded && known) {
        loaded = true;
        if (known.scan) scanner.load(known.scan);
      }
      return scanner.ready;
    },
    lines: (from, to) => scanner.lines(from, to, r, sink, tally),
    finish: () => tally?.finish(),
    release: () => scanner.release(),
  };
}

function autoFailure(): string {
  return 'no known access log format reads this file; expected nginx combined, Apache, JSON lines, ALB or Envoy lines, or set `format:` to your nginx log_format';
}

function detect(
  sample: (string | null)[],
  fields: JsonFields | undefined,
  fallbacks: ResolvedFormat[],
): ResolvedFormat | undefined {
  const found = detectFormat(
    sample.filter((l): l is string => l !== null),
    fields,
  );
  if (found) {
    for (const name of ['nginx-combined', 'apache-combined', 'apache-common', 'json', 'alb', 'envoy']) {
      if (name !== found.name) fallbacks.push(createParser(name, fields));
    }
  }
  return found;
}

/** Profiles a set of files (a rotated set is read oldest first). Never throws on file content. */
export async function profileFiles(
  files: readonly LogFile[],
  options: ProfileFilesOptions,
): Promise<{ profile: TrafficProfile; skips: Skip[]; accumulator: ProfileAccumulator }> {
  const acc = createAccumulator();
  const skips: Skip[] = [];
  const byPath = new Map(files.map((f) => [f.absolute, f]));
  const ordered = orderRotated(files.map((f) => f.absolute)).map((a) => byPath.get(a)!);
  const samples = options.samplesPerFile ?? 5;
  for (const [fileIndex, file] of ordered.entries()) {
    let unparsedHere = 0;
    const fileSkip = await readRecords(
      file,
      options,
      (r, line) => addRecord(acc, r, fileIndex, line),
      (line, reason) => {
        acc.unparsed++;
        unparsedHere++;
        if (unparsedHere <= samples) skips.push({ source: options.source, file: file.display, line, reason });
      },
      {
        onLine: () => {
          acc.lines++;
        },
        accumulator: acc,
      },
    ).catch((error: NodeJS.ErrnoException) => ({
      source: options.source,
      file: file.display,
      reason: `cannot read: ${error.code ?? error.message}`,
    }));
    if (fileSkip) skips.push(fileSkip);
    if (unparsedHere > samples) {
      skips.push({
        source: options.source,
        file: file.display,
        reason: `${unparsedHere} lines did not parse (${samples} shown above)`,
      });
    }
  }
  return {
    profile: finishProfile(
      acc,
      ordered.map((f) => f.display),
    ),
    skips,
    accumulator: acc,
  };
}
