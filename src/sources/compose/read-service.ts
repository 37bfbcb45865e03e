import path from 'node:path';
import { commandLine } from '../../units/command-line.js';
import { isMapping } from '../shape.js';
import { readHardening } from './hardening.js';
import type { ComposeService, EnvFileRef, Healthcheck, Located } from './model.js';
import { mountOf } from './mounts.js';
import { containerPorts, normaliseDuration, parseCount, parseCpus, parseMemory } from './quantities.js';
import {
  interpolated,
  itemLine,
  lineAt,
  type ReadContext,
  skip,
  skipService,
  skipUnread,
  startsWith,
  text,
} from './read-context.js';

/** Reads the fields Parity compares from one service mapping of one file. */
export function readService(
  name: string,
  node: Record<string, unknown>,
  line: number,
  ctx: ReadContext,
): ComposeService {
  const service: ComposeService = {
    name,
    file: ctx.file,
    line,
    environment: new Map(),
    envFiles: [],
    hardening: readHardening(node, ctx),
  };
  const located = <T>(value: T, owner: unknown, key?: string): Located<T> => ({
    value,
    file: ctx.file,
    line: lineAt(ctx, owner, key),
  });

  if (node.extends !== undefined) {
    skipService(
      ctx,
      lineAt(ctx, node, 'extends'),
      `extends is not followed: what service "${name}" inherits is unknown`,
      name,
    );
  }
  if (node.image !== undefined) {
    const image = text(node.image);
    if (image === undefined) skip(ctx, lineAt(ctx, node, 'image'), 'expected image to be a string');
    else service.image = located(image, node, 'image');
  }
  if (node.build !== undefined) {
    const context = isMapping(node.build) ? (text(node.build.context) ?? '.') : text(node.build);
    if (context === undefined)
      skip(ctx, lineAt(ctx, node, 'build'), 'expected build to be a path or a mapping');
    else service.build = located(normaliseContext(context), node, 'build');
    const target = isMapping(node.build) ? node.build.target : undefined;
    if (target !== undefined && isMapping(node.build)) {
      const stage = text(target);
      if (stage === undefined)
        skip(ctx, lineAt(ctx, node.build, 'target'), 'expected build.target to be a stage name');
      else service.buildTarget = located(stage, node.build, 'target');
    }
  }
  for (const [field, key] of [
    ['entrypoint', 'entrypoint'],
    ['command', 'command'],
  ] as const) {
    if (node[key] === undefined || node[key] === null) continue;
    const raw = node[key];
    const line = commandLine(Array.isArray(raw) ? raw.map(interpolated) : interpolated(raw));
    if (line === undefined)
      skip(ctx, lineAt(ctx, node, key), `expected ${key} to be a string or a list of words`);
    else service[field] = located(line, node, key);
  }
  if (node.network_mode !== undefined) {
    const mode = text(node.network_mode);
    if (mode === undefined)
      skip(ctx, lineAt(ctx, node, 'network_mode'), 'expected network_mode to be a string');
    else service.networkMode = located(mode, node, 'network_mode');
  }
  readScale(service, node, ctx);
  readResources(service, node, ctx);
  if (node.healthcheck !== undefined) readHealthcheck(service, node, ctx);
  if (node.environment !== undefined)
    readEnvironment(service, node.environment, ctx, lineAt(ctx, node, 'environment'));
  if (node.env_file !== undefined) readEnvFiles(service, node.env_file, ctx, lineAt(ctx, node, 'env_file'));
  if (node.ports !== undefined) readPorts(service, node, ctx);
  if (node.volumes !== undefined) readMounts(service, node, ctx);
  return service;
}

function readScale(service: ComposeService, node: Record<string, unknown>, ctx: ReadContext): void {
  const deploy = node.deploy;
  if (deploy !== undefined && !isMapping(deploy)) {
    skip(ctx, lineAt(ctx, node, 'deploy'), 'expected deploy to be a mapping');
  }
  // deploy.replicas is the current spelling; `scale:` the legacy one. Compose rejects both differing.
  const [owner, key, label] =
    isMapping(deploy) && deploy.replicas !== undefined
      ? [deploy, 'replicas', 'deploy.replicas']
      : [node, 'scale', 'scale'];
  const raw = owner[key];
  if (raw === undefined) return;
  const count = parseCount(interpolated(raw));
  const line = lineAt(ctx, owner, key);
  if (count === undefined) skip(ctx, line, `expected ${label} to be a whole number, got ${quote(raw)}`);
  else service.replicas = { value: count, file: ctx.file, line };
}

