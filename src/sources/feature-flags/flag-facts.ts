import type { Fact } from '../../model/fact.js';
import { makeFact } from '../facts.js';
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
  if (record.state) {
    facts.push(
      makeFact({
        dimension: 'config',
        path: ['flag', segment, 'state'],
        value: record.state.value,
        origin: at(record.state.line),
      }),
    );
  }
  if (record.defaultVariant) {
    facts.push(
      makeFact({
        dimension: 'config',
        path: ['flag', segment, 'default-variant'],
        value: record.defaultVariant.value,
        origin: at(record.defaultVariant.line),
      }),
    );
  }
  if (record.rollout) {
    facts.push(
      makeFact({
        dimension: 'config',
        path: ['flag', segment, 'rollout'],
        value: record.rollout.value,
        unit: '%',
        origin: at(record.rollout.line),
      }),
    );
  }
  if (record.targeting) {
    facts.push(
      makeFact({
        dimension: 'config',
        path: ['flag', segment, 'targeting'],
        value: record.targeting.value,
        origin: at(record.targeting.line),
      }),
    );
  }
  return facts;
}
