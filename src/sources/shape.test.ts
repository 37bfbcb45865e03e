import { describe, expect, it } from 'vitest';
import { show, typeName } from './shape.js';

describe('show', () => {
  it('renders scalars, lists and mappings without calling a mapping`s own methods', () => {
    expect(show('abc')).toBe('"abc"');
    expect(show(3)).toBe('3');
    expect(show(null)).toBe('null');
    expect(show([1, 2])).toBe('a list');
    expect(show({ a: 1 })).toBe('a mapping');
    // A YAML mapping `{toString: 0}` parses to an object whose toString is not callable.
    expect(show({ toString: 0 })).toBe('a mapping');
    expect(show(Object.create(null))).toBe('a mapping');
  });

  it('cuts long values to 40 characters', () => {
    const text = show('x'.repeat(100));
    expect(text).toHaveLength(40);
    expect(text.endsWith('...')).toBe(true);
  });

  it('typeName names only the type', () => {
    expect(typeName({ toString: 0 })).toBe('a mapping');
    expect(typeName('secret')).toBe('a string');
  });
});
