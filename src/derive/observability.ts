import { table } from '../lookup.js';
import { type Fact, isSecret } from '../model/fact.js';
import { makeFact } from '../model/make-fact.js';

/** Error reporters and the variable that turns each on (a DSN or an API key, never read, only seen). */
const REPORTERS: readonly { tool: string; name: RegExp }[] = [
  { tool: 'sentry', name: /^(NEXT_PUBLIC_|VITE_|REACT_APP_|NUXT_PUBLIC_|PUBLIC_|EXPO_PUBLIC_)?SENTRY_DSN$/ },
  { tool: 'bugsnag', name: /^BUGSNAG_API_KEY$/ },
  { tool: 'rollbar', name: /^ROLLBAR_(ACCESS_)?TOKEN$/ },
  { tool: 'honeybadger', name: /^HONEYBADGER_API_KEY$/ },
  { tool: 'airbrake', name: /^AIRBRAKE_PROJECT_KEY$/ },
];
/** Sampling rates in [0, 1] that SDKs read from the environment. */
const RATE_NAME =
  /^(NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_)?(SENTRY_TRACES_SAMPLE_RATE|SENTRY_SAMPLE_RATE|SENTRY_PROFILES_SAMPLE_RATE|DD_TRACE_SAMPLE_RATE)$/;
const OTEL_SAMPLER = 'OTEL_TRACES_SAMPLER';
const OTEL_ARG = 'OTEL_TRACES_SAMPLER_ARG';
const LEVEL_NAME =
  /^(LOG_LEVEL|LOGLEVEL|LOGGING_LEVEL|LOGGING_LEVEL_ROOT|LOGGING__LOGLEVEL__DEFAULT|RUST_LOG|[A-Z0-9_]+_LOG_LEVEL)$/;
const RATE = /^\s*(\d+(\.\d*)?|\.\d+)(e-?\d+)?\s*$/i;

/** Levels from the most verbose; every logging library's names map onto one of them. */
const LEVELS = ['trace', 'debug', 'info', 'notice', 'warn', 'error', 'fatal', 'off'] as const;
const LEVEL_ALIASES = table<(typeof LEVELS)[number]>({
  all: 'trace',
  finest: 'trace',
  finer: 'trace',
  trace: 'trace',
  verbose: 'debug',
  fine: 'debug',
  debug: 'debug',
  info: 'info',
  information: 'info',
  informational: 'info',
  notice: 'notice',
  warn: 'warn',
  warning: 'warn',
  err: 'error',
  error: 'error',
  severe: 'error',
  crit: 'fatal',
  critical: 'fatal',
  fatal: 'fatal',
  panic: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  off: 'off',
  none: 'off',
  silent: 'off',
});

/** Environment variables as (scope, name, fact): scope is the workload, or '' when unscoped. */
function settings(facts: readonly Fact[]): { scope: string; name: string; fact: Fact }[] {
  const out: { scope: string; name: string; fact: Fact }[] = [];
  for (const fact of facts) {
    // Only `config/env` and keys under it: the others are not split at all.
    if (!fact.key.startsWith('config/env') || !(fact.key.length === 10 || fact.key[10] === '/')) continue;
    // `config/env/<scope...>/<name>`: the scope is what lies between `config/env/` and the last `/`.
    const last = fact.key.lastIndexOf('/');
    const scope = last > 11 ? fact.key.slice(11, last) : '';
    out.push({ scope, name: fact.attribute, fact });
  }
  return out;
}

function text(fact: Fact): string | undefined {
  return typeof fact.value === 'string'
    ? fact.value
    : typeof fact.value === 'number'
      ? String(fact.value)
      : undefined;
}

function isSet(fact: Fact): boolean {
  if (isSecret(fact.value)) return true;
  const t = text(fact);
  return t !== undefined && t.trim() !== '';
}

function rate(fact: Fact | undefined): number | undefined {
  const t = fact ? text(fact) : undefined;
  if (t === undefined || !RATE.test(t)) return undefined;
  const n = Number(t);
  return n >= 0 && n <= 1 ? n : undefined;
}

/** The OTel SDK's effective ratio, when the sampler is stated: the default sampler depends on the distribution. */
function otelRatio(sampler: Fact | undefined, arg: Fact | undefined): number | undefined {
  const name = sampler ? text(sampler)?.trim().toLowerCase() : undefined;
  if (name === 'always_on' || name === 'parentbased_always_on') return 1;
  if (name === 'always_off' || name === 'parentbased_always_off') return 0;
  if (name === 'traceidratio' || name === 'parentbased_traceidratio') return arg ? rate(arg) : 1;
  return undefined;
}

function levelOf(fact: Fact): number | undefined {
  const t = text(fact);
  if (t === undefined) return undefined;
  // RUST_LOG and friends: `info,my_crate=debug`; every directive counts.
  const ranks = t
    .split(',')
    .map((part) => LEVEL_ALIASES[(part.split('=').pop() ?? '').trim().toLowerCase()])
    .filter((l) => l !== undefined)
    .map((l) => LEVELS.indexOf(l));
  return ranks.length > 0 ? Math.min(...ranks) : undefined;
}

/**
 * What the configuration says about observability: which error reporter is on (presence only:
 * the DSN is never kept), SDK sampling rates, and the most verbose log level set anywhere. Pure.
 */
export function observabilityFromConfig(facts: readonly Fact[]): Fact[] {
  const out = new Map<string, Fact>();
  const put = (path: string[], value: Fact['value'], from: Fact, compare: Fact['compare'] = 'exact') => {
    const fact = makeFact({ dimension: 'observability', path, value, compare, origin: from.origin });
    if (!out.has(fact.key)) out.set(fact.key, fact);
  };
  const vars = settings(facts);
  const byScope = new Map<string, Map<string, Fact>>();
  let verbose: { rank: number; fact: Fact } | undefined;
  for (const { scope, name, fact } of vars) {
    const scoped = scope ? [scope] : [];
    const names = byScope.get(scope) ?? new Map<string, Fact>();
    byScope.set(scope, names);
    if (!names.has(name)) names.set(name, fact);
    const reporter = REPORTERS.find((r) => r.name.test(name));
    if (reporter && isSet(fact)) put(['error-reporting', ...scoped, reporter.tool], name, fact, 'presence');
    const r = RATE_NAME.test(name) ? rate(fact) : undefined;
    if (r !== undefined) put(['sampling', ...scoped, name, 'rate'], r, fact);
    const rank = LEVEL_NAME.test(name) ? levelOf(fact) : undefined;
    if (rank !== undefined && (verbose === undefined || rank < verbose.rank)) verbose = { rank, fact };
  }
  for (const [scope, names] of byScope) {
    const sampler = names.get(OTEL_SAMPLER);
    const arg = names.get(OTEL_ARG);
    const ratio = otelRatio(sampler, arg);
    if (ratio === undefined || !sampler) continue;
    const from = arg && /ratio$/i.test(text(sampler) ?? '') ? arg : sampler;
    put(['sampling', ...(scope ? [scope] : []), OTEL_ARG, 'rate'], ratio, from);
  }
  if (verbose) put(['logging', 'level'], LEVELS[verbose.rank]!, verbose.fact);
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}
