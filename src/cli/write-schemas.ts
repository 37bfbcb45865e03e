import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { publishedSchemas } from './published-schemas.js';

// `npm run schema`: regenerates schema/*.json from the zod models; a test checks they are current.
const root = packageRoot();
await mkdir(path.join(root, 'schema'), { recursive: true });
for (const [name, schema] of Object.entries(publishedSchemas())) {
  await writeFile(path.join(root, 'schema', name), `${JSON.stringify(schema, null, 2)}\n`);
}
