import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import type { Fingerprinter } from '../types.js';
import type { TfResource } from './resources.js';

/** What the readers of one Terraform JSON file share. */
export interface TfEmit {
  source: string;
  file: string;
  fingerprint: Fingerprinter;
  /** The environment being collected: its name is stripped from host names so they pair. */
  environment: string;
  facts: Fact[];
  skips: Skip[];
}

type FactInit = Omit<Parameters<typeof makeFact>[0], 'origin'>;

export function emitFact(out: TfEmit, init: FactInit, line: number): void {
  out.facts.push(makeFact({ ...init, origin: { source: out.source, file: out.file, line } }));
}

export function skipAt(out: TfEmit, line: number, reason: string): void {
  out.skips.push({ source: out.source, file: out.file, line, reason });
}

/** Groups in first-seen order, so facts come out in the file's order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** How a resource is named in messages: its address without the instance index. */
export function describeResource(r: TfResource): string {
  return r.address.replace(/\[[^\]]*\]$/, '');
}
