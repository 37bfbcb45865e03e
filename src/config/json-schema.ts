import { z } from 'zod';
import { ConfigFile, SourceEntry } from './schema.js';

/** What the parity.yaml schema needs of each source kind. */
export interface SchemaSourceKind {
  description: string;
  options: z.ZodType;
}

type Json = Record<string, unknown>;

const toJson = (schema: z.ZodType): Json =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;

/**
 * The JSON Schema of parity.yaml, generated from the config model and every source kind's own
 * options (never written by hand): editors that read a `# yaml-language-server: $schema=...` line
 * complete and check `kind:` and the options of that kind. The loader stays the authority (it also
 * checks paths, variables and names); the schema gives the same answer on shape.
 */
export function parityYamlSchema(kinds: Record<string, SchemaSourceKind>): Json {
  const root = toJson(ConfigFile);
  const common = toJson(SourceEntry) as { properties: Json };
  const names = Object.keys(kinds).sort();
  const source: Json = {
    type: 'object',
    description:
      "A source of evidence: `kind` says which; the other keys are that kind's options (`parity sources KIND`).",
    properties: { ...common.properties, kind: { type: 'string', enum: names } },
    required: ['kind'],
    allOf: names.map((kind) => {
      const own = toJson(kinds[kind]!.options) as { properties?: Json; required?: string[] };
      return {
        if: { properties: { kind: { const: kind } }, required: ['kind'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
        then: {
          description: kinds[kind]!.description,
          properties: { ...common.properties, kind: { const: kind }, ...own.properties },
          ...(own.required?.length ? { required: own.required } : {}),
          additionalProperties: false,
        },
      };
    }),
  };
  const environments = (root.properties as Json).environments as Json;
  const environment = environments.additionalProperties as { properties: Json };
  (environment.properties.sources as Json).items = source;
  return {
    $id: 'https://parity.dev/schema/parity.schema.json',
    ...root,
    title: 'parity.yaml',
    description:
      'What staging and production are made of, how they are expected to differ, and what the team decided.',
  };
}
