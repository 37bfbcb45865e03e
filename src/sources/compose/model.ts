import { HARDENING_FIELDS, type Hardening } from './hardening.js';

/** A value read from a compose file, with where it was written. */
export interface Located<T> {
  value: T;
  file: string;
  line: number;
}

export interface EnvFileRef {
  /** As resolved against the project directory (the first file's folder), posix separators. */
  path: string;
  /** `required: false` lets the file be absent, as Compose does. */
  required: boolean;
  /** Where the reference is written. */
  file: string;
  line: number;
}

export interface Healthcheck {
  /** Normalised to the exec form: `['CMD', ...]`, `['CMD-SHELL', cmd]` or `['NONE']`. */
  test?: Located<string[]>;
  interval?: Located<string>;
  timeout?: Located<string>;
  retries?: Located<string>;
  start_period?: Located<string>;
  disable?: Located<boolean>;
}

/** What Parity reads of one service, from one file or merged across the files of a project. */
export interface ComposeService {
  name: string;
  /** Where the service is first declared. */
  file: string;
  line: number;
  image?: Located<string>;
  /** The build context, when the service builds its image. */
  build?: Located<string>;
  /** `build.target`: the Dockerfile stage built (a dev stage against a production one). */
  buildTarget?: Located<string>;
  /** `entrypoint` and `command`, each in one spelling (units/command-line.ts). */
  entrypoint?: Located<string>;
  command?: Located<string>;
  /** `network_mode` (`host`, `service:x`, `none`): the service's network, when not the project's. */
  networkMode?: Located<string>;
  replicas?: Located<number>;
  cpuLimit?: Located<number>;
  cpuRequest?: Located<number>;
  memoryLimit?: Located<number>;
  memoryRequest?: Located<number>;
  healthcheck?: Located<Healthcheck>;
  /** `null` is a variable passed through from the host (`- NAME` or `NAME:` with no value). */
  environment: Map<string, Located<string | null>>;
  envFiles: EnvFileRef[];
  ports?: Located<string[]>;
  /** `volumes:` as the container sees them (mounts.ts): `/data (volume)`, `/app (bind)`. */
  mounts?: Located<string[]>;
  /** read_only, security_opt, cap_add/cap_drop, privileged, user. */
  hardening: Hardening;
}

const SCALAR_FIELDS = [
  'image',
  'build',
  'buildTarget',
  'entrypoint',
  'command',
  'networkMode',
  'replicas',
  'cpuLimit',
  'cpuRequest',
  'memoryLimit',
  'memoryRequest',
] as const;
type ScalarField = (typeof SCALAR_FIELDS)[number];

/** Later files override earlier ones field by field, like `docker compose -f base -f override`. */
export function mergeService(base: ComposeService, over: ComposeService): ComposeService {
  const merged: ComposeService = {
    ...base,
    environment: new Map([...base.environment, ...over.environment]),
    envFiles: [...base.envFiles, ...over.envFiles],
  };
  const take = <K extends ScalarField>(field: K) => {
    if (over[field]) merged[field] = over[field];
  };
  for (const field of SCALAR_FIELDS) take(field);
  merged.hardening = { ...base.hardening };
  for (const field of HARDENING_FIELDS) {
    const value = over.hardening[field];
    if (value) Object.assign(merged.hardening, { [field]: value });
  }
  if (over.healthcheck) {
    merged.healthcheck = base.healthcheck
      ? { ...over.healthcheck, value: { ...base.healthcheck.value, ...over.healthcheck.value } }
      : over.healthcheck;
  }
  if (over.mounts) {
    // Compose merges volumes by target: the override's mount at a path replaces the base's.
    const target = (m: string) => m.slice(0, m.lastIndexOf(' ('));
    const replaced = new Set(over.mounts.value.map(target));
    const kept = (base.mounts?.value ?? []).filter((m) => !replaced.has(target(m)));
    merged.mounts = { ...over.mounts, value: [...new Set([...kept, ...over.mounts.value])].sort() };
  }
  if (over.ports) {
    const all = [...(base.ports?.value ?? []), ...over.ports.value];
    merged.ports = { ...over.ports, value: [...new Set(all)] };
  }
  return merged;
}
