import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FactValue, SecretValue } from '../model/fact.js';
import { classifyValue, contentKind } from '../secrets/classify.js';
import { nameKind } from '../secrets/names.js';
import { containsCredential, MASK, redactText } from '../secrets/redact.js';
import type { Fingerprinter } from './types.js';

/** True when a variable's name says it holds a secret (DB_PASSWORD, STRIPE_SECRET_KEY, smtp.pw, ...). */
export function isSecretName(name: string): boolean {
  return nameKind(name) === 'credential';
}

/** True when a value holds a credential by its content alone, whole or inside a longer string. */
export function looksLikeSecret(value: string): boolean {
  return contentKind(value) === 'secret';
}

/** Credentials whose non-secret part tells the mode or the provider: kept as a redacted hint. */
const HINTED: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^((?:sk|rk)_(?:live|test)_)[0-9a-zA-Z]{8,}$/, (m) => `${m[1]}****`],
  [/^https:\/\/(hooks\.slack\.com)\/(?:services|workflows|triggers)\/\S+$/, (m) => `https://${m[1]}/****`],
  [/^https:\/\/(discord(?:app)?\.com)\/api\/webhooks\/\S+$/, (m) => `https://${m[1]}/api/webhooks/****`],
];

/**
 * A URL with credentials in it (a password, a token as its user, `?token=` in its query): the
 * redacted form, which keeps what is not secret: `postgres://app:****@db:5432/shop`.
 */
export function redactUrlCredentials(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) || !containsCredential(value)) return undefined;
  return redactText(value);
}

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
 * The one gate every configuration value passes through: a secret by content or by name becomes a
 * fingerprint the moment it is read (classifyValue decides); what is not secret in it (a URL's
 * host, `Bearer ****`, a properties file with its passwords masked) is kept as its redacted form.
 */
export function protectValue(name: string, value: string, fingerprint: Fingerprinter): FactValue {
  if (classifyValue(name, value) !== 'secret') return value;
  return secretValue(value, fingerprint, secretHint(value));
}

/** The redacted form of a secret value shown in reports, when something in it is not secret. */
export function secretHint(value: string): string | undefined {
  const v = value.trim();
  for (const [pattern, hint] of HINTED) {
    const m = pattern.exec(v);
    if (m) return hint(m);
  }
  const redacted = redactText(value);
  if (redacted === value || redacted.trim() === MASK) return undefined;
  // A whole file (a properties file with a password in it) is compared by the digest of its
  // redacted text: differences elsewhere in it still show, and the report stays one line.
  if (redacted.length <= MAX_HINT) return redacted;
  const digest = createHash('sha256').update(redacted).digest('hex').slice(0, 16);
  return `(${value.length} characters with credentials masked, sha256 ${digest})`;
}

const MAX_HINT = 200;

/**
 * The value of a key of a Secret (or another sensitive attribute): a fingerprint, because it sits
 * where secrets are kept, unless its content is public (a certificate, a public key: compared by a
 * plain digest) or empty.
 */
export function secretDataValue(content: string, fingerprint: Fingerprinter): FactValue {
  if (content.trim() === '') return '';
  if (contentKind(content) !== 'public') return secretValue(content, fingerprint);
  const digest = createHash('sha256').update(content.trim()).digest('hex').slice(0, 16);
  return `(public key or certificate, sha256 ${digest})`;
}
