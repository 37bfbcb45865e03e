import { describe, expect, it } from 'vitest';
import type { Skip } from '../model/snapshot.js';
import { listedSkips, MAX_LISTED_SKIPS, notRead, readStatus, scopeOfUnread } from './collect.js';

const skip = (reason: string, extra: Partial<Skip> = {}): Skip => ({
  source: 's',
  file: 'f.yaml',
  reason,
  ...extra,
});

describe('readStatus', () => {
  it('is complete when everything was read, even with no facts (absence is then evidence)', () => {
    expect(readStatus(0, [])).toBe('complete');
    expect(readStatus(4, [skip('expected NAME=value', { line: 3 })])).toBe('complete');
  });

  it('is none when nothing came out and something could not be read', () => {
    expect(readStatus(0, [skip('expected NAME=value', { line: 3 })])).toBe('none');
    expect(readStatus(0, [skip('no such file or directory', { unread: true })])).toBe('none');
  });

  it('is none when every declared path was not read, though options made facts', () => {
    const missing = skip('no such file or directory', { file: 'deploy/staging/', unread: true });
    expect(readStatus(1, [missing], ['deploy/staging/'])).toBe('none');
    expect(readStatus(1, [missing], ['deploy/staging/', 'deploy/shared/'])).toBe('partial');
  });

  it('is partial, not none, when the only declared file was read and a file it names was not', () => {
    // Field trial (busy-beaver): docker-compose.yml read, its `env_file: .env` missing.
    const envFile = skip('env_file .env cannot be read (cannot read: ENOENT)', {
      file: 'docker-compose.yml',
      line: 40,
      unread: true,
    });
    expect(readStatus(12, [envFile], ['docker-compose.yml'])).toBe('partial');
  });

  it('is partial when a whole file or a whole document was not read', () => {
    expect(readStatus(5, [skip('binary file (NUL byte)', { line: 1, unread: true })])).toBe('partial');
    expect(readStatus(5, [skip('invalid YAML: bad indentation of a mapping entry', { line: 4 })])).toBe(
      'partial',
    );
    expect(notRead(skip('invalid JSON or YAML: nesting exceeded maxDepth (100)'))).toBe(true);
  });
});

describe('scopeOfUnread', () => {
  const scoped = (line: number, ...scope: string[]) =>
    skip('env_file .env cannot be read', { line, unread: true, unreadScope: scope });

  it('is the union of what every unread part named, odd items aside', () => {
    expect(
      scopeOfUnread([
        scoped(40, 'config/env/worker/'),
        scoped(60, 'config/env/app/', 'config/env/worker/'),
        skip('expected NAME=value', { line: 3 }),
      ]),
    ).toEqual({ unreadScope: ['config/env/app/', 'config/env/worker/'] });
  });

  it('is nothing (the whole reach unknown) when one unread part did not say what it could hold', () => {
    expect(scopeOfUnread([scoped(40, 'config/env/app/'), skip('binary file', { unread: true })])).toEqual({});
    expect(scopeOfUnread([skip('expected NAME=value', { line: 3 })])).toEqual({});
    expect(scopeOfUnread([skip('x', { unread: true, unreadScope: [] })])).toEqual({});
  });
});

describe('listedSkips', () => {
  it('lists the first skips of a source and counts the rest, keeping whether a part was not read', () => {
    const many = Array.from({ length: MAX_LISTED_SKIPS + 1200 }, (_, i) =>
      skip(i % 3 === 0 ? 'empty document' : 'not a rule group', {
        line: i + 1,
        ...(i === 1600 ? { unread: true } : {}),
      }),
    );
    const listed = listedSkips('rules', many);
    expect(listed).toHaveLength(MAX_LISTED_SKIPS + 1);
    expect(listed.at(-1)).toEqual({
      source: 'rules',
      reason: '1200 more skips not listed; the most common (800): not a rule group',
      unread: true,
    });
    expect(listedSkips('rules', many.slice(0, 3))).toEqual(many.slice(0, 3));
  });
});
