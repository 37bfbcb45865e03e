import { describe, expect, it } from 'vitest';
import { fixtureFile } from '../../test-support/fixtures.js';
import { environmentSelection } from '../github-actions/environments.js';
import type { DeployLogFields } from './events.js';
import { extractDeployLog } from './extract.js';

const fixture = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);

function run(name: string, environment: string, fields: DeployLogFields = {}) {
  return extractDeployLog([fixture(name)], {
    source: 'deploys',
    selection: environmentSelection(environment),
    fields,
    format: 'auto',
  });
}

function values(result: ReturnType<typeof run>) {
  return Object.fromEntries(
    result.facts.filter((f) => f.key !== 'deploys/log/windows').map((f) => [f.key, [f.value, f.unit]]),
  );
}

describe('deploy-log', () => {
  it("reads production's cadence from a JSON-lines log of every environment", () => {
    const result = run('deploys-all-environments.jsonl', 'production');
    expect(values(result)).toEqual({
      'deploys/cadence/deploys-per-week': [69.4, 'deploys/week'],
      'deploys/cadence/median-duration-s': [384, 's'],
      'deploys/cadence/overlapping-deploys': [8, 'deploys'],
    });
    const windows = result.facts.find((f) => f.key === 'deploys/log/windows')!;
    expect(windows.compare).toBe('presence');
    expect((windows.value as string[]).length).toBe(252);
    expect((windows.value as string[])[0]).toBe('2026-10-05T09:10:00Z/2026-10-05T09:15:17Z');
    expect(windows.origin).toEqual({ source: 'deploys', file: 'deploys-all-environments.jsonl', line: 1 });
  });

  it("reads staging's rows only from the same log, and names the unreadable lines", () => {
    const result = run('deploys-all-environments.jsonl', 'stg');
    expect(values(result)).toEqual({
      'deploys/cadence/deploys-per-week': [5.3, 'deploys/week'],
      'deploys/cadence/median-duration-s': [200, 's'],
      'deploys/cadence/overlapping-deploys': [0, 'deploys'],
    });
    expect(result.skips).toEqual([
      {
        source: 'deploys',
        file: 'deploys-all-environments.jsonl',
        line: 4,
        reason: 'not valid JSON; expected one JSON object per line',
      },
      {
        source: 'deploys',
        file: 'deploys-all-environments.jsonl',
        line: 11,
        reason: 'no start time (looked for start, started, started_at, startedAt, ...)',
      },
      {
        source: 'deploys',
        file: 'deploys-all-environments.jsonl',
        line: 21,
        reason: 'ends before it starts',
      },
      {
        source: 'deploys',
        file: 'deploys-all-environments.jsonl',
        line: 31,
        reason: 'expected a JSON object per line',
      },
    ]);
  });

  it('takes a CSV without an environment column as the environment’s own, with durations in several forms', () => {
    const result = run('staging-deploys-no-environment-column.csv', 'staging');
    expect(values(result)).toEqual({
      'deploys/cadence/deploys-per-week': [4, 'deploys/week'],
      'deploys/cadence/median-duration-s': [250, 's'],
      'deploys/cadence/overlapping-deploys': [0, 'deploys'],
    });
    const windows = result.facts.find((f) => f.key === 'deploys/log/windows')!.value;
    // `2026-10-07T11:05:00+02:00` is 09:05 UTC; `PT3M` lasts three minutes.
    expect(windows).toContain('2026-10-07T09:05:00Z/2026-10-07T09:08:00Z');
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [6, 'start time start: expected ISO 8601 or epoch seconds/milliseconds'],
      [7, 'expected 5 fields like the header, got 4'],
      [8, 'unterminated quote; expected one record per line'],
    ]);
  });

  it('uses configured field names, dotted into nested JSON', () => {
    const text = [
      '{"deployment": {"env": "prod", "app": "api"}, "at": "2026-01-01T10:00:00Z", "took_ms": 90000}',
      '{"deployment": {"env": "prod", "app": "web"}, "at": "2026-01-01T10:01:00Z", "took_ms": 30000}',
      '{"deployment": {"env": "prod", "app": "api"}, "at": "2026-01-08T10:00:00Z", "took_ms": 60000}',
    ].join('\n');
    const result = extractDeployLog([{ file: 'x.jsonl', text }], {
      source: 'd',
      selection: environmentSelection('production'),
      fields: { environment: 'deployment.env', service: 'deployment.app', start: 'at', duration: 'took_ms' },
      format: 'jsonl',
    });
    expect(Object.fromEntries(result.facts.map((f) => [f.attribute, f.value]))).toMatchObject({
      'deploys-per-week': 2,
      'median-duration-s': 60,
      'overlapping-deploys': 2,
    });
  });

  it('counts unreadable lines past the first five in one skip', () => {
    const text = `${'garbage\n'.repeat(8)}{"environment":"production","start":"2026-01-01T00:00:00Z"}\n`;
    const result = extractDeployLog([{ file: 'x.jsonl', text }], {
      source: 'd',
      selection: environmentSelection('production'),
      fields: {},
      format: 'jsonl',
    });
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [1, 'not valid JSON; expected one JSON object per line'],
      [2, 'not valid JSON; expected one JSON object per line'],
      [3, 'not valid JSON; expected one JSON object per line'],
      [4, 'not valid JSON; expected one JSON object per line'],
      [5, 'not valid JSON; expected one JSON object per line'],
      [6, '3 more lines could not be read as deploys (8 in all)'],
      [undefined, '1 deploy within an hour: too few to tell a weekly rate'],
    ]);
  });

  it('keeps nothing of a row but its times: a token in the log never reaches facts or skips', () => {
    const token = 'ghp_R8x2mQ7vLk3NpZ9sT4wY6bJ1cF5hD0aE8gU2';
    const text = [
      `{"environment":"production","start":"2026-01-01T10:00:00Z","end":"2026-01-01T10:05:00Z","token":"${token}"}`,
      `{"environment":"production","start":"2026-01-02T10:00:00Z","duration":"${token}"}`,
      `{"environment":"production","start":"2026-01-08T10:00:00Z","service":"api","version":"${token}"}`,
    ].join('\n');
    const result = extractDeployLog([{ file: 'x.jsonl', text }], {
      source: 'd',
      selection: environmentSelection('production'),
      fields: {},
      format: 'auto',
    });
    expect(result.facts.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('says which environments the log holds when none is this one', () => {
    expect(run('deploys-all-environments.jsonl', 'qa').skips.at(-1)).toEqual({
      source: 'deploys',
      reason:
        "no deploy to qa in the log (environments seen: production, staging); set the source's `environment:` option",
    });
  });
});
