import { describe, expect, it } from 'vitest';
import { contextsRead, evaluate, resolveText, surelyFalse } from './expressions.js';

const bound = new Map([
  ['inputs.environment', 'production'],
  ['matrix.env', 'staging'],
]);

describe('GitHub expressions', () => {
  it('resolves contexts, literals and the `a || b` default idiom', () => {
    expect(resolveText('${{ inputs.environment }}', bound)).toBe('production');
    expect(resolveText('deploy-${{ github.event.inputs.environment }}', bound)).toBe('deploy-production');
    expect(resolveText("${{ inputs.missing || 'staging' }}", bound)).toBeUndefined();
    expect(resolveText("${{ matrix.env || 'x' }}", bound)).toBe('staging');
    expect(resolveText('${{ vars.DEPLOY_ENV }}', bound)).toBeUndefined();
    expect(resolveText('no expression', bound)).toBe('no expression');
  });

  it('says an if: is surely false only when it is', () => {
    expect(surelyFalse("inputs.environment == 'staging'", bound)).toBe(true);
    expect(surelyFalse("${{ inputs.environment != 'production' }}", bound)).toBe(true);
    expect(surelyFalse("inputs.environment == 'PRODUCTION'", bound)).toBe(false);
    expect(surelyFalse("github.ref == 'refs/heads/main' && inputs.environment == 'staging'", bound)).toBe(
      true,
    );
    expect(surelyFalse("github.ref == 'refs/heads/main' || inputs.environment == 'staging'", bound)).toBe(
      false,
    );
    expect(surelyFalse('success()', bound)).toBe(false);
    expect(surelyFalse(false, bound)).toBe(true);
    expect(surelyFalse("!(inputs.environment == 'production')", bound)).toBe(true);
  });

  it('reads which contexts a text uses', () => {
    expect(contextsRead('${{ matrix.Env }}-${{ github.event.inputs.target }}')).toEqual([
      'matrix.env',
      'inputs.target',
    ]);
  });

  it('gives up on what it cannot parse, without throwing', () => {
    expect(evaluate("fromJSON('[1]')[0]", bound)).toBeUndefined();
    expect(evaluate('((((', bound)).toBeUndefined();
    expect(evaluate(`${'!'.repeat(5000)}true`, bound)).toBeUndefined();
    expect(evaluate(`${'('.repeat(400)}1${')'.repeat(400)}`, bound)).toBeUndefined();
  });

  it('a job outside `needs` is null, and so is every property of it', () => {
    const job = new Map<string, string | null>([
      ['needs.build', null],
      ['needs.deploy.result', 'success'],
    ]);
    expect(surelyFalse("needs.build.result == 'success'", job)).toBe(true);
    expect(surelyFalse('${{ needs.build.outputs.tag }}', job)).toBe(true);
    expect(surelyFalse("needs.build.result != 'success'", job)).toBe(false);
    expect(surelyFalse("needs.deploy.result == 'success'", job)).toBe(false);
    // A job the workflow has but whose state is not bound stays unknown, never guessed.
    expect(surelyFalse("needs.other.result == 'success'", job)).toBe(false);
  });
});
