import { hostMarker, isInternalHost, isTunnelHost } from '../../derive/integration-hosts.js';
import { type Provider, providerById, providerOfHost } from '../../derive/integration-providers.js';
import type { Fact, Origin } from '../../model/fact.js';
import { anyFact, bothSides, pairKind, textOf } from '../../rule-kit/helpers.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue } from '../../rule-kit/values.js';
import { formatMs } from '../../units/duration.js';

const PROVIDER_KEY =
  /^integrations\/([^/]+)\/(mode|host|(?:connect-|read-)?timeout(?:-ms)?|retries|rate-limit)$/;
const ENDPOINT_KEY = /^integrations\/endpoint\/([^/]+)\/host$/;
const HOST_KEY = /^integrations\/host\/([^/]+)$/;

function providerPair(
  pair: FactPair,
  attribute: RegExp,
): { provider: Provider; attribute: string } | undefined {
  const m = PROVIDER_KEY.exec(pair.key);
  const provider = m ? providerById(m[1]!) : undefined;
  return provider && attribute.test(m![2]!) ? { provider, attribute: m![2]! } : undefined;
}

function sibling(ctx: RuleContext, provider: Provider, attribute: string): FactPair {
  const key = `integrations/${provider.id}/${attribute}`;
  return { key, baseline: ctx.baseline.get(key), candidate: ctx.candidate.get(key) };
}

const ingressIndex = new WeakMap<ReadonlyMap<string, Fact>, Set<string>>();

/** Hosts an environment serves on its own ingresses (`infra/ingress/<i>/hosts`). */
function ingressHosts(map: ReadonlyMap<string, Fact>): Set<string> {
  let out = ingressIndex.get(map);
  if (!out) {
    out = new Set<string>();
    for (const [key, fact] of map) {
      if (!/^infra\/ingress\/[^/]+\/hosts$/.test(key)) continue;
      for (const host of Array.isArray(fact.value) ? fact.value : [textOf(fact) ?? ''])
        out.add(host.toLowerCase());
    }
    ingressIndex.set(map, out);
  }
  return out;
}

/** A variable name back from its key segment (see integrationsFromConfig). */
function variableName(segment: string): string {
  return segment.replace(/%2F/g, '/').replace(/%25/g, '%');
}

/** The candidate points at a host the baseline serves on its own ingress, and the candidate does not. */
function servedByBaseline(pair: FactPair, ctx: RuleContext): boolean {
  const host = textOf(pair.candidate)?.replace(/:\d+$/, '');
  return host !== undefined && ingressHosts(ctx.baseline).has(host) && !ingressHosts(ctx.candidate).has(host);
}

const originIndex = new WeakMap<ReadonlyMap<string, Fact>, Map<string, Fact>>();
const originKey = (o: Origin) => `${o.source}\u0000${o.file ?? ''}\u0000${o.line ?? ''}`;

/** The environment variable a derived fact was read from, when it was one. */
function envVariableAt(map: ReadonlyMap<string, Fact>, origin: Origin): Fact | undefined {
  let index = originIndex.get(map);
  if (!index) {
    index = new Map();
    for (const [key, fact] of map) if (key.startsWith('config/env/')) index.set(originKey(fact.origin), fact);
    originIndex.set(map, index);
  }
  return index.get(originKey(origin));
}

/**
 * The same variable on both sides: its difference is already reported by the config rules
 * (config.timeout-differs, config.pool-size-differs), with both values; said once.
 */
function reportedByConfig(pair: FactPair, ctx: RuleContext): boolean {
  if (!pair.baseline || !pair.candidate) return false;
  const b = envVariableAt(ctx.baseline, pair.baseline.origin);
  const c = envVariableAt(ctx.candidate, pair.candidate.origin);
  return b !== undefined && c !== undefined && b.attribute === c.attribute;
}

function describeHost(host: string, env: string): string {
  const notes: string[] = [];
  const marker = hostMarker(host);
  if (marker === 'local-emulator') notes.push('a mock or emulator');
  else if (marker) notes.push(`a ${marker} system`);
  if (isInternalHost(host)) notes.push(`inside ${env}'s network`);
  return notes.length > 0 ? `${host} (${notes.join('; ')})` : host;
}

