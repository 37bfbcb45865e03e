import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FactValue, SecretValue } from '../model/fact.js';
import { ONLY_REFERENCE, redactUrlCredentials } from '../secrets/url.js';
import type { Fingerprinter } from './types.js';

const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[_-]?key|apikey|private[_-]?key|credential|auth[_-]?key|access[_-]?key|signing[_-]?key|client[_-]?secret|dsn|session[_-]?key|encryption[_-]?key|webhook[_-]?secret|salt)$/i;
const SECRET_NAME_ANYWHERE = /(password|secret|private_?key|credential|token)/i;
/** Names that match the patterns above but hold configuration, not secrets. */
const NOT_SECRET_NAME =
  /(_(file|path|url_path|ttl|timeout|expiry|expires|length|min_length|header|name|enabled|version))$/i;

/** Value shapes that are secrets whatever the variable is called. */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /^(sk|rk)_(live|test)_[0-9a-zA-Z]{8,}$/, // Stripe secret / restricted keys
  /^whsec_[0-9a-zA-Z]{8,}$/, // Stripe webhook secrets
  /^gh[pousr]_[0-9A-Za-z]{20,}$/, // GitHub tokens
  /^xox[abposr]-[0-9A-Za-z-]{10,}$/, // Slack tokens
  /^AKIA[0-9A-Z]{16}$/, // AWS access key ids
  /^SG\.[\w-]{16,}\.[\w-]{16,}$/, // SendGrid keys
  /^-----BEGIN [A-Z ]*PRIVATE KEY-----/, // PEM private keys
  /^eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}$/, // JWTs
];

/** `*_KEY` names hold a secret when the value is token-shaped (`RAILS_MASTER_KEY=<32 hex>`), not `CACHE_KEY=v2`. */
const KEY_NAME = /(^|_)(KEY|PASS|PWD|PIN|CERT)$/i;
const TOKEN_SHAPED = /^[A-Za-z0-9+/=_-]{20,}$/;
/** Keys meant to be public (Stripe publishable keys, VAPID public keys, site keys). */
const PUBLIC_KEY = /(PUBLISHABLE|PUBLIC|SITE)_KEY$/i;

/** True when a variable's name says it holds a secret (DB_PASSWORD, STRIPE_SECRET_KEY, ...). */
export function isSecretName(name: string): boolean {
  if (NOT_SECRET_NAME.test(name)) return false;
  return SECRET_NAME.test(name) || SECRET_NAME_ANYWHERE.test(name);
}

/** True when a value looks like a credential by its shape alone. */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  return SECRET_VALUE_PATTERNS.some((re) => re.test(v));
}

/** Credentials whose non-secret part tells the mode or the provider: kept as a redacted hint. */
const HINTED: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^((?:sk|rk)_(?:live|test)_)[0-9a-zA-Z]{8,}$/, (m) => `${m[1]}****`],
  [/^https:\/\/(hooks\.slack\.com)\/(?:services|workflows|triggers)\/\S+$/, (m) => `https://${m[1]}/****`],
  [/^https:\/\/(discord(?:app)?\.com)\/api\/webhooks\/\S+$/, (m) => `https://${m[1]}/api/webhooks/****`],
];

// Lives below the sources so that src/postgres/ (error messages quoting a URL) can use it too.
export { redactUrlCredentials } from '../secrets/url.js';

/**
 * Keyed fingerprints: HMAC-SHA256 under a key that never leaves the process. Two environments
 * collected with the same key can be checked for a shared secret; nobody can reverse a fingerprint
 * without the key, and even with it only by guessing.
 */
export function createFingerprinter(key: string | Buffer): Fingerprinter {
  return (value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 24);
}

/** A stable id of a fingerprint key (not the key), recorded in snapshots. */
export function fingerprintKeyId(key: string | Buffer): string {
  return createHash('sha256').update('parity-fingerprint-key-id:').update(key).digest('hex').slice(0, 16);
}

/** A fresh random key, for runs that collect both environments in one process. */
export function randomFingerprintKey(): Buffer {
  return randomBytes(32);
}

export function secretValue(value: string, fingerprint: Fingerprinter, redacted?: string): SecretValue {
  const out: SecretValue = { secret: true, fingerprint: fingerprint(value) };
  if (redacted) out.redacted = redacted;
  return out;
}

/**
 * The one gate every configuration value passes through: a secret by name or by shape becomes a
 * fingerprint the moment it is read; a URL with credentials keeps its redacted form.
 */
export function protectValue(name: string, value: string, fingerprint: Fingerprinter): FactValue {
  // `${DB_PASSWORD}` holds no secret; fingerprinting it would make both sides "share" it.
  if (ONLY_REFERENCE.test(value.trim())) return value;
  const redacted = redactUrlCredentials(value);
  if (redacted) return secretValue(value, fingerprint, redacted);
  for (const [pattern, hint] of HINTED) {
    const m = pattern.exec(value.trim());
    if (m) return secretValue(value, fingerprint, hint(m));
  }
  const tokenKey =
    KEY_NAME.test(name) &&
    !PUBLIC_KEY.test(name) &&
    !/^pk_/.test(value) &&
    TOKEN_SHAPED.test(value.trim()) &&
    /\d/.test(value) &&
    /[A-Za-z]/.test(value);
  if (value !== '' && (isSecretName(name) || looksLikeSecret(value) || tokenKey))
    return secretValue(value, fingerprint);
  return value;
}
