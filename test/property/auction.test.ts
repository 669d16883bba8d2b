import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearAuction, clearColumns, type AuctionOptions, type AuctionResult } from '../../src/auction/index.js';
import { checkAuctionInvariants, checkProRata } from '../helpers/auctionInvariants.js';
import { CAP, FLOOR, TICK_MARKET, genOptions, genOrders, toColumns, toMarket } from '../helpers/auctionMarkets.js';

const RUNS = { numRuns: 300 };

/** A result's outcome keyed by order id, so results of permuted inputs can be compared. */
function byId(r: AuctionResult): unknown {
  const ids = r.orderIds!;
  const fills: Record<string, bigint> = {}, pay: Record<string, bigint> = {};
  ids.forEach((id, i) => { fills[id] = r.fills[i]; pay[id] = r.payments[i]; });
  const trades = r.trades ? Array.from(r.trades.buyer, (b, k) => [ids[b], ids[r.trades!.seller[k]], r.trades!.quantityTicks[k], r.trades!.priceTicks[k]]) : null;
  const { fills: _f, payments: _p, trades: _t, orderIds: _o, ...totals } = r;
  return { fills, pay, trades, totals };
}

/** The result, or the error it throws (errors compare by message). */
function attempt(f: () => AuctionResult): AuctionResult | Error {
  try {
    return f();
  } catch (e) {
    return e as Error;
  }
}

/** Two results with trades are equal, compared column by column (toEqual on 300,000 bigints takes seconds). */
function expectSameColumns(a: AuctionResult, b: AuctionResult): void {
  const { fills: f1, payments: p1, trades: t1, ...rest1 } = a;
  const { fills: f2, payments: p2, trades: t2, ...rest2 } = b;
  expect(rest1).toEqual(rest2);
  const differs = (x: ArrayLike<unknown>, y: ArrayLike<unknown>): number => {
    if (x.length !== y.length) return -2;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
    return -1;
  };
  expect([f1, p1, t1!.buyer, t1!.seller, t1!.quantityTicks, t1!.priceTicks].map((c, k) =>
    differs(c, [f2, p2, t2!.buyer, t2!.seller, t2!.quantityTicks, t2!.priceTicks][k]))).toEqual([-1, -1, -1, -1, -1, -1]);
}

