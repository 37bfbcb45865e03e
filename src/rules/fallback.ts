import { sidesMessage } from '../compare/engine.js';
import type { Dimension } from '../model/dimension.js';
import { anyFact, pairKind, sidesOf } from '../rule-kit/helpers.js';
import type { Rule } from '../rule-kit/types.js';
import { formatValue } from '../rule-kit/values.js';
import { SETTING_HIGH_FACTOR, SETTING_MEDIUM_FACTOR, severityBySize } from './magnitude.js';

/** Keys that are evidence for other rules, not settings to compare one by one. */
const EVIDENCE_ONLY = /^(config\/code-ref|observability\/(receiver|alertmanager|exporter))\//;

/**
 * A dimension's fallback, last in its index: any difference no specific rule claimed is still
 * reported, at low severity, so nothing is silently dropped.
 */
export function fallback(dimension: Dimension): Rule {
  return {
    id: `${dimension}.setting-differs`,
    dimension,
    severity: 'low',
    title: `${/^[aeiou]/.test(dimension) ? 'An' : 'A'} ${dimension} setting differs or exists on one side only`,
    risk: `Staging runs with a setting production does not have (or with another value): behaviour behind it is untested as production runs it. Two amounts (numbers, quantities such as 512Mi, durations such as 30s) ${SETTING_MEDIUM_FACTOR} times apart or more are MEDIUM, ${SETTING_HIGH_FACTOR} times apart or more HIGH.`,
    remedy: 'Align it, or record why it must differ.',
    appliesTo: (pair) => anyFact(pair).dimension === dimension && !EVIDENCE_ONLY.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      if (kind === 'differs') {
        const message = sidesMessage(pair.key.split('/').slice(1).join(' '), pair, ctx);
        const severity = severityBySize(pair.baseline!.value, pair.candidate!.value);
        return severity ? { kind, message, severity } : { kind, message };
      }
      const fact = anyFact(pair);
      const { present: side } = sidesOf(kind, ctx);
      return {
        kind,
        message: `${pair.key.split('/').slice(1).join(' ')} = ${formatValue(fact.value, fact.unit)} in ${side} only`,
      };
    },
  };
}
