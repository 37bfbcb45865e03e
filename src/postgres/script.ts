/**
 * A schema script (a `pg_dump --schema-only` file, a migration) read the way psql would run it, for
 * the rehearsal's scratch database only: psql meta-commands (`\restrict KEY` that pg_dump writes
 * since 13.22/14.19/15.14/16.10/17.6, `\connect`, `\set`) are psql's, not the server's, and are
 * dropped; `SET ROLE` / `SET SESSION AUTHORIZATION` and `OWNER TO` are dropped (the scratch
 * database's superuser owns and runs everything: the rehearsal plans queries, it does not check
 * privileges); every other statement is kept with its line. Statements are split by
 * PostgreSQL's own parser (libpg-query), so quoting and dollar-quoted bodies are read as the
 * server reads them. The roles the script names (`OWNER TO`, `GRANT ... TO`, policies) are listed
 * so the scratch database can create them.
 */
import { parseScript } from './statement.js';

export interface ScriptStatement {
  sql: string;
  /** 1-based line of the statement's first character in the script. */
  line: number;
}

export interface SplitScript {
  statements: ScriptStatement[];
  /** Role names the script refers to (owners, grantees, policy roles). */
  roles: string[];
  /** What was left out, with its line: psql meta-commands, role switches. */
  dropped: { line: number; what: string }[];
}

export class ScriptError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

/** At most this many psql meta-command lines are blanked (each costs one more parse). */
const MAX_META_LINES = 200;

export async function splitScript(text: string): Promise<SplitScript> {
  const dropped: SplitScript['dropped'] = [];
  let source = text;
  let tree: Awaited<ReturnType<typeof parseScript>>;
  for (let attempt = 0; ; attempt++) {
    try {
      tree = await parseScript(source);
      break;
    } catch (error) {
      const at = cursorOf(error);
      const line = at === undefined ? undefined : lineAt(source, at);
      const lineText = line === undefined ? '' : (source.split('\n')[line - 1] ?? '');
      if (line !== undefined && /^\s*\\/.test(lineText) && attempt < MAX_META_LINES) {
        // A psql meta-command ends at the end of its line: blank it, keeping every offset.
        dropped.push({ line, what: `psql meta-command ${lineText.trim().split(/\s+/)[0]}` });
        source = replaceLine(source, line, ' '.repeat(lineText.length));
        continue;
      }
      throw new ScriptError(`not valid PostgreSQL: ${(error as Error).message}`, line);
    }
  }
  const bytes = Buffer.from(source, 'utf8');
  const statements: ScriptStatement[] = [];
  const roles = new Set<string>();
  for (const entry of tree.stmts ?? []) {
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len ? start + entry.stmt_len : bytes.length;
    const raw = bytes.subarray(start, end).toString('utf8');
    const lead = raw.length - raw.trimStart().length;
    const line = lineAt(source, byteToChar(source, start) + lead);
    const node = entry.stmt ?? {};
    const type = Object.keys(node)[0] ?? '';
    const body = node[type] as { name?: string; kind?: string } | undefined;
    if (type === 'VariableSetStmt' && /^(role|session_authorization)$/i.test(body?.name ?? '')) {
      dropped.push({ line, what: `SET ${body?.name === 'role' ? 'ROLE' : 'SESSION AUTHORIZATION'}` });
      continue;
    }
    if (changesOwnerOnly(type, node[type])) {
      // The scratch database's own superuser owns everything: a view owned by a role without
      // rights on its tables would refuse the very queries the rehearsal plans.
      dropped.push({ line, what: 'OWNER TO' });
      continue;
    }
    collectRoles(node, roles);
    statements.push({ sql: raw.trim(), line });
  }
  return { statements, roles: [...roles].sort(), dropped };
}

/** The parser's error position: 0-based, in characters (statement locations are in bytes). */
function changesOwnerOnly(type: string, body: unknown): boolean {
  if (type === 'AlterOwnerStmt') return true;
  if (type !== 'AlterTableStmt') return false;
  const cmds = (body as { cmds?: { AlterTableCmd?: { subtype?: string } }[] }).cmds ?? [];
  return cmds.length > 0 && cmds.every((c) => c.AlterTableCmd?.subtype === 'AT_ChangeOwner');
}

function cursorOf(error: unknown): number | undefined {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  return typeof details?.cursorPosition === 'number' ? details.cursorPosition : undefined;
}

/** The parser counts UTF-8 bytes; JavaScript strings count UTF-16 units. */
function byteToChar(text: string, byteOffset: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

function lineAt(text: string, charOffset: number): number {
  let line = 1;
  for (let i = 0; i < charOffset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function replaceLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

/** Every named role in a parse tree (RoleSpec nodes of kind ROLESPEC_CSTRING). Iterative. */
function collectRoles(root: unknown, into: Set<string>): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node !== null && typeof node === 'object') {
      const spec = node as { roletype?: string; rolename?: string };
      if (spec.roletype === 'ROLESPEC_CSTRING' && spec.rolename) into.add(spec.rolename);
      stack.push(...Object.values(node));
    }
  }
}
