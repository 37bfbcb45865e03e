import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { sources } from '../../sources/index.js';
import type { SourceModule } from '../../sources/types.js';
import { describeSource } from './sources.js';

describe('parity sources KIND', () => {
  it.each(Object.keys(sources).sort())(
    '%s: lists every option, and its example passes its own options schema',
    (kind) => {
      const source = sources[kind] as SourceModule;
      const text = describeSource(source);
      const shape = (source.options as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const option of Object.keys(shape)) expect(text).toMatch(new RegExp(`^  ${option} +\\S`, 'm'));
      const example = text.slice(text.indexOf('Example'));
      const [entry] = yaml.load(example.split('\n').slice(1).join('\n')) as Record<string, unknown>[];
      const { kind: k, path, ...options } = entry!;
      expect(k).toBe(kind);
      if (source.input === 'files') expect(path).toBeTypeOf('string');
      expect(source.options.safeParse(options).success).toBe(true);
    },
  );

  it('shows the bounds and defaults of numeric options as a user reads them', () => {
    const text = describeSource(sources.postgres as SourceModule);
    expect(text).toMatch(/^ {2}sampleRows +integer above 0 up to 1000000, default 10000$/m);
    expect(text).toMatch(/^ {2}url +string \(required\)$/m);
  });
});
