import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { Audit } from '../model/audit.js';
import { wideAudit } from './__fixtures__/audit-wide.js';
import { renderText } from './text.js';

const widest = (text: string) =>
  text.split('\n').reduce((w, l) => (stringWidth(l) > w.width ? { width: stringWidth(l), line: l } : w), {
    width: 0,
    line: '',
  });

describe('the text report on 80 columns', () => {
  it('fixture is a valid audit', () => {
    expect(() => Audit.parse(wideAudit)).not.toThrow();
  });

  for (const verbose of [false, true]) {
    for (const color of [false, true]) {
      it(`keeps every line within 80 display columns with CJK, emoji and long keys (verbose ${verbose}, colour ${color})`, () => {
        const out = renderText(wideAudit, { color, verbose, width: 80 });
        expect(widest(out).width, widest(out).line).toBeLessThanOrEqual(80);
        // Nothing is lost but what a cut column says it cut (`…`).
        expect(out).toContain('感谢您的订单');
        expect(out).toContain('🚚📦✨');
      });
    }
  }

  it('cuts a name too long for its column with `…`, measured in display columns', () => {
    const out = renderText(wideAudit, { color: false, width: 80 });
    const row = out.split('\n').find((l) => l.startsWith('  本番環境'))!;
    expect(row).toContain('…');
    expect(stringWidth(row)).toBeLessThanOrEqual(80);
  });
});
