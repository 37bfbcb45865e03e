import { describe, expect, it } from 'vitest';
import { classifySizing, sizingFact } from './sizing.js';

const classify = (...path: string[]) => {
  const s = classifySizing(path);
  return s ? `${s.workload}:${s.attribute}` : undefined;
};

describe('sizing names', () => {
  it.each([
    [['api-cpu'], 'api:cpu-limit'],
    [['api-memory'], 'api:memory-limit'],
    [['hasura-proxy-memory'], 'hasura-proxy:memory-limit'],
    [['hasura-service-scaling-maximum'], 'hasura:max-replicas'],
    [['hasura-service-scaling-minimum'], 'hasura:min-replicas'],
    [['workerReplicas'], 'worker:replicas'],
    [['api', 'cpu'], 'api:cpu-limit'],
    [['api', 'cpuRequest'], 'api:cpu-request'],
    [['node_count'], 'node:replicas'],
    [['desired_capacity'], ':replicas'],
    [['min_size'], ':min-replicas'],
    [['node_group', 'max_size'], 'node-group:max-replicas'],
    [['instance_type'], ':instance-types'],
    [['db_instance_class'], 'db:instance-types'],
    [['database_tier'], 'database:instance-types'],
    [['lambda_memory_size'], 'lambda:memory-limit'],
    [['web_max_instances'], 'web:max-replicas'],
    [['frontend_ecs_cpu'], 'frontend:cpu-limit'],
  ])('%j is %s', (path, expected) => {
    expect(classify(...path)).toBe(expected);
  });

  it.each([
    ['cpu-target-utilization'],
    ['upload_max_size'],
    ['db_type'],
    ['allocated_storage'],
    ['memory_alarm_threshold'],
    ['cpu_architecture'],
    ['region'],
    ['max_connections'],
  ])('%s is no size', (name) => {
    expect(classify(name)).toBeUndefined();
  });

  it('reads values: whole counts, quantities, instance types; anything else is no size', () => {
    const s = (attribute: Parameters<typeof sizingFact>[0]['attribute']) => ({ workload: 'api', attribute });
    expect(sizingFact(s('replicas'), 'x', '3')?.value).toBe(3);
    expect(sizingFact(s('replicas'), 'x', 2.5)).toBeUndefined();
    expect(sizingFact(s('cpu-limit'), 'x', '250m')).toMatchObject({ value: 0.25, unit: 'cores' });
    expect(sizingFact(s('memory-limit'), 'x', '1Gi')).toMatchObject({ value: 2 ** 30, unit: 'bytes' });
    expect(sizingFact(s('memory-limit'), 'x', 'auto')).toBeUndefined();
    expect(sizingFact(s('instance-types'), 'x', ['m5.large', 't3.small'])?.value).toEqual([
      'm5.large',
      't3.small',
    ]);
    expect(sizingFact(s('instance-types'), 'x', { a: 1 })).toBeUndefined();
    expect(sizingFact({ workload: '', attribute: 'replicas' }, 'fallback', 1)?.path).toEqual([
      'workload',
      'fallback',
      'replicas',
    ]);
  });
});
