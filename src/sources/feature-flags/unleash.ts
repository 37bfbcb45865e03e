import { isMapping } from '../shape.js';
import { TooComplex } from './canonical.js';
import { flagSegment } from './flag-facts.js';
import { type DocumentContext, type FlagRecord, type FormatResult, lineIn } from './model.js';
import { isActive, readStrategies, toStrategy, type UnleashStrategy } from './unleash-strategies.js';

type Shape = 'flat' | 'nested' | 'split';

/**
 * Unleash exports, in the three shapes they come in: `features[]` with `enabled` and `strategies`
 * (client API, v3 state export), `features[].environments[]` (admin API), and `features[]` beside
 * `featureEnvironments[]` / `featureStrategies[]` (v4+ state export, v5 export). A feature with no
 * row for the chosen environment is not served there, and gets no facts.
 */
export function readUnleash(doc: Record<string, unknown>, ctx: DocumentContext): FormatResult {
  const result: FormatResult = { flags: [], problems: [] };
  const featureEnvs = Array.isArray(doc.featureEnvironments) ? doc.featureEnvironments : undefined;
  const featureStrategies = Array.isArray(doc.featureStrategies) ? doc.featureStrategies : undefined;
  if (!Array.isArray(doc.features) && !featureEnvs && !featureStrategies) {
    result.problems.push({ line: ctx.line, reason: 'expected an Unleash export with a "features" list' });
    return result;
  }
  const features = Array.isArray(doc.features) ? doc.features.filter(isMapping) : [];
  const shape: Shape =
    featureEnvs || featureStrategies
      ? 'split'
      : features.some((f) => Array.isArray(f.environments))
        ? 'nested'
        : 'flat';
  const picked = pickEnvironment(
    environmentsOf(shape, features, featureEnvs ?? [], featureStrategies ?? []),
    ctx,
  );
  if ('problem' in picked) {
    result.problems.push({ line: ctx.line, reason: picked.problem });
    return result;
  }
  const env = picked.name;
  if (Array.isArray(doc.dependencies) && doc.dependencies.length > 0) {
    result.problems.push({
      line: lineIn(ctx, doc, 'dependencies'),
      reason: 'feature dependencies (parent flags) are not compared; each feature is read on its own',
    });
  }
  const split = {
    envs: (featureEnvs ?? []).filter(isMapping),
    strategies: (featureStrategies ?? []).filter(isMapping),
  };
  const named = new Map<string, Record<string, unknown>>();
  for (const feature of features) {
    if (typeof feature.name !== 'string' || feature.name === '') {
      result.problems.push({ line: lineIn(ctx, feature), reason: 'expected a feature with a "name"' });
    } else if (feature.archived !== true && !named.has(feature.name)) named.set(feature.name, feature);
  }
  // Exports made with "features" left out still list each feature's environments.
  for (const fe of split.envs) {
    if (typeof fe.featureName === 'string' && !named.has(fe.featureName))
      named.set(fe.featureName, { name: fe.featureName });
  }
  for (const [name, feature] of named) {
    const record = readFeature(name, feature, shape, env, split, ctx, result);
    if (record) result.flags.push(record);
  }
  return result;
}

interface Split {
  envs: Record<string, unknown>[];
  strategies: Record<string, unknown>[];
}

