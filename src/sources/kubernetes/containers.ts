import type { Fact } from '../../model/fact.js';
import { commandLine } from '../../units/command-line.js';
import { CONTAINER_RESOURCES, parseQuantity } from '../../units/quantity.js';
import { isSecretName, looksLikeSecret, redactUrlCredentials, secretValue } from '../secrets.js';
import { asList, asObj, asString, type Obj, show, typeName } from '../shape.js';
import { addTo, type Emitter, emit, originAt, skipAt } from './context.js';
import { containerEnv } from './env.js';
import { describeProbe } from './probe.js';
import { registryOf } from './substrate.js';

const PROBES = [
  ['livenessProbe', 'liveness'],
  ['readinessProbe', 'readiness'],
  ['startupProbe', 'startup'],
] as const;

/**
 * Containers of a pod spec (init containers as `init:<name>`): image, resources, probes, and the
 * workload's environment. A variable set in several containers keeps the first container's value.
 */
export function containerFacts(e: Emitter, workload: string, podSpec: Obj): void {
  const env = new Map<string, Fact>();
  const seen = new Set<string>();
  for (const [field, prefix] of [
    ['containers', ''],
    ['initContainers', 'init:'],
  ] as const) {
    const list = podSpec[field];
    if (list !== undefined && list !== null && !Array.isArray(list)) {
      skipAt(e, podSpec, field, `${field}: expected a list of containers, got ${typeName(list)}`);
      continue;
    }
    for (const item of asList(list)) {
      const container = asObj(item);
      const name = asString(container?.name);
      if (!container || !name) {
        skipAt(e, item, undefined, `${field} entry: expected a container with a name`);
        continue;
      }
      if (seen.has(`${prefix}${name}`)) {
        skipAt(e, item, 'name', `${field}: container name ${name} is repeated; the first one is read`);
        continue;
      }
      seen.add(`${prefix}${name}`);
      const path = ['workload', workload, 'container', `${prefix}${name}`];
      imageFacts(e, path, container);
      resourceFacts(e, path, container);
      probeFacts(e, path, container);
      commandFacts(e, path, container);
      for (const [key, fact] of containerEnv(e, workload, container)) if (!env.has(key)) env.set(key, fact);
    }
  }
  e.facts.push(...env.values());
}

/**
 * What the container runs, in Docker's words so that compose and Kubernetes read alike: `command`
 * replaces the image's ENTRYPOINT (`entrypoint`), `args` its CMD (`command`). Each in one spelling
 * (units/command-line.ts); `$(VAR)` is kept as written.
 */
function commandFacts(e: Emitter, path: string[], container: Obj): void {
  for (const [field, attribute] of [
    ['command', 'entrypoint'],
    ['args', 'command'],
  ] as const) {
    const value = container[field];
    if (value === undefined || value === null) continue;
    const line = Array.isArray(value) ? commandLine(value) : undefined;
    if (line === undefined) {
      skipAt(
        e,
        container,
        field,
        `${field}: expected a list of strings, got ${Array.isArray(value) ? 'a list holding other values' : typeName(value)}`,
      );
      continue;
    }
    emit(e, { dimension: 'infra', path: [...path, attribute], value: line }, container, field);
  }
}

function imageFacts(e: Emitter, path: string[], container: Obj): void {
  const image = container.image;
  if (image === undefined) return;
  if (typeof image !== 'string' || image.trim() === '') {
    skipAt(e, container, 'image', `image: expected an image reference, got ${show(image)}`);
    return;
  }
  emit(e, { dimension: 'infra', path: [...path, 'image'], value: image }, container, 'image');
  const registry = registryOf(image);
  if (registry && !e.ctx.substrate.registries.has(registry)) {
    addTo(e.ctx.substrate.registries, registry, originAt(e, container, 'image'));
  }
}

function resourceFacts(e: Emitter, path: string[], container: Obj): void {
  const resources = asObj(container.resources);
  if (!resources) return;
  for (const [group, resource, attribute, unit] of CONTAINER_RESOURCES) {
    const holder = asObj(resources[group]);
    const raw = holder?.[resource];
    if (raw === undefined || !holder) continue;
    const value = parseQuantity(raw);
    if (value === undefined) {
      skipAt(
        e,
        holder,
        resource,
        `resources.${group}.${resource}: expected a quantity such as ${unit === 'cores' ? '250m or 1.5' : '512Mi or 1G'}, got ${show(raw)}`,
      );
      continue;
    }
    emit(
      e,
      { dimension: 'infra', path: [...path, attribute], value, compare: 'scaled', scale: 'resources', unit },
      holder,
      resource,
    );
  }
}

function probeFacts(e: Emitter, path: string[], container: Obj): void {
  for (const [field, kind] of PROBES) {
    const probe = container[field];
    if (probe === undefined || probe === null) continue;
    const result = describeProbe(probe);
    if ('problem' in result) {
      skipAt(e, container, field, `${field}: ${result.problem}`);
      continue;
    }
    // An exec probe is a command line, which now and then carries a credential.
    const value = commandHasSecret(result.value)
      ? secretValue(result.value, e.ctx.fingerprint)
      : result.value;
    emit(e, { dimension: 'infra', path: [...path, 'probe', kind], value }, container, field);
  }
}

function commandHasSecret(command: string): boolean {
  if (!command.startsWith('exec ')) return false;
  const tokens = command.split(/\s+/);
  return tokens.some((token, i) => {
    const [name = '', value] = token.replace(/^-+/, '').split('=', 2);
    if (value !== undefined && value !== '' && isSecretName(name)) return true;
    if (/^-{1,2}(password|pass|token|secret)$/i.test(tokens[i - 1] ?? '')) return true;
    return looksLikeSecret(token) || redactUrlCredentials(token) !== undefined;
  });
}
