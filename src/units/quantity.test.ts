import { describe, expect, it } from 'vitest';
import { parseQuantity } from './quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['100m', 0.1],
    ['1.5', 1.5],
    [2, 2],
    ['0.5', 0.5],
    ['512Mi', 536870912],
    ['1Gi', 1073741824],
    ['1G', 1e9],
    ['200M', 2e8],
    ['1.5Gi', 1610612736],
    ['128974848', 128974848],
    ['129e6', 129e6],
    ['1k', 1000],
    ['500u', 0.0005],
    ['.5', 0.5],
  ] as const)('%s -> %s', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected);
  });

  it.each(['lots', '', '-1', '1.5.2', '12 Mi', 'Mi', '1Ki2', null, {}, -3])(
    '%s is not a quantity',
    (input) => {
      expect(parseQuantity(input)).toBeUndefined();
    },
  );
});
