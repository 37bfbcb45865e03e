import type { Fact } from '../../model/fact.js';
import { anyFact, pairKind, textOf } from '../../rule-kit/helpers.js';
import type { FactPair, Finding, RuleContext } from '../../rule-kit/types.js';
import { formatValue } from '../../rule-kit/values.js';
import { type DurationReading, formatMs, readDuration } from '../../units/duration.js';

/**
 * A timeout set differently on both sides. Both values are read with the same unit: from the value
 * (`5s`), else from the name (`_MS`), else unknown; two numbers of unknown unit are compared as they
 * are, and the message says the unit is unknown. Which side waits longer is claimed only when it is
 * known: never across a known and an unknown unit, never against 0 (often "no timeout").
 */
export function judgeTimeout(pair: Required<FactPair>, ctx: RuleContext, scope: string): Finding | null {
  if (pairKind(pair) !== 'differs') return null;
  const name = anyFact(pair).attribute;
  const b = readDuration(textOf(pair.baseline), name);
  const c = readDuration(textOf(pair.candidate), name);
  const bn = comparable(b);
  const cn = comparable(c);
  const sameScale = b !== undefined && c !== undefined && b.known === c.known;
  if (sameScale && bn === cn) return null; // the same timeout, written two ways
  const looser = sameScale && bn !== undefined && cn !== undefined && bn > 0 && cn > bn;
  const bothUnknown = b?.known === false && c?.known === false;
  const detail: Record<string, number | boolean> = {};
  if (b?.known) detail.baselineMs = b.ms;
  if (c?.known) detail.candidateMs = c.ms;
  if (b?.known === false || c?.known === false) detail.unitKnown = false;
  const sides = `${ctx.baselineName} ${shown(b, pair.baseline, bothUnknown)}, ${ctx.candidateName} ${shown(c, pair.candidate, bothUnknown)}`;
  const unknown = bothUnknown
    ? ' (unit unknown: neither the values nor the name say; compared as numbers)'
    : '';
  const longer = looser ? ` — ${ctx.candidateName} waits ${Number((cn! / bn!).toPrecision(2))}x longer` : '';
  return {
    kind: 'differs',
    severity: looser ? 'high' : 'medium',
    message: `${name}${scope}: ${sides}${unknown}${longer}`,
    detail,
  };
}

function comparable(reading: DurationReading | undefined): number | undefined {
  if (!reading) return undefined;
  return reading.known ? reading.ms : reading.number;
}

function shown(reading: DurationReading | undefined, fact: Fact, bothUnknown: boolean): string {
  const raw = formatValue(fact.value);
  if (!reading) return raw;
  if (!reading.known) return bothUnknown ? raw : `${raw} (unit unknown)`;
  return `${raw} (${formatMs(reading.ms)})`;
}
