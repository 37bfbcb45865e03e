import { parityYamlSchema } from '../config/json-schema.js';
import { jsonSchemas } from '../model/json-schemas.js';
import { sources } from '../sources/index.js';

/** Every JSON Schema published in schema/: the output models and parity.yaml with every source kind. */
export function publishedSchemas(): Record<string, unknown> {
  return { ...jsonSchemas(), 'parity.schema.json': parityYamlSchema(sources) };
}
