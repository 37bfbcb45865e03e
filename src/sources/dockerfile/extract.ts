import type { Dimension } from '../../model/dimension.js';
import type { CompareKind, FactValue } from '../../model/fact.js';
import { envPath, makeFact } from '../../model/make-fact.js';
import { isBuildInlined } from '../build-inlined.js';
import { protectValue, redactUrlCredentials, secretValue } from '../secrets.js';
import type { Fact, Fingerprinter, SourceResult } from '../types.js';
import { parseDockerfile } from './parse.js';
import { type ArgDeclaration, buildStages, type Setting, type Stage } from './stages.js';

export interface ExtractInput {
  source: string;
  file: string;
  fingerprint: Fingerprinter;
  /** Scopes ENV keys to `config/env/<workload>/<NAME>` when the image runs as a known workload. */
  workload?: string;
}

/**
 * Dockerfile text in, facts out. The last stage is the runtime image: its ENV (with what it
 * inherits from the stages it is built FROM) becomes `config/env`, ENV of other stages
 * `config/build-env`; every ARG is `config/build-arg`. Pure.
 *
 * @example extractDockerfile('FROM node:20\nENV PORT=3000\n', input) // config/env/PORT = '3000'
 */
export function extractDockerfile(text: string, input: ExtractInput): SourceResult {
  const parsed = parseDockerfile(text);
  const model = buildStages(parsed);
  const skip = (line: number, reason: string) => ({ source: input.source, file: input.file, line, reason });
  const last = model.stages[model.stages.length - 1];
  if (!last) {
    // A file without FROM is not a Dockerfile: one skip says so rather than one per line.
    return {
      facts: [],
      skips: [
        {
          source: input.source,
          file: input.file,
          reason: 'no FROM instruction (expected a Dockerfile with at least one stage)',
        },
      ],
    };
  }
  const skips = [...parsed.problems, ...model.problems]
    .sort((a, b) => a.line - b.line)
    .map((p) => skip(p.line, p.reason));
  const fact = (
    dimension: Dimension,
    path: string[],
    value: FactValue,
    line: number,
    extra: { compare?: CompareKind; subject?: string } = {},
  ) =>
    makeFact({ dimension, path, value, origin: { source: input.source, file: input.file, line }, ...extra });
  const protect = (name: string, setting: Setting) => protectSetting(name, setting, input.fingerprint);
  const facts: Fact[] = [];

  for (const stage of model.stages) {
    if (stage.base !== undefined)
      facts.push(fact('infra', ['image-base', stage.name], stage.base, stage.fromLine));
  }
  for (const arg of firstPerName(model.args)) {
    const value =
      arg.value === null ? null : protect(arg.name, { value: arg.value, secret: arg.secret, line: arg.line });
    facts.push(fact('config', ['build-arg', arg.name], value, arg.line, { subject: arg.stage }));
  }
  const runtime = ancestry(last);
  const buildEnv = new Set<string>();
  for (const stage of model.stages) {
    if (runtime.has(stage)) continue;
    for (const [name, setting] of stage.ownEnv) {
      if (buildEnv.has(name)) continue;
      buildEnv.add(name);
      facts.push(
        fact('config', ['build-env', name], protect(name, setting), setting.line, { subject: stage.name }),
      );
    }
  }
  for (const [name, setting] of last.env) {
    facts.push(fact('config', envPath(name, input.workload), protect(name, setting), setting.line));
  }
  for (const [name, line] of inlined(model.args, model.stages)) {
    facts.push(fact('config', ['build-inlined', name], 'build', line));
  }
  for (const stage of model.stages) {
    if (stage.exposed.size === 0 && stage !== last) continue;
    const line = stage.exposed.size > 0 ? Math.min(...stage.exposed.values()) : stage.fromLine;
    const ports = [...stage.exposed.keys()].sort();
    facts.push(fact('infra', ['image', stage.name, 'exposed-ports'], ports, line, { compare: 'set' }));
  }
  // No USER means root: the image runs as root unless its base image says otherwise.
  const user = last.user;
  facts.push(
    fact('access', ['image', 'user'], user ? protect('USER', user) : 'root', user?.line ?? last.fromLine),
  );
  return { facts, skips };
}

/** The final stage and the stages it is built FROM: what reaches the runtime image. */
function ancestry(stage: Stage): Set<Stage> {
  const chain = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !chain.has(s); s = s.parent) chain.add(s);
  return chain;
}

/** One fact per ARG name: the first declaration that has a default, else the first one. */
function firstPerName(args: readonly ArgDeclaration[]): ArgDeclaration[] {
  const chosen = new Map<string, ArgDeclaration>();
  for (const arg of args) {
    const seen = chosen.get(arg.name);
    if (!seen || (seen.value === null && arg.value !== null)) chosen.set(arg.name, arg);
  }
  return [...chosen.values()];
}

function inlined(args: readonly ArgDeclaration[], stages: readonly Stage[]): Map<string, number> {
  const seen = new Map<string, number>();
  const note = (name: string, line: number) => {
    const before = seen.get(name);
    if (isBuildInlined(name) && (before === undefined || line < before)) {
      seen.set(name, line);
    }
  };
  for (const arg of args) note(arg.name, arg.line);
  for (const stage of stages) for (const [name, setting] of stage.ownEnv) note(name, setting.line);
  return new Map([...seen].sort((a, b) => a[1] - b[1]));
}

/** A value built from a secret (`ENV URL=...${DB_PASSWORD}...`) is a secret whatever its name. */
function protectSetting(name: string, setting: Setting, fingerprint: Fingerprinter): FactValue {
  if (setting.secret && setting.value !== '') {
    return secretValue(setting.value, fingerprint, redactUrlCredentials(setting.value));
  }
  return protectValue(name, setting.value, fingerprint);
}
