import fc from 'fast-check';
import type { Audit, Comparison, DimensionResult } from '../../model/audit.js';
import { DIMENSIONS, SEVERITIES } from '../../model/dimension.js';
import type { Divergence } from '../../model/divergence.js';
import type { FactValue, Origin } from '../../model/fact.js';

/** Any text, including control characters, escapes, markdown and HTML, and astral characters. */
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' ', '|', '`', '``x`', '<details>', '</details>', '\u001b[31mred', 'a\nb', '@team', '**b**'),
);

const origin: fc.Arbitrary<Origin> = fc.record(
  { source: text, file: text, line: fc.integer({ min: 1, max: 100_000 }), query: text },
  { requiredKeys: ['source'] },
);

const value: fc.Arbitrary<FactValue> = fc.oneof(
  text,
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 4 }),
  fc.record({ secret: fc.constant(true as const), fingerprint: text }, { requiredKeys: ['secret', 'fingerprint'] }),
);

const divergence: fc.Arbitrary<Divergence> = fc.record(
  {
    rule: text,
    dimension: fc.constantFrom(...DIMENSIONS),
    key: text,
    kind: fc.constantFrom('only-baseline', 'only-candidate', 'differs', 'out-of-scale', 'shared'),
    severity: fc.constantFrom(...SEVERITIES),
    title: text,
    message: text,
    risk: text,
    baseline: fc.record({ value, origin }),
    candidate: fc.record({ value, origin }),
    detail: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 3 }),
    decision: fc.record(
      {
        decision: fc.constantFrom('accept', 'eliminate', 'test-elsewhere'),
        reason: text,
        owner: text,
        expires: text,
        verify: text,
        expired: fc.boolean(),
      },
      { requiredKeys: ['decision', 'reason', 'expired'] },
    ),
  },
  { requiredKeys: ['rule', 'dimension', 'key', 'kind', 'severity', 'title', 'message', 'risk'] },
);

const dimensionResult: fc.Arbitrary<DimensionResult> = fc.record(
  {
    dimension: fc.constantFrom(...DIMENSIONS),
    status: fc.constantFrom('parity', 'drift', 'unknown'),
    baselineSources: fc.array(text, { maxLength: 3 }),
    candidateSources: fc.array(text, { maxLength: 3 }),
    facts: fc.nat(),
    undecided: fc.nat(),
    decided: fc.nat(),
    note: text,
  },
  { requiredKeys: ['dimension', 'status', 'baselineSources', 'candidateSources', 'facts', 'undecided', 'decided'] },
);

const unknownSubjects = fc.record({
  dimension: fc.constantFrom(...DIMENSIONS),
  side: fc.constantFrom('baseline' as const, 'candidate' as const),
  prefix: text,
  subjects: fc.nat(),
  facts: fc.nat(),
  examples: fc.array(text, { maxLength: 5 }),
  reason: text,
});

const comparison: fc.Arbitrary<Comparison> = fc.record(
  {
    baseline: text,
    candidate: text,
    // Some dimensions missing or repeated: the renderers must still show all eight.
    dimensions: fc.array(dimensionResult, { maxLength: 10 }),
    divergences: fc.array(divergence, { maxLength: 8 }),
    unknown: fc.array(unknownSubjects, { maxLength: 4 }),
  },
  { requiredKeys: ['baseline', 'candidate', 'dimensions', 'divergences'] },
);

/** Random audits, well-typed but with hostile strings everywhere. */
export const arbitraryAudit: fc.Arbitrary<Audit> = fc.record({
  schemaVersion: fc.constant(1 as const),
  generatedAt: text,
  baseline: text,
  comparisons: fc.array(comparison, { maxLength: 3 }),
  skips: fc.array(
    fc.record(
      {
        environment: text,
        source: text,
        file: text,
        line: fc.integer({ min: 1, max: 1000 }),
        reason: text,
        unread: fc.boolean(),
      },
      { requiredKeys: ['environment', 'source', 'reason'] },
    ),
    { maxLength: 4 },
  ),
  unread: fc.array(
    fc.record(
      {
        environment: text,
        source: text,
        kind: text,
        read: fc.constantFrom('none' as const, 'partial' as const),
        optional: fc.boolean(),
        file: text,
        line: fc.integer({ min: 1, max: 1000 }),
        reason: text,
      },
      { requiredKeys: ['environment', 'source', 'kind', 'read', 'optional', 'reason'] },
    ),
    { maxLength: 4 },
  ),
  unusedDecisions: fc.array(
    fc.record({ rule: text, key: text, line: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] }),
    { maxLength: 3 },
  ),
});
