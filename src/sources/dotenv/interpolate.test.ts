import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate, isUnresolvedReference } from './interpolate.js';

const known = (vars: Record<string, string>) => (name: string) => vars[name];

describe('interpolate', () => {
  it('follows the shell operators, leaving what nobody resolves as written', () => {
    const lookup = known({ SET: 'v', EMPTY: '' });
    const cases: [string, string][] = [
      ['$SET/${SET}', 'v/v'],
      ['${UNSET}-$UNSET', '${UNSET}-$UNSET'],
      ['${EMPTY:-d} ${EMPTY-d} ${UNSET-d}', 'd  d'],
      ['${SET:+alt} ${EMPTY:+alt}|${UNSET:+alt}', 'alt |${UNSET:+alt}'],
      ['${UNSET:?must be set} ${SET:?x}', '${UNSET:?must be set} v'],
      ['${UNSET:-${ALSO_UNSET:-${SET}}}', 'v'],
      ['${UNSET:-{braces}}', '{braces}'],
      ['price $5, ${ not a ref, ${UNCLOSED:-x', 'price $5, ${ not a ref, ${UNCLOSED:-x'],
    ];
    for (const [text, expected] of cases) expect([text, interpolate(text, lookup)]).toEqual([text, expected]);
  });

  it('knows the escapes of Compose ($$) and dotenv (\\$)', () => {
    expect(interpolate('$$HOME $${X}', known({ HOME: 'h' }), { dollarEscape: true })).toBe('$HOME ${X}');
    expect(interpolate('\\$HOME \\n', known({ HOME: 'h' }), { backslashEscape: true })).toBe('$HOME \\n');
  });

  it('recognises a value that is only an unresolved reference', () => {
    expect(['${A}', '$A', '${A:?set it}', '${A:-}'].map(isUnresolvedReference)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['x${A}', '${A}${B}', '$', 'secret'].map(isUnresolvedReference)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('stays fast on deeply nested or unclosed references', () => {
    const nested = `${'${A:-'.repeat(2000)}x${'}'.repeat(2000)}`;
    const unclosed = '${A:-'.repeat(5000);
    const started = performance.now();
    expect(interpolate(nested, () => undefined)).toContain('${A:-');
    expect(interpolate('${A:-${B:-${C:-deep}}}', () => undefined)).toBe('deep');
    expect(interpolate(unclosed, () => undefined)).toBe(unclosed);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[$A-Z{}:?+\-\\ x]{0,80}$/), (text) => {
        interpolate(text, known({ A: '1' }), { dollarEscape: true, backslashEscape: true });
      }),
      { numRuns: 300 },
    );
  });
});