type QuantityField = 'cpuLimit' | 'cpuRequest' | 'memoryLimit' | 'memoryRequest';

function readResources(service: ComposeService, node: Record<string, unknown>, ctx: ReadContext): void {
  const read = (field: QuantityField, owner: unknown, key: string, label = key) => {
    if (!isMapping(owner) || owner[key] === undefined || service[field]) return;
    const raw = interpolated(owner[key]);
    const memory = field.startsWith('memory');
    const value = memory ? parseMemory(raw) : parseCpus(raw);
    const line = lineAt(ctx, owner, key);
    if (value === undefined) {
      const expected = memory ? 'a memory size like 512m, 1g or 1.5gb' : 'a number of CPUs like 0.5';
      skip(ctx, line, `expected ${label} to be ${expected}, got ${quote(owner[key])}`);
    } else {
      service[field] = { value, file: ctx.file, line };
    }
  };
  const deploy = isMapping(node.deploy) ? node.deploy : {};
  const resources = isMapping(deploy.resources) ? deploy.resources : {};
  // deploy.resources first: when a file sets both it and the legacy keys, Compose requires them equal.
  read('cpuLimit', resources.limits, 'cpus', 'deploy.resources.limits.cpus');
  read('memoryLimit', resources.limits, 'memory', 'deploy.resources.limits.memory');
  read('cpuRequest', resources.reservations, 'cpus', 'deploy.resources.reservations.cpus');
  read('memoryRequest', resources.reservations, 'memory', 'deploy.resources.reservations.memory');
  read('cpuLimit', node, 'cpus');
  read('memoryLimit', node, 'mem_limit');
  read('memoryRequest', node, 'mem_reservation');
}

function readHealthcheck(service: ComposeService, node: Record<string, unknown>, ctx: ReadContext): void {
  const hc = node.healthcheck;
  if (!isMapping(hc)) {
    skip(ctx, lineAt(ctx, node, 'healthcheck'), 'expected healthcheck to be a mapping');
    return;
  }
  const value: Healthcheck = {};
  const at = <T>(v: T, key: string): Located<T> => ({ value: v, file: ctx.file, line: lineAt(ctx, hc, key) });
  if (hc.test !== undefined) {
    const single = text(hc.test);
    const list = Array.isArray(hc.test) ? hc.test.map(text) : undefined;
    if (single !== undefined) value.test = at(['CMD-SHELL', single], 'test');
    else if (list?.every((x): x is string => x !== undefined)) value.test = at(list, 'test');
    else skip(ctx, lineAt(ctx, hc, 'test'), 'expected healthcheck test to be a string or a list of strings');
  }
  for (const key of ['interval', 'timeout', 'start_period'] as const) {
    const v = text(hc[key]);
    if (v !== undefined) value[key] = at(normaliseDuration(v), key);
  }
  const retries = text(hc.retries);
  if (retries !== undefined) value.retries = at(retries, 'retries');
  if (hc.disable !== undefined) value.disable = at(text(hc.disable) === 'true', 'disable');
  service.healthcheck = { value, file: ctx.file, line: lineAt(ctx, node, 'healthcheck') };
}

// Names become key segments, so a "/" would split the key.
const ENV_NAME = /^[^=\s/]+$/;

