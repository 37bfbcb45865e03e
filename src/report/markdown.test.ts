import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Audit } from '../model/audit.js';
import { allUnknownAudit } from './__fixtures__/audit-all-unknown.js';
import { arbitraryAudit } from './__fixtures__/audit-arbitrary.js';
import { driftedAudit, PLANTED_FINGERPRINT, stagingComparison } from './__fixtures__/audit-drifted.js';
import { manyAudit } from './__fixtures__/audit-many.js';
import { renderMarkdown } from './markdown.js';
import { GITHUB_COMMENT_LIMIT } from './markdown-doc.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;
/**
 * Drops inline code spans, matched as CommonMark does: a run of backticks (not backslash-escaped,
 * that is not after an odd number of backslashes) closed by a run of the same length.
 */
const withoutCodeSpans = (text: string) =>
  text.replace(/(?<!`)(?<!(?<!\\)(?:\\\\)*\\)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
const tableRows = (text: string) =>
  text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));

const partialAudit: Audit = {
  ...driftedAudit,
  unread: [
    {
      environment: 'staging',
      source: 'kubernetes:deploy/staging/',
      kind: 'kubernetes',
      read: 'none',
      optional: false,
      file: 'parity.yaml',
      line: 12,
      reason: 'deploy/staging/: the directory holds no file this source reads',
    },
  ],
  comparisons: [
    {
      ...stagingComparison,
      unknown: [
        {
          dimension: 'infra',
          side: 'baseline',
          prefix: 'infra/workload/',
          subjects: 2,
          facts: 5,
          examples: ['checkout', 'worker'],
          reason: "staging's kubernetes source read nothing",
        },
      ],
    },
  ],
};

describe('renderMarkdown', () => {
  it('opens with the sources it could not read, and says per comparison what was not compared', () => {
    const out = renderMarkdown(partialAudit);
    const lines = out.split('\n');
    expect(lines.slice(1, 5)).toEqual([
      '> [!WARNING]',
      '> **Could not read 1 source**; what they would show is not compared.',
      '',
      '- staging: `kubernetes:deploy/staging/` (`parity.yaml:12`) read nothing: deploy/staging/: the directory holds no file this source reads',
    ]);
    expect(out).toContain(
      '<summary>Not compared: 2 subjects seen on one side only, where the other side was not read</summary>',
    );
    expect(out.indexOf('Not compared')).toBeLessThan(out.indexOf('| dimension'));
  });

  it('matches the golden file for a drifted comparison', async () => {
    await expect(renderMarkdown(driftedAudit)).toMatchFileSnapshot('./__fixtures__/drifted.md');
  });

  it('matches the golden file for an all-unknown comparison', async () => {
    await expect(renderMarkdown(allUnknownAudit)).toMatchFileSnapshot('./__fixtures__/all-unknown.md');
  });

  it('matches the golden file when the register collapses', async () => {
    await expect(renderMarkdown(manyAudit(4), { maxRows: 5 })).toMatchFileSnapshot(
      './__fixtures__/collapsed.md',
    );
  });

  it('shows the first maxRows undecided rows and collapses the rest into <details>', () => {
    const out = renderMarkdown(manyAudit(25));
    const [visible = '', collapsed = ''] = out.split('<summary>11 more undecided divergences</summary>');
    // 31 undecided: 6 from the drifted fixture plus 25; the default maxRows is 20.
    expect(visible).toContain('### Risk register: 31 undecided');
    const visibleRegister = visible.slice(visible.indexOf('### Risk register'));
    expect(tableRows(visibleRegister)).toHaveLength(1 + 20);
    const collapsedTable = collapsed.slice(0, collapsed.indexOf('</details>'));
    expect(tableRows(collapsedTable)).toHaveLength(1 + 11);
    expect(count(out, '<details>')).toBe(count(out, '</details>'));
  });

  it('keeps everything visible at or under maxRows', () => {
    const out = renderMarkdown(driftedAudit, { maxRows: 6 });
    expect(out).not.toContain('more undecided');
  });

  it('puts the decided, the skips and the unused decisions in collapsed sections', () => {
    const out = renderMarkdown(driftedAudit);
    expect(out).toContain(
      '<details>\n<summary>3 decided</summary>\n\n| decision | rule | what | reason | terms |',
    );
    expect(out).toContain('<summary>Could not read: 3 skips</summary>');
    expect(out).toContain('<summary>1 unused decision (they match nothing)</summary>');
    expect(out).toContain(
      '| data | ❓ **unknown**: only staging has a source; production could not be read |',
    );
    expect(out).toContain('| traffic | ❓ **unknown**: no source covers it |');
  });

  it('escapes pipes, backticks and HTML in values', () => {
    const audit: Audit = {
      ...driftedAudit,
      comparisons: [
        {
          ...stagingComparison,
          divergences: [
            {
              ...stagingComparison.divergences[1]!,
              rule: 'config.`odd`|rule',
              message: 'A | B `code` <img src=x onerror=alert(1)> </details> & more',
              risk: '<script>alert(1)</script>',
            },
          ],
        },
      ],
    };
    const out = renderMarkdown(audit);
    const row = out.split('\n').find((l) => l.includes('config.'))!;
    expect(row).toContain('``config.`odd`\\|rule``');
    expect(row).toContain(
      'A \\| B \\`code\\` &lt;img src=x onerror=alert(1)&gt; &lt;/details&gt; &amp; more',
    );
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    // Cells stay cells: the row has exactly the four columns' five unescaped pipes.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });

  it('never prints a fingerprint', () => {
    const out = renderMarkdown(driftedAudit);
    expect(out).not.toContain(PLANTED_FINGERPRINT);
    expect(out).not.toContain(PLANTED_FINGERPRINT.slice(0, 16));
  });

  it('fits a GitHub comment: truncates whole rows, closes its <details> and says so', () => {
    const out = renderMarkdown(manyAudit(2000));
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(out).toMatch(/\*\*Truncated\*\* to fit a GitHub comment: \d+ findings not shown\./);
    expect(count(out, '<details>')).toBe(count(out, '</details>'));
    const lines = out.split('\n');
    for (const line of lines.filter((l) => l.startsWith('|'))) expect(line.endsWith('|')).toBe(true);
    // A blank line before the notice, so it does not become a table row.
    expect(lines[lines.findIndex((l) => l.startsWith('**Truncated**')) - 1]).toBe('');
  });

  it('honours a smaller size cap', () => {
    const out = renderMarkdown(driftedAudit, { maxChars: 3000 });
    expect(out.length).toBeLessThanOrEqual(3000);
    expect(out).toContain('**Truncated**');
    expect(count(out, '<details>')).toBe(count(out, '</details>'));
  });

  it('never throws, stays balanced and lets no raw HTML through on hostile audits', () => {
    fc.assert(
      fc.property(arbitraryAudit, fc.integer({ min: -2, max: 30 }), (audit, maxRows) => {
        const out = renderMarkdown(audit, { maxRows });
        const markup = withoutCodeSpans(out);
        expect(count(markup, '<details>')).toBe(count(markup, '</details>'));
        expect(out).not.toContain('\u001b');
        // Every tag outside code spans (where nothing is interpreted) is one the renderer wrote.
        const tags = markup.match(/<\/?[a-z][^>]*>/gi) ?? [];
        for (const tag of tags) expect(tag).toMatch(/^<\/?(details|summary|br|sub)>$/);
      }),
      { numRuns: 150 },
    );
  });

  it('stays under any size cap, balanced, on hostile audits', () => {
    fc.assert(
      fc.property(arbitraryAudit, fc.integer({ min: 1000, max: 4000 }), (audit, maxChars) => {
        const out = renderMarkdown(audit, { maxRows: 1, maxChars });
        expect(out.length).toBeLessThanOrEqual(maxChars);
        const markup = withoutCodeSpans(out);
        expect(count(markup, '<details>')).toBe(count(markup, '</details>'));
      }),
      { numRuns: 100 },
    );
  });
});
