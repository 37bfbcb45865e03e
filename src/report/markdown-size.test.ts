import { describe, expect, it } from 'vitest';
import { manyAudit } from './__fixtures__/audit-many.js';
import { renderMarkdown } from './markdown.js';
import { GITHUB_COMMENT_LIMIT } from './markdown-doc.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;
/** Table rows of findings: every register, draft and decided row names its rule in code. */
const findingRows = (text: string) =>
  text.split('\n').filter((l) => l.startsWith('| ') && /\| `[a-z]+\.[a-z-]+` \|/.test(l)).length;

describe('markdown size and counts', () => {
  it('states each rule’s risk once, not per row', () => {
    const out = renderMarkdown(manyAudit(100));
    expect(count(out, 'Timeouts that fire in production never fire in staging.')).toBe(1);
    expect(out).not.toContain('<br>Risk:');
  });

  it('keeps a 100-finding audit well under a GitHub comment', () => {
    const out = renderMarkdown(manyAudit(100));
    expect(out).not.toContain('**Truncated**');
    // Measured: 20,708 characters (300 findings: 54,069, uncut).
    expect(out.length).toBeLessThan(GITHUB_COMMENT_LIMIT / 2);
  });

  it('when cut to the size cap, says exactly how many findings it left out', () => {
    const audit = manyAudit(300);
    const total = audit.comparisons[0]!.divergences.length;
    for (const maxChars of [GITHUB_COMMENT_LIMIT, 30_000, 12_000, 4_000]) {
      const out = renderMarkdown(audit, { maxChars });
      expect(out.length).toBeLessThanOrEqual(maxChars);
      const cut = Number(/(\d+) findings? not shown/.exec(out)?.[1] ?? 0);
      expect(findingRows(out) + cut, `maxChars ${maxChars}`).toBe(total);
      // A collapsed block that was cut counts the rows it really holds.
      const summary =
        /<summary>(\d+) more undecided divergences(?: \((\d+) here, the rest cut to fit\))?<\/summary>/.exec(
          out,
        );
      if (summary?.[2]) expect(Number(summary[2])).toBeLessThan(Number(summary[1]));
    }
  });
});
