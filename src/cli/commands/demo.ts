import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../../pipeline/audit.js';
import { internalErrorPrinter, readPolicy, reportAudit } from './shared.js';

/** Where the bundled example lives, from dist/cli/commands/ or src/cli/commands/. */
export function exampleDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/shop');
}

/** `parity demo`: the bundled example audited with zero setup. Exits 0: it is a demonstration. */
export async function demo(opts: { format: 'text' | 'json' | 'markdown'; color?: boolean }): Promise<number> {
  const dir = exampleDir();
  const started = Date.now();
  const policy = await readPolicy(path.relative(process.cwd(), path.join(dir, 'parity.yaml')));
  const result = await audit(policy, { onInternalError: internalErrorPrinter(true) });
  if (opts.format === 'text') {
    process.stdout.write(
      `Parity demo: examples/shop (${path.relative(process.cwd(), dir) || '.'}), audited in ${Date.now() - started} ms\n\n`,
    );
  }
  await reportAudit(result, {
    format: opts.format,
    ...(opts.color === undefined ? {} : { color: opts.color }),
  });
  if (opts.format === 'text') {
    process.stdout.write(
      `\nThis was the bundled example. On your system: \`parity init\` writes parity.yaml, \`parity audit\` runs it,\n\`parity explain <rule>\` tells what a rule guards against.\n`,
    );
  }
  return 0;
}
