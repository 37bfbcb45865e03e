import { describe, expect, it } from 'vitest';
import { createFingerprinter, protectValue } from '../sources/secrets.js';
import { fact } from '../test-support/facts.js';
import { derive } from './index.js';

describe('derive', () => {
  it('gives build-related variables a scope: build, runtime or both', () => {
    const out = derive([
      fact('config/build-arg/NEXT_PUBLIC_API_URL', null),
      fact('config/env/web/NEXT_PUBLIC_API_URL', 'https://api.staging'),
      fact('config/build-arg/GIT_SHA', null),
      fact('config/env/web/VITE_FLAG', 'on'),
      fact('config/env/web/PORT', '3000'),
    ]).facts.filter((f) => f.key.startsWith('config/scope/'));
    expect(out.map((f) => [f.key, f.value])).toEqual([
      ['config/scope/GIT_SHA', 'build'],
      ['config/scope/NEXT_PUBLIC_API_URL', 'build+runtime'],
      ['config/scope/VITE_FLAG', 'runtime'],
    ]);
  });

  it('collects database hosts from connection URLs without their credentials', () => {
    const fp = createFingerprinter('k');
    const url = 'postgres://app:hunter2-planted@orders-db.prod.internal:5432/shop';
    const out = derive([
      fact('config/env/api/DATABASE_URL', protectValue('DATABASE_URL', url, fp)),
      fact('config/env/api/REDIS_URL', 'redis://cache.internal:6379/0'),
      fact('config/env/api/PGHOST', 'localhost'),
      fact('config/env/api/DB_HOST', 'replica.prod.internal'),
      fact('config/code-ref/DB_HOST', 'required', { compare: 'presence' }),
    ]).facts;
    expect(out.map((f) => [f.key, f.value])).toEqual([
      ['infra/substrate/database-host/cache.internal:6379', 'REDIS_URL'],
      ['infra/substrate/database-host/orders-db.prod.internal:5432', 'DATABASE_URL'],
      ['infra/substrate/database-host/replica.prod.internal', 'DB_HOST'],
    ]);
    expect(JSON.stringify(out)).not.toContain('hunter2-planted');
  });
});
