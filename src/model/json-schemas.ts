import { z } from 'zod';
import { Audit } from './audit.js';
import { Snapshot } from './snapshot.js';

/** The JSON Schemas published in schema/, generated from the zod models (never written by hand). */
export function jsonSchemas(): Record<string, unknown> {
  return {
    'snapshot.schema.json': { ...z.toJSONSchema(Snapshot, { io: 'input' }), title: 'Parity snapshot' },
    'audit.schema.json': { ...z.toJSONSchema(Audit, { io: 'input' }), title: 'Parity audit' },
  };
}
