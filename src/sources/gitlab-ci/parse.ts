import type { Skip } from '../../model/snapshot.js';
import { asList, asObj, asText, type Obj, shortText, typeName } from '../shape.js';
import { parseYamlDocuments, type YamlDocument, type YamlTag } from '../yaml-docs.js';

/** Marks a `!reference [.job, script]` tag until it is resolved against the whole configuration. */
export const REFERENCE = Symbol('gitlab !reference');
export type ReferenceMarker = { [REFERENCE]: unknown[] };

/** GitLab's `!reference` tag, beside the YAML 1.2 core types and `<<` merge keys. */
const GITLAB_TAGS: readonly YamlTag[] = [
  {
    tag: '!reference',
    kind: 'sequence',
    construct: (data: unknown) => ({ [REFERENCE]: Array.isArray(data) ? data : [] }),
  },
];

export function isReference(value: unknown): value is ReferenceMarker {
  return value !== null && typeof value === 'object' && REFERENCE in value;
}

export interface GitlabFile {
  file: string;
  doc: YamlDocument;
  value: Obj;
  lines: readonly string[];
}

/** One CI file: its mapping, or skips saying why it is not one. */
export function parseGitlabFile(
  text: string,
  file: string,
  source: string,
): { parsed?: GitlabFile; skips: Skip[] } {
  const skips: Skip[] = [];
  const { documents, problems } = parseYamlDocuments(text, { tags: GITLAB_TAGS });
  for (const p of problems) skips.push({ source, file, line: p.line, reason: p.message });
  // A CI/CD component's file starts with a `spec:` header document; the configuration is the last one.
  const doc = documents[documents.length - 1];
  if (!doc) return { skips };
  const value = asObj(doc.value);
  if (!value) {
    skips.push({
      source,
      file,
      line: doc.line,
      reason: `expected a mapping of jobs and keywords, got ${typeName(doc.value)}`,
    });
    return { skips };
  }
  return { parsed: { file, doc, value, lines: text.split(/\r?\n/) }, skips };
}

export interface LocalInclude {
  /** Path from the repository root, without the leading `/`; may be a glob. */
  path: string;
  line: number | undefined;
}

export interface TemplateInclude {
  name: string;
  file: string;
  line: number | undefined;
}

/** Local includes to read, and skips for the kinds that live outside the repository. */
export function includesOf(
  parsed: GitlabFile,
  source: string,
): { local: LocalInclude[]; skips: Skip[]; templates: TemplateInclude[] } {
  const local: LocalInclude[] = [];
  const skips: Skip[] = [];
  const templates: TemplateInclude[] = [];
  const include = parsed.value.include;
  const entries = Array.isArray(include) ? include : include === undefined ? [] : [include];
  const line = (node: unknown) => parsed.doc.lineOf(node) ?? parsed.doc.lineOf(parsed.value, 'include');
  for (const entry of entries) {
    const text = asText(entry);
    const obj = asObj(entry);
    const at = line(obj ?? include);
    const skip = (reason: string) => skips.push({ source, file: parsed.file, line: at, reason });
    if (text !== undefined) {
      if (/^https?:\/\//i.test(text)) skip(`include ${shortText(text)} is remote; its jobs are not read`);
      else local.push({ path: text.replace(/^\.?\//, ''), line: at });
    } else if (obj && asText(obj.local) !== undefined) {
      local.push({ path: asText(obj.local)!.replace(/^\.?\//, ''), line: at });
    } else if (obj && asText(obj.template) !== undefined) {
      templates.push({ name: asText(obj.template)!, file: parsed.file, line: at });
    } else if (obj && obj.project !== undefined) {
      const files = asList(obj.file).length > 0 ? asList(obj.file).length : 1;
      skip(
        `include from project ${shortText(asText(obj.project) ?? '?')} (${files} file${files > 1 ? 's' : ''}) lives in another repository; its jobs are not read`,
      );
    } else if (obj && asText(obj.remote) !== undefined) {
      skip(`include ${shortText(asText(obj.remote)!)} is remote; its jobs are not read`);
    } else if (obj && asText(obj.component) !== undefined) {
      skip(
        `include of CI/CD component ${shortText(asText(obj.component)!)} is not read; its jobs are not counted`,
      );
    } else {
      skip(`include: expected a path or {local|remote|project|template|component}, got ${typeName(entry)}`);
    }
  }
  return { local, skips, templates };
}
