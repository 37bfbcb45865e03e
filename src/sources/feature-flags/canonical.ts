import { createHash } from 'node:crypto';
import { isSecret } from '../../model/fact.js';
import { protectValue } from '../secrets.js';
import { isMapping } from '../shape.js';
import type { Fingerprinter } from '../types.js';

/** Nesting deeper than this is no targeting rule anyone wrote by hand: named as unsupported, not walked. */
export const MAX_DEPTH = 64;

/** Expanded `$ref`s may not build more nodes than this: evaluators that reference each other twice per level double at each level. */
export const MAX_NODES = 100_000;

/** Thrown inside this folder only, and always caught by the reader that walks the value; the message names the limit. */
export class TooComplex extends Error {
  constructor(message = `nested deeper than ${MAX_DEPTH} levels`) {
    super(message);
  }
}

/**
 * JSON with object keys sorted at every level, so two files that differ only in key order or
 * whitespace compare equal. Throws TooComplex past MAX_DEPTH.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, 0)) ?? 'null';
}

function sortKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new TooComplex();
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1));
  if (isMapping(value)) {
    // fromEntries defines each key, `__proto__` too (an assignment would set the prototype).
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key], depth + 1)]),
    );
  }
  return value;
}

/**
 * Long texts become `sha256:<12 hex> (<n> chars)`, so messages stay one line; equal texts still
 * give equal values, and the origin line points at the full rules.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return `sha256:${digest} (${text.length} chars)`;
}

/**
 * Every string leaf passes through protectValue, named by the nearest object key, or inside a
 * JSON Logic comparison by the variable it is compared with (`{"==": [{"var": "token"}, "..."]}`):
 * a token or a URL with a password inside a variant payload or a rule becomes `(secret)` (or its
 * redacted form) before anything is printed or hashed.
 */
export function protectLeaves(value: unknown, name: string, fingerprint: Fingerprinter, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new TooComplex();
  if (typeof value === 'string') {
    const protectedValue = protectValue(name, value, fingerprint);
    return isSecret(protectedValue) ? (protectedValue.redacted ?? '(secret)') : protectedValue;
  }
  if (Array.isArray(value)) {
    const compared = value.map(varName).find((v) => v !== undefined) ?? name;
    return value.map((v) => protectLeaves(v, compared, fingerprint, depth + 1));
  }
  if (isMapping(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, protectLeaves(v, key, fingerprint, depth + 1)]),
    );
  }
  return value;
}

/** `{"var": "email"}` or `{"var": ["email", "default"]}` -> `email`. */
function varName(value: unknown): string | undefined {
  if (!isMapping(value)) return undefined;
  const v = Array.isArray(value.var) ? value.var[0] : value.var;
  return typeof v === 'string' ? v : undefined;
}

/** A variant as people read it: `on = true`, `blue = "#00f"`; long values hashed. */
export function variantText(name: string, value: unknown, fingerprint: Fingerprinter): string {
  const json = canonicalJson(protectLeaves(value, name, fingerprint));
  return `${name} = ${shorten(json, 80)}`;
}

/** Rounds a percentage to two decimals, the precision rollout tools show. */
export function percent(part: number, total: number): number {
  return Math.round((part / total) * 10_000) / 100;
}
