import type { Fact } from '../../model/fact.js';
import type { SourceResult } from '../types.js';
import { type ConfigText, findConfigs } from './documents.js';
import { configFacts, type ExtractInput } from './pipelines.js';

export type { ConfigText, ExtractInput };

/**
 * Collector configurations in, facts out: per pipeline its receivers, processors (in order) and
 * exporters, the share of traces or logs it keeps, batch / memory_limiter / tail_sampling
 * settings, and fingerprints of exporter credentials. Pure.
 */
export function extractOtelCollector(files: readonly ConfigText[], input: ExtractInput): SourceResult {
  const { configs, skips } = findConfigs(files, input.source);
  const facts: Fact[] = [];
  const seen = new Map<string, string>();
  for (const config of configs) {
    const own = configFacts(config, input, skips);
    // The collector merges several --config files; this source does not, so the first one wins.
    const clash = own.find((f) => seen.has(f.key));
    if (clash) {
      skips.push({
        source: input.source,
        file: config.file,
        line: config.line,
        reason: `${clash.key.split('/').slice(1, 3).join(' ')} is already defined in ${seen.get(clash.key)}; configurations are not merged, the first one is read`,
      });
    }
    for (const fact of own) {
      if (seen.has(fact.key)) continue;
      seen.set(fact.key, `${config.file}:${config.line}`);
      facts.push(fact);
    }
  }
  return { facts, skips };
}
