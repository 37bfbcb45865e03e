import { createHash } from 'node:crypto';
import { isSecretName, looksLikeSecret } from '../secrets.js';
import { asObj, asText, textList } from '../shape.js';

/**
 * GitLab `rules:`, `only:` and `workflow:rules` read as the neutral trigger tokens the GitHub
 * source also writes (`branch:main`, `tag:*`, `schedule`, `manual`, `merge-request`, `push`), so
 * pipelines pair across CI systems. `push` is GitLab's default: any branch or tag pipeline.
 */

const SOURCES: Record<string, string> = {
  push: 'push',
  web: 'manual',
  schedule: 'schedule',
  merge_request_event: 'merge-request',
  external_pull_request_event: 'merge-request',
  api: 'api',
  trigger: 'api',
  pipeline: 'upstream',
  parent_pipeline: 'upstream',
  chat: 'chat',
};

const LITERAL = String.raw`(?:"([^"]*)"|'([^']*)'|(\/[^\s]*\/[a-z]*)|(\$\{?\w+\}?)|(null))`;
const BRANCH = new RegExp(
  String.raw`\$\{?(?:CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME|CI_COMMIT_REF_SLUG)\}?(?:\s*(==|!=|=~|!~)\s*${LITERAL})?`,
);
const TAG = new RegExp(String.raw`\$\{?CI_COMMIT_TAG\}?(?:\s*(==|!=|=~|!~)\s*${LITERAL})?`);
const SOURCE = new RegExp(String.raw`\$\{?CI_PIPELINE_SOURCE\}?\s*(==|=~)\s*${LITERAL}`);
const MERGE_REQUEST = /\$\{?CI_MERGE_REQUEST_(IID|ID|SOURCE_BRANCH_NAME|TARGET_BRANCH_NAME)\b/;

export interface RuleReading {
  tokens: string[];
  /** A rule that applies runs the job by hand (`when: manual`). */
  manual: boolean;
}

/** `rules:`: each rule that can run the job gives tokens; `when: never` rules exclude and give none. */
export function readRules(rules: unknown): RuleReading {
  const tokens = new Set<string>();
  let manual = false;
  for (const entry of flatten(rules)) {
    const rule = asObj(entry);
    if (!rule) continue;
    const when = asText(rule.when);
    if (when === 'never') continue;
    if (when === 'manual') manual = true;
    const condition = asText(rule.if);
    for (const t of condition === undefined ? ['any'] : conditionTokens(condition)) tokens.add(t);
  }
  return { tokens: [...tokens].sort(), manual };
}

/** `only:` (a list of refs, or `{refs}`); `except:` narrows but never adds, so it is not read. */
export function readOnly(only: unknown): string[] {
  const refs = Array.isArray(only) || typeof only === 'string' ? only : asObj(only)?.refs;
  const tokens = textList(refs).map((ref) => {
    const keyword: Record<string, string> = {
      branches: 'branch:*',
      tags: 'tag:*',
      schedules: 'schedule',
      web: 'manual',
      merge_requests: 'merge-request',
      api: 'api',
      triggers: 'api',
      pipelines: 'upstream',
      pushes: 'push',
      external_pull_requests: 'merge-request',
    };
    if (keyword[ref]) return keyword[ref];
    if (ref.startsWith('/')) return `ref:${ref}`;
    return `branch:${ref}`;
  });
  return [...new Set(tokens)].sort();
}

function conditionTokens(condition: string): string[] {
  const out: string[] = [];
  for (const alternative of condition.replace(/[()]/g, ' ').split('||')) {
    const atoms = alternative.split('&&');
    const refs: string[] = [];
    let source: string | undefined;
    for (const atom of atoms) {
      const branch = BRANCH.exec(atom);
      if (branch) {
        const op = branch[1];
        const value = literal(branch);
        if (op === undefined || (op === '!=' && value === 'null')) refs.push('branch:*');
        else if ((op === '==' || op === '=~') && value !== 'null') refs.push(`branch:${value}`);
        continue;
      }
      const tag = TAG.exec(atom);
      if (tag) {
        const op = tag[1];
        const value = literal(tag);
        if (op === undefined || (op === '!=' && value === 'null')) refs.push('tag:*');
        else if ((op === '==' || op === '=~') && value !== 'null') refs.push(`tag:${value}`);
        continue;
      }
      const from = SOURCE.exec(atom);
      if (from) {
        const name = literal(from);
        source = SOURCES[name] ?? `event:${name}`;
        continue;
      }
      if (MERGE_REQUEST.test(atom)) source = 'merge-request';
    }
    if (refs.length > 0) out.push(...refs);
    else if (source) out.push(source);
    else out.push(`if:${sanitise(alternative.trim())}`);
  }
  return out;
}

function literal(m: RegExpExecArray): string {
  return m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? '';
}

/** An unread condition is kept as written, minus any literal compared with a secret-named variable. */
function sanitise(condition: string): string {
  const masked = condition.replace(
    /\$\{?(\w+)\}?(\s*(?:==|!=|=~|!~)\s*)("[^"]*"|'[^']*')/g,
    (whole, name: string, op: string, value: string) =>
      isSecretName(name) || looksLikeSecret(value.slice(1, -1)) ? `$${name}${op}"****"` : whole,
  );
  const one = masked.replace(/\s+/g, ' ');
  if (one.length <= 80) return one;
  // Shortened for reading, with a digest of the whole, so conditions that differ late still differ.
  const digest = createHash('sha256').update(one).digest('hex').slice(0, 8);
  return `${one.slice(0, 64)}... (#${digest})`;
}

/** `!reference` may put a list inside `rules:`; GitLab flattens it. */
export function flatten(value: unknown, depth = 0): unknown[] {
  if (!Array.isArray(value)) return value === undefined || value === null ? [] : [value];
  if (depth > 10) return [];
  return value.flatMap((v) => (Array.isArray(v) ? flatten(v, depth + 1) : [v]));
}

/**
 * Can two jobs run in one pipeline? Used for the implicit stage order: a job waits for the
 * earlier stages' jobs of its own pipeline only. Unknown conditions count as compatible.
 */
export function compatible(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  return a.some((x) => b.some((y) => tokensMeet(x, y)));
}

const REF_KINDS = new Set(['branch', 'tag', 'ref']);
/** Pipelines a bare `push` (GitLab's default `only: [branches, tags]`) also runs in. */
const DEFAULT_PIPELINES = new Set(['schedule', 'manual', 'api', 'upstream', 'push']);

function tokensMeet(x: string, y: string): boolean {
  if (x === y || x === 'any' || y === 'any' || x.startsWith('if:') || y.startsWith('if:')) return true;
  const [kx = '', vx = ''] = split(x);
  const [ky = '', vy = ''] = split(y);
  if (x === 'push') return REF_KINDS.has(ky) || DEFAULT_PIPELINES.has(y);
  if (y === 'push') return REF_KINDS.has(kx) || DEFAULT_PIPELINES.has(x);
  if (!REF_KINDS.has(kx) || !REF_KINDS.has(ky)) return false;
  if (kx !== ky && kx !== 'ref' && ky !== 'ref') return false;
  return refMeets(vx, vy) && refMeets(vy, vx);
}

function split(token: string): [string, string] {
  const i = token.indexOf(':');
  return i === -1 ? [token, ''] : [token.slice(0, i), token.slice(i + 1)];
}

/** A literal ref against a pattern: `*`, a `/regex/` or a `$VARIABLE` may match anything. */
function refMeets(pattern: string, value: string): boolean {
  if (pattern === '*' || value === '*' || pattern.includes('$') || value.includes('$')) return true;
  const regex = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!regex) return value.startsWith('/') || pattern === value;
  if (value.startsWith('/')) return true;
  try {
    return new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[^imsu]/g, '')).test(value);
  } catch {
    return true;
  }
}
