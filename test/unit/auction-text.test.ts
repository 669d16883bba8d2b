// The Wasm core's writer of a result's tick members (src/auction/text.ts, assembly/auction/text.ts)
// against ByteWriter.tickMembers: the same bytes, or it declines and writes nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteWriter } from '../../src/io/bytes.js';
import { formatTicks } from '../../src/model/fixed.js';
import { coreTickMembers, MIN_MEMBERS } from '../../src/auction/text.js';
import { clearingResultText, toClearingResult, useTickMembersWriter, writeClearingResult, auctionOutcome } from '../../src/io/result.js';
import { clearAuction } from '../../src/auction/index.js';

const edge = fc.constantFrom(0n, 1n, -1n, 9n, 10n, (1n << 50n) - 1n, 1n << 50n, -(1n << 50n), (1n << 63n) - 1n, -(1n << 63n), -(10n ** 18n), 10n ** 18n);
const ticks = fc.oneof(edge, fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.bigInt({ min: -100000n, max: 100000n }));
const asciiKey = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 10 });

/** n members: `seed` ones, then members made from their index (ids o<i>, ticks i * 7919 - 3e6). */
function members(seed: [string, bigint][], n: number): { keys: string[]; t: BigInt64Array } {
  const keys = seed.map(([k]) => k), v = seed.map(([, x]) => x);
  for (let i = seed.length; i < n; i++) { keys.push(`o${i}`); v.push(BigInt(i * 7919 - 3e6)); }
  return { keys, t: BigInt64Array.from(v) };
}

function jsText(keys: string[], t: BigInt64Array, d: number, order: number[] | null, sep: string, colon: string): string {
  const w = new ByteWriter(4);
  w.tickMembers(keys, t, d, order, sep, colon, formatTicks);
  return w.text();
}

describe('coreTickMembers', () => {
  it('writes what ByteWriter.tickMembers writes: any ticks, decimals 0..36, file or sorted order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(asciiKey, ticks), { maxLength: 40 }), fc.oneof(fc.integer({ min: 0, max: 18 }), fc.constantFrom(24, 36)),
      fc.boolean(), fc.constantFrom([',', ':'], [',\n    ', ': ']), (seed, d, sorted, [sep, colon]) => {
        const { keys, t } = members(seed, MIN_MEMBERS + 7);
        const order = sorted ? keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] === keys[b] ? a - b : 1)) : null;
        const w = new ByteWriter(4);
        w.raw('{');
        const plain = keys.every((k) => !/["\\]/.test(k)); // JSON.stringify escapes '"' and '\\'
        expect(coreTickMembers(keys, t, d, order, sep, colon, w)).toBe(plain);
        expect(w.text()).toBe(plain ? `{${jsText(keys, t, d, order, sep, colon)}` : '{');
      }), { numRuns: 150 });
  });

  it('declines (writing nothing) keys that need escaping or are not ASCII, and small maps', () => {
    for (const bad of ['a"b', 'a\\b', '\n', '\u007f', 'é', '\ud800', '😀']) {
      const { keys, t } = members([[bad, 5n]], MIN_MEMBERS + 1);
      const w = new ByteWriter(4);
      expect(coreTickMembers(keys, t, 3, null, ',', ':', w)).toBe(false);
      expect(w.bytes().length).toBe(0);
    }
    const { keys, t } = members([], MIN_MEMBERS - 1);
    expect(coreTickMembers(keys, t, 3, null, ',', ':', new ByteWriter())).toBe(false);
  });

  it('gives clearingResultText the same text and digest as the library writes', () => {
    const n = 3000;
    const orders = Array.from({ length: n }, (_, i) => ({
      id: i % 97 === 0 ? `é${i}` : `o${(i * 7) % n}`, side: (i % 2 ? 'sell' : 'buy') as 'buy' | 'sell',
      price: (20 + ((i * 37) % 400) / 10).toFixed(2), quantity: (1 + ((i * 13) % 500) / 100).toFixed(3),
    }));
    for (const market of [{ priceDecimals: 2, quantityDecimals: 3, orders }, { priceDecimals: 2, quantityDecimals: 3, orders: orders.map((o, i) => ({ ...o, id: `o${i}` })) }]) {
      const outcome = auctionOutcome(market, clearAuction(market));
      const want = writeClearingResult(toClearingResult(outcome));
      useTickMembersWriter(coreTickMembers);
      try {
        expect(clearingResultText(outcome).text).toBe(want);
      } finally {
        useTickMembersWriter(undefined);
      }
    }
  });
});
