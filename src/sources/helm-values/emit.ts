import type { Fact, Origin } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import type { Fingerprinter } from '../types.js';
import type { ValueNode } from './tree.js';

/** What the readers of one merged values tree share. */
export interface Emit {
  source: string;
  fingerprint: Fingerprinter;
  facts: Fact[];
  skips: Skip[];
  /** Nodes a convention has read: the settings flattener leaves them out. */
  consumed: Set<ValueNode>;
  /** Keys already emitted: two paths naming one fact (an app in two lists) keep the first. */
  emitted?: Map<string, { file: string; line: number }>;
  /**
   * Whether the chart's templates read a value (template-uses.ts); absent when unknown. A
   * convention's fact from a value no template reads is not emitted: the value stays a plain
   * `config/helm/` setting.
   */
  applies?: (node: ValueNode) => boolean;
}

type FactInit = Omit<Parameters<typeof makeFact>[0], 'origin'>;

export function originOf(out: Emit, node: { file: string; line: number }, line = node.line): Origin {
  return { source: out.source, file: node.file, line };
}

export function emitFact(
  out: Emit,
  init: FactInit,
  node: { file: string; line: number },
  line?: number,
): void {
  const read = node as ValueNode;
  if (out.applies && out.consumed.has(read) && !out.applies(read)) {
    // The convention does not hold for this chart: left to the settings flattener.
    out.consumed.delete(read);
    return;
  }
  const fact = makeFact({ ...init, origin: originOf(out, node, line) });
  if (out.emitted) {
    const first = out.emitted.get(fact.key);
    if (first) {
      const at = { file: node.file, line: line ?? node.line };
      skipAt(out, at, `${fact.key} is also set at ${first.file}:${first.line}: the first is compared`);
      return;
    }
    out.emitted.set(fact.key, { file: fact.origin.file ?? node.file, line: fact.origin.line ?? node.line });
  }
  out.facts.push(fact);
}

/** Odd input at a node: the reason names what was expected, never the value (it may be a secret). */
export function skipAt(out: Emit, node: { file: string; line: number }, reason: string): void {
  out.skips.push({ source: out.source, file: node.file, line: node.line, reason });
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** A scalar as text, the way Helm's templates print it. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
