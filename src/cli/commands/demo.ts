import { registryCatalogue } from '../../config/catalogue.js';
import { loadPolicy } from '../../config/load.js';
import type { ReportFormat } from '../../model/constants.js';
import type { Severity } from '../../model/dimension.js';
import { packageFile } from '../../package-root.js';
import { audit } from '../../pipeline/audit.js';
import { writerFor } from '../../report/index.js';
import { internalErrorPrinter, reportAudit } from './shared.js';

/** Where the example shipped in the package lives (examples/shop beside package.json). */
export function exampleDir(): string {
  return packageFile('examples', 'shop');
}

export interface DemoOptions {
  format: ReportFormat;
  color?: boolean;
  /** false with --no-db: skip the embedded databases (the data dimension is then unknown). */
  db?: boolean;
  /** --min-severity: what the report shows (the demo exits 0 anyway). */
  minSeverity?: Severity;
}

/**
 * `parity demo`: the bundled example audited with zero setup. Two embedded PostgreSQL servers
 * stand in for the shop's staging and production databases. Exits 0: it is a demonstration.
 */
export async function demo(opts: DemoOptions): Promise<number> {
  const dir = exampleDir();
  const started = Date.now();
  const say = (line: string) => process.stderr.write(`parity demo: ${line}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  let stop = async () => {};
  if (opts.db !== false) {
    say('starting two embedded PostgreSQL servers (staging ~12,000 orders, production ~2,000,000)…');
    const { startDemoDatabases } = await import('../../demo/databases.js');
    const dbs = await startDemoDatabases({ log: say });
    stop = dbs.stop;
    env.PARITY_DEMO_STAGING_DB_URL = dbs.staging.url;
    env.PARITY_DEMO_PRODUCTION_DB_URL = dbs.production.url;
  }
  try {
    // Read from inside the example, so every path the report prints is relative to it
    // (`parity.yaml:25`, `deploy/staging/worker.yaml:7`), wherever the demo is run from.
    const cwd = process.cwd();
    process.chdir(dir);
    let result: Awaited<ReturnType<typeof audit>>;
    try {
      const policy = await loadPolicy('parity.yaml', registryCatalogue, env);
      result = await audit(policy, { onInternalError: internalErrorPrinter(true) });
    } finally {
      process.chdir(cwd);
    }
    if (writerFor(opts.format).medium === 'terminal') {
      process.stdout.write(
        `Parity demo: examples/shop, set up and audited in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`,
      );
    }
    await reportAudit(result, {
      format: opts.format,
      ...(opts.minSeverity ? { minSeverity: opts.minSeverity } : {}),
      ...(opts.color === undefined ? {} : { color: opts.color }),
    });
  } finally {
    await stop();
  }
  if (writerFor(opts.format).medium === 'terminal') {
    process.stdout.write(
      '\nThis was the bundled example. On your system: write a parity.yaml (see README), run `parity audit`;\n`parity explain <rule>` tells what a rule guards against.\n',
    );
  }
  return 0;
}
