import type { Rule } from '../rule-kit/types.js';
import { cleanText } from '../units/clean.js';
import { createPalette, paintSeverity } from './ansi.js';
import { lineWidth } from './text-context.js';
import { wrap } from './wrap.js';

export interface ExplainOptions {
  color: boolean;
  width?: number;
}

/**
 * What `parity explain RULE` prints: the rule's id, dimension and severity, then its risk and remedy.
 * @example renderRule(rule, { color: false }) // "config.timeout-differs  (config, high)\n..."
 */
export function renderRule(rule: Rule, options: ExplainOptions): string {
  const palette = createPalette(options.color);
  const width = lineWidth(options.width);
  const paragraph = (text: string) => wrap(cleanText(text), { width, first: '  ', rest: '  ' });
  return [
    `${palette.bold(cleanText(rule.id))}  (${rule.dimension}, ${paintSeverity(palette, rule.severity, rule.severity)})`,
    wrap(cleanText(rule.title), { width }),
    '',
    palette.bold('Risk'),
    paragraph(rule.risk),
    '',
    palette.bold('Remedy'),
    paragraph(rule.remedy),
    '',
  ].join('\n');
}
