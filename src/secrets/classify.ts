import { nameKind, nameWords } from './names.js';
import { containsCredential } from './redact.js';
import { PRIVATE_KEY_START } from './shapes.js';

/**
 * What a value is: a `secret` (fingerprinted when read, compared only by fingerprint), a
 * `reference` to one (compared as configuration), `public` material, or `plain` configuration.
 */
export type ValueKind = 'secret' | 'reference' | 'public' | 'plain';

const ONLY_REFERENCE =
  /^(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\}|\$\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\))$/s;

/** Where a secret lives, not what it is: secret managers, vault paths, CI secret expressions. */
const SECRET_LOCATION =
  /^(?:arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):|projects\/[^/\s]+\/secrets\/|(?:ref\+)?(?:vault|awssm|awsssm|sm|gcpsm|azurekv|azure-keyvault|op|sops|doppler|akv|secretsmanager|gcp-secretmanager):(?:\/\/)?\S|\$\{\{\s*secrets\.)/i;
const ABSOLUTE_PATH = /^\/(?:[\w.@-]+\/)*[\w.@-]+\/?$/;

/** Public keys and certificates: meant to be shared, never a credential. */
const PUBLIC_MATERIAL =
  /^(?:-----BEGIN (?:PUBLIC KEY|RSA PUBLIC KEY|EC PUBLIC KEY|CERTIFICATE|TRUSTED CERTIFICATE|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|X509 CRL|PGP PUBLIC KEY BLOCK|SSH2 PUBLIC KEY)-----|(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) AAAA|pk_(?:live|test)_\w+$)/;
const PUBLIC_FILE = /^[\w./@-]+\.(?:pub|crt|cer|pem|p7b)$/i;
const BOOLEAN = /^(?:true|false|yes|no|on|off|enabled|disabled)$/i;

function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** Random-looking enough to be a key: long, one word, mixed, high entropy (`RAILS_MASTER_KEY`). */
export function tokenLike(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || !/^[A-Za-z0-9+/=_.:~-]+$/.test(v)) return false;
  const mixed = /\d/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)) || /[+/=]/.test(v);
  return mixed && entropy(v) >= 3;
}

/** True when the value is `${VAR}`, `{{ .Values.x }}` or `$(VAR)`: the secret lives elsewhere. */
export function isOnlyReference(value: string): boolean {
  return ONLY_REFERENCE.test(value.trim());
}

/** What a value is by its content alone, before its name is asked. */
export function contentKind(value: string): ValueKind | undefined {
  const v = value.trim();
  if (v === '' || isOnlyReference(v)) return 'reference';
  if (PRIVATE_KEY_START.test(v)) return 'secret';
  if (PUBLIC_MATERIAL.test(v) || PUBLIC_FILE.test(v)) return 'public';
  if (containsCredential(v)) return 'secret';
  if (SECRET_LOCATION.test(v) || ABSOLUTE_PATH.test(v)) return 'reference';
  return undefined;
}

/**
 * Classifies a named value: by content first (token shapes, private keys, passwords in URLs and
 * connection strings are secrets under any name; references and public keys never are), then by
 * name (`DB_PASSWORD` holds one whatever it says; `*_KEY` when the value is random-looking).
 * @example classifyValue('tls.secretName', 'shop-tls') // 'reference'
 */
export function classifyValue(name: string, value: string): ValueKind {
  const byContent = contentKind(value);
  if (byContent) return byContent;
  const v = value.trim();
  const kind = nameKind(name);
  if (BOOLEAN.test(v)) return kind === 'plain' ? 'plain' : 'reference';
  if (kind === 'credential') return 'secret';
  if (kind === 'key') {
    // `passwordKey: password`, `tokenKey: api-token`: the name of a key inside a Secret.
    return tokenLike(v) ? 'secret' : 'reference';
  }
  return kind;
}

/** Secret-container names whose children are secrets whatever they are called (`secrets: {DB: x}`). */
const CONTAINER_LAST = new Set(['secret', 'secrets', 'credentials', 'creds', 'passwords', 'tokens', 'keys']);

/** True when a parent segment makes every child a secret (a map of secrets), not just a hint. */
export function isSecretContainer(segment: string): boolean {
  const last = nameWords(segment).at(-1);
  return last !== undefined && CONTAINER_LAST.has(last) && nameKind(segment) === 'credential';
}
