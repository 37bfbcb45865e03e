import type { FactValue } from '../../model/fact.js';
import {
  isSecretName,
  looksLikeSecret,
  protectValue,
  redactUrlCredentials,
  secretValue,
} from '../secrets.js';
import type { Fingerprinter } from '../types.js';

/** `password=...`, `token: ...` inside a longer string (a connection string, an inline config). */
const INLINE_CREDENTIAL =
  /(pass(word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]\s*[^\s;&,'"]+/i;
const ONLY_REFERENCE =
  /^(\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\})$/s;

/**
 * The gate for a values setting: protectValue by the leaf's name, and more, because values files
 * nest secrets under secret-named parents (`auth: { rootPassword: x }`, `secrets: { DB: x }`) and
 * inline them in strings.
 */
export function protectSetting(path: readonly string[], text: string, fingerprint: Fingerprinter): FactValue {
  const name = path[path.length - 1] ?? '';
  const trimmed = text.trim();
  if (trimmed === '' || ONLY_REFERENCE.test(trimmed)) return text;
  const underSecretParent = path.slice(0, -1).some((segment) => isSecretName(segment));
  if (underSecretParent || INLINE_CREDENTIAL.test(text)) {
    return secretValue(text, fingerprint, redactUrlCredentials(text));
  }
  return protectValue(name, text, fingerprint);
}

/** A number or boolean stays itself unless its name says secret (`pin: 1234` under `auth`). */
export function protectScalar(
  path: readonly string[],
  value: number | boolean,
  fingerprint: Fingerprinter,
): FactValue {
  const protectedValue = protectSetting(path, String(value), fingerprint);
  return typeof protectedValue === 'string' ? value : protectedValue;
}

/** True when anything inside a list or mapping is secret by name or by shape. */
export function containsSecret(value: unknown, depth = 0): boolean {
  if (depth > 32) return true; // cannot tell: treat as secret rather than risk a leak
  if (typeof value === 'string') {
    return (
      looksLikeSecret(value) || redactUrlCredentials(value) !== undefined || INLINE_CREDENTIAL.test(value)
    );
  }
  if (Array.isArray(value)) return value.some((item) => containsSecret(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (isSecretName(key) && item !== null && item !== undefined && item !== '') return true;
      if (containsSecret(item, depth + 1)) return true;
    }
  }
  return false;
}
