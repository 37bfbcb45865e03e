import { type Fact, isSecret } from '../model/fact.js';
import { makeFact } from '../model/make-fact.js';
import type { Coverage } from '../model/snapshot.js';
import { readDuration } from '../units/duration.js';
import { endpointHost, hostMarker, isInternalHost } from './integration-hosts.js';
import {
  type IntegrationMode,
  isObservabilitySetting,
  PROVIDERS,
  type Provider,
} from './integration-providers.js';

/** Config facts that are evidence or derived, not settings an application reads. */
const NOT_A_SETTING = /^config\/(code-ref|scope|flag|env-from|build-inlined)\//;
/** Settings whose host says where the provider is called (not a callback or a dashboard link). */
const ENDPOINT_NAME = /(URL|URI|ENDPOINT|HOST|BASE|DOMAIN|API)/i;
/**
 * The application's own addresses handed to a provider (`AUTH0_AUDIENCE`, `AUTH0_REDIRECT_URL`,
 * `STRIPE_SUCCESS_URL`, `..._WEBHOOK_URL` it listens on): not where the provider is reached, unless
 * the host is the provider's own (a Slack webhook on hooks.slack.com).
 */
const APP_ADDRESS_NAME =
  /(AUDIENCE|REDIRECT|CALLBACK|RETURN|LOGOUT|LOGIN_REDIRECT|SUCCESS|CANCEL|ORIGIN)(_?(URL|URI))?(_|$)/i;
const MODE_NAME = /(^|_)(MODE|ENV|ENVIRONMENT)$/i;
const TRUE = /^(true|1|yes|on|enabled)$/i;
const FALSE = /^(false|0|no|off|disabled)$/i;
const TIMEOUT = /(TIMEOUT|DEADLINE)/i;
const RETRIES = /(RETRIES|RETRY_COUNT|MAX_RETRY|RETRY_LIMIT|ATTEMPTS)/i;
const NOT_A_COUNT = /(BACKOFF|DELAY|INTERVAL|WAIT|JITTER|MODE)/i;
const RATE_LIMIT = /(RATE_?LIMIT|(^|_)(RPS|QPS)(_|$)|REQUESTS_PER|PER_SECOND|PER_MINUTE)/i;

/** One configuration value as this derivation sees it: never more than its redacted text. */
interface Setting {
  name: string;
  /** The value, or a secret's redacted form; undefined for a bare fingerprint. */
  text?: string;
  secret: boolean;
  host?: string;
  fact: Fact;
}

interface Signal {
  mode: IntegrationMode;
  fact: Fact;
}

/**
 * `integrations/...` facts from every configuration value of one environment (env vars,
 * ConfigMaps, values files, whatever source read them): the mode and API host of each third-party
 * provider recognised, its timeouts, retries and rate limit, each endpoint variable's host, and
 * every external host the configuration points at. Only names, hosts, modes and numbers come out:
 * never a value. Pure.
 */
export function integrationsFromConfig(facts: readonly Fact[]): Fact[] {
  const settings = settingsOf(facts);
  return [...PROVIDERS.flatMap((p) => providerFacts(p, settings)), ...hostFacts(settings)];
}

/**
 * Coverage of the integrations dimension: an environment whose configuration was read has been
 * looked at for integrations, even when it names none.
 */
export function integrationsCoverage(facts: readonly Fact[], derived: readonly Fact[]): Coverage[] {
  if (!facts.some((f) => f.key.startsWith('config/') && !NOT_A_SETTING.test(f.key))) return [];
  const count = derived.filter((f) => f.dimension === 'integrations').length;
  return [{ source: 'derived:integrations', kind: 'derived', dimensions: ['integrations'], facts: count }];
}

