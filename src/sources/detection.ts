import { parseYamlDocuments } from './yaml-docs.js';

/**
 * How `parity init` finds a source kind in a repository: each source folder describes it in its
 * own `detect.ts` (like a linter plugin's fileMatch/isEnabled), the registry lists the detectors,
 * and init runs them all over one view of the repository. Pure: a detector sees file names and a
 * bounded peek into small text files, never the file system.
 */

/** What a detector may look at. */
export interface DetectView {
  /** Every file init looks at, `/`-separated, relative to the repository root, sorted. */
  readonly files: readonly string[];
  /** A peek into a small text file (undefined when unreadable, too large or binary). */
  read(file: string): string | undefined;
  has(file: string): boolean;
}

/**
 * How sure a file is that a name is an environment, by where the name sits:
 * - `declared`: the container says so (a workflow job's `environment:`, `overlays/<env>/`,
 *   `env/<env>/`, a helmfile `environments:` key, a Pulumi stack): any name is taken.
 * - `sibling`: a slot in a per-environment file pattern (`values-<env>.yaml`, `.env.<env>`,
 *   `config/<env>.yaml`): taken when the word is a known environment name, or when it stands
 *   beside a known environment's file of the same pattern in two folders or more.
 * - `known`: a folder name that is as often a component as an environment
 *   (`<dir>/terraform.tfstate`): only known environment names, or names found by stronger evidence.
 */
export type Evidence = 'declared' | 'sibling' | 'known';

export interface EnvironmentClaim {
  /** The name as the repository spells it (`prod`, `Staging`, `integration`). */
  name: string;
  evidence: Evidence;
  /** Files of one pattern in one folder share a group: siblings are judged together. */
  group?: string;
}

/** One source entry a detector proposes: for one environment, or for all of them (`environment` absent). */
export interface Detection {
  environment?: EnvironmentClaim;
  paths: string[];
  options?: Record<string, string | string[]>;
  /** One line for parity.yaml and the screen: where the guess came from (`file: what it is`). */
  why: string;
}

/** Something a detector saw and chose not to use, with the reason (shown by init). */
export interface Ignored {
  file: string;
  reason: string;
}

export interface DetectResult {
  found: Detection[];
  /** Environment names seen in files no source reads (yet): evidence for the name, and a TODO. */
  names?: { environment: EnvironmentClaim; file: string; why: string }[];
  ignored?: Ignored[];
  /** Steps the user has to take (a database URL, a command to run); each becomes a TODO line. */
  todo?: string[];
  /**
   * Files the found sources read themselves (a helmfile's environment values files): no other
   * kind's detection of them alone is proposed, so one file is not compared twice.
   */
  reads?: string[];
}

export interface SourceDetector {
  /** Files this detector may use; the rest of the repository is not shown to `detect`. */
  fileMatch: RegExp;
  detect(files: readonly string[], view: DetectView): DetectResult;
}

/** A source kind init cannot find in a repository, and why (logs, live endpoints). */
export interface NotDetectable {
  notDetectable: string;
}

export type SourceDetection = SourceDetector | NotDetectable;

export function isDetector(d: SourceDetection): d is SourceDetector {
  return 'detect' in d;
}

/** Folder of a repository path (`.` for the root). */
export function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i === -1 ? '.' : file.slice(0, i);
}

export function baseOf(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** `dir/name`, without `./` for the root. */
export function joinPath(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}

/**
 * Words that say a file serves pull-request, preview, review or other short-lived environments:
 * such a file is not the long-lived environment its name suggests (`.env.staging` "used in pull
 * request environments").
 */
const PREVIEW =
  /\b(pull[ -]?requests?|PRs?|preview|review apps?|review environments?|ephemeral|per[- ]branch|feature[- ]branch(es)?)\b/i;

/** The words (`pull request`) of a file's first comments that say it is for preview environments, else undefined. */
export function previewPurpose(text: string): string | undefined {
  for (const line of text.split(/\r?\n/, 20)) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('#') && !t.startsWith('//')) return undefined;
    // The matched words only: a comment is the file's text, and may hold anything.
    const m = PREVIEW.exec(t);
    if (m) return m[0].toLowerCase();
  }
  return undefined;
}

