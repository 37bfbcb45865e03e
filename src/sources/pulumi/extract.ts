import type { FactValue } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { dotted } from '../helm-values/settings.js';
import { isMapping, typeName } from '../shape.js';
import { type At, walkStructured } from '../structured.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { flatValue } from './setting-value.js';
import { classifySizing, sizingFact } from './sizing.js';

export interface PulumiExtractInput {
  source: string;
  /** Path as shown to users. */
  file: string;
  fingerprint: Fingerprinter;
  /** Workload for sizing settings whose name names none (`cpu`): the option, else the namespace. */
  workload?: string;
}

/** Settings read per stack file at most; what lies beyond is named in a skip. */
export const MAX_SETTINGS = 5000;
/** Settings past the limit are counted up to this many, for the skip; then the walk stops. */
const MAX_DROPPED_COUNT = 100_000;
/** Stack-file keys that are not configuration: how secrets are encrypted. */
const NOT_CONFIG = new Set(['secretsprovider', 'encryptionsalt', 'encryptedkey']);

/**
 * A Pulumi stack file (`Pulumi.<stack>.yaml`) in, facts out. Each `config:` entry
 * `<namespace>:<key>` is a setting `config/pulumi/<namespace>/<key>` (structured values flattened
 * below it); sizing settings (`api-cpu`, `hasura-service-scaling-maximum`) become the infra facts
 * the kubernetes source makes; `secure:` values are ciphertext and never leave: they are compared
 * by presence only. Pure.
 */
export function extractPulumiStack(text: string, input: PulumiExtractInput): SourceResult {
  const result: SourceResult = { facts: [], skips: [] };
  const skip = (line: number | undefined, reason: string, key?: string) =>
    result.skips.push({
      source: input.source,
      file: input.file,
      ...(line ? { line } : {}),
      reason,
      ...(key ? { key } : {}),
    });
  const { documents, problems } = parseYamlDocuments(text);
  for (const p of problems) skip(p.line, p.message);
  if (problems.length > 0) return { facts: [], skips: result.skips };
  const doc = documents.find((d) => d.value !== null && d.value !== undefined);
  if (!doc) {
    skip(1, 'empty stack file: expected `config:` with the stack settings');
    return result;
  }
  if (!isMapping(doc.value)) {
    skip(doc.line, `expected a mapping with \`config:\` at the top, got ${typeName(doc.value)}`);
    return result;
  }
  const config = doc.value.config;
  if (config === undefined || config === null) {
    const known = Object.keys(doc.value).every((k) => NOT_CONFIG.has(k) || k === 'environment');
    if (!known) skip(doc.line, 'no `config:` mapping: expected a Pulumi stack file (Pulumi.<stack>.yaml)');
    return result;
  }
  if (!isMapping(config)) {
    skip(doc.lineOf(doc.value, 'config'), `config: expected a mapping of settings, got ${typeName(config)}`);
    return result;
  }
  const emitted = new Set<string>();
  let count = 0;
  let dropped = 0;
  let firstDropped: number | undefined;
  const lineOf = (at: At, fallback: number) =>
    (at.node ? doc.lineOf(at.node, at.key) : undefined) ?? fallback;

  for (const [fullKey, value] of Object.entries(config)) {
    const keyLine = doc.lineOf(config, fullKey) ?? doc.line;
    const colon = fullKey.indexOf(':');
    const namespace = colon > 0 ? fullKey.slice(0, colon) : '';
    const name = colon > 0 ? fullKey.slice(colon + 1) : fullKey;
    if (!namespace || !name) {
      skip(keyLine, `config key ${JSON.stringify(shortKey(fullKey))}: expected <project>:<key>`);
      continue;
    }
    const workload = input.workload ?? namespace;
    walkStructured(
      value,
      [name],
      {
        leaf(path, flat, at) {
          const line = lineOf(at, keyLine);
          if (count >= MAX_SETTINGS) {
            dropped++;
            firstDropped ??= line;
            // Counted up to a bound, then the walk stops: aliases can make the rest endless.
            return dropped < MAX_DROPPED_COUNT;
          }
          count++;
          const secure = securePath(path, at);
          if (secure) {
            push(['pulumi', namespace, dotted(secure)], { secret: true, fingerprint: '' }, line);
            return true;
          }
          if (flat.kind === 'scalar' && flat.value !== null) {
            const sizing = classifySizing(path);
            const fact = sizing ? sizingFact(sizing, workload, flat.value) : undefined;
            if (fact && !emitted.has(`infra/${fact.path.join('/')}`)) {
              emitted.add(`infra/${fact.path.join('/')}`);
              result.facts.push(
                makeFact({
                  dimension: 'infra',
                  ...fact,
                  origin: { source: input.source, file: input.file, line },
                }),
              );
              return true;
            }
          }
          push(['pulumi', namespace, dotted(path)], flatValue(path, flat, input.fingerprint), line);
          return true;
        },
        problem(path, reason, at) {
          skip(
            lineOf(at, keyLine),
            `${dotted(path)} ${reason}`,
            `config/pulumi/${namespace}/${dotted(path)}`,
          );
        },
      },
      { node: config, key: fullKey },
    );
  }
  if (dropped > 0) {
    skip(
      firstDropped,
      `at least ${dropped} more settings not read: only the first ${MAX_SETTINGS} are compared`,
    );
  }
  return result;

  function push(path: string[], value: FactValue, line: number): void {
    result.facts.push(
      makeFact({
        dimension: 'config',
        path,
        value,
        origin: { source: input.source, file: input.file, line },
      }),
    );
  }
}

/** `key: { secure: <ciphertext> }` (at any depth): the path of the secret, without `secure`. */
function securePath(path: readonly string[], at: At): readonly string[] | undefined {
  if (path[path.length - 1] !== 'secure' || path.length < 2) return undefined;
  const node = at.node;
  return isMapping(node) && Object.keys(node).length === 1 ? path.slice(0, -1) : undefined;
}

function shortKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 57)}...` : key;
}
