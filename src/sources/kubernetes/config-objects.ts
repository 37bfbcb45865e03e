import { protectValue, secretDataValue, secretValue } from '../secrets.js';
import { asList, asObj, asString, asText, dig, type Obj, show } from '../shape.js';
import { type Emitter, emit, type K8sObject, skipAt } from './context.js';

/** Secret types Kubernetes or Helm write for themselves: noise, not the application's secrets. */
const MACHINE_SECRET_TYPES = new Set(['kubernetes.io/service-account-token', 'helm.sh/release.v1']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface SecretEntry {
  key: string;
  /** Decoded content: only ever handed to the fingerprinter. */
  content: string;
  /** The mapping that holds the key (`data` or `stringData`), for its line. */
  node: Obj;
}

/** `config/configmap/<name>/<key>`, every value through protectValue. */
export function configMapFacts(e: Emitter): void {
  const { obj, name } = e.o;
  const data = obj.data;
  if (data !== undefined && data !== null && !asObj(data))
    skipAt(e, obj, 'data', 'data: expected a mapping of keys to strings');
  for (const [key, raw] of Object.entries(asObj(data) ?? {})) {
    const text = raw === null ? '' : asText(raw);
    if (text === undefined) {
      skipAt(e, data, key, `data.${key}: expected a string, got ${show(raw)}`);
      continue;
    }
    const value = protectValue(key, text, e.ctx.fingerprint);
    emit(e, { dimension: 'config', path: ['configmap', name, key], value }, data, key);
  }
  const binary = asObj(obj.binaryData) ?? {};
  for (const [key, raw] of Object.entries(binary)) {
    if (Object.hasOwn(asObj(data) ?? {}, key)) continue; // the API server refuses a key in both
    const text = typeof raw === 'string' ? raw.replace(/\s/g, '') : '';
    const size = Math.floor((text.length * 3) / 4) - (text.match(/=+$/)?.[0].length ?? 0);
    // The content's keyed fingerprint: two files of one size are not the same file.
    const value = `(binary, ${size} bytes, fingerprint ${e.ctx.fingerprint(text).slice(0, 12)})`;
    emit(e, { dimension: 'config', path: ['configmap', name, key], value }, binary, key);
  }
}

/** `access/secret/<name>/<key>`: presence, the value a fingerprint of the decoded content. */
export function secretFacts(e: Emitter): void {
  const type = asString(e.o.obj.type);
  if (type && MACHINE_SECRET_TYPES.has(type)) return;
  for (const key of invalidBase64Keys(e.o)) {
    skipAt(
      e,
      e.o.obj.data,
      key,
      `data.${key}: expected base64 (Secret data is base64-encoded; use stringData for plain text)`,
    );
  }
  for (const entry of decodeSecretData(e.o)) {
    const value = secretDataValue(entry.content, e.ctx.fingerprint);
    emit(
      e,
      { dimension: 'access', path: ['secret', e.o.name, entry.key], value, compare: 'presence' },
      entry.node,
      entry.key,
    );
  }
}

/** Keys of a Secret with decoded content; `stringData` wins over `data` as the API server merges them. */
export function decodeSecretData(secret: K8sObject): SecretEntry[] {
  const entries = new Map<string, SecretEntry>();
  const data = asObj(secret.obj.data);
  for (const [key, raw] of Object.entries(data ?? {})) {
    const encoded = asText(raw)?.replace(/\s/g, '');
    if (!data || encoded === undefined || !BASE64.test(encoded)) continue;
    entries.set(key, { key, content: Buffer.from(encoded, 'base64').toString('utf8'), node: data });
  }
  const plain = asObj(secret.obj.stringData);
  for (const [key, raw] of Object.entries(plain ?? {})) {
    if (plain) entries.set(key, { key, content: asText(raw) ?? '', node: plain });
  }
  return [...entries.values()];
}

function invalidBase64Keys(secret: K8sObject): string[] {
  const data = asObj(secret.obj.data) ?? {};
  return Object.keys(data).filter((key) => {
    const encoded = asText(data[key])?.replace(/\s/g, '');
    return encoded === undefined || !BASE64.test(encoded);
  });
}

/** Bitnami SealedSecret: the keys it will unseal into a Secret (ciphertext fingerprinted, never kept). */
export function sealedSecretFacts(e: Emitter): void {
  const target = asString(dig(e.o.obj, 'spec', 'template', 'metadata', 'name')) ?? e.o.name;
  const encrypted = asObj(dig(e.o.obj, 'spec', 'encryptedData')) ?? {};
  for (const [key, raw] of Object.entries(encrypted)) {
    const value = secretValue(asText(raw) ?? '', e.ctx.fingerprint);
    emit(
      e,
      { dimension: 'access', path: ['secret', target, key], value, compare: 'presence' },
      encrypted,
      key,
    );
  }
}

/** external-secrets.io ExternalSecret: the keys of the Secret it materialises, and where each comes from. */
export function externalSecretFacts(e: Emitter): void {
  const spec = asObj(e.o.obj.spec) ?? {};
  const target = asString(dig(spec, 'target', 'name')) ?? e.o.name;
  const seen = new Set<string>();
  for (const entry of asList(spec.data)) {
    const item = asObj(entry);
    const key = asString(item?.secretKey);
    if (!item || !key || seen.has(key)) continue;
    seen.add(key);
    const ref = asObj(item.remoteRef) ?? {};
    const property = asText(ref.property);
    const value = `remoteRef:${asText(ref.key) ?? ''}${property ? `#${property}` : ''}`;
    emit(e, { dimension: 'access', path: ['secret', target, key], value, compare: 'presence' }, entry);
  }
}
