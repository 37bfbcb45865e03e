import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Decision } from '../config/policy.js';
import { DecisionEntry } from '../config/schema.js';
import type { Audit } from '../model/audit.js';
import type { Divergence } from '../model/divergence.js';
import { loadYamlConfig } from '../sources/yaml-package.js';
import { applyDecisions } from './decide.js';
import { appendDecisions, draftDecisions, planDrafts } from './draft.js';

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

const fixture = readFileSync(new URL('./__fixtures__/aligned-comments.parity.yaml', import.meta.url), 'utf8');
const now = new Date('2026-12-06T10:00:00Z');
const auditOf = (divergences: Divergence[]): Audit => ({
  ...audit,
  comparisons: [{ ...audit.comparisons[0]!, divergences }],
});
/** The fixture's decisions applied, as the pipeline does (lines included). */
function decided(divergences: Divergence[], text = fixture): Audit {
  const { value } = loadYamlConfig(text);
  const { doc, lineCounter } = loadYamlConfig(text);
  const entries = ((value as { decisions?: Decision[] }).decisions ?? []).map((d, i) => {
    const item = (doc.get('decisions') as { items: { range: [number] }[] }).items[i]!;
    return { ...d, line: lineCounter.linePos(text.lastIndexOf('-', item.range[0])).line };
  });
  return auditOf(
    applyDecisions(divergences, entries, { candidate: 'staging', now, file: 'parity.yaml' }).divergences,
  );
}

describe('renewing an expired decision', () => {
  const logLevel = divergence('config/env/LOG_LEVEL', { rule: 'config.env-value-differs', kind: 'differs' });

  it('updates the entry in place: new expiry, draft: true, reason, owner, control and comments kept', () => {
    const drafts = draftDecisions(decided([logLevel]), { decision: 'accept', now, expiresInDays: 30 });
    expect(drafts.map((d) => d.renews)).toEqual([17]);
    const out = appendDecisions(fixture, drafts);
    expect(out).toBe(
      fixture
        .replace('      expires: 2026-10-31         #', '      expires: 2027-01-05         #')
        .replace(
          '      expires: 2027-01-05         # after this date it fires again\n',
          '      expires: 2027-01-05         # after this date it fires again\n      draft: true\n',
        ),
    );
    // Once renewed, nothing is unused and nothing is offered again.
    const again = decided([logLevel], out);
    expect(again.comparisons[0]!.divergences[0]!.decision!.reason).toBe(
      'QA reads debug logs; production logs at info.',
    );
    expect(planDrafts(again, { decision: 'accept', now, expiresInDays: 30 })).toMatchObject({
      drafts: [],
      alreadyDrafted: 1,
    });
  });

  it('never offers the same draft twice: a second run after --write drafts nothing', () => {
    const fresh = divergence('config/env/NEW_FLAG', { rule: 'config.env-value-differs', kind: 'differs' });
    const once = appendDecisions(
      fixture,
      draftDecisions(decided([fresh]), { decision: 'accept', now, expiresInDays: 9 }),
    );
    expect(draftDecisions(decided([fresh], once), { decision: 'accept', now, expiresInDays: 9 })).toEqual([]);
  });
});

