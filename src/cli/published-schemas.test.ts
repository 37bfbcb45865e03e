import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../model/json-schemas.js';
import { publishedSchemas } from './published-schemas.js';

const root = new URL('../../', import.meta.url);

describe('schema/', () => {
  it('holds the JSON Schemas generated from the current models (run `npm run schema` after a model change)', () => {
    for (const [name, schema] of Object.entries(publishedSchemas())) {
      const onDisk = JSON.parse(readFileSync(new URL(`schema/${name}`, root), 'utf8'));
      expect(onDisk, name).toEqual(schema);
    }
  });

  it('pins schemaVersion in the output schemas', () => {
    const schemas = jsonSchemas() as Record<string, { properties: { schemaVersion: { const: number } } }>;
    expect(schemas['snapshot.schema.json']!.properties.schemaVersion.const).toBe(1);
    expect(schemas['audit.schema.json']!.properties.schemaVersion.const).toBe(1);
  });
});

describe('schema/parity.schema.json, as an editor validates parity.yaml with it', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, logger: false });
  const validate = ajv.compile(publishedSchemas()['parity.schema.json'] as object);
  const errors = (doc: unknown) =>
    validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  // YAML 1.2's core schema, as editors read it (and Parity: `expires: 2026-06-30` is a string).
  it('accepts the bundled example and every field-trial config', () => {
    const files = [
      new URL('examples/shop/parity.yaml', root),
      ...readdirSync(new URL('docs/field-trials/', root))
        .filter((f) => f.endsWith('.parity.yaml') && !f.includes('typo-kind'))
        .map((f) => new URL(`docs/field-trials/${f}`, root)),
    ];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files)
      expect(
        errors(yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA })),
        file.pathname,
      ).toEqual([]);
  });

  it('refuses the field trial made with a misspelt kind (`kubernets`)', () => {
    const file = new URL('docs/field-trials/bat-typo-kind.parity.yaml', root);
    expect(errors(yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA }))).toEqual([
      '/environments/production/sources/0/kind must be equal to one of the allowed values',
      '/environments/staging/sources/0/kind must be equal to one of the allowed values',
    ]);
  });

  const base = (source: Record<string, unknown>) => ({
    version: 1,
    environments: {
      production: { sources: [source] },
      staging: { sources: [{ kind: 'dotenv', path: 'staging.env' }] },
    },
  });

  it('refuses an unknown kind, an option of another kind, and a wrong option type, as the loader does', () => {
    expect(errors(base({ kind: 'kubernets', path: 'k8s/' })).join('\n')).toMatch(
      /kind must be equal to one of the allowed values/,
    );
    expect(errors(base({ kind: 'dotenv', path: 'a.env', url: 'postgres://x' })).join('\n')).toMatch(
      /must NOT have additional properties/,
    );
    expect(errors(base({ kind: 'postgres', url: 'postgres://x', sampleRows: 'many' })).join('\n')).toMatch(
      /sampleRows must be integer/,
    );
    expect(errors(base({ kind: 'postgres' })).join('\n')).toMatch(/must have required property 'url'/);
    expect(
      errors({ ...base({ kind: 'dotenv', path: 'a.env' }), scale: { replicas: -1 } }).join('\n'),
    ).toMatch(/replicas must be > 0/);
    expect(errors(base({ kind: 'postgres', url: '${PROD_DB_URL}', optional: true }))).toEqual([]);
  });
});
