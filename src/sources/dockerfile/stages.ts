import { isSecretName, looksLikeSecret } from '../secrets.js';
import type { Instruction, ParsedDockerfile, ParseProblem } from './parse.js';
import { type Expanded, expandWord, type Lookup, type ScopeVar, splitWords } from './words.js';

/** A value set in the Dockerfile, where, and whether it is (or was built from) a secret. */
export interface Setting extends ScopeVar {
  line: number;
}

/** An `ARG` declaration; `value` is its default (a global one when redeclared bare) or null. */
export interface ArgDeclaration {
  name: string;
  value: string | null;
  secret: boolean;
  line: number;
  /** Stage name, or `global` before the first FROM. */
  stage: string;
}

export interface Stage {
  name: string;
  index: number;
  /** The base as written with global ARG defaults substituted, e.g. `node:20-alpine` or a stage name. */
  base?: string;
  fromLine: number;
  /** The earlier stage this one is built FROM: its ENV, USER and EXPOSE carry over. */
  parent?: Stage;
  args: Map<string, Setting>;
  /** Effective ENV (inherited from the parent stage, then its own). */
  env: Map<string, Setting>;
  ownEnv: Map<string, Setting>;
  /** Effective exposed ports, `port/protocol`, with the line that exposed each. */
  exposed: Map<string, number>;
  user?: Setting;
}

export interface StageModel {
  stages: Stage[];
  args: ArgDeclaration[];
  problems: ParseProblem[];
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;
const PORT = /^(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?$/i;

/** Walks the instructions into stages, resolving variables as Docker would with default build args. */
export function buildStages(parsed: ParsedDockerfile): StageModel {
  const { escapeChar } = parsed;
  const model: StageModel = { stages: [], args: [], problems: [] };
  const globals = new Map<string, Setting>();
  const problem = (line: number, reason: string) => model.problems.push({ line, reason });
  let stage: Stage | undefined;
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'FROM') {
      stage = startStage(ins, model.stages, globals, escapeChar, problem);
      model.stages.push(stage);
      continue;
    }
    if (!stage) {
      if (ins.keyword === 'ARG') readArgs(ins, escapeChar, globals, globals, 'global', model, problem);
      else problem(ins.line, `only ARG may come before the first FROM, found ${ins.keyword}`);
      continue;
    }
    const current = stage;
    const lookup: Lookup = (name) => current.env.get(name) ?? current.args.get(name);
    if (ins.keyword === 'ARG')
      readArgs(ins, escapeChar, current.args, globals, current.name, model, problem, lookup);
    else if (ins.keyword === 'ENV') readEnv(ins, escapeChar, current, lookup, problem);
    else if (ins.keyword === 'EXPOSE') readExpose(ins, escapeChar, current, lookup, problem);
    else if (ins.keyword === 'USER') readUser(ins, escapeChar, current, lookup, problem);
  }
  return model;
}

function startStage(
  ins: Instruction,
  earlier: readonly Stage[],
  globals: ReadonlyMap<string, Setting>,
  escapeChar: string,
  problem: (line: number, reason: string) => void,
): Stage {
  const index = earlier.length;
  const words = splitWords(ins.args, escapeChar).filter((w) => !w.raw.startsWith('--'));
  const stage: Stage = {
    name: `stage-${index}`,
    index,
    fromLine: ins.line,
    args: new Map(),
    env: new Map(),
    ownEnv: new Map(),
    exposed: new Map(),
  };
  const [image, as, name, ...extra] = words;
  const wellFormed = image && (words.length === 1 || (words.length === 3 && as?.raw.toLowerCase() === 'as'));
  if (!wellFormed || extra.length > 0) {
    problem(ins.line, 'FROM expects [--platform=...] IMAGE [AS NAME]');
  }
  if (!image) return stage;
  // Only ARGs declared before the first FROM are visible in FROM lines.
  stage.base = expandWord(image.raw, escapeChar, (n) => globals.get(n)).value;
  if (name && wellFormed) {
    const lower = name.raw.toLowerCase();
    if (!STAGE_NAME.test(lower)) {
      problem(ins.line, 'a stage name must start with a letter and hold only letters, digits, - _ .');
    } else if (earlier.some((s) => s.name === lower)) {
      problem(
        ins.line,
        `the stage name ${lower} is already used by an earlier stage (expected unique names)`,
      );
    } else {
      stage.name = lower;
    }
  }
  const parent = earlier.find((s) => s.name === stage.base?.toLowerCase());
  if (parent) {
    stage.parent = parent;
    stage.env = new Map(parent.env);
    stage.exposed = new Map(parent.exposed);
    if (parent.user) stage.user = parent.user;
  }
  return stage;
}

