import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../src/io/rational.js';

describe('Rational (the MATPOWER import arithmetic)', () => {
  it('reads MATPOWER and JavaScript number spellings exactly', () => {
    expect(new Rational('1e-3').toFixed()).toBe('0.001');
    expect(new Rational('+2E4').toFixed()).toBe('20000');
    expect(new Rational('.5').toFixed()).toBe('0.5');
    expect(new Rational('5.').toFixed()).toBe('5');
    expect(new Rational(0.1).toFixed()).toBe('0.1');
    expect(new Rational(1e-7).toFixed()).toBe('0.0000001');
    expect(() => new Rational('1.2.3')).toThrow(/not a decimal/);
    expect(() => new Rational(NaN)).toThrow(/not a decimal/);
    expect(() => new Rational('.')).toThrow(/not a decimal/);
  });

  it('rounds half away from zero, once', () => {
    expect(new Rational('2.5').toFixed(0)).toBe('3');
    expect(new Rational('-2.5').toFixed(0)).toBe('-3');
    expect(new Rational('2.4999999999999999999999').toFixed(0)).toBe('2');
    expect(new Rational('-0.0004').toFixed(3)).toBe('0.000');
    expect(new Rational(1n, 3n).toFixed(4)).toBe('0.3333');
    expect(new Rational(2n, 3n).toFixed(4)).toBe('0.6667');
    expect(new Rational(1000n, 30n).times(6).plus(200).toFixed()).toBe('400');
    expect(new Rational(1n, 3n).toFixed()).toBe('0.33333333333333333333');
  });

  it('is exact: (a / b) * b = a and a + b - b = a', () => {
    const r = fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 20n }))
      .map(([n, d]) => new Rational(n, d));
    fc.assert(fc.property(r, r, (a, b) => {
      expect(a.plus(b).minus(b).cmp(a)).toBe(0);
      if (!b.isZero()) expect(a.div(b).times(b).cmp(a)).toBe(0);
      expect(Rational.max(a, b).cmp(Rational.min(a, b))).toBeGreaterThanOrEqual(0);
    }));
    expect(() => new Rational(1).div(0)).toThrow(/division by zero/);
  });
});
