import type { Skip } from '../../model/snapshot.js';
import { asObj, type Obj } from '../shape.js';
import { type LineLocator, parseYamlDocuments, type YamlDocument } from '../yaml-docs.js';

export interface ConfigText {
  file: string;
  text: string;
}

/** One Alertmanager configuration, wherever it was written. */
export interface AlertmanagerConfig {
  value: Obj;
  file: string;
  line: number;
  lineOf: LineLocator;
}

const EMBEDDED_KEY = /^alertmanager\.ya?ml$/;
/** A literal block scalar keeps lines one for one, so inner lines can be mapped to the file's. */
const LITERAL_BLOCK = /:\s*\|[-+0-9]*\s*(#.*)?$/;

/**
 * Alertmanager configurations in the files: an alertmanager.yml, or one embedded in a Kubernetes
 * Secret or ConfigMap under `alertmanager.yaml` (as prometheus-operator and Helm charts keep it).
 */
export function findConfigs(
  files: readonly ConfigText[],
  source: string,
): { configs: AlertmanagerConfig[]; skips: Skip[] } {
  const configs: AlertmanagerConfig[] = [];
  const skips: Skip[] = [];
  for (const { file, text } of files) {
    const { documents, problems } = parseYamlDocuments(text);
    for (const p of problems) skips.push({ source, file, line: p.line, reason: p.message });
    let recognised = problems.length > 0;
    const lines = text.split(/\r?\n/);
    for (const doc of documents) {
      const value = asObj(doc.value);
      const skip = (reason: string) => skips.push({ source, file, line: doc.line, reason });
      if (doc.value === null || doc.value === undefined) continue;
      recognised = true;
      if (!value) skip('expected a mapping: an Alertmanager configuration (`route:` and `receivers:`)');
      else if (typeof value.kind === 'string' && typeof value.apiVersion === 'string')
        fromObject(value, doc, file, lines, source, configs, skips);
      else if ('route' in value || 'receivers' in value)
        configs.push({ value, file, line: doc.line, lineOf: doc.lineOf });
      else skip('expected an Alertmanager configuration (`route:` and `receivers:`)');
    }
    if (!recognised)
      skips.push({ source, file, reason: 'no Alertmanager configuration in this file (expected `route:`)' });
  }
  return { configs, skips };
}

function fromObject(
  obj: Obj,
  doc: YamlDocument,
  file: string,
  lines: readonly string[],
  source: string,
  configs: AlertmanagerConfig[],
  skips: Skip[],
): void {
  if (obj.kind === 'AlertmanagerConfig') {
    skips.push({
      source,
      file,
      line: doc.line,
      reason:
        'AlertmanagerConfig objects are not read; point this source at the alertmanager.yaml they are merged into',
    });
    return;
  }
  if (obj.kind !== 'Secret' && obj.kind !== 'ConfigMap') return;
  for (const section of ['stringData', 'data']) {
    const map = asObj(obj[section]);
    if (!map) continue;
    for (const [key, raw] of Object.entries(map)) {
      if (!EMBEDDED_KEY.test(key) || typeof raw !== 'string') continue;
      const base64 = obj.kind === 'Secret' && section === 'data';
      const text = base64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      const keyLine = doc.lineOf(map, key) ?? doc.line;
      const mapped = !base64 && LITERAL_BLOCK.test(lines[keyLine - 1] ?? '');
      const at = (inner: number | undefined) => (mapped && inner !== undefined ? keyLine + inner : keyLine);
      const parsed = parseYamlDocuments(text);
      for (const p of parsed.problems) skips.push({ source, file, line: at(p.line), reason: p.message });
      for (const inner of parsed.documents) {
        const value = asObj(inner.value);
        if (!value) continue;
        configs.push({
          value,
          file,
          line: at(inner.line),
          lineOf: (node, k) => at(inner.lineOf(node, k)),
        });
      }
    }
  }
}
