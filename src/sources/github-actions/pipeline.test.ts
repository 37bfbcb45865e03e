import { describe, expect, it } from 'vitest';
import { environmentSelection } from './environments.js';
import { type CiJob, pipelineFacts } from './pipeline.js';

/** A job as a CI source would hand it over: one step per command, needs by id. */
function job(id: string, commands: string[], extra: Partial<CiJob> = {}): CiJob {
  const at = { file: 'ci.yml', line: 1 };
  return {
    id,
    label: id,
    text: id,
    environments: [],
    needs: [],
    steps: commands.map((c, i) => ({ label: `${id}: ${c}`, text: c, file: 'ci.yml', line: i + 2 })),
    triggers: ['push'],
    triggersAt: at,
    concurrency: 'none',
    concurrencyAt: at,
    variables: [],
    ...at,
    ...extra,
  };
}

function steps(jobs: CiJob[], environment: string): Record<string, unknown> {
  const { facts } = pipelineFacts(jobs, {
    source: 's',
    selection: environmentSelection(environment),
    what: 'test',
  });
  return Object.fromEntries(facts.filter((f) => f.key.includes('/step/')).map((f) => [f.attribute, f.value]));
}

// One pipeline promoting a build: test -> staging deploy -> staging smoke -> production deploy -> production smoke.
const promotion = [
  job('unit', ['npm test']),
  job('deploy-stg', ['npx prisma migrate deploy', 'helm upgrade --install api ./chart'], {
    environments: ['staging'],
    needs: ['unit'],
  }),
  job('smoke-stg', ['curl -fsS https://stg.example.com/healthz'], { needs: ['deploy-stg'] }),
  job('deploy-prd', ['helm upgrade --install api ./chart'], {
    environments: ['production'],
    needs: ['smoke-stg'],
  }),
  job('smoke-prd', ['curl -fsS https://example.com/healthz'], { needs: ['deploy-prd', 'deploy-stg'] }),
];

describe('pipelineFacts', () => {
  it("gives staging its own deploy, what it waits for and what runs after it, never production's jobs", () => {
    expect(steps(promotion, 'staging')).toEqual({
      migrate: 'deploy-stg: npx prisma migrate deploy',
      test: 'unit: npm test',
      'smoke-test': 'smoke-stg: curl -fsS https://stg.example.com/healthz',
      deploy: 'deploy-stg: helm upgrade --install api ./chart',
    });
  });

  it("gives production staging's agnostic checks only, and the smoke test nearest after its own deploy", () => {
    expect(steps(promotion, 'production')).toEqual({
      test: 'unit: npm test',
      'smoke-test': 'smoke-prd: curl -fsS https://example.com/healthz',
      deploy: 'deploy-prd: helm upgrade --install api ./chart',
    });
  });

  it('classifies a job by its name when its steps say nothing (a `lint` job running a script)', () => {
    const jobs = [
      job('lint', ['./scripts/check.sh']),
      job('ship', ['./go.sh'], { environments: ['prod'], needs: ['lint'] }),
    ];
    expect(steps(jobs, 'production')).toEqual({ lint: 'lint' });
  });

  it('survives a needs cycle and needs on jobs that do not exist', () => {
    const jobs = [
      job('a', ['npm test'], { needs: ['b', 'ghost'] }),
      job('b', ['npm run lint'], { needs: ['a'] }),
      job('d', ['kubectl apply -f k8s/'], { environments: ['staging'], needs: ['a'] }),
    ];
    expect(steps(jobs, 'staging')).toEqual({
      test: 'a: npm test',
      lint: 'b: npm run lint',
      deploy: 'd: kubectl apply -f k8s/',
    });
  });

  it('caps long step lists in the value', () => {
    const many = Array.from({ length: 12 }, (_, i) => `npm test -- shard ${i}`);
    const value = steps([job('t', many, { environments: ['staging'] })], 'staging').test as string;
    expect(value.endsWith('(+4 more)')).toBe(true);
  });
});
