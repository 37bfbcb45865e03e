import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Audit } from '../model/audit.js';
import { allUnknownAudit, previewComparison } from './__fixtures__/audit-all-unknown.js';
import { arbitraryAudit } from './__fixtures__/audit-arbitrary.js';
import { driftedAudit, PLANTED_FINGERPRINT, stagingComparison } from './__fixtures__/audit-drifted.js';
import { visibleLength } from './ansi.js';
import { renderText } from './text.js';

const ESC = '\u001b';

describe('renderText', () => {
  it('fixtures are valid audits', () => {
    expect(Audit.parse(driftedAudit)).toEqual(driftedAudit);
    expect(Audit.parse(allUnknownAudit)).toEqual(allUnknownAudit);
  });

  it('matches the golden file for a drifted comparison', async () => {
    await expect(renderText(driftedAudit, { color: false })).toMatchFileSnapshot(
      './__fixtures__/drifted.txt',
    );
  });

  it('matches the golden file in verbose mode', async () => {
    await expect(renderText(driftedAudit, { color: false, verbose: true })).toMatchFileSnapshot(
      './__fixtures__/drifted-verbose.txt',
    );
  });

  it('matches the golden file for an all-unknown comparison', async () => {
    await expect(renderText(allUnknownAudit, { color: false })).toMatchFileSnapshot(
      './__fixtures__/all-unknown.txt',
    );
  });

  it('matches the golden file with colour at width 80', async () => {
    await expect(renderText(driftedAudit, { color: true, width: 80 })).toMatchFileSnapshot(
      './__fixtures__/drifted-color-80.ansi.txt',
    );
  });

  it('writes no escape code at all without colour, even when evidence carries one', () => {
    const hostile: Audit = {
      ...driftedAudit,
      comparisons: [
        {
          ...stagingComparison,
          divergences: stagingComparison.divergences.map((d) => ({
            ...d,
            message: `${ESC}[31m${d.message}${ESC}[0m`,
          })),
        },
      ],
    };
    const out = renderText(hostile, { color: false, verbose: true });
    expect(out).not.toContain(ESC);
    expect(out).toContain('?[31mpayments/stripe-api-key');
  });

  it('colours with plain ANSI escapes when asked', () => {
    const out = renderText(driftedAudit, { color: true });
    expect(out).toContain(`${ESC}[1m${ESC}[31mCRITICAL${ESC}[39m${ESC}[22m`);
    expect(out).toContain(`${ESC}[1m${ESC}[35mUNKNOWN${ESC}[39m${ESC}[22m`);
  });

  it('shows every unknown dimension out loud, with its note or the default reason', () => {
    const lines = renderText(driftedAudit, { color: false }).split('\n');
    expect(lines).toContain('  ? traffic        UNKNOWN  no source covers it');
    expect(lines).toContain('  ? observability  UNKNOWN  no source covers it');
    expect(lines).toContain(
      '  ? data           UNKNOWN  only staging has a source; production could not be read',
    );
  });

  it('reports a dimension the engine left out as unknown', () => {
    const audit: Audit = { ...driftedAudit, comparisons: [{ ...stagingComparison, dimensions: [] }] };
    const lines = renderText(audit, { color: false }).split('\n');
    expect(lines.filter((l) => l.includes('UNKNOWN  no source covers it'))).toHaveLength(8);
  });

  it('puts the summary first, then what could not be read, the map, the register, the decided and the next step', () => {
    const out = renderText(driftedAudit, { color: false });
    const at = (text: string) => out.indexOf(text);
    expect(out.startsWith('Parity audit: staging against production\n')).toBe(true);
    expect(out).toContain(
      '6 undecided: 1 critical, 2 high, 2 medium, 1 low (1 decision expired); 3 decided; 3 dimensions\nunknown',
    );
    const order = [
      'Parity audit: staging against production\n',
      'Could not read: 3 skips',
      'Dimensions',
      'Risk register: 6 undecided',
      'Decided: 3',
      'Unused decisions: 1',
      'Next\n',
    ];
    const positions = order.map(at);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('lists undecided divergences most severe first, with risk and both origins', () => {
    const out = renderText(driftedAudit, { color: false });
    const severities = [...out.matchAll(/^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO) /gm)].map((m) => m[1]);
    expect(severities).toEqual(['CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'LOW']);
    expect(out).toContain('            baseline:  deploy/production/payments.yaml:41\n');
    expect(out).toContain('            candidate: deploy/staging/payments.yaml:38\n');
    expect(out).toContain('            candidate: (absent)\n');
    // No file: the query it came from.
    expect(out).toContain('            candidate: kube_pod_container_info{container="app"}\n');
    expect(out).toContain('            decision expired 2026-01-31 (accept, owner payments)\n');
  });

  it('never prints a fingerprint, only "(secret)" or the redacted form', () => {
    for (const verbose of [false, true]) {
      const out = renderText(driftedAudit, { color: false, verbose });
      expect(out).not.toContain(PLANTED_FINGERPRINT);
      expect(out).not.toContain(PLANTED_FINGERPRINT.slice(0, 16));
    }
    const verbose = renderText(driftedAudit, { color: false, verbose: true });
    expect(verbose).toContain('deploy/production/payments-secret.yaml:9  = (secret)');
  });

  it('wraps to the width asked, long unbreakable words aside', () => {
    for (const width of [72, 100, 140]) {
      const out = renderText(driftedAudit, { color: true, width, verbose: true });
      for (const line of out.split('\n')) {
        // Only a path or a URL too long for what is left of the line may overflow it.
        const longestWord = Math.max(...line.trim().split(/ +/).map(visibleLength));
        if (visibleLength(line) > width) expect(longestWord).toBeGreaterThanOrEqual(30);
      }
    }
  });

  it('renders each comparison in turn, then the skips once', () => {
    const audit: Audit = {
      ...driftedAudit,
      comparisons: [stagingComparison, previewComparison],
      skips: allUnknownAudit.skips,
    };
    const out = renderText(audit, { color: false });
    expect(out.indexOf('Parity audit: staging against production')).toBeLessThan(
      out.indexOf('Parity audit: preview against production'),
    );
    expect(out.match(/Could not read/g)).toHaveLength(1);
    expect(out).toContain(
      'Nothing was compared: no dimension has evidence, so this audit says nothing about preview.',
    );
  });

  it('says so when there is nothing to compare', () => {
    const audit: Audit = { ...allUnknownAudit, comparisons: [], skips: [] };
    expect(renderText(audit, { color: false })).toBe(
      'Parity audit: nothing compared: no environment besides production.\n',
    );
  });

  it('never throws and never writes an escape on hostile audits', () => {
    fc.assert(
      fc.property(
        arbitraryAudit,
        fc.integer({ min: -10, max: 300 }),
        fc.boolean(),
        (audit, width, verbose) => {
          const out = renderText(audit, { color: false, width, verbose });
          expect(out).not.toContain(ESC);
          expect(out.endsWith('\n')).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('renderText risk lines', () => {
  it('prints a rule’s risk once and points back to it for the rule’s later entries', () => {
    const first = stagingComparison.divergences.find((d) => !d.decision)!;
    const second = { ...first, key: `${first.key}-again`, message: 'the same rule, another key' };
    const audit = { ...driftedAudit, comparisons: [{ ...stagingComparison, divergences: [first, second] }] };
    const text = renderText(audit, { color: false, width: 200 });
    expect(text.split(first.risk).length - 1).toBe(1);
    expect(text).toContain(`risk: as above (${first.rule})`);
  });
});
