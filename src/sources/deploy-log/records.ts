/** Lines of a deploy log as records (field name -> value): JSON lines or CSV with a header row. */

export interface LogRecord {
  line: number;
  fields: Record<string, unknown>;
}

export interface BadLine {
  line: number;
  reason: string;
}

export type LogFormat = 'auto' | 'jsonl' | 'csv';

const MAX_LINE = 64 * 1024;

/** Reads every line; a line that is not a record is a bad line with the reason, never a throw. */
export function readRecords(text: string, format: LogFormat): { records: LogRecord[]; bad: BadLine[] } {
  const lines = text.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  const json = format === 'jsonl' || (format === 'auto' && first.startsWith('{'));
  return json ? jsonLines(lines) : csvLines(lines);
}

function jsonLines(lines: readonly string[]): { records: LogRecord[]; bad: BadLine[] } {
  const records: LogRecord[] = [];
  const bad: BadLine[] = [];
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (text === '') return;
    const line = index + 1;
    if (text.length > MAX_LINE) {
      bad.push({ line, reason: `line longer than ${MAX_LINE} characters` });
      return;
    }
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        records.push({ line, fields: value as Record<string, unknown> });
      } else bad.push({ line, reason: 'expected a JSON object per line' });
    } catch {
      bad.push({ line, reason: 'not valid JSON; expected one JSON object per line' });
    }
  });
  return { records, bad };
}

function csvLines(lines: readonly string[]): { records: LogRecord[]; bad: BadLine[] } {
  const records: LogRecord[] = [];
  const bad: BadLine[] = [];
  let header: string[] | undefined;
  let delimiter = ',';
  lines.forEach((raw, index) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const line = index + 1;
    if (raw.length > MAX_LINE) {
      bad.push({ line, reason: `line longer than ${MAX_LINE} characters` });
      return;
    }
    if (!header) {
      delimiter =
        raw.includes('\t') && !raw.includes(',') ? '\t' : raw.includes(';') && !raw.includes(',') ? ';' : ',';
      header = splitCsv(raw, delimiter)?.map((h) => h.trim()) ?? [];
      return;
    }
    const cells = splitCsv(raw, delimiter);
    if (!cells) {
      bad.push({ line, reason: 'unterminated quote; expected one record per line' });
      return;
    }
    if (cells.length !== header.length) {
      bad.push({ line, reason: `expected ${header.length} fields like the header, got ${cells.length}` });
      return;
    }
    const fields: Record<string, unknown> = {};
    header.forEach((name, i) => {
      fields[name] = cells[i];
    });
    records.push({ line, fields });
  });
  return { records, bad };
}

/** One CSV line (RFC 4180 quoting, `""` for a quote); undefined when a quote is left open. */
function splitCsv(line: string, delimiter: string): string[] | undefined {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === delimiter) {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quoted) return undefined;
  out.push(cell);
  return out;
}
