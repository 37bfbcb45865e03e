import type { FactValue } from '../../model/fact.js';
import { isSecret } from '../../model/fact.js';
import { contentKind } from '../../secrets/classify.js';
import { protectValue, secretValue } from '../secrets.js';
import type { Fingerprinter } from '../types.js';

/** Key-like names protectValue does not cover: RAILS_MASTER_KEY, APP_KEY, DEPLOY_PASS. */
const KEY_NAME = /(^|_)(KEY|PASS|PWD|PIN|CERT|PRIVATE)$/i;
/** A long run of letters and digits with no spaces: a key or a token far more often than a setting. */
const TOKEN_VALUE = /^(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9_+/=-]{24,}$/;

/**
 * protectValue, stricter: CI files are where literal keys get committed, so a key-like name or a
 * token-shaped value is fingerprinted too.
 */
export function protectCiValue(name: string, value: string, fingerprint: Fingerprinter): FactValue {
  const protectedValue = protectValue(name, value, fingerprint);
  if (isSecret(protectedValue) || value.trim() === '') return protectedValue;
  // A reference to a secret, a public key or a certificate is not one, whatever the name says.
  if (contentKind(value) !== undefined) return protectedValue;
  if (KEY_NAME.test(name) || TOKEN_VALUE.test(value.trim())) return secretValue(value, fingerprint);
  return protectedValue;
}