describe('drafts written as readable YAML', () => {
  const fresh = [
    divergence('config/env/A', { rule: 'config.env-extra' }),
    divergence('config/env/B', { rule: 'config.env-extra' }),
  ];

  it('appends block entries in the file’s own indentation, one per `-`, every other byte kept', () => {
    const out = appendDecisions(
      fixture,
      draftDecisions(decided(fresh), { decision: 'accept', now, expiresInDays: 30 }),
    );
    const before = fixture.slice(0, fixture.indexOf('# Where traffic may go.'));
    expect(out.startsWith(before)).toBe(true);
    expect(out.endsWith(fixture.slice(before.length))).toBe(true);
    expect(out.slice(before.length, out.length - (fixture.length - before.length))).toBe(
      [
        '    - rule: config.env-extra',
        '      key: config/env/A',
        '      decision: accept',
        '      reason: "DRAFT (parity decide, 2026-12-06): t (only-baseline). Replace with the team\'s reason."',
        '      expires: 2027-01-05',
        '      draft: true',
        '    - rule: config.env-extra',
        '      key: config/env/B',
        '      decision: accept',
        '      reason: "DRAFT (parity decide, 2026-12-06): t (only-baseline). Replace with the team\'s reason."',
        '      expires: 2027-01-05',
        '      draft: true',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['decisions: []\n', 'decisions:'],
    ['decisions:\n', 'decisions:'],
    ['decisions: []   # none yet\n', 'decisions:    # none yet'],
    ['decisions:   # none yet\n', 'decisions:   # none yet'],
  ])('turns %j into a block list under the key', (tail, keyLine) => {
    const head = 'version: 1\nrename:\n  - match: x\n    replace: ""\n';
    const out = appendDecisions(
      `${head}${tail}`,
      draftDecisions(auditOf([fresh[0]!]), { decision: 'eliminate', now, expiresInDays: 1 }),
    );
    expect(out.startsWith(`${head}${keyLine}\n  - rule: config.env-extra\n    key: config/env/A\n`)).toBe(
      true,
    );
    expect(out).not.toContain('{');
    expect((parseDocument(out).toJS().decisions as unknown[]).length).toBe(1);
  });
});

describe('what is drafted', () => {
  const severe = [
    divergence('config/env/CRIT', { severity: 'critical' }),
    divergence('config/env/HIGH', { severity: 'high' }),
    divergence('config/env/LOW', { severity: 'low' }),
  ];

  it('never drafts CRITICAL or HIGH as accept unless included; other decisions draft them', () => {
    const plan = planDrafts(auditOf(severe), { decision: 'accept', now, expiresInDays: 30 });
    expect(plan.drafts.map((d) => d.key)).toEqual(['config/env/LOW']);
    expect(plan.held.map((d) => d.key)).toEqual(['config/env/CRIT', 'config/env/HIGH']);
    const withHigh = planDrafts(auditOf(severe), {
      decision: 'accept',
      now,
      expiresInDays: 30,
      include: ['high'],
    });
    expect(withHigh.drafts.map((d) => d.key)).toEqual(['config/env/HIGH', 'config/env/LOW']);
    expect(planDrafts(auditOf(severe), { decision: 'eliminate', now, expiresInDays: 30 }).held).toEqual([]);
  });

  it('marks every draft `draft: true`, which the loader accepts and the pipeline does not count as decided', () => {
    const out = appendDecisions(
      'decisions:\n',
      draftDecisions(auditOf([severe[2]!]), { decision: 'accept', now, expiresInDays: 30 }),
    );
    const entry = (parseDocument(out).toJS().decisions as Decision[])[0]!;
    expect(DecisionEntry.parse(entry).draft).toBe(true);
    const applied = applyDecisions([severe[2]!], [entry], { candidate: 'staging', now }).divergences[0]!;
    expect(applied.state).toBe('drafted');
  });
});

describe('parity.yaml written in other styles', () => {
  const one = () =>
    draftDecisions(auditOf([divergence('config/env/A')]), { decision: 'eliminate', now, expiresInDays: 1 });

  it('adds under an entry whose first key sits on the line below its dash', () => {
    const out = appendDecisions('decisions:\n  -\n    rule: x\n    decision: accept\n    reason: r\n', one());
    expect(out).toContain('    reason: r\n  - rule: config.env-missing\n    key: config/env/A\n');
  });

  it('keeps CRLF line endings', () => {
    const out = appendDecisions(
      'version: 1\r\ndecisions:\r\n  - rule: x\r\n    decision: accept\r\n    reason: r\r\n',
      one(),
    );
    expect(out).toBe(
      'version: 1\r\ndecisions:\r\n  - rule: x\r\n    decision: accept\r\n    reason: r\r\n  - rule: config.env-missing\r\n    key: config/env/A\r\n    decision: eliminate\r\n    reason: "DRAFT (parity decide, 2026-12-06): t (only-baseline). Replace with the team\'s reason."\r\n    expires: 2026-12-07\r\n    draft: true\r\n',
    );
  });

  it('refuses a flow-style list with entries with file:line and what is expected', () => {
    expect(() =>
      appendDecisions(
        'version: 1\ndecisions: [{rule: x, decision: accept, reason: r}]\n',
        one(),
        'parity.yaml',
      ),
    ).toThrow(/^parity\.yaml:2: `decisions:` is written in flow style \(\[\.\.\.\]\); expected a block list/);
  });
});
