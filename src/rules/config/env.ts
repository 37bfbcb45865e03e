import type { Fact } from '../../model/fact.js';
import {
  anyFact,
  bothSides,
  isEnvKey,
  isSecretPair,
  pairKind,
  sidesOf,
  textOf,
} from '../../rule-kit/helpers.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue } from '../../rule-kit/values.js';
import { judgeTimeout } from './timeout.js';

const DEBUG_NAME =
  /(^|_)(DEBUG|VERBOSE|TRACE)(_|$)|^(LOG_LEVEL|LOGLEVEL|NODE_ENV|RAILS_ENV|RACK_ENV|APP_ENV|FLASK_ENV|DJANGO_DEBUG|FLASK_DEBUG|APP_DEBUG|ASPNETCORE_ENVIRONMENT|GIN_MODE)$/i;
const DEBUG_ON = /^(true|1|yes|on|debug|trace|development|dev|verbose|all|\*)$/i;
const TIMEOUT_NAME = /(TIMEOUT|DEADLINE|_TTL$|TTL_|KEEPALIVE|KEEP_ALIVE|GRACE_PERIOD)/i;
const FLAG_NAME = /^(FEATURE|FF|FLAG|ENABLE|DISABLE|USE)_|_(ENABLED|DISABLED|FEATURE|FLAG)$/i;
/**
 * A switch that says which environment the code runs in (`IN_PRODUCTION=1`, `IS_STAGING=true`,
 * `PRODUCTION_MODE=on`): the code branches on it, so what runs behind it in production never runs
 * where it is off. HIGH when it is on in one environment and off in the other.
 */
const ENVIRONMENT_SWITCH =
  /^((IS|IN|ON|RUNNING_IN|RUN_IN)_)?(PROD|PRODUCTION|LIVE|STAGING|STAGE|DEV|DEVELOPMENT)(_(MODE|ENV|ENVIRONMENT))?$/i;
const BOOLEAN = /^(true|false|1|0|yes|no|on|off)$/i;

function isEnvironmentSwitch(pair: FactPair): boolean {
  if (!ENVIRONMENT_SWITCH.test(anyFact(pair).attribute)) return false;
  const b = textOf(pair.baseline)?.trim();
  const c = textOf(pair.candidate)?.trim();
  return b !== undefined && c !== undefined && BOOLEAN.test(b) && BOOLEAN.test(c);
}
const POOL_NAME =
  /(POOL|MAX_CONN|CONNECTIONS|WORKERS|THREADS|CONCURRENCY|MAX_CLIENTS|PARALLELISM|REPLICAS|QUEUE_SIZE|BATCH_SIZE|RATE_LIMIT)/i;

/** A word that makes a pool-like name a logging switch: `HIKARI_DEBUG_POOL_LOGGING` logs the pool, it does not size it. */
const LOGGING_WORD = /(^|_)(DEBUG|LOGGING|LOG|TRACE|VERBOSE)(_|$)/i;

/** Debug and logging switches, including a pool word qualified by a logging one (`DB_POOL_LOGGING`). */
function isDebugName(name: string): boolean {
  return DEBUG_NAME.test(name) || (POOL_NAME.test(name) && LOGGING_WORD.test(name));
}

function debugOn(fact: Fact | undefined): boolean {
  const text = textOf(fact);
  return text !== undefined && DEBUG_ON.test(text.trim());
}

/** Names the code reads without a default, per side: from `config/code-ref/<NAME>` facts. */
function requiredByCode(ctx: RuleContext): Map<string, Fact> {
  const out = new Map<string, Fact>();
  for (const map of [ctx.baseline, ctx.candidate]) {
    for (const fact of map.values()) {
      if (fact.key.startsWith('config/code-ref/') && fact.value === 'required' && !out.has(fact.attribute)) {
        out.set(fact.attribute, fact);
      }
    }
  }
  return out;
}

/** Where an environment sets a variable, whatever the source: env of any workload, dotenv, build arg, ConfigMap. */
function setting(map: ReadonlyMap<string, Fact>, name: string): Fact | undefined {
  for (const fact of map.values()) {
    if (fact.attribute !== name) continue;
    if (
      fact.key.startsWith('config/env/') ||
      fact.key.startsWith('config/build-arg/') ||
      fact.key.startsWith('config/configmap/')
    ) {
      return fact;
    }
  }
  return undefined;
}

const requiredCache = new WeakMap<RuleContext, Map<string, Fact>>();
function required(ctx: RuleContext): Map<string, Fact> {
  let found = requiredCache.get(ctx);
  if (!found) {
    found = requiredByCode(ctx);
    requiredCache.set(ctx, found);
  }
  return found;
}