function settingsOf(facts: readonly Fact[]): Setting[] {
  const out: Setting[] = [];
  for (const fact of facts) {
    if (!fact.key.startsWith('config/') || NOT_A_SETTING.test(fact.key)) continue;
    const v = fact.value;
    const text =
      typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : isSecret(v)
            ? v.redacted
            : undefined;
    const host = text === undefined ? undefined : endpointHost(fact.attribute, text);
    if (isObservabilitySetting(fact.attribute, host)) continue;
    const setting: Setting = { name: fact.attribute, secret: isSecret(v), fact };
    if (text !== undefined) setting.text = text;
    if (host !== undefined) setting.host = host;
    out.push(setting);
  }
  return out;
}

function bare(host: string): string {
  return host.replace(/:\d+$/, '');
}

function providerFacts(p: Provider, settings: readonly Setting[]): Fact[] {
  // Names repeat across workloads (a large estate: 50,000 settings, a few dozen names): each is
  // tested once per provider.
  const named = new Map<string, boolean>();
  const namesProvider = (name: string) => {
    let hit = named.get(name);
    if (hit === undefined) {
      hit = p.names.test(name);
      named.set(name, hit);
    }
    return hit;
  };
  const related = settings.filter(
    (s) =>
      namesProvider(s.name) ||
      (s.host !== undefined && p.hosts.test(bare(s.host))) ||
      (s.text !== undefined && p.valueMode?.(s.text) !== undefined),
  );
  if (related.length === 0) return [];
  const out: Fact[] = [];
  const fact = (attribute: string, value: Fact['value'], from: Fact, unit?: string) =>
    makeFact({
      dimension: 'integrations',
      path: [p.id, attribute],
      value,
      origin: from.origin,
      ...(unit ? { unit } : {}),
    });
  const endpoints = related.filter(
    (s) =>
      s.host !== undefined &&
      (p.hosts.test(bare(s.host)) || (ENDPOINT_NAME.test(s.name) && !APP_ADDRESS_NAME.test(s.name))),
  );
  if (p.modes) {
    const { mode, from } = modeOf(p, related, endpoints);
    out.push(fact('mode', mode, from));
  }
  const hosts = [...new Set(endpoints.map((s) => s.host!))].sort();
  if (endpoints.length > 0) out.push(fact('host', hosts.join(', '), endpoints[0]!.fact));
  const tuning = new Map<string, Fact>();
  for (const s of related) {
    if (s.secret || s.text === undefined || !namesProvider(s.name)) continue;
    for (const [attribute, value, unit] of tuningOf(s.name, s.text)) {
      if (!tuning.has(attribute)) tuning.set(attribute, fact(attribute, value, s.fact, unit));
    }
  }
  out.push(...[...tuning.values()].sort((a, b) => a.key.localeCompare(b.key)));
  return out;
}

/**
 * The mode by the strongest evidence: an emulator host (nothing reaches the provider whatever the
 * keys say), then an explicit mode setting, then key shapes, then hosts, then the SDK's default.
 * Disagreeing signals of one strength give both, joined (`live+test`): never a guess.
 */
function modeOf(
  p: Provider,
  related: readonly Setting[],
  endpoints: readonly Setting[],
): { mode: string; from: Fact } {
  const tiers: Signal[][] = [[], [], [], [], []];
  for (const s of endpoints) {
    const marker = hostMarker(s.host!);
    const byHost = p.hostMode?.(bare(s.host!));
    if (marker === 'local-emulator') tiers[0]!.push({ mode: 'local-emulator', fact: s.fact });
    else if (byHost ?? marker) tiers[3]!.push({ mode: (byHost ?? marker)!, fact: s.fact });
  }
  for (const s of related) {
    if (s.text === undefined) continue;
    const explicit = s.secret || !p.names.test(s.name) ? undefined : explicitMode(s.name, s.text);
    if (explicit) tiers[1]!.push({ mode: explicit, fact: s.fact });
    const shaped = p.valueMode?.(s.text);
    if (shaped) tiers[2]!.push({ mode: shaped, fact: s.fact });
  }
  if (p.defaultMode) tiers[4]!.push({ mode: p.defaultMode, fact: related[0]!.fact });
  const decided = tiers.find((t) => t.length > 0);
  if (!decided) return { mode: 'unknown', from: related[0]!.fact };
  return { mode: [...new Set(decided.map((s) => s.mode))].sort().join('+'), from: decided[0]!.fact };
}

