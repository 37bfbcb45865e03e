import type { Fact } from '../../model/fact.js';
import { envPath, makeFact } from '../../model/make-fact.js';
import { protectEnvValue } from '../dotenv/extract.js';
import type { DotenvEntry } from '../dotenv/parse.js';
import type { Fingerprinter } from '../types.js';
import { hardeningFacts } from './hardening.js';
import { formatHealthcheck } from './healthcheck.js';
import type { ComposeService, Located } from './model.js';

/** Marks a variable whose value the host's shell supplies at `docker compose up` (`- NAME`). */
export const FROM_HOST = '(from host)';

export interface EnvFileValues {
  /** The env file as shown to users, for origins. */
  display: string;
  entries: DotenvEntry[];
}

/** The infra, access and config facts of one merged service. */
export function serviceFacts(
  service: ComposeService,
  envFiles: readonly EnvFileValues[],
  source: string,
  fingerprint: Fingerprinter,
): Fact[] {
  const { name } = service;
  const origin = (at: { file: string; line: number }) => ({ source, file: at.file, line: at.line });
  const facts: Fact[] = [
    makeFact({
      dimension: 'infra',
      path: ['workload', name, 'kind'],
      value: 'compose-service',
      origin: origin(service),
    }),
    makeFact({
      dimension: 'infra',
      path: ['workload', name, 'replicas'],
      // A service without deploy.replicas or scale runs one container.
      value: service.replicas?.value ?? 1,
      compare: 'scaled',
      scale: 'replicas',
      origin: origin(service.replicas ?? service),
    }),
  ];
  const container = (attribute: string) => ['workload', name, 'container', name, attribute];
  const image =
    service.image ?? (service.build && { ...service.build, value: `build:${service.build.value}` });
  if (image)
    facts.push(
      makeFact({ dimension: 'infra', path: container('image'), value: image.value, origin: origin(image) }),
    );
  // What the container runs: the stage it is built from, its entrypoint and command, its network.
  for (const [attribute, setting] of [
    ['build-target', service.buildTarget],
    ['entrypoint', service.entrypoint],
    ['command', service.command],
  ] as const) {
    if (setting)
      facts.push(
        makeFact({
          dimension: 'infra',
          path: container(attribute),
          value: setting.value,
          origin: origin(setting),
        }),
      );
  }
  if (service.mounts)
    facts.push(
      makeFact({
        dimension: 'infra',
        path: container('mounts'),
        value: service.mounts.value,
        compare: 'set',
        origin: origin(service.mounts),
      }),
    );
  if (service.networkMode)
    facts.push(
      makeFact({
        dimension: 'infra',
        path: ['workload', name, 'network-mode'],
        value: service.networkMode.value,
        origin: origin(service.networkMode),
      }),
    );
  const quantities: [string, Located<number> | undefined, 'cores' | 'bytes'][] = [
    ['cpu-request', service.cpuRequest, 'cores'],
    ['cpu-limit', service.cpuLimit, 'cores'],
    ['memory-request', service.memoryRequest, 'bytes'],
    ['memory-limit', service.memoryLimit, 'bytes'],
  ];
  for (const [attribute, quantity, unit] of quantities) {
    if (!quantity) continue;
    facts.push(
      makeFact({
        dimension: 'infra',
        path: container(attribute),
        value: quantity.value,
        compare: 'scaled',
        scale: 'resources',
        unit,
        origin: origin(quantity),
      }),
    );
  }
  if (service.healthcheck) {
    facts.push(
      makeFact({
        dimension: 'infra',
        path: [...container('probe'), 'readiness'],
        subject: name,
        value: formatHealthcheck(service.healthcheck.value),
        origin: origin(service.healthcheck),
      }),
    );
  }
  facts.push(...hardeningFacts(name, service.hardening, service, source));
  facts.push(...envFacts(service, envFiles, source, fingerprint));
  if (service.ports) {
    facts.push(
      makeFact({
        dimension: 'infra',
        path: ['service', name, 'ports'],
        value: [...service.ports.value].sort(byPort),
        compare: 'set',
        origin: origin(service.ports),
      }),
    );
  }
  return facts;
}

/** env_file values first (later files win), then `environment:`, which Compose lets override them. */
function envFacts(
  service: ComposeService,
  envFiles: readonly EnvFileValues[],
  source: string,
  fingerprint: Fingerprinter,
): Fact[] {
  const values = new Map<string, { value: ReturnType<typeof protectEnvValue>; file: string; line: number }>();
  for (const envFile of envFiles) {
    for (const entry of envFile.entries) {
      const value = protectEnvValue(entry.name, entry.value, fingerprint, entry.embeddedSecrets);
      values.set(entry.name, { value, file: envFile.display, line: entry.line });
    }
  }
  for (const [envName, located] of service.environment) {
    const value = located.value === null ? FROM_HOST : protectEnvValue(envName, located.value, fingerprint);
    values.set(envName, { value, file: located.file, line: located.line });
  }
  return [...values].map(([envName, v]) =>
    makeFact({
      dimension: 'config',
      path: envPath(envName, service.name),
      value: v.value,
      origin: { source, file: v.file, line: v.line },
    }),
  );
}

function byPort(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b);
}
