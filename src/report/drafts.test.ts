import { describe, expect, it } from 'vitest';
import type { Audit } from '../model/audit.js';
import type { Divergence } from '../model/divergence.js';
import { driftedAudit, stagingComparison } from './__fixtures__/audit-drifted.js';
import { renderAudit } from './index.js';

/** The drifted fixture with LOG_LEVEL's decision a draft and DATABASE_URL's won over two others. */
function withDraft(): Audit {
  const divergences = stagingComparison.divergences.map((d): Divergence => {
    if (d.key === 'config/env/LOG_LEVEL')
      return { ...d, decision: { ...d.decision!, draft: true, origin: { source: 'parity.yaml', line: 40 } } };
    if (d.decision && !d.decision.expired && d.key !== 'config/env/LOG_LEVEL')
      return {
        ...d,
        decision: {
          ...d.decision,
          match: 'key glob',
          outranked: [12, 30],
          origin: { source: 'parity.yaml', line: 20 },
        },
      };
    return d;
  });
  return { ...driftedAudit, comparisons: [{ ...stagingComparison, divergences, drafted: 1 }] };
}

describe('drafts in every report format', () => {
  it('text: the summary (first screen) counts drafts apart, and a Drafted section lists them', () => {
    const text = renderAudit(withDraft(), 'text', { color: false });
    const summary = text.split('\n').find((l) => l.includes('undecided'))!;
    expect(summary).toContain('; 1 drafted, awaiting a reason;');
    expect(text).toMatch(
      /Drafted, awaiting a reason: 1\n[\s\S]*config\/env\/LOG_LEVEL {2}\(accept, parity\.yaml:40\)/,
    );
    const decided = text.slice(text.indexOf('Decided:'));
    expect(decided).not.toContain('LOG_LEVEL');
    // When several decisions matched, the report says which one won, and over which.
    expect(decided).toContain('line 20 (key glob) over lines 12, 30');
  });

  it('markdown: the summary counts drafts, and drafts are their own collapsed section', () => {
    const md = renderAudit(withDraft(), 'markdown');
    expect(md).toMatch(/\*\*.*; 1 drafted, awaiting a reason; .*\*\*/);
    expect(md).toContain('<summary>1 drafted, awaiting a reason');
  });

  it('json: the count per comparison and the state per divergence', () => {
    const json = JSON.parse(renderAudit(withDraft(), 'json')) as Audit;
    expect(json.comparisons[0]!.drafted).toBe(1);
    const logLevel = json.comparisons[0]!.divergences.find((d) => d.key === 'config/env/LOG_LEVEL')!;
    expect(logLevel.decision!.draft).toBe(true);
  });
});
