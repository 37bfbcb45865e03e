import { describe, expect, it } from 'vitest';
import { AUDIT_SCHEMA_VERSION, Audit } from '../model/audit.js';
import { driftedAudit } from './__fixtures__/audit-drifted.js';
import { renderJson } from './json.js';

describe('renderJson', () => {
  it('matches the golden file', async () => {
    await expect(renderJson(driftedAudit)).toMatchFileSnapshot('./__fixtures__/drifted.json');
  });

  it('is the audit with its summary counts, with its schema version, and parses back', () => {
    const parsed = JSON.parse(renderJson(driftedAudit));
    const { summary, comparisons, ...rest } = parsed;
    const { comparisons: original, ...audit } = driftedAudit;
    expect(rest).toEqual(audit);
    // The same divergences, in the reports' order.
    expect(comparisons[0].divergences).toHaveLength(original[0]!.divergences.length);
    expect(comparisons[0].divergences).toEqual(expect.arrayContaining(original[0]!.divergences));
    expect(summary).toEqual({
      undecided: 6,
      bySeverity: { critical: 1, high: 2, medium: 2, low: 1, info: 0 },
      expired: 1,
      drafted: 0,
      decided: 3,
      unknownDimensions: 3,
    });
    expect(Audit.parse(parsed).schemaVersion).toBe(AUDIT_SCHEMA_VERSION);
  });

  it('carries the exit status it is given', () => {
    expect(JSON.parse(renderJson(driftedAudit, { exitCode: 1 })).exitCode).toBe(1);
    expect(JSON.parse(renderJson(driftedAudit)).exitCode).toBeUndefined();
  });

  it('is pretty-printed and ends with a newline', () => {
    const out = renderJson(driftedAudit);
    expect(out.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
  });
});