/** The documents of a small YAML file init may peek into (none when unreadable or malformed). */
export function yamlValues(view: DetectView, file: string): unknown[] {
  const text = view.read(file);
  if (text === undefined) return [];
  return parseYamlDocuments(text).documents.map((d) => d.value);
}

/** Words of a file or folder name: `values-prod.yaml` -> [values, prod], `nginx_dev` -> [nginx, dev]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/\.(ya?ml|json|env|tfvars|hcl|tfstate)$/i, '')
    .split(/[._-]+/)
    .filter(Boolean);
}

/**
 * Folders whose children are environments by the team's own convention: `overlays/<env>/`,
 * `env/<env>/`, `environments/<env>/`, `stages/<env>/`.
 */
export const ENVIRONMENT_CONTAINERS: ReadonlySet<string> = new Set([
  'overlays',
  'env',
  'envs',
  'environments',
  'environment',
  'stages',
  'deployments',
]);

/** The environment a path declares through a container folder (`k8s/overlays/staging/x.yaml` -> staging). */
export function containerEnvironment(file: string): { name: string; dir: string } | undefined {
  const parts = file.split('/');
  // The environment is a folder: `overlays/staging.yaml` is no container's child folder.
  for (let i = 0; i + 2 < parts.length; i++) {
    if (ENVIRONMENT_CONTAINERS.has(parts[i]!.toLowerCase())) {
      return { name: parts[i + 1]!, dir: parts.slice(0, i + 2).join('/') };
    }
  }
  return undefined;
}

/** Every folder name and file-name word of a path, outermost first, with the folder each ends. */
export function pathWords(file: string): { word: string; dir: string }[] {
  const parts = file.split('/');
  const out: { word: string; dir: string }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const dir = parts.slice(0, i + 1).join('/');
    const last = i === parts.length - 1;
    if (!last) out.push({ word: parts[i]!, dir });
    for (const w of nameWords(parts[i]!)) if (last || w !== parts[i]) out.push({ word: w, dir });
  }
  return out;
}

/**
 * Names teams give long-lived environments, folded to one key each (`prd` -> production). A
 * `known`-evidence name must be one of these; `test` is not (it names test runners and test apps
 * as often as an environment), so a `test` environment needs a declaration.
 */
const KNOWN: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  prod: 'production',
  prd: 'production',
  production: 'production',
  live: 'production',
  stg: 'staging',
  stag: 'staging',
  stage: 'staging',
  staging: 'staging',
  preprod: 'preprod',
  'pre-prod': 'preprod',
  'pre-production': 'preprod',
  uat: 'uat',
  qa: 'qa',
  integration: 'integration',
  dev: 'development',
  develop: 'development',
  development: 'development',
  sandbox: 'sandbox',
  scratch: 'scratch',
  demo: 'demo',
  perf: 'performance',
  performance: 'performance',
});

/** The key a known environment name folds to (`prd` -> `production`), else undefined. */
export function knownEnvironment(word: string): string | undefined {
  return KNOWN[word.toLowerCase()];
}

/**
 * The environment a path names, for files whose format carries no environment: a container's
 * child (`deploy/environments/eu-1/`, declared), else the first folder or file-name word that is a
 * known environment name (`clusters/production/`, `alerts-prod.yml`). `dir` is the path up to it.
 */
export function environmentInPath(file: string): (EnvironmentClaim & { dir: string }) | undefined {
  const declared = containerEnvironment(file);
  if (declared)
    return { name: declared.name, evidence: 'declared', dir: declared.dir, group: dirOf(declared.dir) };
  for (const { word, dir } of pathWords(file)) {
    if (knownEnvironment(word)) return { name: word, evidence: 'known', dir, group: dirOf(dir) };
  }
  return undefined;
}
