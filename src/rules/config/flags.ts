import type { Fact } from '../../model/fact.js';
import { anyFact, bothSides, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue } from '../../rule-kit/values.js';

const FLAG_KEY = /^config\/flag\/([^/]+)\/(state|default-variant|rollout|targeting)$/;
/** The attribute that speaks for a flag that exists on one side only, in this order. */
const ATTRIBUTES = ['state', 'default-variant', 'rollout', 'targeting'] as const;

function flagOf(key: string): { flag: string; attribute: string } | undefined {
  const m = FLAG_KEY.exec(key);
  return m ? { flag: m[1]!, attribute: m[2]! } : undefined;
}

function sibling(flag: string, attribute: string): string {
  return `config/flag/${flag}/${attribute}`;
}

function defined(map: ReadonlyMap<string, Fact>, flag: string): boolean {
  return ATTRIBUTES.some((a) => map.has(sibling(flag, a)));
}

/** Whether the sibling attribute of the same flag diverges (differs or exists on one side). */
function diverges(ctx: RuleContext, flag: string, attribute: string): boolean {
  const key = sibling(flag, attribute);
  return pairKind({ key, baseline: ctx.baseline.get(key), candidate: ctx.candidate.get(key) }) !== null;
}

/** A flag's state decides whether the rest matters: a flag off on one side is reported by its state only. */
function stateDiffers(ctx: RuleContext, flag: string): boolean {
  const key = sibling(flag, 'state');
  const b = ctx.baseline.get(key);
  const c = ctx.candidate.get(key);
  return b !== undefined && c !== undefined && b.value !== c.value;
}

function appliesToAttribute(attribute: string) {
  return (pair: FactPair, ctx: RuleContext): boolean => {
    const parsed = flagOf(pair.key);
    return (
      parsed?.attribute === attribute &&
      defined(ctx.baseline, parsed.flag) &&
      defined(ctx.candidate, parsed.flag)
    );
  };
}

function sides(pair: FactPair, ctx: RuleContext, show: (fact: Fact | undefined) => string): string {
  return `${ctx.baselineName} ${show(pair.baseline)}, ${ctx.candidateName} ${show(pair.candidate)}`;
}

const shown = (fact: Fact | undefined) =>
  formatValue(fact?.value, fact?.unit === '%' ? undefined : fact?.unit);
const percentShown = (fact: Fact | undefined) =>
  typeof fact?.value === 'number' ? `${fact.value}%` : 'no percentage split';

function rolloutMessage(pair: FactPair, ctx: RuleContext, flag: string): string {
  const b = pair.baseline?.value;
  const c = pair.candidate?.value;
  const partial = (v: unknown) => typeof v === 'number' && v > 0 && v < 100;
  let why = '';
  if (partial(b) && !partial(c)) {
    why = ` — ${ctx.baselineName} runs both code paths at once; ${ctx.candidateName} never mixes them`;
  } else if (!partial(b) && partial(c)) {
    why = ` — ${ctx.candidateName} mixes both code paths; ${ctx.baselineName} runs one`;
  }
  return `flag ${flag} rollout: ${sides(pair, ctx, percentShown)}${why}`;
}

