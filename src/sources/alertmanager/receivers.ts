import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { isSecretName, redactUrlCredentials, secretValue } from '../secrets.js';
import { asObj, type Obj } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import type { LineLocator } from '../yaml-docs.js';
import type { SkipAt } from './routes.js';

/** Webhooks that are on-call services in disguise (Grafana OnCall, incident.io, Squadcast, ...). */
const ONCALL_URL =
  /^https?:\/\/[^/]*(pagerduty\.com|opsgenie\.com|victorops\.com|incident\.io|squadcast\.com|splunkoncall\.com|oncall[^/]*)(\/|$)|\/integrations\/v1\/alertmanager\//i;
/** Kinds whose URL itself is the credential (a Slack or Teams webhook URL posts as the team). */
const URL_IS_SECRET = new Set([
  'slack',
  'webhook',
  'discord',
  'msteams',
  'msteamsv2',
  'mattermost',
  'googlechat',
]);
const URL_FIELD = /^(url|api_url|webhook_url|slack_api_url)$/;
const SECRET_FIELD =
  /(^|_)(routing_key|service_key|api_key|api_secret|token|bot_token|user_key|password|auth_password|auth_secret|credentials|bearer_token|client_secret|secret_key|access_key|secret)$/;
/** What a value that holds no secret looks like: a placeholder Alertmanager prints, or a reference. */
const NOT_A_VALUE = /^(<secret>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|)$/;

export interface ReceiverInfo {
  kinds: string[];
  node: Obj;
}

export interface CredentialInput {
  source: string;
  file: string;
  lineOf: LineLocator;
  fingerprint: Fingerprinter;
}

/** Receivers by name, with the kinds of notification each sends. */
export function readReceivers(list: unknown, skip: SkipAt, owner: Obj): Map<string, ReceiverInfo> {
  const out = new Map<string, ReceiverInfo>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) {
    skip(owner, 'expected `receivers:` as a list', 'receivers');
    return out;
  }
  for (const item of list) {
    const receiver = asObj(item);
    if (!receiver || typeof receiver.name !== 'string') {
      skip(receiver ?? owner, 'expected a receiver with a `name:`', receiver ? undefined : 'receivers');
      continue;
    }
    if (out.has(receiver.name))
      skip(receiver, `receiver ${receiver.name} is defined twice; the first is used`);
    else out.set(receiver.name, { kinds: kindsOf(receiver), node: receiver });
  }
  return out;
}

function kindsOf(receiver: Obj): string[] {
  const kinds = new Set<string>();
  for (const [key, configs] of Object.entries(receiver)) {
    if (!key.endsWith('_configs') || !Array.isArray(configs) || configs.length === 0) continue;
    const kind = key.slice(0, -'_configs'.length);
    for (const config of configs) {
      const url = asObj(config)?.url;
      kinds.add(
        kind === 'webhook' && typeof url === 'string' && ONCALL_URL.test(url) ? 'oncall-webhook' : kind,
      );
    }
  }
  return [...kinds].sort();
}

/**
 * Keyed fingerprints of receiver credentials (routing keys, webhook URLs, API keys), so that a
 * staging Alertmanager holding production's PagerDuty key can be told without either key leaving.
 */
export function receiverCredentials(receivers: Map<string, ReceiverInfo>, input: CredentialInput): Fact[] {
  const facts: Fact[] = [];
  for (const [name, { node }] of receivers) {
    for (const [key, configs] of Object.entries(node)) {
      if (!key.endsWith('_configs') || !Array.isArray(configs)) continue;
      const kind = key.slice(0, -'_configs'.length);
      configs.forEach((config, i) => {
        const path = ['receiver', name.replace(/\//g, '%2F'), i === 0 ? kind : `${kind}#${i + 1}`];
        walk(asObj(config), kind, path, [], input, facts, 0);
      });
    }
  }
  return facts;
}

/** The `global:` section's credentials (`slack_api_url`, `opsgenie_api_key`, SMTP passwords). */
export function globalCredentials(global: unknown, input: CredentialInput): Fact[] {
  const facts: Fact[] = [];
  walk(asObj(global), 'global', ['alertmanager', 'global'], [], input, facts, 0);
  return facts;
}

function walk(
  obj: Obj | undefined,
  kind: string,
  path: readonly string[],
  fields: readonly string[],
  input: CredentialInput,
  facts: Fact[],
  depth: number,
): void {
  if (!obj || depth > 6) return;
  for (const [field, value] of Object.entries(obj)) {
    if (field.endsWith('_file')) continue; // a path to the secret, not the secret
    if (asObj(value)) {
      walk(asObj(value), kind, path, [...fields, field], input, facts, depth + 1);
      continue;
    }
    if (typeof value !== 'string' || NOT_A_VALUE.test(value.trim()) || value.includes('${')) continue;
    const redacted = redactUrlCredentials(value);
    const urlSecret = URL_FIELD.test(field) && (URL_IS_SECRET.has(kind) || field === 'slack_api_url');
    if (!redacted && !urlSecret && !SECRET_FIELD.test(field) && !isSecretName(field)) continue;
    facts.push(
      makeFact({
        dimension: 'observability',
        path: [...path, [...fields, field].join('.')],
        value: secretValue(value, input.fingerprint, redacted ?? urlOrigin(value)),
        compare: 'presence',
        origin: { source: input.source, file: input.file, line: input.lineOf(obj, field) },
      }),
    );
  }
}

/** `https://hooks.slack.com/services/T0/B0/XXX` -> `https://hooks.slack.com/****`: where it posts, not how. */
function urlOrigin(value: string): string | undefined {
  const m = /^(https?:\/\/[^/?#@\s]+)[/?#]/i.exec(value.trim());
  return m && !m[1]!.includes('@') ? `${m[1]}/****` : undefined;
}
