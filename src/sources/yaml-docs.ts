import yaml from 'js-yaml';

/** Finds the 1-based line of a parsed node, or of one of its keys, inside a YAML document. */
export interface LineLocator {
  (node: unknown, key?: string): number | undefined;
}

export interface YamlDocument {
  value: unknown;
  /** 1-based line where the document starts. */
  line: number;
  lineOf: LineLocator;
}

export interface YamlProblem {
  line: number;
  message: string;
}

const DOC_SEPARATOR = /^---(?:[ \t].*)?$/;

/**
 * Parses a multi-document YAML text with js-yaml (9x faster than `yaml` on large estates, see
 * BENCHMARKS.md) and keeps each object's line span, so facts can name file:line. A malformed
 * document is reported and skipped; the documents around it are still read.
 */
export function parseYamlDocuments(text: string): { documents: YamlDocument[]; problems: YamlProblem[] } {
  const lines = text.split(/\r?\n/);
  const documents: YamlDocument[] = [];
  const problems: YamlProblem[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end).join('\n');
    if (body.trim() !== '' && !/^\s*(#.*)?$/s.test(body.replace(/^\s*#.*$/gm, ''))) {
      parseOne(body, start, lines, documents, problems);
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (DOC_SEPARATOR.test(lines[i] ?? '')) {
      flush(i);
      start = i + 1;
    }
  }
  flush(lines.length);
  return { documents, problems };
}

function parseOne(
  body: string,
  offset: number,
  allLines: readonly string[],
  documents: YamlDocument[],
  problems: YamlProblem[],
): void {
  const spans = new WeakMap<object, [number, number]>();
  const opens: number[] = [];
  try {
    const value = yaml.load(body, {
      listener(event, state) {
        if (event === 'open') {
          opens.push(state.line);
          return;
        }
        const opened = opens.pop() ?? state.line;
        const result: unknown = state.result;
        if (result !== null && typeof result === 'object' && !spans.has(result)) {
          spans.set(result, [opened + offset + 1, state.line + offset + 1]);
        }
      },
    });
    documents.push({ value, line: offset + 1, lineOf: locator(spans, allLines, offset + 1) });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    problems.push({ line: offset + 1 + (mark?.line ?? 0), message: `invalid YAML: ${reason}` });
  }
}

function locator(spans: WeakMap<object, [number, number]>, lines: readonly string[], docLine: number): LineLocator {
  return (node, key) => {
    if (node === null || typeof node !== 'object') return docLine;
    const span = spans.get(node);
    if (!span) return docLine;
    if (key === undefined) return firstContentLine(lines, span[0], span[1]);
    const pattern = new RegExp(`^\\s*(?:-\\s+)?["']?${escapeRegExp(key)}["']?\\s*:`);
    for (let line = span[0]; line <= span[1] && line <= lines.length; line++) {
      if (pattern.test(lines[line - 1] ?? '')) return line;
    }
    return firstContentLine(lines, span[0], span[1]);
  };
}

function firstContentLine(lines: readonly string[], from: number, to: number): number {
  for (let line = from; line <= to && line <= lines.length; line++) {
    const text = lines[line - 1] ?? '';
    if (text.trim() !== '' && !text.trim().startsWith('#')) return line;
  }
  return from;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
