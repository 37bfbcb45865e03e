import type { Fact } from '../../model/fact.js';
import { envPath, makeFact } from '../facts.js';
import { protectValue, secretDataValue } from '../secrets.js';
import { asList, asObj, asString, asText, type Obj, typeName } from '../shape.js';
import { decodeSecretData } from './config-objects.js';
import { type Emitter, emit, type K8sObject, lookup, originAt, originIn, skipAt } from './context.js';

/**
 * The environment of one container as Kubernetes resolves it: `envFrom` sources in order (a later
 * one wins), then `env` entries (which win over all of them). Keyed by variable name.
 */
export function containerEnv(e: Emitter, workload: string, container: Obj): Map<string, Fact> {
  const vars = new Map<string, Fact>();
  const envFrom = container.envFrom;
  if (envFrom !== undefined && !Array.isArray(envFrom))
    skipAt(e, container, 'envFrom', 'envFrom: expected a list');
  for (const source of asList(envFrom)) readEnvFrom(e, workload, source, vars);
  const env = container.env;
  if (env !== undefined && env !== null && !Array.isArray(env))
    skipAt(e, container, 'env', 'env: expected a list');
  for (const entry of asList(env)) {
    const item = asObj(entry);
    const name = asString(item?.name);
    if (!item || !name) {
      skipAt(e, entry, undefined, 'env entry: expected a mapping with a name');
      continue;
    }
    const value = envValue(item);
    if (value === undefined) {
      skipAt(e, entry, 'value', `env ${name}: expected a string value or a valueFrom reference`);
      continue;
    }
    // valueFrom references name where a value lives, never the value: they stay readable.
    const factValue = value.ref ? value.text : protectValue(name, value.text, e.ctx.fingerprint);
    vars.set(
      name,
      makeFact({
        dimension: 'config',
        path: envPath(name, workload),
        value: factValue,
        origin: originAt(e, entry),
      }),
    );
  }
  return vars;
}

function envValue(item: Obj): { text: string; ref: boolean } | undefined {
  const from = asObj(item.valueFrom);
  if (from) return { text: describeRef(from), ref: true };
  if (item.value === undefined || item.value === null) return { text: '', ref: false };
  const text = asText(item.value);
  return text === undefined ? undefined : { text, ref: false };
}

function describeRef(from: Obj): string {
  const secret = asObj(from.secretKeyRef);
  if (secret) return `secretKeyRef:${asText(secret.name) ?? ''}/${asText(secret.key) ?? ''}`;
  const configMap = asObj(from.configMapKeyRef);
  if (configMap) return `configMapKeyRef:${asText(configMap.name) ?? ''}/${asText(configMap.key) ?? ''}`;
  const field = asObj(from.fieldRef);
  if (field) return `fieldRef:${asText(field.fieldPath) ?? ''}`;
  const resource = asObj(from.resourceFieldRef);
  if (resource) {
    const divisor = asText(resource.divisor);
    return `resourceFieldRef:${asText(resource.resource) ?? ''}${divisor ? ` divisor=${divisor}` : ''}`;
  }
  // Any other reference is compared whole: two different ones must not read alike.
  return `valueFrom:${JSON.stringify(from)}`;
}

function readEnvFrom(e: Emitter, workload: string, source: unknown, vars: Map<string, Fact>): void {
  const item = asObj(source);
  const prefix = asText(item?.prefix) ?? '';
  const configMapName = asString(asObj(item?.configMapRef)?.name);
  const secretName = asString(asObj(item?.secretRef)?.name);
  if (!item || (!configMapName && !secretName)) {
    skipAt(
      e,
      source,
      undefined,
      `envFrom entry: expected configMapRef or secretRef with a name, got ${typeName(source)}`,
    );
    return;
  }
  if (configMapName) {
    const configMap = lookup(e.ctx.index.configMaps, configMapName, e.o.namespace);
    if (!configMap) {
      presence(e, ['env-from', workload, `configmap:${configMapName}`], configMapName, source);
      return;
    }
    const data = asObj(configMap.obj.data) ?? {};
    for (const [key, raw] of Object.entries(data)) {
      const text = asText(raw) ?? '';
      const name = `${prefix}${key}`;
      const value = protectValue(name, text, e.ctx.fingerprint);
      vars.set(name, factIn(e, configMap, data, key, envPath(name, workload), value));
    }
    return;
  }
  if (secretName) {
    presence(e, ['env-from', workload, `secret:${secretName}`], secretName, source);
    const secret = lookup(e.ctx.index.secrets, secretName, e.o.namespace);
    if (!secret) return;
    for (const entry of decodeSecretData(secret)) {
      const name = `${prefix}${entry.key}`;
      const value = secretDataValue(entry.content, e.ctx.fingerprint);
      vars.set(name, factIn(e, secret, entry.node, entry.key, envPath(name, workload), value));
    }
  }
}

/** A fact whose value was written in another object (the ConfigMap or Secret), so its origin is there. */
function factIn(
  e: Emitter,
  other: K8sObject,
  node: unknown,
  key: string,
  path: string[],
  value: Fact['value'],
): Fact {
  return makeFact({ dimension: 'config', path, value, origin: originIn(e.ctx.source, other, node, key) });
}

/** An envFrom source as a presence fact, once per workload even when several containers use it. */
function presence(e: Emitter, path: string[], value: string, node: unknown): void {
  const key = `config/${path.join('/')}`;
  if (e.facts.some((f) => f.key === key)) return;
  emit(e, { dimension: 'config', path, value, compare: 'presence' }, node);
}