describe('call auction properties', () => {
  it('object path: every invariant holds for every mechanism and tie rule', () => {
    fc.assert(fc.property(genOrders(), genOptions, (orders, opts) => {
      checkAuctionInvariants(clearAuction(toMarket(orders), opts), orders, FLOOR, CAP);
    }), RUNS);
  });

  it('columns path: every invariant holds, and it equals the object path', () => {
    fc.assert(fc.property(genOrders(), genOptions, (orders, opts) => {
      const c = clearColumns(toColumns(orders), TICK_MARKET, opts);
      checkAuctionInvariants(c, orders, FLOOR, CAP);
      const o = clearAuction(toMarket(orders), opts);
      expect({ ...o, orderIds: undefined }).toEqual({ ...c, orderIds: undefined });
    }), RUNS);
  });

  it('without trades (uniform: cleared from price levels, no sort) everything else equals the sorted path', () => {
    const lean = (o: AuctionOptions): AuctionOptions => ({ ...o, trades: false });
    fc.assert(fc.property(genOrders(200), genOptions, (orders, opts) => {
      const cols = toColumns(orders);
      const full = clearColumns(cols, TICK_MARKET, opts);
      const c = clearColumns(cols, TICK_MARKET, lean(opts));
      expect(c.trades).toBeNull();
      expect({ ...c, trades: full.trades }).toEqual(full);
      // ids and sequences break ties inside the marginal level (the only orders it ever orders)
      const market = toMarket(orders, (i) => `id${(i * 7919) % 1009}-${i}`);
      const o = clearAuction(market, lean(opts));
      expect({ ...o, trades: null }).toEqual({ ...clearAuction(market, opts), trades: null });
    }), RUNS);
  });

  it('with trades and few price levels (uniform: levels, then a counting sort of the filled orders) equals the sorted path', () => {
    // no sequence column: the level path builds the trades when there are no more levels than
    // orders; an all-zero sequence column keeps the same tie order but forces the sorted path
    const order = fc.record({ side: fc.constantFrom<0 | 1>(0, 1), price: fc.bigInt(0n, 40n), qty: fc.bigInt(1n, 60n) });
    fc.assert(fc.property(fc.array(order, { minLength: 40, maxLength: 300 }), genOptions, (orders, opts) => {
      const cols = toColumns(orders);
      const byLevels = clearColumns(cols, TICK_MARKET, opts);
      const sorted = clearColumns({ ...cols, sequence: new BigInt64Array(orders.length) }, TICK_MARKET, opts);
      expect(byLevels).toEqual(sorted);
      checkAuctionInvariants(byLevels, orders, FLOOR, CAP);
    }), { numRuns: 200 });
  });

  it('with trades over more than 1024 price levels and many fills (levels.ts keyPassTwo: keys by bucket of levels, then by level) equals the sorted path', () => {
    // a cell per level (the span below the order count), fills below 2^17 and more than 196,608
    // completely filled orders (buys mostly above sells): the two-phase key pass; some markets put
    // a tenth of the orders on one price (the marginal level listed branch-free)
    const market = { priceDecimals: 2, quantityDecimals: 3, priceCapTicks: 100000n, priceFloorTicks: 0n };
    const gen = fc.record({
      seed: fc.integer(), n: fc.integer({ min: 280000, max: 320000 }), heavy: fc.boolean(),
      span: fc.integer({ min: 1100, max: 1900 }), shift: fc.double({ min: 0.6, max: 0.95, noNaN: true }),
      qmax: fc.constantFrom(10, 1000, 65535), tie: fc.constantFrom<AuctionOptions['tieRule']>('pro-rata', 'time-priority'),
    });
    fc.assert(fc.property(gen, ({ seed, n, heavy, span, shift, qmax, tie }) => {
      let x = seed >>> 0;
      const rnd = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const side = new Uint8Array(n), priceTicks = new BigInt64Array(n), quantityTicks = new BigInt64Array(n);
      const up = Math.floor(shift * span), mid = 5000 + up + Math.floor((span - up) / 2);
      for (let i = 0; i < n; i++) {
        side[i] = rnd() < 0.5 ? 0 : 1;
        const lo = side[i] === 0 ? 5000 + up : 5000;
        priceTicks[i] = BigInt(heavy && rnd() < 0.1 ? mid : lo + Math.floor(rnd() * span));
        quantityTicks[i] = BigInt(1 + Math.floor(rnd() * qmax));
      }
      const cols = { side, priceTicks, quantityTicks };
      const opts: AuctionOptions = { tieRule: tie };
      const byLevels = clearColumns(cols, market, opts);
      const sorted = clearColumns({ ...cols, sequence: new BigInt64Array(n) }, market, opts);
      expectSameColumns(byLevels, sorted);
    }), { numRuns: 6 });
  });

  it('with trades over a price span of 2^22-2^24 ticks and many fills per side (merit.ts sortMsd: by the top 10 bits, then by the rest per bucket) equals the sorted path', () => {
    // more than 196,608 completely filled orders per side whose distances need 21 to 23 bits
    const market = { priceDecimals: 4, quantityDecimals: 3, priceCapTicks: 1n << 40n, priceFloorTicks: 0n };
    const gen = fc.record({
      seed: fc.integer(), n: fc.integer({ min: 560000, max: 600000 }), bits: fc.integer({ min: 22, max: 24 }),
      qmax: fc.constantFrom(10, 100000), tie: fc.constantFrom<AuctionOptions['tieRule']>('pro-rata', 'time-priority'),
    });
    fc.assert(fc.property(gen, ({ seed, n, bits, qmax, tie }) => {
      let x = seed >>> 0;
      const rnd = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const side = new Uint8Array(n), priceTicks = new BigInt64Array(n), quantityTicks = new BigInt64Array(n);
      const span = 2 ** bits, base = 1e6;
      for (let i = 0; i < n; i++) { // buys over the top 55% of the span, sells over the bottom 55%: ~90% fill
        side[i] = rnd() < 0.5 ? 0 : 1;
        priceTicks[i] = BigInt(base + Math.floor((side[i] === 0 ? 0.45 + 0.55 * rnd() : 0.55 * rnd()) * span));
        quantityTicks[i] = BigInt(1 + Math.floor(rnd() * qmax));
      }
      const cols = { side, priceTicks, quantityTicks };
      const opts: AuctionOptions = { tieRule: tie };
      expectSameColumns(clearColumns(cols, market, opts), clearColumns({ ...cols, sequence: new BigInt64Array(n) }, market, opts));
    }), { numRuns: 4 });
  });

  it('every price distribution (wide, clustered, all crossing, none, one price): cells equal the sorted path', () => {
    // The issue-16 shapes in small: prices spread over many more ticks than there are cells (so a
    // cell holds several prices and the crossing cell is sorted), clustered at a few prices, every
    // buy above every sell, no crossing at all, every order at one price (pro rata over a side).
    // No sequence column: every mechanism clears by cells (trades included); an all-zero sequence
    // column keeps the same tie order but forces the sorted path.
    const wide = { ...TICK_MARKET, priceCapTicks: 1n << 40n, priceFloorTicks: -(1n << 40n) };
    const shape = fc.constantFrom('wide', 'spread', 'cluster', 'clumps', 'all-cross', 'no-cross', 'one-price');
    const order = (s: string) => fc.record({ side: fc.constantFrom<0 | 1>(0, 1), r: fc.bigInt(0n, 1n << 20n), k: fc.integer({ min: 0, max: 3 }),
      qty: fc.oneof(fc.bigInt(1n, 20n), fc.bigInt(1n, 1n << 40n)) }).map(({ side, r, k, qty }) => {
      const price = s === 'wide' ? r * 1000003n - (1n << 39n)
        : s === 'spread' ? r % 5000n
          : s === 'cluster' ? BigInt(k) * 100000n + (r % 3n)
            // two clumps of 5 prices 2^30 apart: long runs of filled orders in cells of several prices
            : s === 'clumps' ? ((r & 1n) << 30n) + ((r >> 1n) % 5n)
            : s === 'all-cross' ? (side === 0 ? 600000n + r : r % 500000n)
              : s === 'no-cross' ? (side === 0 ? r % 500000n : 600000n + r)
                : 777n;
      return { side, price, qty: s === 'clumps' ? 1n + (qty % 20n) : qty }; // clumps: money within 64 bits
    });
    // clumps: at least 240 orders, so that a cell holds more than 32 filled orders (merge-sorted)
    const market = shape.chain((s) => fc.array(order(s), { minLength: s === 'clumps' ? 240 : 1, maxLength: 400 }));
    fc.assert(fc.property(market, genOptions, (orders, opts) => {
      const cols = toColumns(orders);
      const zeroSeq = { ...cols, sequence: new BigInt64Array(orders.length) };
      const sorted = attempt(() => clearColumns(zeroSeq, wide, opts));
      const byCells = attempt(() => clearColumns(cols, wide, opts));
      expect(byCells).toEqual(sorted);
      const lean = attempt(() => clearColumns(cols, wide, { ...opts, trades: false }));
      expect(lean instanceof Error || sorted instanceof Error ? lean : { ...lean, trades: sorted.trades }).toEqual(sorted);
      if (byCells instanceof Error) return;
      checkAuctionInvariants(byCells, orders, wide.priceFloorTicks, wide.priceCapTicks);
      if (opts.tieRule === 'pro-rata' && opts.mechanism !== 'trade-reduction') checkProRata(byCells, orders);
    }), { numRuns: 300 });
  });

  it('every order at one price, pro rata (assembly/auction/oneprice.ts) equals the sorted path', () => {
    // Quantities below 2^21 and side totals below 2^32: the one-price path's exact f64 shares
    // (larger ones go the general way). Many leftover ticks, equal remainders (repeated
    // quantities), either side long, equal totals (no split), a side without orders.
    const qty = fc.oneof(fc.bigInt(1n, 4n), fc.bigInt(1n, (1n << 21n) - 1n), fc.constantFrom(3n, 7n, 12n));
    const orders = fc.array(fc.record({ side: fc.constantFrom<0 | 1>(0, 1), qty }), { minLength: 1, maxLength: 600 });
    const even = fc.array(fc.constantFrom<0 | 1>(0, 1), { minLength: 1, maxLength: 40 }).map((s) => s.map((side) => ({ side, qty: 6n })));
    // distinct remainders (large random quantities only): the leftover ticks' top digit holds a
    // few candidates, gathered behind a branch (oneprice.ts threshold), odd and even counts
    const distinct = fc.array(fc.record({ side: fc.constantFrom<0 | 1>(0, 1), qty: fc.bigInt(1000n, (1n << 21n) - 1n) }),
      { minLength: 64, maxLength: 1500 });
    const price = fc.constantFrom(FLOOR, CAP, 17n, -3n, 0n);
    const market = fc.tuple(price, fc.oneof(orders, even, distinct)).map(([p, l]) => l.map((x) => ({ ...x, price: p })));
    const opts = fc.record({ views: fc.boolean() }, { requiredKeys: [] });
    fc.assert(fc.property(market, opts, (list, o) => {
      const cols = toColumns(list);
      const sorted = clearColumns({ ...cols, sequence: new BigInt64Array(list.length) }, TICK_MARKET);
      const fast = clearColumns(cols, TICK_MARKET, o);
      const t = fast.trades!;
      // views (o.views) are valid until the next call: copied before clearing again
      const copy = { ...fast, fills: fast.fills.slice(), payments: fast.payments.slice(),
        trades: { buyer: t.buyer.slice(), seller: t.seller.slice(), quantityTicks: t.quantityTicks.slice(), priceTicks: t.priceTicks.slice() } };
      expect(copy).toEqual(sorted);
      checkAuctionInvariants(copy, list, FLOOR, CAP);
      const lean = clearColumns(cols, TICK_MARKET, { trades: false });
      expect({ ...lean, trades: sorted.trades }).toEqual(sorted);
      checkProRata(lean, list);
    }), { numRuns: 400 });
  });

  it('permuting the input (object path) changes nothing but the index mapping', () => {
    fc.assert(fc.property(genOrders(), genOptions, fc.integer(), (orders, opts, seed) => {
      const market = toMarket(orders, (i) => `id${(i * 7919 + seed) % 100003}-${i}`);
      const shuffled = fc.sample(fc.shuffledSubarray(market.orders, { minLength: market.orders.length }), { seed, numRuns: 1 })[0];
      const a = clearAuction(market, opts);
      const b = clearAuction({ ...market, orders: shuffled }, opts);
      checkAuctionInvariants(b, shuffled.map((o) => orders[market.orders.indexOf(o)]), FLOOR, CAP);
      expect(byId(b)).toEqual(byId(a));
    }), RUNS);
  });

  it('clearing twice gives identical results', () => {
    fc.assert(fc.property(genOrders(), genOptions, (orders, opts) => {
      const cols = toColumns(orders);
      expect(clearColumns(cols, TICK_MARKET, opts)).toEqual(clearColumns(cols, TICK_MARKET, opts));
    }), { numRuns: 100 });
  });

  it('larger markets (up to 400 orders, pro rata over big levels) keep every invariant', () => {
    fc.assert(fc.property(genOrders(400), genOptions, (orders, opts) => {
      checkAuctionInvariants(clearColumns(toColumns(orders), TICK_MARKET, opts), orders, FLOOR, CAP);
    }), { numRuns: 60 });
  });

  it('wide price ranges (multi-pass radix sort, up to 2^41 ticks apart) keep every invariant', () => {
    const wide = { ...TICK_MARKET, priceCapTicks: 1n << 40n, priceFloorTicks: -(1n << 40n) };
    const order = fc.record({
      side: fc.constantFrom<0 | 1>(0, 1),
      // far apart, and clustered near a few bases (equal high radix digits, different low ones)
      price: fc.oneof(fc.bigInt(-(1n << 40n), 1n << 40n),
        fc.tuple(fc.constantFrom(-(1n << 40n), 0n, 1n << 17n, 1n << 33n), fc.bigInt(0n, 70000n)).map(([b, o]) => b + o)),
      qty: fc.bigInt(1n, 1000n),
      seq: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    }).map((o) => (o.seq === undefined ? { side: o.side, price: o.price, qty: o.qty } : o));
    fc.assert(fc.property(fc.array(order, { minLength: 1, maxLength: 200 }), fc.boolean(), genOptions, (orders, withSeq, opts) => {
      const list = withSeq ? orders : orders.map(({ side, price, qty }) => ({ side, price, qty }));
      const c = clearColumns(toColumns(list), wide, opts);
      checkAuctionInvariants(c, list, wide.priceFloorTicks, wide.priceCapTicks);
      // too many levels for the level path: it declines and the sorted path clears
      expect({ ...clearColumns(toColumns(list), wide, { ...opts, trades: false }), trades: c.trades }).toEqual(c);
    }), { numRuns: 150 });
  });

  it('prices ~2^62 ticks apart (too wide for packed merit keys: counting by cell) equal the sorted path', () => {
    // a side's price span plus the index bits pass 64 bits: the level path lists the filled
    // orders by cell instead of sorting packed keys; quantities stay small so the money fits
    const far = { ...TICK_MARKET, priceCapTicks: (1n << 61n) - 1n, priceFloorTicks: -(1n << 61n) };
    const order = fc.record({
      side: fc.constantFrom<0 | 1>(0, 1),
      price: fc.oneof(fc.constantFrom(far.priceFloorTicks, far.priceCapTicks, 0n, 1n),
        fc.bigInt(far.priceFloorTicks, far.priceCapTicks), fc.bigInt(-3n, 3n)),
      qty: fc.bigInt(1n, 3n),
    });
    fc.assert(fc.property(fc.array(order, { minLength: 3, maxLength: 60 }), genOptions, (orders, opts) => {
      const cols = toColumns(orders);
      const byCells = attempt(() => clearColumns(cols, far, opts));
      const sorted = attempt(() => clearColumns({ ...cols, sequence: new BigInt64Array(orders.length) }, far, opts));
      expect(byCells).toEqual(sorted);
    }), { numRuns: 200 });
  });

  it('a 5000-order market (many ties per level) keeps every invariant, objects == columns', () => {
    const rnd = fc.sample(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 50 })),
      { minLength: 5000, maxLength: 5000 }), { seed: 3, numRuns: 1 })[0];
    const orders = rnd.map(([buy, p, q]) => ({ side: (buy ? 0 : 1) as 0 | 1, price: BigInt(buy ? p + 50 : p), qty: BigInt(q) }));
    for (const mechanism of ['uniform', 'pay-as-bid', 'trade-reduction'] as const) {
      for (const tieRule of ['pro-rata', 'time-priority'] as const) {
        const c = clearColumns(toColumns(orders), TICK_MARKET, { mechanism, tieRule });
        checkAuctionInvariants(c, orders, FLOOR, CAP);
        const o = clearAuction(toMarket(orders, (i) => `o${String(i).padStart(6, '0')}`), { mechanism, tieRule });
        expect(o.fills).toEqual(c.fills);
        expect(o.trades).toEqual(c.trades);
      }
    }
  });

  it('ids are compared by UTF-16 code units, as JavaScript compares strings', () => {
    const ids = ['b', 'a', '\u{1F600}', '\uFFFF', 'aa', 'A', 'é'];
    const orders = [{ id: 'buyer', side: 'buy' as const, price: '10', quantity: '3' },
      ...ids.map((id) => ({ id, side: 'sell' as const, price: '5', quantity: '1' }))];
    const r = clearAuction({ priceDecimals: 0, quantityDecimals: 0, orders }, { tieRule: 'time-priority' });
    const filled = ids.filter((_, i) => r.fills[i + 1] > 0n).sort();
    expect(filled).toEqual([...ids].sort().slice(0, 3));
  });
});
