// The benchmark's JS peers (bench/peers/) are the reference a reader of BENCHMARKS.md trusts:
// hand-computed auctions, (a) == (b) (packed keys and comparator fallback) on random markets,
// and their welfare against HiGHS' LP optimum.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearUniformNaive, midpointHalfEven, type PeerResult } from '../../bench/peers/naive.mjs';
import { clearUniformFast } from '../../bench/peers/fast.mjs';
import { buildClearingLp, buildClearingModel, loadHighs, solveClearingLp, solveClearingModel, tickText } from '../../bench/peers/highs-lp.mjs';

type Row = [side: 'buy' | 'sell', price: number, quantity: number];
const CAP = 100;
const FLOOR = -50;

/** Clears integer-tick rows (0 decimals) with (a) and (b) under each sort strategy; all must agree. */
function clearAll(rows: Row[], cap = CAP, floor = FLOOR): PeerResult {
  const orders = rows.map(([side, price, quantity], i) => ({ id: `o${i}`, side, price, quantity }));
  const a = clearUniformNaive(orders, { priceDecimals: 0, quantityDecimals: 0, priceCap: cap, priceFloor: floor });
  const columns = {
    side: Uint8Array.from(rows, ([s]) => (s === 'buy' ? 0 : 1)),
    priceTicks: Float64Array.from(rows, ([, p]) => p),
    quantityTicks: Float64Array.from(rows, ([, , q]) => q),
  };
  const market = { priceCapTicks: BigInt(cap), priceFloorTicks: BigInt(floor) };
  for (const sort of ['auto', 'radix', 'u64', 'f64', 'comparator'] as const) {
    const b = clearUniformFast(columns, market, { sort });
    expect({ ...b, fills: [...b.fills] }).toEqual(a);
  }
  return a;
}

