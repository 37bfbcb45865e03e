/** One node of `EXPLAIN (FORMAT JSON)` output; only the fields Parity reads. */
export interface PlanNode {
  'Node Type': string;
  'Join Type'?: string;
  Strategy?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Parent Relationship'?: string;
  'Total Cost'?: number;
  'Plan Rows'?: number;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Subplans Removed'?: number;
  Plans?: PlanNode[];
}

export interface PlanSummary {
  /** The normalised shape: node types, join methods, relations, indexes, in order. */
  shape: string;
  totalCost: number;
  rows: number;
  /** Measured execution time (EXPLAIN ANALYZE only). */
  executionMs?: number;
  /** Indented tree for people, with costs. */
  tree: string[];
}

/** Reads the first plan of an EXPLAIN (FORMAT JSON) result; null when it is not one. */
export function summarisePlan(explainJson: unknown): PlanSummary | null {
  const top = Array.isArray(explainJson) ? explainJson[0] : explainJson;
  if (!top || typeof top !== 'object') return null;
  const plan = (top as { Plan?: PlanNode }).Plan;
  if (!plan || typeof plan['Node Type'] !== 'string') return null;
  const summary: PlanSummary = {
    shape: shapeOf(plan),
    totalCost: plan['Total Cost'] ?? 0,
    rows: plan['Plan Rows'] ?? 0,
    tree: [],
  };
  const exec = (top as { 'Execution Time'?: number })['Execution Time'];
  if (typeof exec === 'number') summary.executionMs = exec;
  renderTree(plan, 0, summary.tree);
  return summary;
}

/** A node's label without numbers: `Index Scan using orders_pkey on orders`, `Hash Join (Left)`. */
export function nodeLabel(node: PlanNode): string {
  let label = node['Node Type'];
  if (label === 'Aggregate' && node.Strategy && node.Strategy !== 'Plain')
    label = `${node.Strategy}Aggregate`;
  if (node['Join Type'] && node['Join Type'] !== 'Inner') label += ` (${node['Join Type']})`;
  if (node['Index Name']) label += ` using ${node['Index Name']}`;
  if (node['Relation Name']) label += ` on ${node['Relation Name']}`;
  return label;
}

/** Node types whose children's order carries no meaning (Parallel Append orders them by cost). */
const UNORDERED = new Set(['Append', 'Merge Append']);

function shapeOf(node: PlanNode): string {
  const children = (node.Plans ?? []).map(shapeOf);
  if (UNORDERED.has(node['Node Type'])) children.sort();
  const inner = children.join('; ');
  return inner ? `${nodeLabel(node)} [${inner}]` : nodeLabel(node);
}

function renderTree(node: PlanNode, depth: number, out: string[]): void {
  const cost = node['Total Cost'] !== undefined ? `cost=${node['Total Cost']}` : '';
  const rows = node['Plan Rows'] !== undefined ? ` rows=${node['Plan Rows']}` : '';
  const actual =
    node['Actual Total Time'] !== undefined
      ? ` actual=${node['Actual Total Time']}ms rows=${node['Actual Rows'] ?? '?'}`
      : '';
  out.push(`${'  '.repeat(depth)}${depth ? '-> ' : ''}${nodeLabel(node)} (${cost}${rows}${actual})`);
  for (const child of node.Plans ?? []) renderTree(child, depth + 1, out);
}

/** Access methods per relation and join methods, for a one-line account of what flipped. */
export function planTraits(shape: string): { scans: Map<string, string[]>; joins: string[]; sorts: number } {
  const scans = new Map<string, string[]>();
  const joins: string[] = [];
  let sorts = 0;
  for (const m of shape.matchAll(
    /([A-Za-z ]+?(?:Scan|Join|Loop|Sort|Aggregate))(?: \([A-Za-z]+\))?(?: using (\S+))?(?: on ([^\s;[\]]+))?/g,
  )) {
    const kind = (m[1] ?? '').trim();
    if (m[3]) {
      const list = scans.get(m[3]) ?? [];
      list.push(m[2] ? `${kind} using ${m[2]}` : kind);
      scans.set(m[3], list);
    } else if (/Join|Nested Loop/.test(kind)) joins.push(kind);
    else if (/Sort$/.test(kind)) sorts++;
  }
  return { scans, joins, sorts };
}

/** "orders: Bitmap Heap Scan -> Seq Scan; join: Nested Loop -> Hash Join", from two shapes. */
export function describeFlip(fromShape: string, toShape: string): string {
  const a = planTraits(fromShape);
  const b = planTraits(toShape);
  const parts: string[] = [];
  for (const rel of new Set([...a.scans.keys(), ...b.scans.keys()])) {
    const x = (a.scans.get(rel) ?? ['-']).join('+');
    const y = (b.scans.get(rel) ?? ['-']).join('+');
    if (x !== y) parts.push(`${rel}: ${x} -> ${y}`);
  }
  const ja = a.joins.join('+') || '-';
  const jb = b.joins.join('+') || '-';
  if (ja !== jb) parts.push(`join: ${ja} -> ${jb}`);
  if (a.sorts !== b.sorts) parts.push(`sorts: ${a.sorts} -> ${b.sorts}`);
  if (parts.length) return parts.join('; ');
  // Same scans and joins: say which nodes came or went (Gather Merge, an aggregate strategy...).
  const nodes = (shape: string) =>
    shape
      .split(/[;[\]]/)
      .map((x) => x.replace(/ (using|on) \S+/g, '').trim())
      .filter(Boolean);
  const before = nodes(fromShape);
  const after = nodes(toShape);
  const gone = before.filter((x) => !after.includes(x));
  const came = after.filter((x) => !before.includes(x));
  const changes = [...new Set(gone)].map((x) => `-${x}`).concat([...new Set(came)].map((x) => `+${x}`));
  return changes.length ? `nodes: ${changes.join(', ')}` : 'plan shape changed (node order)';
}
