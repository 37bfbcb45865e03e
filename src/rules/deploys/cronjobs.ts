import { sidesMessage } from '../../compare/engine.js';
import { anyFact, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { Rule } from '../../rule-kit/types.js';
import { formatValue } from '../../rule-kit/values.js';

export const deploysRules: Rule[] = [
  {
    id: 'deploys.cronjob-missing',
    dimension: 'deploys',
    severity: 'medium',
    title: 'A scheduled job runs in one environment only',
    risk: 'The job’s load, locks and data changes never meet staging’s deploys, migrations and tests; a deploy that breaks it, or that it breaks, is first seen in production.',
    remedy: 'Run the job in staging too (on the same schedule, against staging data).',
    appliesTo: (pair) =>
      /^deploys\/cronjob\/[^/]+\/schedule$/.test(pair.key) && !(pair.baseline && pair.candidate),
    judge(pair, ctx) {
      const kind = pairKind(pair)!;
      const fact = anyFact(pair);
      return {
        kind,
        severity: kind === 'only-baseline' ? 'medium' : 'low',
        message: `CronJob ${fact.subject} (${formatValue(fact.value)}) runs in ${sidesOf(kind, ctx).present} only`,
      };
    },
  },
  {
    id: 'deploys.cronjob-schedule-differs',
    dimension: 'deploys',
    severity: 'low',
    title: 'A scheduled job runs on a different schedule',
    risk: 'Overlaps between the job and deploys, backups or peak traffic happen at other times in staging, so their interaction is untested.',
    remedy: 'Use production’s schedule in staging.',
    appliesTo: (pair) => /^deploys\/cronjob\/[^/]+\//.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (kind !== 'differs') return null;
      return {
        kind,
        message: sidesMessage(`CronJob ${anyFact(pair).subject} ${anyFact(pair).attribute}`, pair, ctx),
      };
    },
  },
];
