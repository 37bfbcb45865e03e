import type { FactValue } from '../../model/fact.js';
import { classifyValue, isOnlyReference, isSecretContainer, tokenLike } from '../../secrets/classify.js';
import { isConfigName } from '../../secrets/names.js';
import { isSecretName, looksLikeSecret, secretHint, secretValue } from '../secrets.js';
import type { Fingerprinter } from '../types.js';

/**
 * The gate for a values setting: protectValue by the leaf's name, and more, because values files
 * nest secrets under secret-named parents. Under a map of secrets (`secrets: { DB: x }`) every
 * value is one; under a hint (`auth: { rootPassword: x, database: shop }`) a value is one when its
 * own name says so or it looks random. A reference (`auth.existingSecret`, `tls.secretName`,
 * `passwordKey: password`) is configuration wherever it stands.
 */
export function protectSetting(path: readonly string[], text: string, fingerprint: Fingerprinter): FactValue {
  const name = path[path.length - 1] ?? '';
  const trimmed = text.trim();
  if (trimmed === '' || isOnlyReference(trimmed)) return text;
  const kind = classifyValue(name, text);
  if (kind === 'secret') return secretValue(text, fingerprint, secretHint(text));
  if (kind !== 'plain' || isConfigName(name) || /^(true|false|-?\d+(\.\d+)?)$/.test(trimmed)) return text;
  const parents = path.slice(0, -1);
  const secret = parents.some(isSecretContainer) || (parents.some(isSecretName) && tokenLike(trimmed));
  return secret ? secretValue(text, fingerprint, secretHint(text)) : text;
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
    return looksLikeSecret(value);
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
