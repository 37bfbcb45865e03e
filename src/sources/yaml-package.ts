import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import { checkExpansion, expansionMessage } from './yaml-expansion.js';
import { ConvertProblem, yamlToJs } from './yaml-to-js.js';

/** A local tag a source understands (GitLab's `!reference`), described once for both parsers. */
export interface YamlTag {
  tag: string;
  kind: 'sequence' | 'mapping' | 'scalar';
  construct: (data: unknown) => unknown;
}

/** The options every `yaml` parse in Parity uses: YAML 1.2 core types, `<<` merge keys. */
export function yamlOptions(lineCounter: LineCounter, tags: readonly YamlTag[] = []) {
  return {
    lineCounter,
    merge: true,
    // Duplicate keys are refused by yamlToJs with a Set per mapping: the package's own check
    // compares every key with every other (20,000 keys took 7 s, 100,000 would take minutes).
    uniqueKeys: false,
    prettyErrors: false,
    schema: 'core' as const,
    customTags: tags.map((t) =>
      t.kind === 'scalar'
        ? { tag: t.tag, resolve: (text: string) => t.construct(text) }
        : {
            tag: t.tag,
            collection: t.kind === 'sequence' ? ('seq' as const) : ('map' as const),
            resolve: (node: { toJSON(): unknown }) => t.construct(node.toJSON()),
          },
    ),
  };
}

/** A YAML text Parity could not load, with the 1-based line to name. */
export class YamlLoadError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * One document's JS value, or why it cannot be read: a syntax error, an alias to an anchor that
 * does not exist (anchors never cross documents, as in `yaml` and PyYAML), a recursive alias, or
 * aliases that expand past the budget. Never throws for any input text.
 */
export function documentValue(
  doc: Document,
  lineCounter: LineCounter,
  lineOffset = 0,
): { value: unknown } | YamlLoadError {
  const at = (pos: number | undefined) => lineCounter.linePos(pos ?? 0).line + lineOffset;
  const error = doc.errors[0];
  if (error) return new YamlLoadError(`invalid YAML: ${error.message.split('\n')[0]}`, at(error.pos[0]));
  let value: unknown;
  try {
    value = yamlToJs(doc);
  } catch (caught) {
    if (!(caught instanceof ConvertProblem)) throw caught;
    return new YamlLoadError(caught.message, at(caught.node?.range?.[0] ?? doc.contents?.range?.[0]));
  }
  const problem = checkExpansion(value);
  if (problem) {
    const located: LocatedDocument = { value, line: 0, spans: new Map(), keys: new Map() };
    locate(doc.contents, value, located, (pos) => at(pos));
    return new YamlLoadError(
      expansionMessage(problem),
      located.spans.get(problem.node) ?? at(doc.contents?.range?.[0]),
    );
  }
  return { value };
}

/** parity.yaml: one document, with its node tree for exact lines; throws YamlLoadError. */
export function loadYamlConfig(text: string): { doc: Document; lineCounter: LineCounter; value: unknown } {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, yamlOptions(lineCounter));
  } catch (error) {
    // The parser recurses per nesting level: thousands of levels overflow its stack.
    throw new YamlLoadError(`cannot be parsed: ${(error as Error).message}`, 1);
  }
  const read = documentValue(doc, lineCounter);
  if (read instanceof YamlLoadError) throw read;
  return { doc, lineCounter, value: read.value };
}

export interface LocatedDocument {
  value: unknown;
  line: number;
  spans: Map<object, number>;
  keys: Map<object, Map<string, number>>;
}

/** Every document of a text with `yaml`, each object's first line and each key's line. */
export function parseWithYamlPackage(
  text: string,
  lineOffset: number,
  tags: readonly YamlTag[],
): { documents: LocatedDocument[]; problems: YamlLoadError[] } {
  const lineCounter = new LineCounter();
  const documents: LocatedDocument[] = [];
  const problems: YamlLoadError[] = [];
  let all: ReturnType<typeof parseAllDocuments>;
  try {
    all = parseAllDocuments(text, yamlOptions(lineCounter, tags));
  } catch (error) {
    // The parser recurses per nesting level: thousands of levels overflow its stack.
    return {
      documents,
      problems: [new YamlLoadError(`cannot be parsed: ${(error as Error).message}`, lineOffset + 1)],
    };
  }
  for (const doc of Array.isArray(all) ? all : [all]) {
    if (doc.contents === null && doc.errors.length === 0) continue;
    const read = documentValue(doc, lineCounter, lineOffset);
    if (read instanceof YamlLoadError) {
      problems.push(read);
      continue;
    }
    const line = (pos: number) => lineCounter.linePos(pos).line + lineOffset;
    const located: LocatedDocument = {
      value: read.value,
      line: line(doc.contents?.range?.[0] ?? 0),
      spans: new Map(),
      keys: new Map(),
    };
    locate(doc.contents, read.value, located, line);
    documents.push(located);
  }
  return { documents, problems };
}

/** Walks the node tree beside its JS value; aliases are not followed (their target was walked). */
function locate(
  root: unknown,
  rootValue: unknown,
  out: LocatedDocument,
  line: (pos: number) => number,
): void {
  const stack: [unknown, unknown][] = [[root, rootValue]];
  while (stack.length > 0) {
    const [node, value] = stack.pop()!;
    if (value === null || typeof value !== 'object' || isAlias(node) || out.spans.has(value)) continue;
    if (isMap(node)) {
      out.spans.set(value, line(node.range?.[0] ?? 0));
      const keys = new Map<string, number>();
      out.keys.set(value, keys);
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && typeof key.value === 'symbol') continue; // a `<<` merge key
        const name = String(isScalar(key) ? key.value : key);
        if (!keys.has(name)) keys.set(name, line((key as YamlNode | null)?.range?.[0] ?? 0));
        stack.push([pair.value, (value as Record<string, unknown>)[name]]);
      }
    } else if (isSeq(node) && Array.isArray(value)) {
      out.spans.set(value, line(node.range?.[0] ?? 0));
      for (let i = 0; i < node.items.length; i++) stack.push([node.items[i], value[i]]);
    }
  }
}
