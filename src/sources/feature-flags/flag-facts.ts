import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { FlagRecord } from './model.js';

/** A flag key as one key segment: `/` would split it, so it is escaped as flag tools show it in URLs. */
export function flagSegment(key: string): string {
  return key.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** `config/flag/<key>/state`, `default-variant`, `rollout` (percent) and `targeting`, with their lines. */
export function flagFacts(record: FlagRecord, origin: { source: string; file: string }): Fact[] {
  const segment = flagSegment(record.key);
  const facts: Fact[] = [];
  const at = (line: number) => ({ source: origin.source, file: origin.file, line });
  const fields = [
    ['state', record.state],
    ['default-variant', record.defaultVariant],
    ['rollout', record.rollout],
    ['targeting', record.targeting],
  ] as const;
  for (const [attribute, field] of fields) {
    if (!field) continue;
    facts.push(
      makeFact({
        dimension: 'config',
        path: ['flag', segment, attribute],
        value: field.value,
        ...(attribute === 'rollout' ? { unit: '%' } : {}),
        origin: at(field.line),
      }),
    );
  }
  return facts;
}
