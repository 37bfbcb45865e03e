import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './json-schemas.js';

describe('schema/', () => {
  it('holds the JSON Schemas generated from the current models (run `npm run schema` after a model change)', () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const onDisk = JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8'));
      expect(onDisk, name).toEqual(schema);
    }
  });

  it('pins schemaVersion in both schemas', () => {
    const schemas = jsonSchemas() as Record<string, { properties: { schemaVersion: { const: number } } }>;
    expect(schemas['snapshot.schema.json']!.properties.schemaVersion.const).toBe(1);
    expect(schemas['audit.schema.json']!.properties.schemaVersion.const).toBe(1);
  });
});
