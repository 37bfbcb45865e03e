import { isMap, isScalar } from 'yaml';
import { UsageError } from '../../errors.js';
import { redactText } from '../../secrets/redact.js';
import { loadYamlConfig, YamlLoadError } from '../../sources/yaml-package.js';

/** One body of a `--body-template` file, for every request of `METHOD /endpoint/template`. */
export interface BodyTemplate {
  /** `POST /api/orders/:id`: the method and the endpoint template a profile shows. */
  key: string;
  line: number;
  /** The body as text: a string as written, anything else as JSON. `${VAR}` is left for k6. */
  body: string;
  /** `application/json` for a mapping, a list, a number or a boolean; absent for a string. */
  contentType?: string;
  /** Values that looked like credentials and were written as `****` (redacted like every output). */
  masked: boolean;
}

/** The methods whose requests carry a body: without one from the template, they are left out. */
export const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

const KEY = /^([A-Z]+) (\/\S*)$/;

/**
 * Reads a body template file: a YAML (or JSON) mapping of `METHOD /endpoint/template` to the
 * body of that endpoint's requests. A string is sent as written; a mapping or a list as JSON
 * (`Content-Type: application/json`). `${VAR}` in a string is read from the k6 environment when
 * the script runs, never embedded. The bodies go through the redaction every output goes through:
 * a value that looks like a credential becomes `****`, and `masked` says so.
 * @example parseBodyTemplates('POST /api/orders:\n  sku: A-1\n  token: ${ORDER_TOKEN}\n', 'bodies.yaml')
 */
export function parseBodyTemplates(text: string, file: string): BodyTemplate[] {
  let loaded: ReturnType<typeof loadYamlConfig>;
  try {
    loaded = loadYamlConfig(text);
  } catch (error) {
    if (error instanceof YamlLoadError) throw new UsageError(`${file}:${error.line}: ${error.message}`);
    throw error;
  }
  const { doc, lineCounter, value } = loaded;
  if (value === null || value === undefined) return [];
  if (!isMap(doc.contents) || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(
      `${file}:1: expected a mapping of "METHOD /endpoint/template" to a body, such as "POST /api/orders: {sku: A-1}"`,
    );
  const bodies: BodyTemplate[] = [];
  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const line = lineCounter.linePos(isScalar(keyNode) ? (keyNode.range?.[0] ?? 0) : 0).line;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const match = KEY.exec(key.trim());
    if (!match)
      throw new UsageError(
        `${file}:${line}: ${JSON.stringify(key)}: expected "METHOD /endpoint/template", such as "POST /api/orders/:id"`,
      );
    const body = (value as Record<string, unknown>)[key];
    if (body === null || body === undefined)
      throw new UsageError(`${file}:${line}: ${key}: expected a body (a string, a mapping or a list)`);
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    // The one redaction path: the same masking as every report and file Parity writes.
    const redacted = redactText(raw);
    bodies.push({
      key: `${match[1]} ${match[2]}`,
      line,
      body: redacted,
      ...(typeof body === 'string' ? {} : { contentType: 'application/json' }),
      masked: redacted !== raw,
    });
  }
  return bodies;
}
