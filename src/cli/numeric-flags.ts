import { UsageError } from '../errors.js';

/**
 * Every numeric command-line flag of every command is read here, so `--connections abc` or
 * `--timeout 0` is a usage error (exit 2) naming the flag and what it expects, before anything
 * is read, connected or sent. `Number('')` is 0 and `Number('1e3')` is 1000: the patterns below
 * accept only what the help text promises.
 */

const WHOLE = /^\s*\+?\d+\s*$/;
const DECIMAL = /^\s*\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export interface Range {
  min: number;
  max: number;
}

/** A whole number within [min, max]. */
export function wholeNumberFlag(flag: string, text: string | number, range: Range): number {
  const value = WHOLE.test(String(text)) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(
      `${flag} ${show(text)}: expected a whole number from ${fmt(range.min)} to ${fmt(range.max)}`,
    );
  }
  return value;
}

/** A number above 0 (decimals allowed), at most `max`. */
export function positiveNumberFlag(flag: string, text: string | number, max: number): number {
  const value = DECIMAL.test(String(text)) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`${flag} ${show(text)}: expected a number above 0, at most ${fmt(max)}`);
  }
  return value;
}

/** A duration (`500ms`, `10s`, `2m`, `1h`, bare seconds) above 0 and at most `maxMs`, in milliseconds. */
export function durationFlag(flag: string, text: string, maxMs: number): number {
  const m = DURATION.exec(text);
  const ms = m ? Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 1 || ms > maxMs) {
    throw new UsageError(
      `${flag} ${show(text)}: expected a duration above 0 such as 500ms, 10s or 2m, at most ${duration(maxMs)}`,
    );
  }
  return ms;
}

function show(text: string | number): string {
  const s = String(text);
  return s === '' ? '""' : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function fmt(n: number): string {
  return String(n);
}

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
