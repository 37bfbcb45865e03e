import { UsageError } from '../../errors.js';
import { renderRule } from '../../report/explain.js';
import { findRule, rules } from '../../rules/index.js';
import { useColor } from '../run.js';

export async function explainCommand(id: string | undefined, opts: { color?: boolean }): Promise<number> {
  if (!id) {
    const width = Math.max(...rules.map((r) => r.id.length));
    for (const r of rules)
      process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}\n`);
    return 0;
  }
  const rule = findRule(id);
  if (!rule) {
    const near = rules.filter((r) => r.id.includes(id) || id.includes(r.id.split('.')[0]!)).map((r) => r.id);
    throw new UsageError(
      `no rule "${id}"${near.length ? `; did you mean: ${near.slice(0, 5).join(', ')}` : ''} (run \`parity explain\` to list them)`,
    );
  }
  process.stdout.write(`${renderRule(rule, { color: useColor(process.stdout, opts.color) })}\n`);
  return 0;
}
