import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../rule-kit/values.js';
import { plural } from './plural.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function productionFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory())
      return e.name === '__fixtures__' || e.name === 'test-support' ? [] : productionFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('plural', () => {
  it('is singular for exactly one', () => {
    expect(plural(1, 'core')).toBe('1 core');
    expect(plural(0, 'day')).toBe('0 days');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(formatValue(1, 'cores')).toBe('1 core');
    expect(formatValue(4, 'cores')).toBe('4 cores');
  });

  it('is the only way messages count: no `N thing(s)` in a message template', () => {
    // A template literal that counts with `(s)`, `(es)` or `(ies)` prints `1 value(s)`: use plural().
    const offenders: string[] = [];
    for (const file of productionFiles()) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/`[^`]*\$\{[^`]*\w\((s|es|ies)\)/.test(line) || /\$\{[^}]+\} \w+\((s|es|ies)\)/.test(line))
            offenders.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
