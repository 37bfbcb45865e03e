import type { Audit } from './audit.js';

/** Why an audit could not judge: each line a plain sentence; empty when it could. */
export function cannotJudge(audit: Pick<Audit, 'comparisons' | 'unread'>): string[] {
  const out: string[] = [];
  for (const u of audit.unread ?? []) {
    if (u.read !== 'none' || u.optional) continue;
    const where = u.line ? ` (${u.file ?? 'parity.yaml'}:${u.line})` : '';
    out.push(`${u.environment}: the ${u.kind} source ${u.source}${where} read nothing: ${u.reason}`);
  }
  for (const c of audit.comparisons) {
    const compared = c.dimensions.some(
      (d) =>
        d.status === 'drift' ||
        (d.facts > 0 && d.baselineSources.length > 0 && d.candidateSources.length > 0),
    );
    if (!compared) {
      out.push(
        `${c.candidate} against ${c.baseline}: nothing was compared (no dimension has evidence on both sides)`,
      );
    }
  }
  return out;
}