function oneSided(pair: FactPair, ctx: RuleContext, what: string): Finding | null {
  const kind = pairKind(pair);
  if (kind !== 'only-baseline' && kind !== 'only-candidate') return null;
  const fact = anyFact(pair);
  const { present, absent } = sidesOf(kind, ctx);
  return {
    kind,
    message: `${what} ${fact.attribute}${scopeLabel(fact)} is set in ${present} (${formatValue(fact.value, fact.unit)}) and not in ${absent}`,
  };
}

/** `NAME (workload): production a, staging b`. */
function envSides(pair: FactPair, ctx: RuleContext): string {
  const fact = anyFact(pair);
  return `${fact.attribute}${scopeLabel(fact)}: ${ctx.baselineName} ${formatValue(pair.baseline?.value)}, ${ctx.candidateName} ${formatValue(pair.candidate?.value)}`;
}

function scopeLabel(fact: Fact): string {
  const parts = fact.key.split('/');
  return parts.length > 3 ? ` (${parts.slice(2, -1).join('/')})` : '';
}

export const configRules: Rule[] = [
  {
    id: 'config.debug-enabled',
    dimension: 'config',
    severity: 'high',
    title: 'Debug or development mode on in one environment only',
    risk: 'Debug modes change code paths: verbose error pages, disabled caches, relaxed validation, extra logging. What passes in debug mode is not what runs in production.',
    remedy:
      'Run staging with production modes (NODE_ENV=production, DEBUG off, LOG_LEVEL as production) and turn on debug output per request or per pod when needed.',
    appliesTo: (pair) =>
      isEnvKey(pair.key) &&
      isDebugName(anyFact(pair).attribute) &&
      debugOn(pair.baseline) !== debugOn(pair.candidate),
    judge(pair, ctx) {
      const on = debugOn(pair.candidate) ? ctx.candidateName : ctx.baselineName;
      const name = anyFact(pair).attribute;
      return {
        kind: pairKind(pair) ?? 'differs',
        message: `${name}${scopeLabel(anyFact(pair))} turns debug on in ${on}: ${ctx.baselineName} ${formatValue(pair.baseline?.value)}, ${ctx.candidateName} ${formatValue(pair.candidate?.value)}`,
      };
    },
  },
  {
    id: 'config.timeout-differs',
    dimension: 'config',
    severity: 'high',
    title: 'A timeout differs',
    risk: "A longer timeout in staging hides the calls production's shorter one cuts off: slow dependencies pass staging and fail in production as timeouts and retries.",
    remedy:
      "Use production's timeout in staging; if staging's dependencies are slower, fix or fake them rather than widening the timeout.",
    appliesTo: (pair) =>
      isEnvKey(pair.key) &&
      bothSides(pair) &&
      !isSecretPair(pair) &&
      TIMEOUT_NAME.test(anyFact(pair).attribute),
    judge: (pair, ctx) => judgeTimeout(pair as Required<FactPair>, ctx, scopeLabel(anyFact(pair))),
  },
  {
    id: 'config.feature-flag-differs',
    dimension: 'config',
    severity: 'medium',
    title: 'A feature flag is set differently',
    risk: 'Staging tests the other branch of the flag: the code production runs behind it has never been exercised before release, nor has the switch between the two.',
    remedy:
      'Test both states in staging (flip the flag during the test run), or match production’s state before release.',
    appliesTo: (pair) =>
      isEnvKey(pair.key) &&
      bothSides(pair) &&
      !isSecretPair(pair) &&
      (FLAG_NAME.test(anyFact(pair).attribute) || isEnvironmentSwitch(pair)),
    judge(pair, ctx) {
      if (pairKind(pair) !== 'differs') return null;
      if (isEnvironmentSwitch(pair) && debugOn(pair.baseline) !== debugOn(pair.candidate)) {
        const on = debugOn(pair.baseline) ? ctx.baselineName : ctx.candidateName;
        return {
          kind: 'differs',
          severity: 'high',
          message: `${envSides(pair, ctx)}: an environment switch, on in ${on} only: the code behind it runs nowhere else`,
        };
      }
      return {
        kind: 'differs',
        message: envSides(pair, ctx),
      };
    },
  },
  {
    id: 'config.pool-size-differs',
    dimension: 'config',
    severity: 'medium',
    title: 'A pool, concurrency or limit setting differs',
    risk: 'Pool sizes, worker counts and limits decide when requests queue, when connections run out and when rate limits bite; a different value in staging never meets production’s exhaustion point.',
    remedy:
      'Keep the same per-instance value in staging, scaled only where the declared scale says so; test exhaustion explicitly with replayed traffic.',
    appliesTo: (pair) =>
      isEnvKey(pair.key) &&
      bothSides(pair) &&
      !isSecretPair(pair) &&
      POOL_NAME.test(anyFact(pair).attribute) &&
      !LOGGING_WORD.test(anyFact(pair).attribute),
    judge(pair, ctx) {
      if (pairKind(pair) !== 'differs') return null;
      return { kind: 'differs', message: envSides(pair, ctx) };
    },
  },
  {
    id: 'config.env-required-missing',
    dimension: 'config',
    severity: 'high',
    title: 'A variable the code reads is set in one environment only',
    risk: 'The code reads this variable without a default; the environment that lacks it runs a different code path (or crashes) that the other never exercises before release.',
    remedy:
      'Set the variable in both environments (a staging value if it must differ), or give the code an explicit default and a test for it.',
    scan(ctx) {
      const out: Finding[] = [];
      for (const [name, ref] of required(ctx)) {
        const b = setting(ctx.baseline, name);
        const c = setting(ctx.candidate, name);
        if (!!b === !!c) continue;
        const where = ref.origin.file
          ? `${ref.origin.file}${ref.origin.line ? `:${ref.origin.line}` : ''}`
          : 'the code';
        out.push({
          kind: b ? 'only-baseline' : 'only-candidate',
          key: `config/code-ref/${name}`,
          severity: b ? 'high' : 'critical',
          message: `${name} is read by ${where} and set only in ${b ? ctx.baselineName : ctx.candidateName}`,
          ...(b ? { baseline: b } : { candidate: c! }),
        });
      }
      return out;
    },
  },
  {
    id: 'config.env-scope-differs',
    dimension: 'config',
    severity: 'medium',
    title: 'A variable is build-time in one environment and runtime in the other',
    risk: 'Build-time variables (Dockerfile ARG, NEXT_PUBLIC_*, VITE_*) are baked into the image or bundle. Setting one at runtime has no effect, and an image built for staging carries staging’s value into production.',
    remedy:
      'Decide one scope per variable. For browser bundles, build one image per environment or load public configuration at runtime (a /config endpoint).',
    appliesTo: (pair) => pair.key.startsWith('config/scope/'),
    judge(pair, ctx) {
      if (!bothSides(pair) || pairKind(pair) !== 'differs') return null;
      return {
        kind: 'differs',
        message: `${anyFact(pair).attribute} is ${formatValue(pair.baseline.value)} in ${ctx.baselineName}, ${formatValue(pair.candidate.value)} in ${ctx.candidateName}`,
      };
    },
  },
  {
    id: 'config.env-missing',
    dimension: 'config',
    severity: 'medium',
    title: 'A variable production sets is missing in staging',
    risk: 'The code path this variable switches on (a feature, an endpoint, a limit) never runs in staging before release.',
    remedy: 'Set it in staging too, with a staging value where production’s cannot be used.',
    appliesTo: (pair, ctx) =>
      isEnvKey(pair.key) &&
      pair.baseline !== undefined &&
      pair.candidate === undefined &&
      !required(ctx).has(pair.baseline.attribute),
    judge: (pair, ctx) => oneSided(pair, ctx, 'variable'),
  },
  {
    id: 'config.env-extra',
    dimension: 'config',
    severity: 'low',
    title: 'A variable is set in staging only',
    risk: 'Staging runs with a setting production lacks: a test-only switch or an override that makes staging behave unlike production.',
    remedy: 'Remove it, or set it in production too if the code needs it.',
    appliesTo: (pair, ctx) =>
      isEnvKey(pair.key) &&
      pair.baseline === undefined &&
      pair.candidate !== undefined &&
      !required(ctx).has(pair.candidate.attribute),
    judge: (pair, ctx) => oneSided(pair, ctx, 'variable'),
  },
  {
    id: 'config.env-value-differs',
    dimension: 'config',
    severity: 'low',
    title: 'A variable’s value differs',
    risk: 'Staging exercises a different setting than production: behaviour behind this value is untested as production runs it.',
    remedy: 'Align the value, or record why it must differ (accept with a reason).',
    appliesTo: (pair) => isEnvKey(pair.key),
    judge(pair, ctx) {
      // One-sided pairs the rules above left alone are code-required variables, reported by the scan.
      if (!bothSides(pair) || isSecretPair(pair) || pairKind(pair) !== 'differs') return null;
      return {
        kind: 'differs',
        message: envSides(pair, ctx),
      };
    },
  },
];
