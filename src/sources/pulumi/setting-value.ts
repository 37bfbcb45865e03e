import type { FactValue } from '../../model/fact.js';
import { containsSecret, protectScalar, protectSetting } from '../helm-values/protect.js';
import { secretValue } from '../secrets.js';
import type { Flat } from '../structured.js';
import type { Fingerprinter } from '../types.js';

/** A text longer than this is compared by a keyed fingerprint rather than shown whole. */
const MAX_TEXT = 1000;

/**
 * A flattened setting's value through the secrets gate (by its path's names and by its shape),
 * as the helm-values source judges a values setting. Shared by pulumi and terraform-vars.
 */
export function flatValue(path: readonly string[], flat: Flat, fingerprint: Fingerprinter): FactValue {
  switch (flat.kind) {
    case 'empty':
      return '{}';
    case 'keys':
      return flat.value;
    case 'list': {
      const json = JSON.stringify(flat.value);
      if (json === '[]') return json;
      // A long list is shown by length and keyed fingerprint only: nothing of it leaves, secret or not.
      if (json.length > MAX_TEXT) return fingerprinted(json, fingerprint);
      if (containsSecret(flat.value)) return secretValue(json, fingerprint);
      return longText(protectSetting(path, json, fingerprint), json, fingerprint);
    }
    default: {
      const v = flat.value;
      if (v === null) return null;
      if (typeof v === 'string' && v.length > MAX_TEXT) return fingerprinted(v, fingerprint);
      if (typeof v === 'string') return longText(protectSetting(path, v, fingerprint), v, fingerprint);
      return protectScalar(path, v, fingerprint);
    }
  }
}

function longText(value: FactValue, text: string, fingerprint: Fingerprinter): FactValue {
  if (typeof value !== 'string' || value.length <= MAX_TEXT) return value;
  return fingerprinted(text, fingerprint);
}

function fingerprinted(text: string, fingerprint: Fingerprinter): string {
  return `(${text.length} characters, fingerprint ${fingerprint(text).slice(0, 12)})`;
}
