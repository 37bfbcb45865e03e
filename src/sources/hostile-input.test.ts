import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseName } from '../compare/normalise.js';
import { compileUserRegex, UserRegexError } from '../user-regex.js';
import { sources } from './index.js';
import { createFingerprinter } from './secrets.js';
import type { SourceResult } from './types.js';

// Hostile and careless input against every source kind that reads files: random YAML with
// aliases, files that are not regular files, a file past the size cap, and random user regexes.
// Each run has a time and a memory budget; before, alias bombs ran for minutes at 1.4-1.8 GB,
// a link to /dev/zero reached 9.5 GB in 60 s, a FIFO hung, and some regexes hung for over 60 s.
const TIME_BUDGET_MS = 5000;
const MEMORY_BUDGET_BYTES = 512 * 1024 * 1024;
const fileKinds = Object.values(sources).filter((s) => s.input === 'files');
const posix = process.platform !== 'win32' && existsSync('/dev/zero');
let dir = '';

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Runs one source on `paths` and holds it to the budgets; a thrown error counts as an answer. */
async function withinBudget(kind: string, paths: string[], baseDir: string): Promise<SourceResult | Error> {
  const source = sources[kind]!;
  const options = source.options.safeParse({});
  const before = memory();
  const started = performance.now();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memory());
  }, 20);
  let result: SourceResult | Error;
  try {
    result = await source.collect(
      { kind, id: `${kind}:fuzz`, paths, baseDir, options: {} },
      options.success ? options.data : {},
      { environment: 'fuzz', production: false, fingerprint: createFingerprinter('fuzz-key') },
    );
  } catch (error) {
    result = error as Error;
  } finally {
    clearInterval(sampler);
  }
  const elapsed = performance.now() - started;
  peak = Math.max(peak, memory());
  expect(elapsed, `${kind} on ${paths.join(', ')}: ${Math.round(elapsed)} ms`).toBeLessThan(TIME_BUDGET_MS);
  expect(peak - before, `${kind} on ${paths.join(', ')}: memory`).toBeLessThan(MEMORY_BUDGET_BYTES);
  return result;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parity-hostile-'));
  await mkdir(path.join(dir, '.git'));
  await mkdir(path.join(dir, 'a-directory.yaml'));
  // A sparse file past every source's cap: instant to make, 100 MB to read.
  const huge = await open(path.join(dir, 'huge.yaml'), 'w');
  await huge.truncate(100 * 1024 * 1024);
  await huge.close();
  if (posix) {
    execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
    await symlink('/dev/zero', path.join(dir, 'zero.yaml'));
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('every file source on files that are not what they seem', () => {
  const kinds = () => (posix ? ['fifo.yaml', 'zero.yaml', 'a-directory.yaml', 'huge.yaml'] : ['huge.yaml']);
  it.each(fileKinds.map((s) => s.kind))(
    '%s: a FIFO, a link to /dev/zero, a directory, a huge file',
    async (kind) => {
      for (const name of kinds()) {
        const result = await withinBudget(kind, [name], dir);
        if (!(result instanceof Error)) expect(result.facts).toEqual([]);
      }
      // The same files reached through a glob, with a readable file beside them.
      await writeFile(path.join(dir, 'plain.yaml'), 'a: 1\n');
      await withinBudget(kind, ['*.yaml'], dir);
    },
  );
});

/** YAML built from anchors, aliases and merge keys, nested and repeated: bombs among ordinary files. */
const aliasYaml: fc.Arbitrary<string> = fc
  .record({
    depth: fc.integer({ min: 1, max: 30 }),
    width: fc.integer({ min: 1, max: 12 }),
    merge: fc.boolean(),
    tagged: fc.boolean(),
    recursive: fc.boolean(),
    tail: fc.constantFrom('', 'kind: Deployment\n', 'jobs: {}\n', 'flags: {}\n', 'groups: []\n'),
  })
  .map(({ depth, width, merge, tagged, recursive, tail }) => {
    const lines = ['x0: &x0 {a: 1, b: [lol, lol]}'];
    for (let i = 1; i < depth; i++) {
      const refs = Array.from({ length: width }, (_, k) => `k${k}: *x${i - 1}`).join(', ');
      const mergeKey = merge ? `${tagged ? '!!merge ' : ''}<<: *x${i - 1}, ` : '';
      lines.push(`x${i}: &x${i} {${mergeKey}${refs}}`);
    }
    if (recursive) lines.push('loop: &loop {self: *loop}');
    return `${lines.join('\n')}\n${tail}`;
  });

describe('every file source on random YAML with aliases', () => {
  it('finishes within the time and memory budget, whatever the aliases expand to', async () => {
    await fc.assert(
      fc.asyncProperty(aliasYaml, async (text) => {
        await writeFile(path.join(dir, 'aliases.yaml'), text);
        for (const source of fileKinds) await withinBudget(source.kind, ['aliases.yaml'], dir);
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

/** Patterns from a small grammar, nested quantifiers included: the shapes that backtrack. */
const regexText: fc.Arbitrary<string> = fc.letrec<{ re: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', '.', '\\w', '\\d', '\\s', '[a-z]', '[^b]', '(?=a)', '\\1', '$', '^'),
    tie('re').map((r) => `(${r})`),
  ),
  re: fc
    .array(
      fc
        .tuple(tie('atom'), fc.constantFrom('', '*', '+', '?', '{2,5}', '*?', '+'))
        .map(([a, q]) => `${a}${q}`),
      { minLength: 1, maxLength: 4 },
    )
    .chain((parts) => fc.constantFrom(parts.join(''), parts.join('|'))),
})).re;

describe('random user regexes', () => {
  it('compile to the linear engine or are refused, and never backtrack', () => {
    const victims = [`${'a'.repeat(20_000)}!`, `${'ab'.repeat(10_000)}\n`, ' '.repeat(20_000)];
    fc.assert(
      fc.property(regexText, (pattern) => {
        let re: ReturnType<typeof compileUserRegex>;
        try {
          re = compileUserRegex(pattern);
        } catch (error) {
          expect(error).toBeInstanceOf(UserRegexError);
          return;
        }
        const started = performance.now();
        for (const victim of victims) {
          re.test(victim);
          normaliseName(victim, [{ match: re, replace: '' }]);
        }
        expect(performance.now() - started, pattern).toBeLessThan(TIME_BUDGET_MS);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

/** Each format's own way in: an alias bomb inside a Pulumi stack's config, a helmfile naming one. */
describe('format-specific bombs of the Pulumi, helmfile and tfvars sources', () => {
  const bomb = (indent: string) => {
    const lines = [`${indent}x0: &x0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}`];
    for (let i = 1; i < 12; i++) {
      const refs = Array.from({ length: 9 }, (_, k) => `k${k}: *x${i - 1}`).join(', ');
      lines.push(`${indent}x${i}: &x${i} {${refs}}`);
    }
    return lines.join('\n');
  };

  it('pulumi: a config value built from aliases is refused by the loader or cut at the settings limit', async () => {
    for (const levels of [4, 12]) {
      const text = `config:\n  shop:tree:\n${bomb('    ').split('\n').slice(0, levels).join('\n')}\n`;
      await writeFile(path.join(dir, 'Pulumi.bomb.yaml'), text);
      const result = await withinBudget('pulumi', ['Pulumi.bomb.yaml'], dir);
      expect(result).not.toBeInstanceOf(Error);
      const { facts, skips } = result as SourceResult;
      expect(facts.length).toBeLessThanOrEqual(5000);
      expect(skips.map((s) => s.reason).join('\n')).toMatch(/more settings not read|aliases expand/);
    }
  });

  it('helmfile: an environment values file that is an alias bomb, a FIFO or a link to /dev/zero', async () => {
    await writeFile(path.join(dir, 'bomb-values.yaml'), `${bomb('')}\n`);
    const named = posix ? ['bomb-values.yaml', 'fifo.yaml', 'zero.yaml'] : ['bomb-values.yaml'];
    await writeFile(
      path.join(dir, 'helmfile.yaml'),
      `environments:\n  fuzz:\n    values: [${named.join(', ')}]\nreleases:\n  - name: api\n    chart: ./nowhere\n    values: [${named.join(', ')}]\n`,
    );
    expect(await withinBudget('helmfile', ['helmfile.yaml'], dir)).not.toBeInstanceOf(Error);
  });

  it('terraform-vars: nesting 100,000 deep, a list just under the 1 MB cap, one past it, an unclosed heredoc', async () => {
    await writeFile(path.join(dir, 'deep.tfvars'), `a = ${'['.repeat(100_000)}\n`);
    await writeFile(path.join(dir, 'wide.tfvars'), `a = [${'"x",'.repeat(250_000)}]\n`);
    await writeFile(path.join(dir, 'huge.tfvars'), `a = [${'"x",'.repeat(1_000_000)}]\n`);
    await writeFile(path.join(dir, 'heredoc.tfvars'), `a = <<EOT\n${'line\n'.repeat(200_000)}`);
    for (const file of ['deep.tfvars', 'wide.tfvars', 'huge.tfvars', 'heredoc.tfvars']) {
      const result = await withinBudget('terraform-vars', [file], dir);
      expect(result).not.toBeInstanceOf(Error);
      expect((result as SourceResult).skips.length + (result as SourceResult).facts.length).toBeGreaterThan(
        0,
      );
    }
  });
});
