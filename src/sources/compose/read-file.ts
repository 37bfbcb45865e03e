import type { Skip } from '../../model/snapshot.js';
import { isMapping } from '../shape.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import type { ComposeService } from './model.js';
import { lineAt, type ReadContext, skip, skipService } from './read-context.js';
import { readService } from './read-service.js';

const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export interface ComposeFileInput {
  source: string;
  /** The file as shown to users. */
  file: string;
  /** Folder of the project's first file, posix separators (`.` for the current folder). */
  projectDir: string;
}

/** Reads the services of one compose file; everything odd in it becomes a skip with its line. */
export function readComposeFile(
  text: string,
  input: ComposeFileInput,
): { services: ComposeService[]; skips: Skip[]; unreadable?: boolean } {
  const skips: Skip[] = [];
  const services: ComposeService[] = [];
  const { documents, problems } = parseYamlDocuments(text);
  for (const problem of problems) {
    skips.push({ source: input.source, file: input.file, line: problem.line, reason: problem.message });
  }
  const [doc, ...extra] = documents;
  for (const other of extra) {
    skips.push({
      source: input.source,
      file: input.file,
      line: other.line,
      reason: 'expected one YAML document per compose file; this one is ignored',
    });
  }
  if (!doc) {
    if (problems.length === 0)
      skips.push({
        source: input.source,
        file: input.file,
        reason: 'expected a top-level services: mapping; the file is empty',
      });
    return { services, skips, unreadable: problems.length > 0 };
  }
  const ctx: ReadContext = {
    ...input,
    lines: text.split(/\r?\n/),
    lineOf: doc.lineOf,
    docLine: doc.line,
    skips,
  };
  const root = doc.value;
  if (!isMapping(root)) {
    skip(ctx, doc.line, 'expected a mapping with a top-level services: key');
    return { services, skips, unreadable: true };
  }
  if (root.include !== undefined) {
    skip(
      ctx,
      lineAt(ctx, root, 'include'),
      "include: is not followed; list the included files in this source's path instead",
    );
  }
  if (root.services === undefined) {
    skip(ctx, doc.line, 'expected a top-level services: mapping');
    return { services, skips };
  }
  if (!isMapping(root.services)) {
    skip(
      ctx,
      lineAt(ctx, root, 'services'),
      'expected services: to be a mapping of service names to services',
    );
    return { services, skips };
  }
  for (const [name, node] of Object.entries(root.services)) {
    if (name.startsWith('x-')) continue; // extension fields, often the home of YAML anchors
    if (!SERVICE_NAME.test(name)) {
      skip(
        ctx,
        lineAt(ctx, root.services, name),
        `service "${name}": expected a name of letters, digits, ".", "_" or "-"`,
      );
      continue;
    }
    const line = lineAt(ctx, root.services, name);
    if (!isMapping(node)) {
      skipService(ctx, line, `expected service "${name}" to be a mapping`, name);
      continue;
    }
    services.push(readService(name, node, line, ctx));
  }
  return { services, skips };
}