describe('bench peers: hand examples', () => {
  it('clears the spec tie example: 8 at 25, welfare 85', () => {
    const r = clearAll([['buy', 30, 5], ['buy', 25, 4], ['buy', 20, 3], ['sell', 10, 4], ['sell', 25, 4], ['sell', 28, 6]]);
    expect(r).toEqual({
      priceTicks: 25, priceLowTicks: 25, priceHighTicks: 25, volumeTicks: 8, welfareTicks: 85,
      fills: [5, 3, 0, 4, 4, 0],
    });
  });

  it('trades a bid and an ask tied exactly at the crossing', () => {
    const r = clearAll([['buy', 25, 4], ['sell', 25, 4]]);
    expect(r).toMatchObject({ priceTicks: 25, volumeTicks: 4, welfareTicks: 0, fills: [4, 4] });
  });

  it('prices a partly filled marginal buyer at its bid', () => {
    // b0 50x10 buys 3 from s 30 and 4 from s 45: 7 of 10, so only p = 50 is consistent with it.
    const r = clearAll([['buy', 50, 10], ['buy', 40, 5], ['sell', 30, 3], ['sell', 45, 4]]);
    expect(r).toEqual({
      priceTicks: 50, priceLowTicks: 50, priceHighTicks: 50, volumeTicks: 7, welfareTicks: 3 * 20 + 4 * 5,
      fills: [7, 0, 3, 4],
    });
  });

  it('takes the midpoint of the interval, exact halves to the even tick', () => {
    // Both fully filled: interval [ask, bid].
    expect(clearAll([['buy', 31, 1], ['sell', 10, 1]])).toMatchObject({ priceLowTicks: 10, priceHighTicks: 31, priceTicks: 20 });
    expect(clearAll([['buy', 33, 1], ['sell', 10, 1]])).toMatchObject({ priceTicks: 22 });
    expect(clearAll([['buy', 32, 1], ['sell', 10, 1]])).toMatchObject({ priceTicks: 21 });
    expect(clearAll([['buy', -41, 1], ['sell', -50, 1]])).toMatchObject({ priceTicks: -46 });
    expect(clearAll([['buy', -39, 1], ['sell', -50, 1]])).toMatchObject({ priceTicks: -44 });
    expect([midpointHalfEven(-1, 0), midpointHalfEven(0, 1), midpointHalfEven(1, 2), midpointHalfEven(-3, 0)]).toEqual([0, 0, 2, -2]);
  });

  it('bounds the interval by the next unfilled orders and by cap and floor', () => {
    // Sellers long: s1 40 unfilled caps the price; b 60 accepted; s0 20 accepted.
    expect(clearAll([['buy', 60, 2], ['sell', 20, 2], ['sell', 40, 1]])).toMatchObject({
      priceLowTicks: 20, priceHighTicks: 40, priceTicks: 30, volumeTicks: 2, welfareTicks: 80,
    });
    // No crossing: interval [best bid, best ask], nothing trades.
    expect(clearAll([['buy', 20, 1], ['sell', 30, 1]])).toEqual({
      priceTicks: 25, priceLowTicks: 20, priceHighTicks: 30, volumeTicks: 0, welfareTicks: 0, fills: [0, 0],
    });
    // One side only: the cap or the floor closes the interval.
    expect(clearAll([['buy', 10, 1]])).toMatchObject({ priceLowTicks: 10, priceHighTicks: CAP, priceTicks: 55 });
    expect(clearAll([['sell', 10, 1]])).toMatchObject({ priceLowTicks: FLOOR, priceHighTicks: 10, priceTicks: -20 });
  });

  it('fills equal prices in input order (time priority by position)', () => {
    const r = clearAll([['buy', 30, 2], ['sell', 20, 3], ['buy', 30, 2], ['buy', 35, 1]]);
    expect(r).toEqual({
      priceTicks: 30, priceLowTicks: 30, priceHighTicks: 30, volumeTicks: 3, welfareTicks: 15 + 2 * 10,
      fills: [2, 3, 0, 1],
    });
  });

  it('falls back to the comparator sort when packed keys would pass 2^53', () => {
    // Ranks of 2^52 fit neither 32 bits (u64 keys) nor rank * n + index < 2^53 (f64 keys).
    const big = 2 ** 52;
    const r = clearAll([['buy', big, 1], ['sell', 0, 1], ['buy', 1, 1]], big, -big);
    expect(r).toMatchObject({ volumeTicks: 1, welfareTicks: big, priceLowTicks: 1, priceHighTicks: big });
  });

  it('parses decimal strings and numbers alike in peer (a)', () => {
    const market = { priceDecimals: 2, quantityDecimals: 3, priceCap: '4000', priceFloor: '-500' };
    const asText = clearUniformNaive([
      { id: 'b', side: 'buy', price: '40.07', quantity: '1.001' },
      { id: 's', side: 'sell', price: '20.10', quantity: '0.333' },
    ], market);
    // The buyer is partly filled (0.333 of 1.001), so the price is its bid.
    expect(asText).toMatchObject({ volumeTicks: 333, welfareTicks: 333 * (4007 - 2010), priceTicks: 4007, fills: [333, 333] });
  });
});

/** A random market in ticks (few price levels, so ties are common). */
const marketArb = fc.record({
  rows: fc.array(fc.tuple(fc.constantFrom<'buy' | 'sell'>('buy', 'sell'), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 120 }),
  shift: fc.integer({ min: -5000, max: 5000 }),
});

describe('bench peers: (a) and (b) agree', () => {
  it('on random markets with many ties (every sort strategy)', () => {
    fc.assert(fc.property(marketArb, ({ rows, shift }) => {
      const r = clearAll(rows.map(([s, p, q]) => [s, p + shift, q] as Row), 10_000, -10_000);
      const bought = rows.reduce((sum, [s], i) => sum + (s === 'buy' ? r.fills[i] : 0), 0);
      expect(bought).toBe(r.volumeTicks);
      expect(r.priceLowTicks).toBeLessThanOrEqual(r.priceHighTicks);
    }), { numRuns: 300 });
  });

  it('on a large random market (10^4 orders, decimal strings for (a))', () => {
    const n = 10_000;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const side = new Uint8Array(n);
    const price = new Float64Array(n);
    const qty = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      side[i] = rnd() < 0.5 ? 0 : 1;
      price[i] = (side[i] === 0 ? 4000 : 2000) + Math.floor(rnd() * 4001);
      qty[i] = 1 + Math.floor(rnd() * 10_000);
    }
    const orders = Array.from(side, (s, i) => ({
      id: `o${i}`, side: s === 0 ? 'buy' as const : 'sell' as const,
      price: tickText(price[i], 2), quantity: tickText(qty[i], 3),
    }));
    const a = clearUniformNaive(orders, { priceDecimals: 2, quantityDecimals: 3, priceCap: '4000', priceFloor: '-500' });
    const b = clearUniformFast({ side, priceTicks: price, quantityTicks: qty }, { priceCapTicks: 400000n, priceFloorTicks: -50000n });
    expect({ ...b, fills: [...b.fills] }).toEqual(a);
    expect(a.volumeTicks).toBeGreaterThan(0);
  });
});

