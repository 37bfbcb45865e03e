import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { briefWithMessage, compareRules } from '../../test-support/compare.js';
import { fixtureFile } from '../../test-support/fixtures.js';
import { createFingerprinter } from '../secrets.js';
import { extractCompose } from './extract.js';

const read = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);
const input = { source: 'compose', fingerprint: createFingerprinter('compose-hardening') };
const extract = (name: string) => extractCompose([read(name)], input);

function access(facts: readonly Fact[]) {
  return facts
    .filter((f) => f.dimension === 'access')
    .map((f) => [f.key, f.value, `${f.origin.file}:${f.origin.line}`]);
}

describe('compose: container hardening as access facts', () => {
  const production = extract('hardening/docker-compose.prod.yml');
  const staging = extract('hardening/docker-compose.staging.yml');

  it('reads read_only, no-new-privileges, capabilities and user in securityContext terms', () => {
    expect(access(production.facts).filter(([key]) => String(key).includes('/backend/'))).toEqual([
      [
        'access/workload/backend/container/backend/read-only-root-fs',
        true,
        'hardening/docker-compose.prod.yml:5',
      ],
      [
        'access/workload/backend/container/backend/allow-privilege-escalation',
        false,
        'hardening/docker-compose.prod.yml:6',
      ],
      ['access/workload/backend/container/backend/privileged', false, 'hardening/docker-compose.prod.yml:3'],
      [
        'access/workload/backend/container/backend/capabilities-added',
        ['NET_BIND_SERVICE'],
        'hardening/docker-compose.prod.yml:9',
      ],
      [
        'access/workload/backend/container/backend/capabilities-dropped',
        ['ALL'],
        'hardening/docker-compose.prod.yml:8',
      ],
      ['access/workload/backend/container/backend/user', '1000:1000', 'hardening/docker-compose.prod.yml:10'],
    ]);
  });

  it('states Docker defaults where the file is silent, and names an odd value in a skip', () => {
    expect(access(staging.facts).filter(([key]) => String(key).includes('/backend/'))).toEqual([
      [
        'access/workload/backend/container/backend/read-only-root-fs',
        false,
        'hardening/docker-compose.staging.yml:3',
      ],
      [
        'access/workload/backend/container/backend/allow-privilege-escalation',
        true,
        'hardening/docker-compose.staging.yml:3',
      ],
      [
        'access/workload/backend/container/backend/privileged',
        false,
        'hardening/docker-compose.staging.yml:3',
      ],
    ]);
    expect(staging.skips).toEqual([
      expect.objectContaining({
        file: 'hardening/docker-compose.staging.yml',
        line: 7,
        reason: 'expected privileged to be true or false',
      }),
    ]);
  });

  it('reports production-only hardening as an access finding', () => {
    const found = briefWithMessage(compareRules(production.facts, staging.facts).divergences).filter(
      ([rule]) => rule.startsWith('access.'),
    );
    expect(found.map(([rule, key, , severity]) => [rule, key, severity])).toEqual([
      [
        'access.hardening-differs',
        'access/workload/backend/container/backend/allow-privilege-escalation',
        'medium',
      ],
      ['access.hardening-differs', 'access/workload/backend/container/backend/capabilities-added', 'medium'],
      [
        'access.hardening-differs',
        'access/workload/backend/container/backend/capabilities-dropped',
        'medium',
      ],
      ['access.hardening-differs', 'access/workload/backend/container/backend/read-only-root-fs', 'medium'],
      ['access.hardening-differs', 'access/workload/backend/container/backend/user', 'medium'],
      [
        'access.hardening-differs',
        'access/workload/postgres/container/postgres/allow-privilege-escalation',
        'medium',
      ],
      ['access.hardening-differs', 'access/workload/postgres/container/postgres/read-only-root-fs', 'medium'],
    ]);
    expect(found.find(([, key]) => key.endsWith('backend/read-only-root-fs'))?.[4]).toBe(
      'backend/backend read-only-root-fs: production true, staging false',
    );
  });
});
