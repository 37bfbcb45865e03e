import { put } from '../../lookup.js';
import { isMapping } from '../shape.js';
import {
  canonicalJson,
  MAX_DEPTH,
  MAX_NODES,
  protectLeaves,
  shorten,
  TooComplex,
  variantText,
} from './canonical.js';
import { flagSegment } from './flag-facts.js';
import { fractionalRollout } from './fractional.js';
import { type DocumentContext, type FlagRecord, type FormatResult, lineIn } from './model.js';

/** Targeting longer than this is shown as a hash. */
const TARGETING_MAX = 120;

/**
 * flagd flag definitions: `{"flags": {"<key>": {state, variants, defaultVariant, targeting}},
 * "$evaluators": {...}}`, with `{"$ref": "<evaluator>"}` resolved as flagd does before comparing.
 */
export function readFlagd(doc: Record<string, unknown>, ctx: DocumentContext): FormatResult {
  const result: FormatResult = { flags: [], problems: [] };
  const flags = doc.flags;
  if (!isMapping(flags)) {
    result.problems.push({
      line: lineIn(ctx, doc, 'flags'),
      reason: 'expected "flags" to be an object of flag definitions (flagd format)',
    });
    return result;
  }
  const evaluators = isMapping(doc.$evaluators) ? doc.$evaluators : {};
  for (const [key, def] of Object.entries(flags)) {
    const line = lineIn(ctx, flags, key);
    if (!isMapping(def)) {
      result.problems.push({
        line,
        reason: `flag "${key}": expected an object with state, variants and defaultVariant`,
      });
      continue;
    }
    result.flags.push(readFlag(key, def, line, evaluators, ctx, result));
  }
  return result;
}

function readFlag(
  key: string,
  def: Record<string, unknown>,
  line: number,
  evaluators: Record<string, unknown>,
  ctx: DocumentContext,
  result: FormatResult,
): FlagRecord {
  const record: FlagRecord = { key, line };
  const problem = (at: number, reason: string, uncompared = false) =>
    result.problems.push({
      line: at,
      reason: `flag "${key}": ${reason}`,
      ...(uncompared ? { key: `config/flag/${flagSegment(key)}` } : {}),
    });
  const state = def.state;
  if (typeof state === 'string' && /^(enabled|disabled)$/i.test(state)) {
    record.state = { value: state.toLowerCase() as 'enabled' | 'disabled', line: lineIn(ctx, def, 'state') };
  } else {
    problem(lineIn(ctx, def, 'state'), 'expected state ENABLED or DISABLED');
  }
  const variants = isMapping(def.variants) ? def.variants : undefined;
  if (!variants) problem(line, 'expected "variants" to be an object of variant names to values');
  const defaultName = readDefault(def, variants, record, ctx, problem);
  if (def.targeting !== undefined && !(isMapping(def.targeting) && Object.keys(def.targeting).length === 0)) {
    readTargeting(def, evaluators, variants ?? {}, defaultName, record, ctx, problem);
  }
  return record;
}

/** Returns the default variant's name (null when the code default applies) for the rollout. */
function readDefault(
  def: Record<string, unknown>,
  variants: Record<string, unknown> | undefined,
  record: FlagRecord,
  ctx: DocumentContext,
  problem: (line: number, reason: string, uncompared?: boolean) => void,
): string | null | undefined {
  if (!Object.hasOwn(def, 'defaultVariant')) return undefined;
  const name = def.defaultVariant;
  const line = lineIn(ctx, def, 'defaultVariant');
  // Newer flagd: a null default means "use the default in code".
  if (name === null) {
    record.defaultVariant = { value: null, line };
    return null;
  }
  if (typeof name === 'string' && variants && Object.hasOwn(variants, name)) {
    try {
      record.defaultVariant = { value: variantText(name, variants[name], ctx.fingerprint), line };
    } catch (error) {
      if (!(error instanceof TooComplex)) throw error;
      problem(line, `the default variant's value is ${error.message}`, true);
    }
    return name;
  }
  const known = variants ? Object.keys(variants).join(', ') : 'none';
  problem(line, `defaultVariant ${JSON.stringify(name)} is not one of the variants (${known})`);
  return undefined;
}

function readTargeting(
  def: Record<string, unknown>,
  evaluators: Record<string, unknown>,
  variants: Record<string, unknown>,
  defaultName: string | null | undefined,
  record: FlagRecord,
  ctx: DocumentContext,
  problem: (line: number, reason: string, uncompared?: boolean) => void,
): void {
  const line = lineIn(ctx, def, 'targeting');
  if (!isMapping(def.targeting)) {
    problem(line, 'expected "targeting" to be a JSON Logic object');
    return;
  }
  try {
    const missing = new Set<string>();
    const resolved = resolveRefs(def.targeting, evaluators, missing, [], 0, { left: MAX_NODES });
    if (missing.size > 0) {
      problem(
        line,
        `targeting $ref names no $evaluators entry (or a cycle): ${[...missing].join(', ')}`,
        true,
      );
      return;
    }
    const rollout = fractionalRollout(resolved, variants, defaultName);
    if ('percent' in rollout) record.rollout = { value: rollout.percent, line };
    else if (rollout.unsupported) problem(line, `${rollout.unsupported}; compared as targeting only`);
    const text = canonicalJson(protectLeaves(resolved, 'targeting', ctx.fingerprint));
    record.targeting = { value: shorten(text, TARGETING_MAX), line };
  } catch (error) {
    if (!(error instanceof TooComplex)) throw error;
    problem(line, `targeting is ${error.message}`, true);
  }
}

/** A copy of the targeting with every `{"$ref": name}` replaced by that evaluator, as flagd loads it. */
function resolveRefs(
  value: unknown,
  evaluators: Record<string, unknown>,
  missing: Set<string>,
  seen: readonly string[],
  depth: number,
  budget: { left: number },
): unknown {
  if (depth > MAX_DEPTH) throw new TooComplex();
  if (--budget.left < 0) throw new TooComplex(`more than ${MAX_NODES} nodes once its $refs are expanded`);
  const next = (v: unknown, names = seen, levels = 1) =>
    resolveRefs(v, evaluators, missing, names, depth + levels, budget);
  if (Array.isArray(value)) return value.map((v) => next(v));
  if (!isMapping(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value.$ref === 'string') {
    const name = value.$ref;
    if (!Object.hasOwn(evaluators, name) || seen.includes(name)) {
      missing.add(name);
      return value;
    }
    return next(evaluators[name], [...seen, name]);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) put(out, key, next(value[key]));
  return out;
}
