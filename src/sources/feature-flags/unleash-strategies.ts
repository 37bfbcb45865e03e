import { table } from '../../lookup.js';
import { isMapping } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import { canonicalJson, percent, protectLeaves, shorten } from './canonical.js';

/** Targeting longer than this is shown as a hash. */
const TARGETING_MAX = 120;

/** Unleash's percentage strategies and the parameter holding their percent. */
const PERCENT_PARAMETER = table<string>({
  flexibleRollout: 'rollout',
  gradualRolloutUserId: 'percentage',
  gradualRolloutSessionId: 'percentage',
  gradualRolloutRandom: 'percentage',
});

/** One strategy of a feature in the chosen environment, whatever export shape it came from. */
export interface UnleashStrategy {
  name: string;
  parameters: Record<string, unknown>;
  constraints: unknown[];
  segments: unknown[];
  variants: unknown[];
}

export interface StrategyReading {
  rollout?: number;
  targeting?: string;
  problem?: string;
}

/**
 * Rollout and targeting of an enabled-or-not feature. Unleash turns a feature on when any strategy
 * matches, and on for everyone when it has no strategy at all (the SDKs' rule), so the rollout is
 * 100 with an unconstrained `default` strategy or none, the strategy's percent when a single
 * percentage strategy decides, and not derived when several strategies share the decision.
 */
export function readStrategies(
  strategies: readonly UnleashStrategy[],
  featureVariants: unknown[],
  fingerprint: Fingerprinter,
): StrategyReading {
  const out: StrategyReading = {};
  let stripped: UnleashStrategy | undefined;
  if (strategies.length === 0) out.rollout = 100;
  else if (strategies.length === 1) {
    const only = strategies[0]!;
    const parameter = PERCENT_PARAMETER[only.name];
    if (only.name === 'default') out.rollout = 100;
    else if (parameter !== undefined) {
      const value = percentOf(only.parameters[parameter]);
      if (value === undefined) {
        out.problem = `${only.name} ${parameter} ${JSON.stringify(only.parameters[parameter])} is not a percentage 0-100`;
      } else {
        out.rollout = value;
        stripped = only;
      }
    }
  } else if (strategies.some(isEveryone)) out.rollout = 100;
  else if (strategies.some((s) => PERCENT_PARAMETER[s.name] !== undefined)) {
    out.problem = `${strategies.length} strategies share the decision: no single rollout; compared as targeting only`;
  }
  const trivial =
    featureVariants.length === 0 &&
    (strategies.length === 0 ||
      (strategies.length === 1 && isEveryone(strategies[0]!) && isBare(strategies[0]!)));
  if (!trivial) {
    const canonical: Record<string, unknown> = {};
    if (strategies.length > 0) canonical.strategies = strategies.map((s) => strategyShape(s, s === stripped));
    if (featureVariants.length > 0) canonical.variants = featureVariants.map(variantShape);
    const text = canonicalJson(protectLeaves(canonical, 'targeting', fingerprint));
    out.targeting = shorten(text, TARGETING_MAX);
  }
  return out;
}

/** Reads one strategy entry of any export shape (`name` or `strategyName`); undefined when it is not one. */
export function toStrategy(raw: unknown): UnleashStrategy | undefined {
  if (!isMapping(raw)) return undefined;
  const name = typeof raw.name === 'string' ? raw.name : raw.strategyName;
  if (typeof name !== 'string') return undefined;
  return {
    name,
    parameters: isMapping(raw.parameters) ? raw.parameters : {},
    constraints: Array.isArray(raw.constraints) ? raw.constraints : [],
    segments: Array.isArray(raw.segments) ? raw.segments : [],
    variants: Array.isArray(raw.variants) ? raw.variants : [],
  };
}

/** Strategies an export marks `disabled` are kept in the UI but never evaluated. */
export function isActive(raw: unknown): boolean {
  return !(isMapping(raw) && raw.disabled === true);
}

function isEveryone(s: UnleashStrategy): boolean {
  const full = s.name === 'default' || percentOf(s.parameters[PERCENT_PARAMETER[s.name] ?? '']) === 100;
  return full && s.constraints.length === 0 && s.segments.length === 0;
}

function isBare(s: UnleashStrategy): boolean {
  return s.name === 'default' && Object.keys(s.parameters).length === 0 && s.variants.length === 0;
}

function percentOf(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 100 ? percent(n, 100) : undefined;
}

/** What decides who gets the feature: ids, titles, dates and sort orders dropped; constraint values sorted. */
function strategyShape(s: UnleashStrategy, withoutPercent: boolean): Record<string, unknown> {
  const parameters = { ...s.parameters };
  const parameter = PERCENT_PARAMETER[s.name];
  if (withoutPercent && parameter) delete parameters[parameter];
  const shape: Record<string, unknown> = { name: s.name };
  if (Object.keys(parameters).length > 0) shape.parameters = parameters;
  if (s.constraints.length > 0) shape.constraints = s.constraints.map(constraintShape);
  if (s.segments.length > 0) shape.segments = [...s.segments].map(String).sort();
  if (s.variants.length > 0) shape.variants = s.variants.map(variantShape);
  return shape;
}

function constraintShape(raw: unknown): unknown {
  if (!isMapping(raw)) return raw;
  const shape: Record<string, unknown> = { contextName: raw.contextName, operator: raw.operator };
  if (Array.isArray(raw.values)) shape.values = [...raw.values].map(String).sort();
  if (raw.value !== undefined) shape.value = raw.value;
  if (raw.inverted === true) shape.inverted = true;
  if (raw.caseInsensitive === true) shape.caseInsensitive = true;
  return shape;
}

function variantShape(raw: unknown): unknown {
  if (!isMapping(raw)) return raw;
  const shape: Record<string, unknown> = { name: raw.name, weight: raw.weight };
  for (const key of ['weightType', 'stickiness', 'payload', 'overrides']) {
    const v = raw[key];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) shape[key] = v;
  }
  return shape;
}
