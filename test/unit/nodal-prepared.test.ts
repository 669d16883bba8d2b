// The prepared-network path (clearNodal(market, { grid })) and the fast exact paths of the order
// validation: the same results as the general paths, bit for bit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearNodal } from '../../src/nodal/index.js';
import { exactTicks, fastTicks } from '../../src/model/fixed.js';
import { GridModel } from '../../src/grid/index.js';
import { isGridclearError } from '../../src/errors.js';
import type { Market } from '../../src/model/types.js';
import { nodalMarketArb } from '../helpers/nodalArb.js';

const prepared = (m: Market) => GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });

/** Everything a NodalResult says, as comparable plain data. */
function plain(r: ReturnType<typeof clearNodal>): unknown {
  return JSON.parse(JSON.stringify({ ...r, flows: Array.from(r.flows) }, (_k, v) => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as never) : v)));
}

function code(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return isGridclearError(e) ? e.code : 'not a GridclearError'; }
  return undefined;
}

const loop = (): Market => ({
  quantityDecimals: 3,
  network: {
    baseMVA: 100,
    buses: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
    lines: [
      { id: 'ab', from: 'A', to: 'B', x: 0.1, minFlow: '-30', maxFlow: '30' },
      { id: 'bc', from: 'B', to: 'C', x: 0.1 }, { id: 'ca', from: 'C', to: 'A', x: 0.1 },
    ],
  },
  orders: [
    { id: 's', side: 'sell', bus: 'A', price: '10', quantity: '100' },
    { id: 't', side: 'sell', bus: 'B', price: '30', quantity: '100' },
    { id: 'd', side: 'buy', bus: 'C', price: '50', quantity: '80' },
  ],
});

describe('nodal: prepared network (options.grid)', () => {
  it('gives the same result as the everything-included call, on random markets', () => {
    fc.assert(fc.property(nodalMarketArb({ maxBuses: 7, maxOrders: 24 }), (m) => {
      let grid: GridModel;
      try { grid = prepared(m); } catch { return; } // a singular network: nothing to prepare
      const a = (() => { try { return plain(clearNodal(m)); } catch (e) { return String(e); } })();
      const b = (() => { try { return plain(clearNodal(m, { grid })); } catch (e) { return String(e); } })();
      expect(b).toEqual(a);
    }), { numRuns: 150, seed: 20261201 });
  });

  it('serves many markets on one network', () => {
    const m = loop(), grid = prepared(m);
    for (const q of ['10', '50', '80', '120']) {
      const mq = { ...m, orders: m.orders.map((o) => (o.id === 'd' ? { ...o, quantity: q } : o)) };
      expect(plain(clearNodal(mq, { grid }))).toEqual(plain(clearNodal(mq)));
    }
  });

  it('refuses a model that does not fit the market', () => {
    const m = loop();
    expect(code(() => clearNodal(m, { grid: {} as GridModel }))).toBe('INVALID_OPTION');
    expect(code(() => clearNodal(m, { grid: GridModel.from(m.network!, { quantityDecimals: 2 }) }))).toBe('INVALID_OPTION');
    const other = { ...m.network!, lines: m.network!.lines.slice(0, 2) };
    expect(code(() => clearNodal(m, { grid: GridModel.from(other) }))).toBe('INVALID_OPTION');
    const gone = prepared(m);
    gone.dispose();
    expect(code(() => clearNodal(m, { grid: gone }))).toBe('INVALID_OPTION');
  });
});

describe('nodal: exact fast paths', () => {
  it('fastTicks agrees with exactTicks wherever it answers', () => {
    const text = fc.oneof(
      fc.tuple(fc.boolean(), fc.stringMatching(/^\d{0,12}$/), fc.option(fc.stringMatching(/^\d{0,8}$/))).map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === null ? '' : `.${f}`}`),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 12 }), (s, d) => {
      const fast = fastTicks(s, d);
      if (fast === undefined) return;
      expect(Object.is(fast, -0)).toBe(false);
      expect(BigInt(fast)).toBe(exactTicks(s, d, {}));
    }), { numRuns: 3000, seed: 7 });
  });

  it('money and balance sums beyond 2^52 take the bigint path with the same exact results', () => {
    // quantities near 2^50 ticks: totals pass 2^52, so gaps, welfare and withdrawals use bigints
    const big = (q: string, p: string, id: string, side: 'buy' | 'sell', bus: string) => ({ id, side, bus, price: p, quantity: q });
    const m: Market = {
      quantityDecimals: 0, priceDecimals: 0, priceCap: '100000', priceFloor: '0',
      network: { baseMVA: 100, buses: [{ id: 'A' }, { id: 'B' }], lines: [{ id: 'ab', from: 'A', to: 'B', x: 0.1 }] },
      orders: [
        big('1125899906842624', '70000', 'b1', 'buy', 'B'), big('1125899906842623', '60000', 'b2', 'buy', 'A'),
        big('2251799813685247', '1000', 's1', 'sell', 'A'), big('1000', '90000', 's2', 'sell', 'B'),
      ],
    };
    const r = clearNodal(m);
    expect(r.status).toBe('optimal');
    expect(Array.from(r.fills)).toEqual([1125899906842624n, 1125899906842623n, 2251799813685247n, 0n]);
    // welfare = sum buys p*q - sum sells p*q, exactly
    const want = 70000n * 1125899906842624n + 60000n * 1125899906842623n - 1000n * 2251799813685247n;
    expect(r.welfareTicks).toBe(want);
  });

  it('reports the first repeated id, also among many ids', () => {
    const m = loop();
    const many = Array.from({ length: 5000 }, (_, j) => ({ id: `o${j}`, side: 'buy' as const, bus: 'C', price: '1', quantity: '1' }));
    many[4321] = { ...many[4321], id: 'o17' };
    let err: unknown;
    try { clearNodal({ ...m, orders: [...m.orders, ...many] }); } catch (e) { err = e; }
    expect(isGridclearError(err) && err.code).toBe('DUPLICATE_ID');
    expect((err as { index?: number }).index).toBe(3 + 4321);
  });
});