function readFeature(
  name: string,
  feature: Record<string, unknown>,
  shape: Shape,
  env: string | undefined,
  split: Split,
  ctx: DocumentContext,
  result: FormatResult,
): FlagRecord | undefined {
  const line = lineIn(ctx, feature, 'name');
  const problem = (at: number, reason: string, uncompared = false) =>
    result.problems.push({
      line: at,
      reason: `feature "${name}": ${reason}`,
      ...(uncompared ? { key: `config/flag/${flagSegment(name)}` } : {}),
    });
  let holder: Record<string, unknown> | undefined = feature;
  let rawStrategies: unknown[] | undefined;
  let at = line;
  if (shape === 'flat') {
    // Unleash 2 and 3 exports name one strategy per feature: `strategy` and `parameters`.
    rawStrategies = Array.isArray(feature.strategies)
      ? feature.strategies
      : typeof feature.strategy === 'string'
        ? [{ name: feature.strategy, parameters: feature.parameters }]
        : undefined;
    if (Array.isArray(feature.strategies) && feature.strategies.length > 0)
      at = lineIn(ctx, feature.strategies[0]);
  } else if (shape === 'nested') {
    const envs = Array.isArray(feature.environments) ? feature.environments.filter(isMapping) : [];
    holder = envs.find((e) => e.name === env);
    rawStrategies = Array.isArray(holder?.strategies) ? holder.strategies : [];
  } else {
    holder = split.envs.find(
      (e) => e.featureName === name && (env === undefined || (e.environment ?? e.name) === env),
    );
    rawStrategies = split.strategies
      .filter(
        (s) =>
          s.featureName === name &&
          (env === undefined || s.environment === undefined || s.environment === env),
      )
      .sort((a, b) => sortOrder(a) - sortOrder(b));
  }
  if (!holder) return undefined;
  const record: FlagRecord = { key: name, line };
  if (typeof holder.enabled === 'boolean') {
    record.state = { value: holder.enabled ? 'enabled' : 'disabled', line: lineIn(ctx, holder, 'enabled') };
  } else problem(line, 'expected "enabled" to be true or false');
  if (!rawStrategies) {
    problem(line, 'no "strategies" list (SDKs evaluate such a feature as off): rollout not derived');
    return record;
  }
  const strategies: UnleashStrategy[] = [];
  for (const raw of rawStrategies.filter(isActive)) {
    const strategy = toStrategy(raw);
    if (strategy) strategies.push(strategy);
    else problem(lineIn(ctx, raw), 'expected a strategy with a "name"');
  }
  const variants = Array.isArray(holder.variants)
    ? holder.variants
    : Array.isArray(feature.variants)
      ? feature.variants
      : [];
  if (shape !== 'flat' && rawStrategies.length > 0) at = lineIn(ctx, rawStrategies[0]);
  try {
    const reading = readStrategies(strategies, variants, ctx.fingerprint);
    if (reading.rollout !== undefined) record.rollout = { value: reading.rollout, line: at };
    if (reading.targeting !== undefined) record.targeting = { value: reading.targeting, line: at };
    if (reading.problem) problem(at, reading.problem);
  } catch (error) {
    if (!(error instanceof TooComplex)) throw error;
    problem(at, `strategies or variants ${error.message}`, true);
  }
  return record;
}

function sortOrder(strategy: Record<string, unknown>): number {
  return typeof strategy.sortOrder === 'number' && Number.isFinite(strategy.sortOrder)
    ? strategy.sortOrder
    : 0;
}

function environmentsOf(
  shape: Shape,
  features: Record<string, unknown>[],
  featureEnvs: unknown[],
  featureStrategies: unknown[],
): string[] {
  const names = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '') names.add(v);
  };
  if (shape === 'nested') {
    for (const f of features)
      if (Array.isArray(f.environments)) for (const e of f.environments.filter(isMapping)) add(e.name);
  } else if (shape === 'split') {
    for (const e of featureEnvs.filter(isMapping)) add(e.environment ?? e.name);
    for (const s of featureStrategies.filter(isMapping)) add(s.environment);
  }
  return [...names].sort();
}

/**
 * The environment to read: the `unleashEnvironment` option, else the only one, else the one named
 * like the Parity environment (an export's `production` for Parity's `production`).
 */
function pickEnvironment(
  envs: string[],
  ctx: DocumentContext,
): { name: string | undefined } | { problem: string } {
  const wanted = ctx.unleashEnvironment;
  if (wanted !== undefined) {
    if (envs.length === 0 || envs.includes(wanted)) return { name: envs.length === 0 ? undefined : wanted };
    return { problem: `unleashEnvironment "${wanted}" is not in this export (it holds: ${envs.join(', ')})` };
  }
  if (envs.length <= 1) return { name: envs[0] };
  if (ctx.environmentHint !== undefined && envs.includes(ctx.environmentHint))
    return { name: ctx.environmentHint };
  return {
    problem: `the export holds several Unleash environments (${envs.join(', ')}): set unleashEnvironment to choose one`,
  };
}
