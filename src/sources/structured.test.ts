import { describe, expect, it } from 'vitest';
import { type Flat, MAX_DEPTH, naturalKey, walkStructured } from './structured.js';

function flatten(value: unknown): { leaves: [string, Flat][]; problems: [string, string][] } {
  const leaves: [string, Flat][] = [];
  const problems: [string, string][] = [];
  walkStructured(value, ['root'], {
    leaf: (path, flat) => leaves.push([path.join(' '), flat]) > 0,
    problem: (path, reason) => {
      problems.push([path.join(' '), reason]);
    },
  });
  return { leaves, problems };
}

describe('naturalKey', () => {
  it('takes the first natural key field every element holds as distinct text', () => {
    expect(
      naturalKey([
        { name: 'a', id: 'x' },
        { name: 'b', id: 'x' },
      ]),
    ).toEqual({ field: 'name', keys: ['a', 'b'] });
    expect(
      naturalKey([
        { name: 'a', id: 'x' },
        { name: 'a', id: 'y' },
      ]),
    ).toEqual({ field: 'id', keys: ['x', 'y'] });
    expect(
      naturalKey([
        { image: 'nginx', tag: 1 },
        { image: 'redis', tag: 2 },
      ]),
    ).toEqual({
      field: 'image',
      keys: ['nginx', 'redis'],
    });
  });

  it('gives none where elements are not all mappings, keys repeat, are numbers, or look secret', () => {
    expect(naturalKey([{ name: 'a' }, 'b'])).toBeUndefined();
    expect(naturalKey([{ name: 'a' }, { name: 'a' }])).toBeUndefined();
    expect(naturalKey([{ id: 1 }, { id: 2 }])).toBeUndefined();
    expect(naturalKey([{ name: 'a b' }])).toBeUndefined();
    expect(naturalKey([{ key: 'ghp_PLANTED0123456789abcdefghijk' }])).toBeUndefined();
    expect(naturalKey([{ apiToken: 'PLANTEDabc' }])).toBeUndefined();
    expect(naturalKey([])).toBeUndefined();
  });
});

describe('walkStructured', () => {
  it('walks a list of mappings by natural key, with the keys in order first', () => {
    expect(
      flatten([
        { name: 'api', replicas: 2 },
        { name: 'web', env: [{ name: 'A', value: '1' }] },
      ]).leaves,
    ).toEqual([
      ['root', { kind: 'keys', value: ['api', 'web'] }],
      ['root [name=api] replicas', { kind: 'scalar', value: 2 }],
      ['root [name=web] env', { kind: 'keys', value: ['A'] }],
      ['root [name=web] env [name=A] value', { kind: 'scalar', value: '1' }],
    ]);
  });

  it('goes by index otherwise, an empty element included', () => {
    expect(flatten([{ a: 1 }, {}, 'x', [1, 2]]).leaves).toEqual([
      ['root [0] a', { kind: 'scalar', value: 1 }],
      ['root [1]', { kind: 'empty' }],
      ['root [2]', { kind: 'scalar', value: 'x' }],
      ['root [3]', { kind: 'list', value: [1, 2] }],
    ]);
  });

  it('keeps no natural key under a secret-named list', () => {
    expect(flatten({ passwords: [{ value: 'PLANTEDhunter2' }] }).leaves.map(([path]) => path)).toEqual([
      'root passwords [0] value',
    ]);
  });

  it('names a cycle and nesting past the limit as problems, and goes on', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(flatten(cyclic)).toEqual({
      leaves: [['root a', { kind: 'scalar', value: 1 }]],
      problems: [['root self', 'refers to itself (a YAML alias cycle): not compared']],
    });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { d: deep };
    const { leaves, problems } = flatten({ deep, b: 2 });
    expect(leaves).toEqual([['root b', { kind: 'scalar', value: 2 }]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]![1]).toBe(`nested deeper than ${MAX_DEPTH} levels: not compared`);
  });

  it('stops when the sink says it is full', () => {
    let taken = 0;
    walkStructured(
      Array.from({ length: 10 }, (_, i) => ({ name: `n${i}`, v: i })),
      [],
      {
        leaf: () => ++taken < 3,
        problem: () => {},
      },
    );
    expect(taken).toBe(3);
  });
});