function tuningRule(
  id: string,
  attribute: RegExp,
  what: string,
  risk: string,
  remedy: string,
  dedupe: boolean,
): Rule {
  return {
    id,
    dimension: 'integrations',
    severity: 'medium',
    title: `A third-party ${what} differs`,
    risk,
    remedy,
    appliesTo: (pair) => providerPair(pair, attribute) !== undefined,
    judge(pair, ctx) {
      // A setting on one side only is the config rules' (config.env-missing / env-extra).
      if (!bothSides(pair) || pairKind(pair) !== 'differs' || (dedupe && reportedByConfig(pair, ctx)))
        return null;
      const { provider, attribute: name } = providerPair(pair, attribute)!;
      const ms = pair.baseline.unit === 'ms';
      const show = (f: Fact) =>
        ms && typeof f.value === 'number' ? formatMs(f.value) : formatValue(f.value);
      const b = pair.baseline.value;
      const c = pair.candidate.value;
      const longer = typeof b === 'number' && typeof c === 'number' && b > 0 && c > b;
      // A timeout without `-ms` is a number whose unit nobody wrote: both sides share the name, so it is compared as is.
      const unknown = /timeout$/.test(name) ? ' (unit unknown: compared as numbers)' : '';
      return {
        kind: 'differs',
        message: `${provider.label} ${name.replace(/-ms$/, '')}: ${ctx.baselineName} ${show(pair.baseline)}, ${ctx.candidateName} ${show(pair.candidate)}${unknown}${longer && (ms || unknown) ? ` — ${ctx.candidateName} waits ${Number(((c as number) / (b as number)).toPrecision(2))}x longer` : ''}`,
      };
    },
  };
}

function modeFinding(pair: FactPair, ctx: RuleContext, provider: Provider): Finding | null {
  const kind = pairKind(pair);
  if (!kind) return null;
  const b = textOf(pair.baseline);
  const c = textOf(pair.candidate);
  if (kind === 'only-baseline' || kind === 'only-candidate') {
    const [present, absent, mode] =
      kind === 'only-baseline'
        ? [ctx.baselineName, ctx.candidateName, b]
        : [ctx.candidateName, ctx.baselineName, c];
    return {
      kind,
      severity: kind === 'only-baseline' ? 'medium' : 'low',
      message: `${present} uses ${provider.label} (${mode}); ${absent} has no ${provider.label} settings${kind === 'only-baseline' ? ': the code calling it is untested there, or fails' : ''}`,
    };
  }
  if (b === 'unknown' || c === 'unknown') {
    return {
      kind,
      severity: 'low',
      message: `${provider.label}: ${ctx.baselineName} ${b}, ${ctx.candidateName} ${c} — no setting shows the mode on one side (its keys are secrets); check it by hand`,
    };
  }
  return {
    kind,
    message: `${provider.label}: ${ctx.baselineName} ${b}, ${ctx.candidateName} ${c} — ${provider.untested}`,
    detail: { provider: provider.id },
  };
}

