import { describe, expect, it } from 'vitest';
import { AUDIT_SCHEMA_VERSION, Audit } from '../model/audit.js';
import { driftedAudit } from './__fixtures__/audit-drifted.js';
import { renderJson } from './json.js';

describe('renderJson', () => {
  it('matches the golden file', async () => {
    await expect(renderJson(driftedAudit)).toMatchFileSnapshot('./__fixtures__/drifted.json');
  });

  it('is the audit as is, with its schema version, and parses back', () => {
    const parsed: unknown = JSON.parse(renderJson(driftedAudit));
    expect(parsed).toEqual(driftedAudit);
    expect(Audit.parse(parsed).schemaVersion).toBe(AUDIT_SCHEMA_VERSION);
  });

  it('is pretty-printed and ends with a newline', () => {
    const out = renderJson(driftedAudit);
    expect(out.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
  });
});
