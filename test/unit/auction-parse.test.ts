// The fast decimal parser (fastTicks, used by toTicks and every order path) must agree exactly with
// the general parser (exactTicks, the reference) on every input, and fall back to it (and to its
// errors) for anything unusual.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exactTicks, fastTicks, fastTicksIn, formatTicks, toTicks } from '../../src/model/fixed.js';

const ticksOf = (v: string | number, dec: number): number | bigint => fastTicks(v, dec) ?? exactTicks(v, dec, { id: 'x', index: 0, field: 'price' });
/** ticksOf's answer or its error code, as a comparable value. */
function outcome(f: () => number | bigint): string {
  try { return `ok:${BigInt(f())}`; } catch (e) { return `err:${(e as { code?: string }).code}`; }
}
const same = (v: string | number, dec: number): void => {
  const reference = outcome(() => exactTicks(v, dec, {}));
  expect(outcome(() => ticksOf(v, dec)), JSON.stringify(v)).toBe(reference);
  expect(outcome(() => toTicks(v, dec, {})), JSON.stringify(v)).toBe(reference);
};

describe('fast decimal parsing (fastTicks) against the general parser', () => {
  it('agrees with exactTicks on decimal strings with any decimals, signs, zeros and junk', () => {
    const text = fc.tuple(fc.bigInt(-(10n ** 17n), 10n ** 17n), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 18 }),
      fc.constantFrom('', '0', '00', '.', 'e0', 'e-1', ' ', '1', 'x'), fc.constantFrom('', '+', '0', '-'))
      .map(([t, d, dec, suffix, prefix]) => [`${prefix}${formatTicks(t, d)}${suffix}`, dec] as const);
    fc.assert(fc.property(text, ([s, dec]) => same(s, dec)), { numRuns: 3000 });
  });

  it('agrees with exactTicks on JS numbers', () => {
    fc.assert(fc.property(fc.oneof(fc.double(), fc.integer().map((i) => i / 100), fc.integer().map((i) => i / 1000)),
      fc.integer({ min: 0, max: 18 }), (x, dec) => same(x, dec)), { numRuns: 3000 });
  });

  it('reads a slice of a longer text (fastTicksIn, the scanners\' path) as fastTicks reads it alone', () => {
    const text = fc.tuple(fc.bigInt(-(10n ** 17n), 10n ** 17n), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 15 }),
      fc.constantFrom('', '0', '.', 'e0', '1', '-'), fc.constantFrom('', '-', '0', ','), fc.constantFrom('', '5', ',', '.', '-'), fc.constantFrom('', '9', ',"'))
      .map(([t, d, dec, suffix, prefix, before, after]) => [before, `${prefix}${formatTicks(t, d)}${suffix}`, after, dec] as const);
    fc.assert(fc.property(text, ([before, s, after, dec]) => {
      expect(fastTicksIn(before + s + after, before.length, before.length + s.length, dec), JSON.stringify(s)).toBe(fastTicks(s, dec));
    }), { numRuns: 3000 });
  });

  it('handles the edge cases', () => {
    for (const s of ['', '-', '.', '-.5', '.5', '5.', '-0', '-0.000', '1e3', '0x10', '1_000', '١', '999999999999999', '9999999999999999.9'])
      for (const dec of [0, 2, 4]) same(s, dec);
    for (const x of [0, -0, 1e-7, 1e21, 0.1 + 0.2, 12.345, -500, 4000.0001, NaN, Infinity]) for (const dec of [0, 3, 4]) same(x, dec);
  });
});
