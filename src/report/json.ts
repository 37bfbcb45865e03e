import type { Audit } from '../model/audit.js';

/**
 * The Audit as is, pretty-printed: it carries its `schemaVersion`, so scripts can rely on its shape.
 * Values are already safe: secrets travel as keyed fingerprints, never as values.
 */
export function renderJson(audit: Audit): string {
  return `${JSON.stringify(audit, null, 2)}\n`;
}
