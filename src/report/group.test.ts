import { describe, expect, it } from 'vitest';
import type { Audit } from '../model/audit.js';
import type { Divergence } from '../model/divergence.js';
import { driftedAudit, stagingComparison } from './__fixtures__/audit-drifted.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

const side = (value: string, line: number) => ({
  value,
  origin: { source: 'helm', file: 'values.yaml', line },
});
const members = Array.from({ length: 5 }, (_, i) => ({
  rule: 'config.env-value-differs',
  key: `config/env/api/URL_${i}`,
  severity: 'low' as const,
  message: `URL_${i} differs`,
  baseline: side(`svc${i}.example.org`, i + 1),
  candidate: side(`svc${i}-staging.example.org`, i + 1),
}));
const grouped: Divergence = {
  rule: 'config.names-differ-by-environment',
  dimension: 'config',
  key: 'config/group/names-differ-by-environment',
  kind: 'differs',
  severity: 'low',
  title: 'Values differ only by the environments’ own names',
  message:
    'names differ by environment: 5 values (production: (none); staging: staging): api/URL_0, api/URL_1, api/URL_2 and 2 more',
  risk: 'Usually none.',
  group: { pattern: 'production: (none); staging: staging', members },
};
const audit: Audit = { ...driftedAudit, comparisons: [{ ...stagingComparison, divergences: [grouped] }] };

describe('a grouped finding in the reports', () => {
  it('text shows a few and the count; --verbose lists every member with both values', () => {
    const short = renderText(audit, { color: false, width: 200 });
    expect(short).toContain('api/URL_0, api/URL_1, api/URL_2 and 2 more');
    expect(short).toContain('members: 5 (--verbose or --format json lists them)');
    const verbose = renderText(audit, { color: false, verbose: true, width: 200 });
    expect(verbose).toContain('- config/env/api/URL_4: svc4.example.org -> svc4-staging.example.org');
  });

  it('markdown collapses the full list in the row; JSON carries every member', () => {
    const md = renderMarkdown(audit);
    const row = md.split('\n').find((l) => l.includes('names-differ-by-environment'))!;
    expect(row).toContain(
      '<details><summary>all 5</summary>`config/env/api/URL_0`: svc0.example.org → svc0-staging.example.org',
    );
    const json = JSON.parse(renderJson(audit)) as Audit;
    expect(json.comparisons[0]!.divergences[0]!.group!.members).toHaveLength(5);
  });
});
