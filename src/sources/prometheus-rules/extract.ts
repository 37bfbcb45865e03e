import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import { parseDurationMs } from '../../units/duration.js';
import { protectValue } from '../secrets.js';
import { asObj } from '../shape.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { asName, type RuleEntry, type RulesText, readRuleEntries } from './groups.js';
import { type NormaliseOptions, normaliseExpr } from './promql.js';

export type { RulesText };

export interface ExtractInput extends NormaliseOptions {
  source: string;
  fingerprint: Fingerprinter;
}

const TEMPLATE_REASON =
  'its expression holds a template placeholder ({{ ... }}): render the chart first (helm template) and read the output';

/**
 * Rule files in, facts out: per alert its normalised expression, trailing threshold, `for:` (ms)
 * and severity label; per recording rule its expression. Pure. Alert names that repeat (one
 * warning, one critical) are told apart by severity, then by order.
 */
export function extractPrometheusRules(files: readonly RulesText[], input: ExtractInput): SourceResult {
  const { entries, skips } = readRuleEntries(files, input.source);
  const keys = uniqueKeys(entries);
  const facts: Fact[] = [];
  entries.forEach((entry, i) => {
    facts.push(...ruleFacts(entry, keys[i]!, input, skips));
  });
  // Skips read in file order, then line order, whichever pass found them.
  const order = new Map(files.map((f, i) => [f.file, i]));
  skips.sort(
    (a, b) =>
      (order.get(a.file ?? '') ?? 0) - (order.get(b.file ?? '') ?? 0) || (a.line ?? 0) - (b.line ?? 0),
  );
  return { facts, skips };
}

function severityOf(entry: RuleEntry): string | undefined {
  return asName(asObj(entry.node.labels)?.severity);
}

/** Key segments: the name, with severity and then `#n` added only where names collide. */
function uniqueKeys(entries: readonly RuleEntry[]): string[] {
  const count = (names: string[]) => {
    const c = new Map<string, number>();
    for (const n of names) c.set(n, (c.get(n) ?? 0) + 1);
    return c;
  };
  const base = entries.map((e) => `${e.kind}\u0000${e.name.replace(/\//g, '%2F')}`);
  const baseCount = count(base);
  const withSeverity = entries.map((e, i) => {
    const severity = severityOf(e);
    return e.kind === 'alert' && (baseCount.get(base[i]!) ?? 0) > 1 && severity
      ? `${base[i]}:${severity.replace(/\//g, '%2F')}`
      : base[i]!;
  });
  const total = count(withSeverity);
  const seen = new Map<string, number>();
  return withSeverity.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    const name = k.slice(k.indexOf('\u0000') + 1);
    return (total.get(k) ?? 0) > 1 && n > 1 ? `${name}#${n}` : name;
  });
}

function ruleFacts(entry: RuleEntry, key: string, input: ExtractInput, skips: Skip[]): Fact[] {
  const { node } = entry;
  const what = `${entry.kind === 'alert' ? 'alert' : 'recording rule'} ${entry.name}`;
  const origin = (field?: string) => ({
    source: input.source,
    file: entry.file,
    line: (field !== undefined && field in node ? entry.lineOf(node, field) : undefined) ?? entry.line,
  });
  const skip = (reason: string, field?: string) =>
    skips.push({ ...origin(field), reason: `${what}: ${reason}` });
  const raw = typeof node.expr === 'number' ? String(node.expr) : node.expr;
  if (typeof raw !== 'string' || raw.trim() === '') {
    skip('expected `expr:` as a PromQL string', 'expr');
    return [];
  }
  if (raw.includes('{{')) {
    skip(TEMPLATE_REASON, 'expr');
    return [];
  }
  const path = [entry.kind === 'alert' ? 'alert' : 'recording', key];
  const fact = (attribute: string, value: Fact['value'], field: string, unit?: string) =>
    makeFact({
      dimension: 'observability',
      path: [...path, attribute],
      value,
      ...(unit ? { unit } : {}),
      origin: origin(field),
    });
  const { expr, threshold } = normaliseExpr(raw, input);
  const facts = [fact('expr', protectValue('expr', expr, input.fingerprint), 'expr')];
  if (entry.kind === 'record') return facts;
  if (threshold !== undefined) facts.push(fact('threshold', threshold, 'expr'));
  // No `for:` means the alert fires on its first failing evaluation: 0, which is worth comparing.
  const forMs = node.for === undefined || node.for === null ? 0 : parseDurationMs(node.for);
  if (forMs === undefined) skip('expected `for:` as a duration such as 5m', 'for');
  else facts.push(fact('for', forMs, 'for', 'ms'));
  const severity = severityOf(entry);
  if (severity !== undefined) {
    const labels = asObj(node.labels)!;
    facts.push(
      makeFact({
        dimension: 'observability',
        path: [...path, 'severity'],
        value: protectValue('severity', severity, input.fingerprint),
        origin: {
          source: input.source,
          file: entry.file,
          line: entry.lineOf(labels, 'severity') ?? entry.line,
        },
      }),
    );
  }
  return facts;
}