function readEnvironment(service: ComposeService, env: unknown, ctx: ReadContext, line: number): void {
  if (isMapping(env)) {
    for (const [name, raw] of Object.entries(env)) {
      const value = raw === null ? null : text(raw);
      const at = lineAt(ctx, env, name);
      if (!ENV_NAME.test(name))
        skipEnv(ctx, at, 'expected an environment variable name without "/", "=" or spaces', service);
      else if (value === undefined) skipEnv(ctx, at, `expected the value of ${name} to be a string`, service);
      else service.environment.set(name, { value, file: ctx.file, line: at });
    }
    return;
  }
  if (!Array.isArray(env)) {
    skipEnv(ctx, line, 'expected environment to be a mapping or a list of NAME=value', service);
    return;
  }
  for (const item of env) {
    const m = typeof item === 'string' ? /^([^=\s/]+)(?:=(.*))?$/s.exec(item) : null;
    if (!m) {
      skipEnv(ctx, line, 'expected each environment item to be NAME=value or NAME', service);
      continue;
    }
    const [, name = '', value] = m;
    const at = itemLine(ctx, env, startsWith(name, `(?:=|["']?\\s*(?:#.*)?$)`));
    service.environment.set(name, {
      value: value === undefined ? null : (text(value) ?? ''),
      file: ctx.file,
      line: at,
    });
  }
}

/**
 * An environment entry that could not be read: the variable it sets is unknown, not absent, so the
 * service's variables are read in part (a `- NAME: value` item in a list, field trial alien-commons).
 */
function skipEnv(ctx: ReadContext, line: number, reason: string, service: ComposeService): void {
  skipUnread(ctx, line, reason, [`config/env/${service.name}/`]);
}

function readEnvFiles(service: ComposeService, envFile: unknown, ctx: ReadContext, line: number): void {
  const items = Array.isArray(envFile) ? envFile : [envFile];
  for (const item of items) {
    const file = isMapping(item) ? text(item.path) : text(item);
    if (file === undefined || file === '') {
      skip(ctx, line, 'expected env_file to be a path, a list of paths, or {path, required}');
      continue;
    }
    const required = !(isMapping(item) && (item.required === false || item.required === 'false'));
    const ref: EnvFileRef = { path: resolveInProject(ctx.projectDir, file), required, file: ctx.file, line };
    service.envFiles.push(ref);
  }
}

function readMounts(service: ComposeService, node: Record<string, unknown>, ctx: ReadContext): void {
  const line = lineAt(ctx, node, 'volumes');
  if (!Array.isArray(node.volumes)) {
    skip(ctx, line, 'expected volumes to be a list');
    return;
  }
  const mounts: string[] = [];
  for (const item of node.volumes) {
    const mount = mountOf(isMapping(item) ? interpolatedMap(item) : interpolated(item));
    if (mount) mounts.push(mount);
    else
      skip(
        ctx,
        line,
        'expected a volume like "data:/var/lib/data", "./conf:/etc/app:ro" or {type, source, target}',
      );
  }
  service.mounts = { value: [...new Set(mounts)].sort(), file: ctx.file, line };
}

function readPorts(service: ComposeService, node: Record<string, unknown>, ctx: ReadContext): void {
  const line = lineAt(ctx, node, 'ports');
  if (!Array.isArray(node.ports)) {
    skip(ctx, line, 'expected ports to be a list');
    return;
  }
  const ports: string[] = [];
  for (const item of node.ports) {
    const entries = containerPorts(isMapping(item) ? interpolatedMap(item) : interpolated(item));
    if (entries) ports.push(...entries);
    else
      skip(
        ctx,
        typeof item === 'string' || typeof item === 'number'
          ? itemLine(ctx, node.ports, startsWith(String(item)))
          : line,
        `expected a port like "8080:80", "127.0.0.1:53:53/udp" or {target: 80}, got ${quote(item)}`,
      );
  }
  service.ports = { value: [...new Set(ports)], file: ctx.file, line };
}

function interpolatedMap(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, interpolated(v)]));
}

function resolveInProject(projectDir: string, file: string): string {
  if (path.posix.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return file;
  return path.posix.normalize(path.posix.join(projectDir, file.replaceAll('\\', '/')));
}

/** `./api/` and `api` are the same build context; remote contexts (git URLs) stay as written. */
function normaliseContext(context: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(context)) return context;
  const normal = path.posix.normalize(context.replaceAll('\\', '/'));
  return normal.length > 1 ? normal.replace(/\/$/, '') : normal;
}

/** A short rendering of an odd value for a skip reason (never a config value that may be secret). */
function quote(value: unknown): string {
  const shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `"${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown}"`;
}