export const flagRules: Rule[] = [
  {
    id: 'config.flag-missing',
    dimension: 'config',
    severity: 'medium',
    title: 'A feature flag is defined in one environment only',
    risk: 'Where the flag is not defined, the SDK returns the default written in the code: that environment runs the code path behind the default, and the one production runs is never exercised before release.',
    remedy:
      'Define the flag in both environments (with the state and rollout production has, or a decision why not).',
    appliesTo: (pair, ctx) => {
      const parsed = flagOf(pair.key);
      return (
        parsed !== undefined && defined(ctx.baseline, parsed.flag) !== defined(ctx.candidate, parsed.flag)
      );
    },
    judge(pair, ctx) {
      const { flag } = flagOf(pair.key)!;
      const kind = pairKind(pair);
      if (kind !== 'only-baseline' && kind !== 'only-candidate') return null;
      const map = kind === 'only-baseline' ? ctx.baseline : ctx.candidate;
      // One finding per flag: on its first attribute present.
      const first = ATTRIBUTES.map((a) => sibling(flag, a)).find((k) => map.has(k));
      if (first !== pair.key) return null;
      const { present, absent } = sidesOf(kind, ctx);
      const fact = anyFact(pair);
      return {
        kind,
        message: `flag ${flag} is defined in ${present} only (${fact.attribute} ${shown(fact)}); ${absent}'s SDK falls back to the default in code`,
      };
    },
  },
  {
    id: 'config.flag-state-differs',
    dimension: 'config',
    severity: 'medium',
    title: 'A feature flag is on in one environment and off in the other',
    risk: 'Staging tests the other side of the flag: the code production runs behind it (or the fallback it runs when off) has never run before release, nor has the switch between the two.',
    remedy:
      'Match production’s state before a release that touches the flag, or test both states (flip it during the test run).',
    appliesTo: appliesToAttribute('state'),
    judge(pair, ctx): Finding | null {
      const kind = pairKind(pair);
      if (!kind) return null;
      return { kind, message: `flag ${flagOf(pair.key)!.flag}: ${sides(pair, ctx, shown)}` };
    },
  },
  {
    id: 'config.flag-default-differs',
    dimension: 'config',
    severity: 'medium',
    title: 'A feature flag serves another default variant',
    risk: 'Everyone no targeting rule matches gets the default variant: a different default means most users run different code (or configuration) than in production.',
    remedy: 'Serve production’s default variant in staging, and reach the other variants through targeting.',
    appliesTo: appliesToAttribute('default-variant'),
    judge(pair, ctx) {
      const { flag } = flagOf(pair.key)!;
      const kind = pairKind(pair);
      if (!kind || stateDiffers(ctx, flag)) return null;
      return { kind, message: `flag ${flag} default: ${sides(pair, ctx, shown)}` };
    },
  },
  {
    id: 'config.flag-rollout-differs',
    dimension: 'config',
    severity: 'low',
    title: 'A feature flag rolls out to another share of users',
    risk: '100% in staging and 5% in production is expected while rolling out, but production then runs both code paths at once (old and new side by side, sharing data and caches), a mix staging never tests.',
    remedy:
      'Run staging at production’s percentage for part of the test run, or test the mixed state explicitly (both variants against the same data).',
    appliesTo: appliesToAttribute('rollout'),
    judge(pair, ctx) {
      const { flag } = flagOf(pair.key)!;
      const kind = pairKind(pair);
      if (!kind || stateDiffers(ctx, flag)) return null;
      const detail: Record<string, number> = {};
      if (typeof pair.baseline?.value === 'number') detail.baselinePercent = pair.baseline.value;
      if (typeof pair.candidate?.value === 'number') detail.candidatePercent = pair.candidate.value;
      return { kind, message: rolloutMessage(pair, ctx, flag), detail };
    },
  },
  {
    id: 'config.flag-targeting-differs',
    dimension: 'config',
    severity: 'low',
    title: 'A feature flag targets users differently',
    risk: 'Different targeting rules send different users (countries, plans, employees) down each branch: the combinations production serves are not the ones staging tested.',
    remedy:
      'Keep the same rules in both environments and vary only the values that must differ (test accounts), or record why.',
    appliesTo: appliesToAttribute('targeting'),
    judge(pair, ctx) {
      const { flag } = flagOf(pair.key)!;
      const kind = pairKind(pair);
      if (!kind || stateDiffers(ctx, flag)) return null;
      // A split on one side only is the rollout's story: said once, there.
      if (!bothSides(pair) && diverges(ctx, flag, 'rollout')) return null;
      const show = (f: Fact | undefined) => (f ? shown(f) : 'no targeting');
      return { kind, message: `flag ${flag} targeting: ${sides(pair, ctx, show)}` };
    },
  },
];
