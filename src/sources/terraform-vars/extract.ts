import { makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import { dotted } from '../helm-values/settings.js';
import { parseJsonDocument } from '../json-docs.js';
import { layeredUnreadSkip } from '../layered.js';
import { flatValue } from '../pulumi/setting-value.js';
import { classifySizing, sizingFact } from '../pulumi/sizing.js';
import { secretValue } from '../secrets.js';
import { isMapping, typeName } from '../shape.js';
import { walkStructured } from '../structured.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { HclError, parseTfvars, type TfvarsDocument } from './hcl.js';

export interface TfvarsFile {
  /** Path as shown to users. */
  file: string;
  text: string;
}

export interface TfvarsExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  /** Workload for sizing variables whose name names none (`instance_type`). */
  workload: string;
  /** Variables the module declares `sensitive = true`. */
  sensitive: ReadonlySet<string>;
}

/** Settings read per environment at most; what lies beyond is named in a skip. */
export const MAX_SETTINGS = 5000;
/** Settings past the limit are counted up to this many, for the skip; then the walk stops. */
const MAX_DROPPED_COUNT = 100_000;

interface Assigned {
  value: unknown;
  line: number;
  file: string;
  lineOf: TfvarsDocument['lineOf'];
}

/**
 * Variable definition files in Terraform's order (later files win a variable whole, as with
 * several `-var-file`s) in, facts out: each variable `config/tfvars/<name>` (maps and lists of
 * maps flattened below it), sizing variables as the kubernetes source's infra facts, sensitive
 * variables and secret-shaped values as secrets. Pure.
 */
export function extractTfvars(files: readonly TfvarsFile[], input: TfvarsExtractInput): SourceResult {
  const skips: Skip[] = [];
  const vars = new Map<string, Assigned>();
  const unreadable: string[] = [];
  for (const file of files) {
    const doc = readFile(file, input.source, skips);
    if (!doc) {
      unreadable.push(file.file);
      continue;
    }
    for (const a of doc.attributes)
      vars.set(a.name, { value: a.value, line: a.line, file: file.file, lineOf: doc.lineOf });
  }
  // Terraform stops at a bad variables file: without it, the others are not this environment's values.
  if (unreadable.length > 0) {
    const skip = layeredUnreadSkip(
      input.source,
      files.map((f) => f.file),
      unreadable,
      'Terraform reads',
    );
    if (skip) skips.push(skip);
    return { facts: [], skips };
  }
  const facts: SourceResult['facts'] = [];
  const emitted = new Set<string>();
  let count = 0;
  let dropped = 0;
  let firstDropped: { file: string; line: number } | undefined;
  for (const [name, v] of vars) {
    const origin = (line: number) => ({ source: input.source, file: v.file, line });
    if (input.sensitive.has(name)) {
      const text = typeof v.value === 'string' ? v.value : JSON.stringify(v.value);
      facts.push(
        makeFact({
          dimension: 'config',
          path: ['tfvars', name],
          value: secretValue(text, input.fingerprint),
          origin: origin(v.line),
        }),
      );
      continue;
    }
    walkStructured(v.value, [name], {
      leaf(path, flat, at) {
        const line = (at.node ? v.lineOf(at.node, at.key) : undefined) ?? v.line;
        if (count >= MAX_SETTINGS) {
          dropped++;
          firstDropped ??= { file: v.file, line };
          // Counted up to a bound, then the walk stops: aliases can make the rest endless.
          return dropped < MAX_DROPPED_COUNT;
        }
        count++;
        const sizable = flat.kind === 'scalar' || flat.kind === 'list' ? flat.value : undefined;
        const sizing = sizable !== undefined && sizable !== null ? classifySizing(path) : undefined;
        const fact = sizing ? sizingFact(sizing, input.workload, sizable) : undefined;
        const key = fact ? `infra/${fact.path.join('/')}` : '';
        if (fact && !emitted.has(key)) {
          emitted.add(key);
          facts.push(makeFact({ dimension: 'infra', ...fact, origin: origin(line) }));
          return true;
        }
        facts.push(
          makeFact({
            dimension: 'config',
            path: ['tfvars', dotted(path)],
            value: flatValue(path, flat, input.fingerprint),
            origin: origin(line),
          }),
        );
        return true;
      },
      problem(path, reason, at) {
        skips.push({
          source: input.source,
          file: v.file,
          line: (at.node ? v.lineOf(at.node, at.key) : undefined) ?? v.line,
          reason: `${dotted(path)} ${reason}`,
          key: `config/tfvars/${dotted(path)}`,
        });
      },
    });
  }
  if (dropped > 0 && firstDropped) {
    skips.push({
      source: input.source,
      ...firstDropped,
      reason: `at least ${dropped} more settings not read: only the first ${MAX_SETTINGS} are compared`,
    });
  }
  return { facts, skips };
}

function readFile(file: TfvarsFile, source: string, skips: Skip[]): TfvarsDocument | undefined {
  if (file.file.endsWith('.json')) {
    const doc = parseJsonDocument(file.text);
    if (!doc) {
      skips.push({
        source,
        file: file.file,
        line: jsonErrorLine(file.text),
        reason: 'invalid JSON: expected a .tfvars.json object of variable values',
      });
      return undefined;
    }
    if (!isMapping(doc.value)) {
      skips.push({
        source,
        file: file.file,
        line: 1,
        reason: `expected an object of variable values, got ${typeName(doc.value)}`,
      });
      return undefined;
    }
    const top = doc.value;
    return {
      attributes: Object.entries(top).map(([name, value]) => ({
        name,
        value,
        line: doc.lineOf(top, name) ?? 1,
      })),
      lineOf: doc.lineOf,
    };
  }
  try {
    return parseTfvars(file.text);
  } catch (error) {
    if (!(error instanceof HclError)) throw error;
    skips.push({ source, file: file.file, line: error.line, reason: error.message });
    return undefined;
  }
}

/** The line JSON.parse names in its message (Node 20 gives a position, Node 22+ a line too). */
function jsonErrorLine(text: string): number {
  try {
    JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec(String((error as Error).message));
    if (m) return text.slice(0, Number(m[1])).split('\n').length;
  }
  return 1;
}
