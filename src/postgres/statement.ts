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

/** PostgreSQL's own parse of a whole script (throws the parser's error, with `cursorPosition`). */
export async function parseScript(sql: string): Promise<{
  stmts?: { stmt?: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[];
}> {
  const { parseSync } = await parser();
  return parseSync(sql) as never;
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
  const size = measure(body);
  if (size.depth > MAX_SELECT_DEPTH)
    return {
      ok: false,
      reason: `a statement nested deeper than ${MAX_SELECT_DEPTH} SELECTs (planning it alone can take gigabytes of the server's memory)`,
    };
  if (size.selects > MAX_SELECTS)
    return {
      ok: false,
      reason: `a statement of more than ${MAX_SELECTS} SELECTs (planning it alone can take gigabytes of the server's memory)`,
    };
  return { ok: true, kind, params: size.params };
}

/**
 * Planning memory has no server setting that bounds it: EXPLAIN alone of one SELECT nested 2,000
 * subqueries deep took a backend to 1.5 GB, 3,000 UNION ALL branches to 750 MB. Real queries are
 * far below both limits.
 */
const MAX_SELECT_DEPTH = 64;
const MAX_SELECTS = 1000;

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

/**
 * The highest ParamRef number anywhere in a parse tree, how many SELECTs it holds and how deep they
 * nest (the statement itself is depth 1). Iterative: no recursion limit on deep trees.
 */
function measure(root: unknown): { params: number; selects: number; depth: number } {
  let params = 0;
  let selects = 1;
  let depth = 1;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [node, level] = stack.pop()!;
    if (Array.isArray(node)) {
      for (const item of node) stack.push([item, level]);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'ParamRef') {
          const n = (value as { number?: number }).number ?? 0;
          if (n > params) params = n;
        }
        let next = level;
        // UNION/INTERSECT/EXCEPT branches are SELECTs side by side (`larg`/`rarg`), not nested.
        if (key === 'larg' || key === 'rarg') selects++;
        if (key === 'SelectStmt') {
          selects++;
          next = level + 1;
          if (next > depth) depth = next;
        }
        stack.push([value, next]);
      }
    }
  }
  return { params, selects, depth };
}
