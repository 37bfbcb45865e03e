/**
 * The gate every query-file statement passes before it reaches a database: PostgreSQL's own parser
 * (libpg-query, compiled to WebAssembly) must see exactly one SELECT, INSERT, UPDATE or DELETE
 * (with or without WITH), which Parity then only EXPLAINs. Quoting, dollar quoting, `E''` strings,
 * nested comments and quotes inside comments are read as the server reads them, because it is the
 * server's grammar. This is defence in depth: statements are also sent through the extended
 * protocol (one statement per message) inside a READ ONLY transaction that is never committed.
 */

export type StatementKind = 'select' | 'insert' | 'update' | 'delete';

export type StatementCheck =
  | { ok: true; kind: StatementKind /** Highest `$n` the statement uses (0 when none). */; params: number }
  | { ok: false; reason: string };

const KINDS: Record<string, StatementKind> = {
  SelectStmt: 'select',
  InsertStmt: 'insert',
  UpdateStmt: 'update',
  DeleteStmt: 'delete',
};

let loaded: Promise<typeof import('libpg-query')> | undefined;

/** Loads the parser once (lazily: the CLI only pays for it when a query file is planned). */
function parser(): Promise<typeof import('libpg-query')> {
  loaded ??= import('libpg-query').then(async (m) => {
    await m.loadModule();
    return m;
  });
  return loaded;
}

/** Checks one statement of a query file; never throws for bad SQL (the reason says what was found). */
export async function checkStatement(sql: string): Promise<StatementCheck> {
  const { parseSync } = await parser();
  let tree: { stmts?: { stmt?: Record<string, unknown> }[] };
  try {
    tree = parseSync(sql) as typeof tree;
  } catch (error) {
    return { ok: false, reason: `not valid PostgreSQL: ${(error as Error).message}` };
  }
  const stmts = tree.stmts ?? [];
  if (stmts.length !== 1)
    return {
      ok: false,
      reason: `expected exactly one statement, found ${stmts.length}`,
    };
  const node = stmts[0]?.stmt ?? {};
  const type = Object.keys(node)[0] ?? 'nothing';
  const kind = KINDS[type];
  if (!kind)
    return {
      ok: false,
      reason: `expected one SELECT, INSERT, UPDATE or DELETE to EXPLAIN, found ${describe(type)}`,
    };
  const body = node[type] as Record<string, unknown>;
  if (kind === 'select' && body.intoClause)
    return { ok: false, reason: 'SELECT INTO creates a table; expected a plain SELECT' };
  return { ok: true, kind, params: maxParam(body) };
}

/** `TransactionStmt` -> `a transaction statement (COMMIT, BEGIN ...)`, for messages. */
function describe(type: string): string {
  if (type === 'TransactionStmt') return 'a transaction statement (BEGIN, COMMIT, ROLLBACK, SAVEPOINT)';
  if (type === 'VariableSetStmt') return 'a SET statement';
  const words = type
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
  return `a ${words} statement`;
}

/** The highest ParamRef number anywhere in a parse tree (iterative: no recursion limit on deep trees). */
function maxParam(root: unknown): number {
  let max = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'ParamRef') {
          const n = (value as { number?: number }).number ?? 0;
          if (n > max) max = n;
        }
        stack.push(value);
      }
    }
  }
  return max;
}
