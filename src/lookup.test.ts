import { describe, expect, it } from 'vitest';
import { observabilityFromConfig } from './derive/observability.js';
import { put, table } from './lookup.js';
import { canonicalJson } from './sources/feature-flags/canonical.js';
import { deepMerge } from './sources/gitlab-ci/merge.js';
import { fact } from './test-support/facts.js';
import { scanProgram } from './traffic/logs/scan.js';

describe('table', () => {
  it('finds its own keys and nothing of Object.prototype', () => {
    const t = table({ info: 1 });
    expect(t.info).toBe(1);
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
      expect(t[key]).toBeUndefined();
    expect(Object.isFrozen(t)).toBe(true);
  });

  it('keeps keys from input away from Object.prototype where tables are read', () => {
    // A log level spelled like a prototype member is no level (found by a property test).
    for (const value of ['__proto__', 'constructor', 'toString'])
      expect(observabilityFromConfig([fact('config/env/LOG_LEVEL', value)])).toEqual([]);
    // A log_format variable spelled like one is a variable the scanner skips, not a time.
    expect(scanProgram('$constructor "$request" $status')).toBeUndefined();
    expect(scanProgram('[$time_local] $__proto__ "$request" $status')?.steps.map((s) => s.kind)).toEqual([
      3, 0, 4, 5, 15,
    ]);
  });
});

describe('objects rebuilt from input', () => {
  it('keep a key named __proto__ as data (canonical flag JSON)', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":2}}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":2},"b":1}');
    expect(canonicalJson(parsed)).not.toBe(canonicalJson({ b: 1 }));
  });
});

describe('put', () => {
  it('stores a key named __proto__ as an own property, leaving the prototype alone', () => {
    const out: Record<string, unknown> = {};
    put(out, '__proto__', { polluted: true });
    put(out, 'a', 1);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect((out as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('keeps it through a merge of parsed CI files', () => {
    const over = JSON.parse('{"__proto__":{"image":"x"},"build":{"script":["make"]}}');
    const merged = deepMerge({ build: { stage: 'build' } }, over);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'build']);
    expect(merged.build).toEqual({ stage: 'build', script: ['make'] });
    expect((merged as { image?: string }).image).toBeUndefined();
  });
});
