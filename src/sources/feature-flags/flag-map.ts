import { put } from '../../lookup.js';
import { isSecret } from '../../model/fact.js';
import { protectValue } from '../secrets.js';
import { isMapping } from '../shape.js';
import { canonicalJson, percent, protectLeaves, shorten, TooComplex } from './canonical.js';
import { flagSegment } from './flag-facts.js';
import { type DocumentContext, type FlagRecord, type FormatResult, lineIn } from './model.js';

/** Keys a homemade file wraps its flags in. */
const WRAPPERS = ['flags', 'features', 'feature_flags', 'featureFlags', 'feature-flags', 'toggles'];
const ON = /^(true|on|yes|enabled|enable)$/i;
const OFF = /^(false|off|no|disabled|disable)$/i;
const ROLLOUT_KEYS = ['rollout', 'percentage', 'percent', 'rollout_percentage', 'rolloutPercentage'];
const VALUE_KEYS = ['value', 'variant', 'default'];
/** Words about a flag rather than its behaviour. */
const NOTE_KEYS = new Set(['description', 'owner', 'comment', 'notes', 'note', 'jira', 'ticket', 'expires']);
const MAX_NESTING = 5;

/** The map a file holds its flags in, unwrapped from `flags:` and friends. */
export function flagMapOf(doc: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(doc);
  if (keys.length === 1 && WRAPPERS.includes(keys[0]!) && isMapping(doc[keys[0]!]))
    return doc[keys[0]!] as Record<string, unknown>;
  return doc;
}

/** Whether a document reads as a homemade flag map: scalars and objects only, with at least one on/off. */
export function looksLikeFlagMap(doc: Record<string, unknown>): boolean {
  if ('apiVersion' in doc && 'kind' in doc) return false;
  const map = flagMapOf(doc);
  let switches = 0;
  const walk = (node: Record<string, unknown>, depth: number): boolean =>
    Object.values(node).every((v) => {
      if (typeof v === 'boolean' || (typeof v === 'string' && (ON.test(v) || OFF.test(v)))) switches++;
      else if (isMapping(v) && 'enabled' in v) switches++;
      else if (isMapping(v)) return depth < MAX_NESTING && walk(v, depth + 1);
      if (isMapping(v)) return true;
      return v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number';
    });
  return Object.keys(map).length > 0 && walk(map, 1) && switches > 0;
}

/**
 * A homemade map of flag -> value (`new_checkout: true`, `search: elastic`), with nested groups
 * flattened to dotted keys and `{enabled, rollout, ...}` objects read as one flag.
 */
export function readFlagMap(doc: Record<string, unknown>, ctx: DocumentContext): FormatResult {
  const result: FormatResult = { flags: [], problems: [] };
  walk(flagMapOf(doc), '', 1, ctx, result);
  return result;
}

function walk(
  node: Record<string, unknown>,
  prefix: string,
  depth: number,
  ctx: DocumentContext,
  result: FormatResult,
): void {
  for (const [name, value] of Object.entries(node)) {
    const key = prefix + name;
    const line = lineIn(ctx, node, name);
    if (isMapping(value) && !('enabled' in value)) {
      if (depth >= MAX_NESTING)
        result.problems.push({ line, reason: `flag group "${key}" is nested too deep` });
      else walk(value, `${key}.`, depth + 1, ctx, result);
      continue;
    }
    const record = readOne(key, value, line, ctx, result);
    if (record) result.flags.push(record);
  }
}

function readOne(
  key: string,
  value: unknown,
  line: number,
  ctx: DocumentContext,
  result: FormatResult,
): FlagRecord | undefined {
  const record: FlagRecord = { key, line };
  if (typeof value === 'boolean') record.state = { value: value ? 'enabled' : 'disabled', line };
  else if (typeof value === 'string' && (ON.test(value.trim()) || OFF.test(value.trim()))) {
    record.state = { value: ON.test(value.trim()) ? 'enabled' : 'disabled', line };
  } else if (typeof value === 'string' || typeof value === 'number') {
    // A value flag (`search_backend: elastic`) always resolves to its value.
    record.state = { value: 'enabled', line };
    record.defaultVariant = { value: protectValue(key, String(value), ctx.fingerprint), line };
  } else if (isMapping(value)) return readObject(key, value, line, ctx, result);
  else {
    result.problems.push({
      line,
      reason: `flag "${key}": expected a boolean, string or number, or {enabled, rollout}`,
    });
    return undefined;
  }
  return record;
}

function readObject(
  key: string,
  value: Record<string, unknown>,
  line: number,
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
  const enabled = value.enabled;
  const stateLine = lineIn(ctx, value, 'enabled');
  if (typeof enabled === 'boolean')
    record.state = { value: enabled ? 'enabled' : 'disabled', line: stateLine };
  else if (typeof enabled === 'string' && (ON.test(enabled) || OFF.test(enabled))) {
    record.state = { value: ON.test(enabled) ? 'enabled' : 'disabled', line: stateLine };
  } else problem(stateLine, 'expected "enabled" to be true or false');
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'enabled' || NOTE_KEYS.has(k)) continue;
    if (ROLLOUT_KEYS.includes(k) && record.rollout === undefined) {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/%$/, '')) : Number.NaN;
      if (Number.isFinite(n) && n >= 0 && n <= 100)
        record.rollout = { value: percent(n, 100), line: lineIn(ctx, value, k) };
      else problem(lineIn(ctx, value, k), `${k} ${JSON.stringify(v)} is not a percentage 0-100`);
    } else if (
      VALUE_KEYS.includes(k) &&
      record.defaultVariant === undefined &&
      (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    ) {
      const shown = protectValue(key, String(v), ctx.fingerprint);
      record.defaultVariant = { value: isSecret(shown) ? shown : String(v), line: lineIn(ctx, value, k) };
    } else put(rest, k, v);
  }
  // Whatever else the object says (user lists, groups, environments) decides who gets the flag.
  if (Object.keys(rest).length > 0) {
    try {
      record.targeting = {
        value: shorten(canonicalJson(protectLeaves(rest, key, ctx.fingerprint)), 120),
        line,
      };
    } catch (error) {
      if (!(error instanceof TooComplex)) throw error;
      problem(line, `targeting is ${error.message}`, true);
    }
  }
  return record;
}