describe('bench peers: welfare against HiGHS', () => {
  it('equals the LP optimum on random markets', async () => {
    const highs = await loadHighs();
    const samples = fc.sample(marketArb, { numRuns: 25, seed: 42 });
    for (const { rows, shift } of samples) {
      const columns = {
        side: Uint8Array.from(rows, ([s]) => (s === 'buy' ? 0 : 1)),
        priceTicks: Float64Array.from(rows, ([, p]) => p + shift),
        quantityTicks: Float64Array.from(rows, ([, , q]) => q),
      };
      const b = clearUniformFast(columns, { priceCapTicks: 10_000n, priceFloorTicks: -10_000n });
      const lp = buildClearingLp(columns, { priceDecimals: 2, quantityDecimals: 3 });
      const { welfare } = solveClearingLp(highs, lp, rows.length);
      const exact = b.welfareTicks / 1e5;
      expect(Math.abs(welfare - exact)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact)));
      // the typed-model path of the auction bench, with each option set it tries
      const model = buildClearingModel(highs, columns, { priceDecimals: 2, quantityDecimals: 3 });
      for (const o of [{ presolve: 'on' }, { presolve: 'off' }, { solver: 'ipm' }]) {
        const m = solveClearingModel(highs, model, o);
        expect(Math.abs(m.welfare - exact)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact)));
      }
    }
  });
});

describe('bench peers: against gridclear', () => {
  it('round an exact half to the even tick when the interval starts on an odd tick', async () => {
    // Interval [-1, 2] (a lone bid at -1, cap 2): midpoint 0.5 -> 0, the even tick.
    const { clearColumns } = await import('../../src/index.js');
    const g = clearColumns({ side: Uint8Array.of(0), priceTicks: BigInt64Array.of(-1n), quantityTicks: BigInt64Array.of(1n) },
      { priceDecimals: 0, quantityDecimals: 0, priceCapTicks: 2n, priceFloorTicks: -10n });
    expect([g.priceLowTicks, g.priceHighTicks]).toEqual([-1n, 2n]);
    expect(clearAll([['buy', -1, 1]], 2, -10)).toMatchObject({ priceLowTicks: -1, priceHighTicks: 2, priceTicks: 0 });
    expect(g.priceTicks).toBe(0n);
  });

  it('agree with clearColumns on price, interval, volume, welfare, and time-priority fills', async () => {
    const { clearColumns } = await import('../../src/index.js');
    const samples = fc.sample(marketArb, { numRuns: 60, seed: 7 });
    for (const { rows, shift } of samples) {
      const side = Uint8Array.from(rows, ([s]) => (s === 'buy' ? 0 : 1));
      const price = Float64Array.from(rows, ([, p]) => p + shift);
      const qty = Float64Array.from(rows, ([, , q]) => q);
      const tickMarket = { priceDecimals: 2, quantityDecimals: 3, priceCapTicks: 10_000n, priceFloorTicks: -10_000n };
      const b = clearUniformFast({ side, priceTicks: price, quantityTicks: qty }, tickMarket);
      const g = clearColumns({
        side, priceTicks: BigInt64Array.from(price, BigInt), quantityTicks: BigInt64Array.from(qty, BigInt),
      }, tickMarket, { tieRule: 'time-priority' });
      expect({
        priceTicks: g.priceTicks, priceLowTicks: g.priceLowTicks, priceHighTicks: g.priceHighTicks,
        volumeTicks: g.volumeTicks, welfareTicks: g.welfareTicks, fills: [...g.fills],
      }).toEqual({
        priceTicks: BigInt(b.priceTicks), priceLowTicks: BigInt(b.priceLowTicks), priceHighTicks: BigInt(b.priceHighTicks),
        volumeTicks: BigInt(b.volumeTicks), welfareTicks: BigInt(b.welfareTicks), fills: [...b.fills].map(BigInt),
      });
    }
  });
});