export const integrationRules: Rule[] = [
  {
    id: 'integrations.endpoint-production-in-staging',
    dimension: 'integrations',
    severity: 'critical',
    title: 'Staging uses a live third party or production itself',
    risk: 'Staging in live mode charges real cards, messages real customers and changes real accounts; staging pointed at production’s own hosts or tenant writes production data. Test traffic becomes a production incident.',
    remedy:
      'Give staging its own sandbox or test credentials (or a tenant of its own) and refuse live keys outside production in the deploy pipeline.',
    appliesTo(pair, ctx) {
      if (ENDPOINT_KEY.test(pair.key)) return servedByBaseline(pair, ctx);
      const mode = providerPair(pair, /^mode$/);
      if (mode)
        return (
          mode.provider.sideEffects && textOf(pair.baseline) === 'live' && textOf(pair.candidate) === 'live'
        );
      const host = providerPair(pair, /^host$/);
      return (
        host?.provider.tenant === true && bothSides(pair) && textOf(pair.baseline) === textOf(pair.candidate)
      );
    },
    judge(pair, ctx) {
      const endpoint = ENDPOINT_KEY.exec(pair.key);
      if (endpoint) {
        return {
          kind: pairKind(pair) ?? 'shared',
          message: `${variableName(endpoint[1]!)} in ${ctx.candidateName} points at ${textOf(pair.candidate)}, which ${ctx.baselineName}'s ingress serves: ${ctx.candidateName} calls ${ctx.baselineName}`,
        };
      }
      const { provider, attribute } = providerPair(pair, /^(mode|host)$/)!;
      if (attribute === 'host') {
        return {
          kind: 'shared',
          severity: provider.sideEffects ? 'critical' : 'high',
          message: `${ctx.candidateName} uses ${ctx.baselineName}'s ${provider.label} tenant ${textOf(pair.candidate)}${provider.live ? `: it ${provider.live}` : ': users, rules and limits are shared'}`,
        };
      }
      const host = sibling(ctx, provider, 'host');
      const sameHost =
        textOf(host.candidate) !== undefined && textOf(host.candidate) === textOf(host.baseline);
      return {
        kind: 'shared',
        message: `${provider.label} runs in live mode in ${ctx.candidateName}, as in ${ctx.baselineName}${sameHost ? ` (both call ${textOf(host.candidate)})` : ''}: ${ctx.candidateName} ${provider.live ?? 'acts on real accounts'}`,
        detail: { provider: provider.id },
      };
    },
  },
  {
    id: 'integrations.mode-differs',
    dimension: 'integrations',
    severity: 'medium',
    title: 'A third party runs in another mode (live, test, sandbox, emulator)',
    risk: 'A sandbox or test mode never fails the way the live service does: staging passes with a provider that never declines, never throttles and never delivers, so the failure paths production meets are untested.',
    remedy:
      'Keep the sandbox, but test the failure paths on purpose (the provider’s test cards, error triggers and rate-limit simulations), and run a small live smoke test in production after each release.',
    appliesTo: (pair) => providerPair(pair, /^mode$/) !== undefined,
    judge: (pair, ctx) => modeFinding(pair, ctx, providerPair(pair, /^mode$/)!.provider),
  },
  {
    id: 'integrations.endpoint-differs',
    dimension: 'integrations',
    severity: 'medium',
    title: 'A third-party endpoint points at another host',
    risk: 'Staging calls something other than what production calls (a mock, a stub, another vendor region): latency, errors, payload quirks and limits of the real endpoint are untested; production’s fraud API is api.fraud.com while staging’s is a mock that always says yes.',
    remedy:
      'Point staging at the vendor’s test or sandbox endpoint of the same service, or record what the mock leaves untested.',
    appliesTo: (pair) => ENDPOINT_KEY.test(pair.key) || providerPair(pair, /^host$/) !== undefined,
    judge(pair, ctx) {
      if (!bothSides(pair) || pairKind(pair) !== 'differs') return null;
      const b = textOf(pair.baseline)!;
      const c = textOf(pair.candidate)!;
      const provider = providerPair(pair, /^host$/)?.provider;
      if (provider) {
        // A sandbox host is the mode's story, told by integrations.mode-differs.
        if (pairKind(sibling(ctx, provider, 'mode')) !== null) return null;
        // A tenant of its own is the healthy case for a tenant-per-environment provider; its config still drifts.
        if (provider.tenant) {
          return {
            kind: 'differs',
            severity: 'low',
            message: `${provider.label} tenant: ${ctx.baselineName} ${b}, ${ctx.candidateName} ${c} — ${provider.untested}`,
          };
        }
        return {
          kind: 'differs',
          message: `${provider.label} host: ${ctx.baselineName} ${b}, ${ctx.candidateName} ${c}`,
        };
      }
      // Known providers speak through their own facts; internal services are the config rules'.
      if (providerOfHost(b) || providerOfHost(c) || isInternalHost(b)) return null;
      const name = variableName(ENDPOINT_KEY.exec(pair.key)![1]!);
      const elsewhere = ctx.candidate.get(`integrations/host/${b}`);
      return {
        kind: 'differs',
        message: `${name}: ${ctx.baselineName} ${describeHost(b, ctx.baselineName)}, ${ctx.candidateName} ${describeHost(c, ctx.candidateName)}${elsewhere ? ` (${ctx.candidateName} still reaches ${b} through ${textOf(elsewhere)})` : ''}`,
      };
    },
  },
  tuningRule(
    'integrations.timeout-differs',
    /^(connect-|read-)?timeout(-ms)?$/,
    'timeout',
    'A longer timeout towards a provider in staging hides its slow answers: production’s shorter one cuts them off and retries, doubling charges or messages when the first call did land.',
    'Use production’s timeout in staging, and make the calls idempotent (idempotency keys) so a timed-out retry is safe.',
    true,
  ),
  tuningRule(
    'integrations.retries-differ',
    /^retries$/,
    'retry count',
    'Retries decide what a provider outage does: more retries in production multiply load on a struggling provider and duplicate non-idempotent calls; fewer in staging hide both.',
    'Use the same retry policy in both environments, with backoff and idempotency keys.',
    false,
  ),
  tuningRule(
    'integrations.rate-limit-differs',
    /^rate-limit$/,
    'rate limit',
    'The client-side rate limit decides when calls queue or fail: production meets the provider’s limits staging never reaches.',
    'Keep production’s limit in staging and test the throttled path explicitly.',
    true,
  ),
  {
    id: 'integrations.tunnel-host',
    dimension: 'integrations',
    severity: 'medium',
    title: 'Configuration points at a tunnel or request bin',
    risk: 'A developer tunnel (ngrok) or a public request bin receives real requests and their data: it leaks to a third party, and stops the day the laptop sleeps.',
    remedy: 'Point the setting at a service the environment owns; keep tunnels to local development.',
    appliesTo: (pair) => HOST_KEY.test(pair.key),
    judge(pair, ctx) {
      const host = HOST_KEY.exec(pair.key)![1]!;
      if (!isTunnelHost(host)) return null;
      const inBaseline = pair.baseline !== undefined;
      const where = [pair.baseline ? ctx.baselineName : '', pair.candidate ? ctx.candidateName : '']
        .filter(Boolean)
        .join(' and ');
      return {
        kind: pairKind(pair) ?? 'shared',
        severity: inBaseline ? 'high' : 'medium',
        message: `${host} (${textOf(anyFact(pair))}) is a tunnel or request bin, called from ${where}`,
      };
    },
  },
];
