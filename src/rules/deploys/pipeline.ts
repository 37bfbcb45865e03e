import { sidesMessage } from '../../compare/engine.js';
import type { Severity } from '../../model/dimension.js';
import { anyFact, bothSides, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { FactPair, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue, setDelta } from '../../rule-kit/values.js';
import { cadenceRule, overlapWithJobsRule } from './cadence.js';

const STEP = /^deploys\/pipeline\/step\/([^/]+)$/;
const GATES = new Set(['approval', 'canary']);

/** What a check missing on one side lets through, and how bad that is, per side that lacks it. */
const CONSEQUENCES: Record<
  string,
  { candidateLacks: [Severity, string]; baselineLacks: [Severity, string] }
> = {
  migrate: {
    candidateLacks: ['high', 'migrations are first run against {baseline}'],
    baselineLacks: [
      'high',
      "{baseline}'s schema is changed by hand or by the application, a path {candidate} never rehearses",
    ],
  },
  'smoke-test': {
    candidateLacks: ['medium', 'a broken {candidate} deploy passes unnoticed, so the rehearsal proves less'],
    baselineLacks: ['high', '{baseline} deploys are not verified once they are out'],
  },
  test: {
    candidateLacks: ['low', "{candidate} receives builds {baseline}'s tests would have stopped"],
    baselineLacks: ['medium', '{baseline} ships code its own pipeline does not test'],
  },
  lint: {
    candidateLacks: ['low', 'the checks differ, not what is deployed'],
    baselineLacks: ['low', 'the checks differ, not what is deployed'],
  },
  build: {
    candidateLacks: ['medium', '{baseline} builds its own artifact instead of the one {candidate} ran'],
    baselineLacks: ['low', '{baseline} deploys an artifact built elsewhere (promotion is the healthy case)'],
  },
  'security-scan': {
    candidateLacks: ['low', '{candidate} runs unscanned images'],
    baselineLacks: ['medium', '{baseline} ships images and dependencies nobody scanned on its way'],
  },
  rollout: {
    candidateLacks: ['low', "{candidate}'s pipeline does not wait for its rollout to finish"],
    baselineLacks: [
      'medium',
      "{baseline}'s pipeline reports success before the rollout has finished or failed",
    ],
  },
  deploy: {
    candidateLacks: [
      'low',
      "no step recognisably deploys {candidate}: the pipelines can't be compared step for step",
    ],
    baselineLacks: [
      'low',
      "no step recognisably deploys {baseline}: the pipelines can't be compared step for step",
    ],
  },
};

function stepOf(pair: FactPair): string | undefined {
  return STEP.exec(pair.key)?.[1];
}

function words(text: string, ctx: RuleContext): string {
  return text.replaceAll('{baseline}', ctx.baselineName).replaceAll('{candidate}', ctx.candidateName);
}

const gateRule: Rule = {
  id: 'deploys.pipeline-gate-differs',
  dimension: 'deploys',
  severity: 'medium',
  title: 'A deploy gate (manual approval or canary) exists in one pipeline only',
  risk: 'The gate production deploys pass through is never rehearsed: a canary’s analysis, traffic split and abort, or an approval’s wait and hand-off, are first exercised on a production release, and a deploy that relies on the gate’s timing (a migration run before approval) behaves differently.',
  remedy:
    'Give staging the same gate (a canary with the same analysis, an approval step that can be auto-approved), or record how the gate is tested elsewhere.',
  appliesTo: (pair) => GATES.has(stepOf(pair) ?? '') && !bothSides(pair),
  judge(pair, ctx) {
    const kind = pairKind(pair);
    if (kind !== 'only-baseline' && kind !== 'only-candidate') return null;
    const { present: has, absent: lacks } = sidesOf(kind, ctx);
    const what =
      stepOf(pair) === 'approval'
        ? `${has}'s deploys wait for a manual approval (${formatValue(anyFact(pair).value)}); ${lacks}'s do not`
        : `${has} deploys through a canary (${formatValue(anyFact(pair).value)}); ${lacks} deploys all at once`;
    return { kind, message: what };
  },
};

const stepRule: Rule = {
  id: 'deploys.pipeline-step-missing',
  dimension: 'deploys',
  severity: 'high',
  title: 'A pipeline step runs for one environment only',
  risk: 'The pipeline staging rehearses is not the one production runs: what the missing step does or would catch (a migration, a smoke test, a rollout check) is first met in production.',
  remedy:
    'Deploy both environments with one pipeline definition (a reusable workflow or template with the environment as input), so every step runs in staging first.',
  appliesTo: (pair) => stepOf(pair) !== undefined && !bothSides(pair),
  judge(pair, ctx) {
    const kind = pairKind(pair);
    if (kind !== 'only-baseline' && kind !== 'only-candidate') return null;
    const check = stepOf(pair)!;
    const consequence = CONSEQUENCES[check] ?? {
      candidateLacks: ['low', 'the pipelines differ'],
      baselineLacks: ['low', 'the pipelines differ'],
    };
    const [severity, text] =
      kind === 'only-baseline' ? consequence.candidateLacks : consequence.baselineLacks;
    const { present: has, absent: lacks } = sidesOf(kind, ctx);
    return {
      kind,
      severity,
      message: `${check} runs in ${has}'s pipeline (${formatValue(anyFact(pair).value)}) and not in ${lacks}'s: ${words(text, ctx)}`,
    };
  },
};

const triggersRule: Rule = {
  id: 'deploys.triggers-differ',
  dimension: 'deploys',
  severity: 'low',
  title: 'Deploys are triggered by different events',
  risk: 'Staging deploys on other events than production (every push to main against tags or a manual run): a release, hotfix or manual path to production may never go through staging.',
  remedy:
    'Make every production trigger pass through staging first (promote from the staging run), or record which path skips staging and why.',
  appliesTo: (pair) => pair.key === 'deploys/pipeline/triggers' && bothSides(pair),
  judge(pair, ctx) {
    if (pairKind(pair) !== 'differs') return null;
    const { onlyA, onlyB } = setDelta(pair.baseline!.value, pair.candidate!.value);
    const parts = [
      onlyA.length > 0 ? `${ctx.baselineName} only: ${onlyA.join(', ')}` : '',
      onlyB.length > 0 ? `${ctx.candidateName} only: ${onlyB.join(', ')}` : '',
    ].filter(Boolean);
    return {
      kind: 'differs',
      message: `${sidesMessage('deploy triggers', pair, ctx)} (${parts.join('; ')})`,
    };
  },
};

const concurrencyRule: Rule = {
  id: 'deploys.concurrency-differs',
  dimension: 'deploys',
  severity: 'low',
  title: 'Concurrent deploys are handled differently',
  risk: 'Two deploys at once behave differently: where nothing serialises them they race (two migrations, two rollouts), and where a newer run cancels the older one a deploy can stop half-way; staging does not rehearse what production does.',
  remedy:
    'Serialise deploys the same way on both sides (a concurrency group or resource_group that queues, never cancels, a deploy in progress).',
  appliesTo: (pair) => pair.key === 'deploys/pipeline/concurrency' && bothSides(pair),
  judge(pair, ctx) {
    if (pairKind(pair) !== 'differs') return null;
    const risky = /none|cancel/.test(String(pair.baseline!.value));
    return {
      kind: 'differs',
      severity: risky ? 'medium' : 'low',
      message: sidesMessage('deploy concurrency', pair, ctx),
    };
  },
};

/** The deploys dimension's pipeline and cadence rules, most specific first. */
export const deploysPipelineRules: Rule[] = [
  gateRule,
  stepRule,
  triggersRule,
  concurrencyRule,
  cadenceRule,
  overlapWithJobsRule,
];
