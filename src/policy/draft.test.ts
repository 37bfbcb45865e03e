import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Audit } from '../model/audit.js';
import type { Divergence } from '../model/divergence.js';
import { appendDecisions, draftDecisions } from './draft.js';

const divergence = (key: string, extra: Partial<Divergence> = {}): Divergence => ({
  rule: 'config.env-missing',
  dimension: 'config',
  key,
  kind: 'only-baseline',
  severity: 'medium',
  title: 't',
  message: `${key} is set in production only`,
  risk: 'r',
  ...extra,
});

const audit: Audit = {
  schemaVersion: 1,
  generatedAt: '2026-11-22T00:00:00.000Z',
  baseline: 'production',
  comparisons: [
    {
      baseline: 'production',
      candidate: 'staging',
      dimensions: [],
      divergences: [
        divergence('config/env/A'),
        divergence('config/env/B', { decision: { decision: 'accept', reason: 'ok', expired: false } }),
        divergence('config/env/C', { decision: { decision: 'accept', reason: 'old', expired: true } }),
      ],
    },
  ],
  skips: [],
  unusedDecisions: [],
};

describe('draftDecisions', () => {
  it('drafts the undecided and the expired, with an expiry so they fire again', () => {
    const drafts = draftDecisions(audit, {
      decision: 'accept',
      now: new Date('2026-11-22T10:00:00Z'),
      expiresInDays: 90,
    });
    expect(drafts.map((d) => [d.key, d.decision, d.expires])).toEqual([
      ['config/env/A', 'accept', '2027-02-20'],
      ['config/env/C', 'accept', '2027-02-20'],
    ]);
    expect(drafts[0]!.reason).toContain('DRAFT');
  });

  it('names the rule and the key, never a value: parity.yaml lives in git', () => {
    const leaky: Audit = {
      ...audit,
      comparisons: [
        {
          ...audit.comparisons[0]!,
          divergences: [
            divergence('config/env/LOG_LEVEL', {
              rule: 'config.env-value-differs',
              kind: 'differs',
              title: 'A variable’s value differs',
              message: 'LOG_LEVEL: production PLANTED-production-value, staging PLANTED-staging-value',
            }),
          ],
        },
      ],
    };
    const [draft] = draftDecisions(leaky, {
      decision: 'accept',
      now: new Date('2026-11-22T10:00:00Z'),
      expiresInDays: 30,
    });
    expect(draft!.reason).toBe(
      "DRAFT (parity decide, 2026-11-22): A variable’s value differs (differs). Replace with the team's reason.",
    );
    expect(JSON.stringify(draft)).not.toContain('PLANTED');
  });

  it('appends to decisions: and keeps the comments of the file', () => {
    const text =
      '# our policy\nversion: 1\n# decided so far\ndecisions:\n  - rule: x\n    decision: accept\n    reason: because\n';
    const drafts = draftDecisions(audit, {
      decision: 'eliminate',
      now: new Date('2026-11-22T10:00:00Z'),
      expiresInDays: 30,
    });
    const out = appendDecisions(text, drafts);
    expect(out).toContain('# our policy');
    expect(out).toContain('# decided so far');
    const decisions = parseDocument(out).toJS().decisions as {
      rule: string;
      key?: string;
      decision: string;
    }[];
    expect(decisions.map((d) => [d.rule, d.key, d.decision])).toEqual([
      ['x', undefined, 'accept'],
      ['config.env-missing', 'config/env/A', 'eliminate'],
      ['config.env-missing', 'config/env/C', 'eliminate'],
    ]);
  });

  it('creates decisions: when the file has none', () => {
    const out = appendDecisions(
      'version: 1\n',
      draftDecisions(audit, { decision: 'accept', now: new Date(), expiresInDays: 1 }),
    );
    expect((parseDocument(out).toJS().decisions as unknown[]).length).toBe(2);
  });
});
