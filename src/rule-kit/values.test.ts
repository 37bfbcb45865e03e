import { describe, expect, it } from 'vitest';
import type { ScaleAxis } from '../model/fact.js';
import { brief, compareRules } from '../test-support/compare.js';
import { fact } from '../test-support/facts.js';
import type { RuleContext } from './types.js';
import { judgeScaled } from './values.js';

const SCALE: Record<ScaleAxis, number> = { replicas: 0.2, resources: 0.5, data: 0.01, traffic: 0.05 };

function context(tolerance = 0.25): RuleContext {
  return {
    baselineName: 'production',
    candidateName: 'staging',
    scale: SCALE,
    tolerance,
    baseline: new Map(),
    candidate: new Map(),
    fingerprintsComparable: true,
  };
}

/** Whether staging's value is judged out of scale against production's on the given axis. */
function fires(axis: ScaleAxis, production: number, staging: number, tolerance?: number): boolean {
  const key = `infra/test/${axis}`;
  const pair = {
    key,
    baseline: fact(key, production, { compare: 'scaled', scale: axis }),
    candidate: fact(key, staging, { compare: 'scaled', scale: axis }),
  };
  return judgeScaled(pair, context(tolerance)) !== null;
}

describe('judgeScaled', () => {
  // Tolerance 0.25: in scale from expected / 1.25 to expected * 1.25, on every axis.
  it('holds replicas to expected / (1 + tolerance): 80 at 0.2 expects 16, so 12.8 is the floor', () => {
    expect(fires('replicas', 80, 13)).toBe(false);
    expect(fires('replicas', 80, 12)).toBe(true);
    expect(fires('replicas', 80, 5)).toBe(true);
    expect(fires('replicas', 150, 6)).toBe(true);
    expect(fires('replicas', 80, 20)).toBe(false);
    expect(fires('replicas', 80, 21)).toBe(true);
  });

  it('accepts one replica only where the expected count is below one', () => {
    expect(fires('replicas', 2, 1)).toBe(false); // expected 0.4
    expect(fires('replicas', 4, 1)).toBe(false); // expected 0.8
    expect(fires('replicas', 2, 0)).toBe(true);
    expect(fires('replicas', 2, 2)).toBe(true);
    expect(fires('replicas', 5, 1)).toBe(false); // expected exactly 1
    expect(fires('replicas', 10, 1)).toBe(true); // expected 2: floor 1.6
  });

  it('holds resources to the same bounds, with no floor of one', () => {
    expect(fires('resources', 2, 0.8)).toBe(false); // expected 1, floor 0.8
    expect(fires('resources', 2, 0.79)).toBe(true);
    expect(fires('resources', 2, 1.25)).toBe(false);
    expect(fires('resources', 2, 1.26)).toBe(true);
    expect(fires('resources', 0.2, 1)).toBe(true); // expected 0.1: one core is out of scale
  });

  it('holds data volume to the same bounds', () => {
    expect(fires('data', 1_000_000, 8000)).toBe(false); // expected 10000
    expect(fires('data', 1_000_000, 7999)).toBe(true);
    expect(fires('data', 1_000_000, 12_500)).toBe(false);
    expect(fires('data', 1_000_000, 12_501)).toBe(true);
  });

  it('holds traffic to the same bounds', () => {
    expect(fires('traffic', 1000, 40)).toBe(false); // expected 50
    expect(fires('traffic', 1000, 39)).toBe(true);
    expect(fires('traffic', 1000, 62.5)).toBe(false);
    expect(fires('traffic', 1000, 63)).toBe(true);
  });
});

describe('replicas out of the declared scale, through the rules', () => {
  const replicas = (n: number) =>
    fact('infra/workload/api/replicas', n, { compare: 'scaled', scale: 'replicas' });

  it('reports production 80 against staging 5 and 150 against 6 at a declared 0.2', () => {
    for (const [production, staging] of [
      [80, 5],
      [150, 6],
    ] as const) {
      expect(brief(compareRules([replicas(production)], [replicas(staging)]).divergences)).toEqual([
        ['infra.replicas-out-of-scale', 'infra/workload/api/replicas', 'out-of-scale', 'medium'],
      ]);
    }
    expect(compareRules([replicas(80)], [replicas(5)]).divergences[0]!.message).toBe(
      'api replicas: production 80, staging 5 (expected ~16 at replicas scale 0.2)',
    );
  });

  it('stays silent at the floor of the declared tolerance', () => {
    // COMPARE_SETTINGS: replicas 0.2, tolerance 0.5; 80 expects 16, floor 16 / 1.5 = 10.67.
    expect(compareRules([replicas(80)], [replicas(11)]).divergences).toEqual([]);
    expect(brief(compareRules([replicas(80)], [replicas(10)]).divergences)).toHaveLength(1);
  });
});
