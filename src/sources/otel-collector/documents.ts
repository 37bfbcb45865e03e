import type { Skip } from '../../model/snapshot.js';
import { asObj, type Obj } from '../shape.js';
import { type LineLocator, parseYamlDocuments, type YamlDocument } from '../yaml-docs.js';

export interface ConfigText {
  file: string;
  text: string;
}

/** One collector configuration, wherever it was written. */
export interface CollectorConfig {
  value: Obj;
  file: string;
  line: number;
  lineOf: LineLocator;
}

/** A literal block scalar keeps lines one for one, so inner lines can be mapped to the file's. */
const LITERAL_BLOCK = /:\s*\|[-+0-9]*\s*(#.*)?$/;

function isCollectorConfig(value: Obj | undefined): value is Obj {
  return value !== undefined && asObj(value.service) !== undefined && 'pipelines' in asObj(value.service)!;
}

/**
 * Collector configurations in the files: a plain config.yaml, an OpenTelemetryCollector object
 * (`spec.config` as a mapping or a string), a ConfigMap holding one, or Helm values (`config:`).
 */
export function findConfigs(
  files: readonly ConfigText[],
  source: string,
): { configs: CollectorConfig[]; skips: Skip[] } {
  const configs: CollectorConfig[] = [];
  const skips: Skip[] = [];
  for (const { file, text } of files) {
    const { documents, problems } = parseYamlDocuments(text);
    for (const p of problems) skips.push({ source, file, line: p.line, reason: p.message });
    const lines = text.split(/\r?\n/);
    const before = configs.length;
    let kubernetes = false;
    for (const doc of documents) {
      const value = asObj(doc.value);
      if (!value) continue;
      const spec = asObj(value.spec);
      const candidates: { owner: Obj; key: string }[] = [
        { owner: doc.value as Obj, key: '' },
        { owner: value, key: 'config' },
        ...(spec ? [{ owner: spec, key: 'config' }] : []),
        ...(value.kind === 'ConfigMap' && asObj(value.data)
          ? Object.keys(asObj(value.data)!).map((key) => ({ owner: asObj(value.data)!, key }))
          : []),
      ];
      for (const { owner, key } of candidates) {
        const inner = key === '' ? owner : owner[key];
        if (typeof inner === 'string' && inner.includes('pipelines'))
          embedded(inner, owner, key, doc, file, lines, source, configs, skips);
        else if (isCollectorConfig(asObj(inner)))
          configs.push({
            value: asObj(inner)!,
            file,
            line: doc.lineOf(inner) ?? doc.line,
            lineOf: doc.lineOf,
          });
      }
      kubernetes ||= typeof value.kind === 'string' && typeof value.apiVersion === 'string';
    }
    if (configs.length === before && problems.length === 0 && !kubernetes) {
      skips.push({
        source,
        file,
        reason: 'no collector configuration in this file (expected `service.pipelines`)',
      });
    }
  }
  return { configs, skips };
}

function embedded(
  text: string,
  owner: Obj,
  key: string,
  doc: YamlDocument,
  file: string,
  lines: readonly string[],
  source: string,
  configs: CollectorConfig[],
  skips: Skip[],
): void {
  const keyLine = doc.lineOf(owner, key) ?? doc.line;
  const mapped = LITERAL_BLOCK.test(lines[keyLine - 1] ?? '');
  const at = (inner: number | undefined) => (mapped && inner !== undefined ? keyLine + inner : keyLine);
  const parsed = parseYamlDocuments(text);
  for (const p of parsed.problems) skips.push({ source, file, line: at(p.line), reason: p.message });
  for (const inner of parsed.documents) {
    const value = asObj(inner.value);
    if (!isCollectorConfig(value)) continue;
    configs.push({ value, file, line: at(inner.line), lineOf: (node, k) => at(inner.lineOf(node, k)) });
  }
}