/** `STRIPE_MODE=test`, `PLAID_ENV=sandbox`, `SENDGRID_SANDBOX_MODE=true`, `STRIPE_LIVEMODE=false`. */
function explicitMode(name: string, text: string): IntegrationMode | undefined {
  const v = text.trim();
  const flag = (on: IntegrationMode, off: IntegrationMode) =>
    TRUE.test(v) ? on : FALSE.test(v) ? off : undefined;
  if (/SANDBOX/i.test(name)) return flag('sandbox', 'live');
  if (/TEST_?MODE|USE_TEST/i.test(name)) return flag('test', 'live');
  if (/LIVE_?MODE/i.test(name)) return flag('live', 'test');
  if (!MODE_NAME.test(name)) return undefined;
  if (/^(live|prod|production|live-[a-z]+)$/i.test(v)) return 'live';
  if (/^sandbox$/i.test(v)) return 'sandbox';
  if (/^(test|testing|dev|development|qa|staging|uat)$/i.test(v)) return 'test';
  return undefined;
}

/** Timeouts (ms, by qualifier; as written when the unit is unknown), retries and rate limit a provider-named variable sets. */
function tuningOf(name: string, text: string): [string, string | number, string?][] {
  if (TIMEOUT.test(name)) {
    const read = readDuration(text, name);
    if (read === undefined) return [];
    const qualifier = /CONNECT/i.test(name) ? 'connect-' : /(READ|SOCKET|IDLE)/i.test(name) ? 'read-' : '';
    // A number whose unit neither the value nor the name gives stays a number: never guessed.
    return read.known ? [[`${qualifier}timeout-ms`, read.ms, 'ms']] : [[`${qualifier}timeout`, read.number]];
  }
  if (RETRIES.test(name) && !NOT_A_COUNT.test(name)) {
    return /^\s*\d{1,6}\s*$/.test(text) ? [['retries', Number(text)]] : [];
  }
  if (RATE_LIMIT.test(name)) {
    const v = text.trim();
    if (/^\d+(\.\d+)?$/.test(v)) return [['rate-limit', Number(v)]];
    return v.length > 0 && v.length <= 40 ? [['rate-limit', v]] : [];
  }
  return [];
}

/** A variable name as one key segment. */
function segment(name: string): string {
  return name.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/**
 * `integrations/endpoint/<NAME>/host` for every variable pointing at a host (so a variable that
 * points elsewhere in staging pairs with production's), and `integrations/host/<host>` for every
 * external one, naming the variable.
 */
function hostFacts(settings: readonly Setting[]): Fact[] {
  const endpoints = new Map<string, Setting>();
  const external = new Map<string, Setting>();
  for (const s of settings) {
    if (s.host === undefined) continue;
    if (!endpoints.has(s.name)) endpoints.set(s.name, s);
    if (!isInternalHost(s.host) && !external.has(s.host)) external.set(s.host, s);
  }
  const byName = [...endpoints].sort(([a], [b]) => a.localeCompare(b));
  const byHost = [...external].sort(([a], [b]) => a.localeCompare(b));
  return [
    ...byName.map(([name, s]) =>
      makeFact({
        dimension: 'integrations',
        path: ['endpoint', segment(name), 'host'],
        value: s.host!,
        origin: s.fact.origin,
      }),
    ),
    ...byHost.map(([host, s]) =>
      makeFact({
        dimension: 'integrations',
        path: ['host', host],
        subject: 'host',
        value: s.name,
        compare: 'presence',
        origin: s.fact.origin,
      }),
    ),
  ];
}
