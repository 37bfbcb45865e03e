import type { Audit } from '../model/audit.js';
import { cannotJudge } from '../model/judgement.js';
import type { Discovery } from './discover.js';

const EXAMPLES = 3;
const MAX_REJECTED = 8;

/** What init found, for the screen: each environment and why, its sources, the names it did not take. */
export function foundLines(found: Discovery): string[] {
  const out = ['Environments found:'];
  for (const env of found.environments) {
    out.push(`  ${env}`);
    for (const why of found.evidence[env] ?? []) out.push(`    because ${why}`);
    const kinds = (found.perEnvironment[env] ?? []).map((p) => `${p.kind} ${p.paths.join(' + ')}`);
    out.push(`    sources: ${kinds.join('; ') || 'none of its own'}`);
  }
  if (found.shared.length > 0)
    out.push(
      `  every environment: ${found.shared.map((p) => `${p.kind} ${p.paths.join(' + ')}`).join('; ')}`,
    );
  if (found.rejected.length > 0) {
    out.push('Not taken as environments:');
    for (const r of found.rejected.slice(0, MAX_REJECTED)) out.push(`  ${r.name} (${r.file}): ${r.reason}`);
    if (found.rejected.length > MAX_REJECTED)
      out.push(`  … and ${found.rejected.length - MAX_REJECTED} more`);
  }
  return out;
}

/** Files set aside and files that could not be read, grouped by reason, a few examples each. */
export function setAsideLines(found: Discovery, unreadable: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const i of found.ignored) byReason.set(i.reason, [...(byReason.get(i.reason) ?? []), i.file]);
  if (byReason.size > 0) {
    out.push('Set aside (not evidence of an environment):');
    for (const [reason, files] of byReason) {
      const more = files.length > EXAMPLES ? `, … ${files.length - EXAMPLES} more` : '';
      out.push(`  ${reason}: ${files.slice(0, EXAMPLES).join(', ')}${more}`);
    }
  }
  if (unreadable.size > 0) {
    out.push('Could not read while looking:');
    for (const [file, reason] of [...unreadable].slice(0, 10)) out.push(`  ${file}: ${reason}`);
    if (unreadable.size > 10) out.push(`  … and ${unreadable.size - 10} more`);
  }
  return out;
}

/** After the first audit: the sources it could not read, each TODO left in parity.yaml, and the audit's state. */
export function closingLines(found: Discovery, file: string, audit: Audit | undefined): string[] {
  const out: string[] = [];
  const gaps = audit ? cannotJudge(audit) : [];
  const partial = (audit?.unread ?? []).filter((u) => u.read === 'partial' && !u.optional);
  if (gaps.length > 0 || partial.length > 0) {
    out.push('What the first audit could not read:');
    for (const g of gaps) out.push(`  ${g}`);
    for (const u of partial.slice(0, 10))
      out.push(`  ${u.environment}: the ${u.kind} source ${u.source} read only part: ${u.reason}`);
  }
  if (found.todo.length > 0) {
    out.push(`TODO left in ${file}:`);
    for (const t of found.todo) out.push(`  - ${t}`);
  }
  if (audit) {
    const undecided = audit.comparisons.reduce((n, c) => n + c.divergences.length, 0);
    const state =
      gaps.length > 0
        ? `partial: ${gaps.length} required source${gaps.length === 1 ? '' : 's'} read nothing, so \`parity audit\` exits 2 until ${gaps.length === 1 ? 'it is' : 'they are'} fixed or marked \`optional: true\``
        : partial.length > 0
          ? 'complete enough to judge, with sources read only in part (above)'
          : 'complete';
    out.push(
      `The first audit is ${state}; ${undecided} difference${undecided === 1 ? '' : 's'} listed above.`,
    );
  }
  out.push(`parity init wrote ${file}: review it, then run \`parity audit\`.`);
  return out;
}
