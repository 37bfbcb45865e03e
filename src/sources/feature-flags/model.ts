import type { FactValue } from '../../model/fact.js';
import type { Fingerprinter } from '../types.js';
import type { LineLocator } from '../yaml-docs.js';

export type FlagFormat = 'flagd' | 'unleash' | 'map';

/** One attribute of a flag and the line it was read from. */
export interface Setting<T> {
  value: T;
  line: number;
}

/** What every format reads a flag into, before it becomes `config/flag/<key>/...` facts. */
export interface FlagRecord {
  key: string;
  line: number;
  state?: Setting<'enabled' | 'disabled'>;
  defaultVariant?: Setting<FactValue>;
  /** Percent of evaluations that get the "on" side of a percentage split. */
  rollout?: Setting<number>;
  /** Canonical JSON of the targeting rules (shortened to a hash when long). */
  targeting?: Setting<string>;
}

export interface FormatProblem {
  line: number;
  reason: string;
  /** Set when a flag's value was read but could not be compared: the fact key prefix it leaves out. */
  key?: string;
}

export interface FormatResult {
  flags: FlagRecord[];
  problems: FormatProblem[];
}

/** What a format reader gets besides the document's value. */
export interface DocumentContext {
  /** 1-based line where the document starts. */
  line: number;
  lineOf: LineLocator;
  fingerprint: Fingerprinter;
  /** Unleash: the environment asked for in the source options. */
  unleashEnvironment?: string;
  /** Unleash: the Parity environment's name, used when it names one of the export's environments. */
  environmentHint?: string;
}

/** Line of `key` inside `node`, or of the node, or the document's first line. */
export function lineIn(ctx: DocumentContext, node: unknown, key?: string): number {
  return ctx.lineOf(node, key) ?? ctx.line;
}
