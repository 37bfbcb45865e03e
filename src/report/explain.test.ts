import { describe, expect, it } from 'vitest';
import type { Rule } from '../rule-kit/types.js';
import { renderRule } from './explain.js';

const timeoutRule: Rule = {
  id: 'config.timeout-differs',
  dimension: 'config',
  severity: 'high',
  title: 'A timeout differs between environments',
  risk: 'Calls that time out and retry in production succeed slowly in staging, so retry storms, partial failures and their alerts are never seen before release.',
  remedy:
    'Use production timeouts in staging; make slow dependencies fast with a local stub rather than long timeouts.',
};

describe('renderRule', () => {
  it('prints id, dimension, severity, title, risk and remedy', () => {
    expect(renderRule(timeoutRule, { color: false, width: 72 })).toBe(
      [
        'config.timeout-differs  (config, high)',
        'A timeout differs between environments',
        '',
        'Risk',
        '  Calls that time out and retry in production succeed slowly in staging,',
        '  so retry storms, partial failures and their alerts are never seen',
        '  before release.',
        '',
        'Remedy',
        '  Use production timeouts in staging; make slow dependencies fast with a',
        '  local stub rather than long timeouts.',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    expect(renderRule(timeoutRule, { color: false })).not.toContain('\u001b');
    expect(renderRule(timeoutRule, { color: true })).toContain('\u001b[1mconfig.timeout-differs\u001b[22m');
    expect(renderRule(timeoutRule, { color: true })).toContain('\u001b[31mhigh\u001b[39m');
  });
});
