import { protectCiValue } from '../github-actions/ci-values.js';
import type { CiVariable } from '../github-actions/pipeline.js';
import { asObj, asText, type Obj } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import type { GitlabFile } from './parse.js';

/** `variables:` values: a scalar, or `{ value, description }`. */
export function variableValues(variables: Obj | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, raw] of Object.entries(variables ?? {})) {
    const text = asText(raw) ?? asText(asObj(raw)?.value);
    if (text !== undefined) out.set(name, text);
  }
  return out;
}

/** Global variables a job inherits: all, none (`inherit: variables: false`), or the listed ones. */
export function inheritedVariables(global: Obj | undefined, inherit: unknown): Obj {
  const rule = asObj(inherit)?.variables;
  if (rule === false) return {};
  if (Array.isArray(rule)) {
    const names = new Set(rule.map(String));
    return Object.fromEntries(Object.entries(global ?? {}).filter(([k]) => names.has(k)));
  }
  return global ?? {};
}

/** Names the shell or the runner sets: reading them says nothing about the project's CI variables. */
const PREDEFINED =
  /^(CI|GITLAB|RUNNER|FF|KUBERNETES)_|^(HOME|PATH|PWD|OLDPWD|USER|SHELL|HOSTNAME|TERM|LANG|IFS|UID|EUID|PPID|RANDOM|SECONDS|LINENO|TMPDIR|CHAT_CHANNEL|CHAT_INPUT)$/;
const READ = /\$\{?([A-Z][A-Z0-9_]{2,})\b/g;
const ASSIGNED = /(?:^|[;&|]\s*|\bexport\s+|\blocal\s+|\breadonly\s+)([A-Z][A-Z0-9_]{2,})=/g;

export interface ScriptLine {
  text: string;
  line: number;
}

/**
 * The CI variables of a job: declared ones with their values (through protectValue), then the
 * ones its script reads that the file does not declare (project or group CI/CD variables,
 * by name only), then `secrets:` (Vault and the like) by name only.
 */
export function jobVariables(
  declared: Obj,
  declaredAt: (name: string) => { file: GitlabFile; line: number },
  script: readonly ScriptLine[],
  secrets: Obj | undefined,
  secretsAt: number,
  fileName: string,
  fingerprint: Fingerprinter,
): CiVariable[] {
  const out: CiVariable[] = [];
  for (const [name, text] of variableValues(declared)) {
    const at = declaredAt(name);
    out.push({
      name,
      value: protectCiValue(name, text, fingerprint),
      compare: 'exact',
      file: at.file.file,
      line: at.line,
    });
  }
  const known = new Set(out.map((v) => v.name));
  const assigned = new Set(script.flatMap((s) => [...s.text.matchAll(ASSIGNED)].map((m) => m[1]!)));
  for (const s of script) {
    for (const m of s.text.matchAll(READ)) {
      const name = m[1]!;
      if (known.has(name) || assigned.has(name) || PREDEFINED.test(name)) continue;
      known.add(name);
      out.push({ name, value: `$${name}`, compare: 'presence', file: fileName, line: s.line });
    }
  }
  for (const name of Object.keys(secrets ?? {})) {
    if (known.has(name)) continue;
    known.add(name);
    const kind =
      Object.keys(asObj(secrets?.[name]) ?? {}).find((k) => k !== 'file' && k !== 'token') ?? 'secret';
    out.push({ name, value: `secrets:${kind}`, compare: 'presence', file: fileName, line: secretsAt });
  }
  return out;
}
