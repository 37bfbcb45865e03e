import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../model/audit.js';

// The built CLI on a copy of the bundled example, as a team adopting Parity runs it.
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const example = fileURLToPath(new URL('../../examples/shop/', import.meta.url));
let dir: string;
let original: string;
const policy = () => readFileSync(path.join(dir, 'parity.yaml'), 'utf8');

function parity(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.PARITY_DEMO_PRODUCTION_DB_URL;
  delete env.PARITY_DEMO_STAGING_DB_URL;
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const auditJson = (): Audit => JSON.parse(parity(['audit', '-f', 'json', '--allow-partial']).stdout) as Audit;

beforeAll(() => {
  expect(existsSync(bin), 'run `npm run build` first').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'parity-decide-'));
  cpSync(example, dir, { recursive: true });
  original = policy();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the decision workflow on the bundled example', () => {
  it('renews the expired decision in place, drafts the rest once, and never offers a draft twice', () => {
    // The example's `config.debug-enabled` eliminate decision expired on 2026-10-31.
    const expiredAt = original.indexOf('    expires: 2026-10-31');
    expect(expiredAt).toBeGreaterThan(0);
    const first = parity(['decide', '--write']);
    expect(first.code, first.stderr).toBe(0);
    const after = policy();
    // Every byte before the renewed entry's expiry is the team's; the entry keeps reason and owner.
    expect(after.startsWith(original.slice(0, expiredAt))).toBe(true);
    expect(after.slice(expiredAt)).toMatch(
      /^ {4}expires: \d{4}-\d{2}-\d{2}\n {4}draft: true\n {2}- rule: data\.volume/,
    );
    expect(after.match(/reason: DEBUG=true renders stack traces/g)).toHaveLength(1);
    expect(first.stderr).toMatch(/renewed 1 expired decision in place/);
    expect(first.stderr).toMatch(/critical,high divergences not drafted as accept/);
    // The renewed entry is the one in use, not an orphan beside a duplicate.
    expect(auditJson().unusedDecisions.filter((d) => d.rule === 'config.debug-enabled')).toEqual([]);
    const second = parity(['decide', '--write']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing to draft');
    expect(policy()).toBe(after);
  }, 300_000);

  it('shows drafts as their own state in every format, and drafts hold the gate', () => {
    const audit = auditJson();
    const comparison = audit.comparisons[0]!;
    const drafted = comparison.divergences.filter((d) => d.state === 'drafted');
    expect(drafted.length).toBeGreaterThan(10);
    expect(comparison.drafted).toBe(drafted.length);
    // The dimension map counts drafts apart too: undecided + drafted + decided = every divergence.
    const config = comparison.dimensions.find((d) => d.dimension === 'config')!;
    const inConfig = comparison.divergences.filter((d) => d.dimension === 'config');
    expect(config.drafted).toBe(inConfig.filter((d) => d.state === 'drafted').length);
    expect(config.undecided).toBe(
      inConfig.filter((d) => d.state === 'undecided' || d.state === 'expired').length,
    );
    expect(
      drafted.every((d) => !['critical', 'high'].includes(d.severity) || d.decision?.decision !== 'accept'),
    ).toBe(true);
    const summary = `${drafted.length} drafted, awaiting a reason`;
    const text = parity(['audit', '--allow-partial']).stdout;
    expect(text.split('\n').slice(0, 12).join('\n')).toContain(summary);
    expect(parity(['audit', '-f', 'markdown', '--allow-partial']).stdout).toContain(summary);

    // Decide every critical and high for real; only drafts are left.
    const undecided = comparison.divergences.filter((d) => d.state === 'undecided' || d.state === 'expired');
    const decided = undecided
      .map(
        (d) =>
          `  - rule: ${d.rule}\n    key: "${d.key}"\n    decision: eliminate\n    reason: fixed next sprint\n`,
      )
      .join('');
    writeFileSync(
      path.join(dir, 'parity.yaml'),
      policy().replace('\n# Where `parity traffic', `\n${decided}\n# Where \`parity traffic`),
    );
    // A draft is not a decision: at or above --fail-on it fails like an undecided divergence.
    expect(parity(['audit', '--allow-partial']).code).toBe(1);
    // Below --fail-on it passes, unless --fail-on-drafts.
    expect(parity(['audit', '--allow-partial', '--fail-on', 'critical']).code).toBe(0);
    expect(parity(['audit', '--allow-partial', '--fail-on', 'critical', '--fail-on-drafts']).code).toBe(1);
    // Reasons written and `draft: true` removed: the gate is green.
    writeFileSync(path.join(dir, 'parity.yaml'), policy().replaceAll(/\n {4}draft: true/g, ''));
    expect(parity(['audit', '--allow-partial', '--fail-on-drafts']).code).toBe(0);
  }, 300_000);
});