function readArgs(
  ins: Instruction,
  escapeChar: string,
  scope: Map<string, Setting>,
  globals: ReadonlyMap<string, Setting>,
  stageName: string,
  model: StageModel,
  problem: (line: number, reason: string) => void,
  lookup: Lookup = (n) => globals.get(n),
): void {
  const words = splitWords(ins.args, escapeChar);
  if (words.length === 0) problem(ins.line, 'ARG expects NAME or NAME=default');
  for (const word of words) {
    const line = ins.lineAt(word.offset);
    const eq = word.raw.indexOf('=');
    const name = eq === -1 ? word.raw : word.raw.slice(0, eq);
    if (!VAR_NAME.test(name)) {
      problem(line, 'ARG expects NAME or NAME=default (a name of letters, digits and _)');
      continue;
    }
    let setting: Setting | undefined;
    if (eq !== -1) setting = toSetting(name, expandWord(word.raw.slice(eq + 1), escapeChar, lookup), line);
    else if (stageName !== 'global' && globals.has(name)) setting = { ...globals.get(name)!, line };
    if (setting) scope.set(name, setting);
    model.args.push({
      name,
      value: setting?.value ?? null,
      secret: setting?.secret ?? false,
      line,
      stage: stageName,
    });
  }
}

function readEnv(
  ins: Instruction,
  escapeChar: string,
  stage: Stage,
  lookup: Lookup,
  problem: (line: number, reason: string) => void,
): void {
  const set = (name: string, raw: string, line: number) => {
    if (!VAR_NAME.test(name)) {
      problem(line, 'ENV expects NAME=value (a name of letters, digits and _)');
      return;
    }
    const setting = toSetting(name, expandWord(raw, escapeChar, lookup), line);
    stage.env.set(name, setting);
    stage.ownEnv.set(name, setting);
  };
  const words = splitWords(ins.args, escapeChar);
  const first = words[0];
  if (!first) {
    problem(ins.line, 'ENV expects NAME=value');
  } else if (first.raw.includes('=')) {
    for (const word of words) {
      const eq = word.raw.indexOf('=');
      if (eq === -1)
        problem(ins.lineAt(word.offset), 'ENV expects NAME=value pairs (not mixed with NAME value)');
      else set(word.raw.slice(0, eq), word.raw.slice(eq + 1), ins.lineAt(word.offset));
    }
  } else {
    // Legacy form `ENV NAME value with spaces`: the rest of the line is the value.
    const m = /^(\S+)\s+(\S[\s\S]*)$/.exec(ins.args);
    if (m) set(m[1] ?? '', (m[2] ?? '').trimEnd(), ins.line);
    else problem(ins.line, 'ENV expects NAME=value or NAME value');
  }
}

function readExpose(
  ins: Instruction,
  escapeChar: string,
  stage: Stage,
  lookup: Lookup,
  problem: (line: number, reason: string) => void,
): void {
  for (const word of splitWords(ins.args, escapeChar)) {
    const text = expandWord(word.raw, escapeChar, lookup).value;
    const m = PORT.exec(text);
    if (m) stage.exposed.set(`${m[1]}/${(m[2] ?? 'tcp').toLowerCase()}`, ins.lineAt(word.offset));
    // A port from a variable we cannot resolve stays as written: the difference is still visible.
    else if (text.includes('$')) stage.exposed.set(text, ins.lineAt(word.offset));
    else problem(ins.lineAt(word.offset), 'EXPOSE expects PORT or PORT/tcp|udp|sctp');
  }
}

function readUser(
  ins: Instruction,
  escapeChar: string,
  stage: Stage,
  lookup: Lookup,
  problem: (line: number, reason: string) => void,
): void {
  const words = splitWords(ins.args, escapeChar);
  const word = words[0];
  if (!word || words.length > 1) {
    problem(ins.line, 'USER expects USER[:GROUP]');
    return;
  }
  stage.user = toSetting('USER', expandWord(word.raw, escapeChar, lookup), ins.line);
}

function toSetting(name: string, expanded: Expanded, line: number): Setting {
  const secret = expanded.secret || isSecretName(name) || looksLikeSecret(expanded.value);
  return { value: expanded.value, secret, line };
}
