// clearNodalColumns: its input errors (code, index, id) and large tied merit groups (the sorted-key
// path of the canonical order) against clearNodal.
import { describe, expect, it } from 'vitest';
import { clearNodal } from '../../src/nodal/index.js';
import { clearNodalColumns } from '../../src/nodal/columns.js';
import { GridModel } from '../../src/grid/index.js';
import type { GridclearError } from '../../src/errors.js';
import type { Market, Order } from '../../src/model/types.js';
import type { NodalColumns } from '../../src/nodal/types.js';

const network: Market['network'] = {
  baseMVA: 100,
  buses: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
  lines: [
    { id: 'ab', from: 'A', to: 'B', x: 0.1, minFlow: '-30', maxFlow: '30' },
    { id: 'bc', from: 'B', to: 'C', x: 0.1 }, { id: 'ca', from: 'C', to: 'A', x: 0.1 },
  ],
};
const grid = GridModel.from(network!, { quantityDecimals: 3, allowNegativeReactance: true });
const tm = { priceDecimals: 4, quantityDecimals: 3, priceCapTicks: 40_000_000n, priceFloorTicks: -5_000_000n };

function cols(): NodalColumns {
  return {
    side: Uint8Array.of(1, 1, 0), priceTicks: BigInt64Array.of(100_000n, 300_000n, 500_000n),
    quantityTicks: BigInt64Array.of(100_000n, 100_000n, 80_000n), bus: Int32Array.of(0, 1, 2), ids: ['s', 't', 'd'],
  };
}

function error(c: NodalColumns, market = tm): GridclearError {
  try { clearNodalColumns(c, market, { grid }); } catch (e) { return e as GridclearError; }
  throw new Error('no error');
}

describe('clearNodalColumns errors', () => {
  it('names the order by index and id', () => {
    const cases: [string, (c: NodalColumns) => void, number][] = [
      ['UNKNOWN_SIDE', (c) => { c.side[1] = 2; }, 1],
      ['NON_POSITIVE_QUANTITY', (c) => { c.quantityTicks[2] = 0n; }, 2],
      ['NON_POSITIVE_QUANTITY', (c) => { c.quantityTicks[0] = -5n; }, 0],
      ['PRICE_OUT_OF_RANGE', (c) => { c.priceTicks[1] = 40_000_001n; }, 1],
      ['PRICE_OUT_OF_RANGE', (c) => { c.priceTicks[1] = -(1n << 60n); }, 1],
      ['UNKNOWN_BUS', (c) => { c.bus[2] = 3; }, 2],
      ['UNKNOWN_BUS', (c) => { c.bus[0] = -1; }, 0],
      ['INVALID_ORDER', (c) => { c.ids![1] = ''; }, 1],
      ['DUPLICATE_ID', (c) => { c.ids![2] = 's'; }, 2],
      ['OVERFLOW', (c) => { c.quantityTicks[1] = (1n << 53n) + 1n; }, 1],
      ['OVERFLOW', (c) => { c.quantityTicks[0] = 1n << 62n; }, 0],
    ];
    for (const [code, edit, index] of cases) {
      const c = cols();
      edit(c);
      const e = error(c);
      expect([e.code, e.index], `${code} #${index}`).toEqual([code, index]);
      if (code !== 'DUPLICATE_ID') expect(e.id).toBe(c.ids![index]);
    }
  });

  it('accepts 2^53 ticks and names the first order beyond them', () => {
    const c = cols();
    c.quantityTicks[2] = 1n << 53n;
    expect(error(c).code).toBe('OVERFLOW'); // the sum with the others passes 2^53
    c.ids = undefined;
    c.quantityTicks[2] = 80_000n;
    c.quantityTicks[1] = (1n << 53n) + 2n;
    const e = error(c);
    expect([e.code, e.index, e.message]).toEqual(['OVERFLOW', 1, expect.stringContaining('order #1')]);
  });

  it('rejects columns of the wrong type or length, an empty market and a grid of other decimals', () => {
    expect(error({ ...cols(), bus: new Int32Array(2) }).code).toBe('INVALID_ORDER');
    expect(error({ ...cols(), priceTicks: new Float64Array(3) as never }).code).toBe('INVALID_ORDER');
    expect(error({ ...cols(), ids: ['a'] }).code).toBe('INVALID_ORDER');
    expect(error({ side: new Uint8Array(0), priceTicks: new BigInt64Array(0), quantityTicks: new BigInt64Array(0), bus: new Int32Array(0) }).code).toBe('EMPTY_MARKET');
    expect(error(cols(), { ...tm, quantityDecimals: 2 }).code).toBe('INVALID_OPTION');
    expect(error(cols(), { ...tm, priceCapTicks: 1n << 62n }).code).toBe('INVALID_MARKET');
    expect(() => clearNodalColumns(cols(), tm, {} as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe('clearNodalColumns on large tied merit groups', () => {
  it('equals clearNodal (ids) and keeps index order without ids', () => {
    const orders: Order[] = [];
    for (let i = 0; i < 600; i++) {
      const sell = i % 2 === 0;
      orders.push({ id: `x${(i * 7919) % 1000}`, side: sell ? 'sell' : 'buy', bus: sell ? 'A' : i % 3 === 0 ? 'B' : 'C', price: sell ? String(10 + (i % 3)) : String(40 + (i % 4)), quantity: '0.7' });
    }
    const m: Market = { quantityDecimals: 3, network, orders };
    const n = orders.length, c: NodalColumns = {
      side: Uint8Array.from(orders, (o) => (o.side === 'buy' ? 0 : 1)), priceTicks: BigInt64Array.from(orders, (o) => BigInt(o.price as string) * 10_000n),
      quantityTicks: new BigInt64Array(n).fill(700n), bus: Int32Array.from(orders, (o) => grid.network.busIndex.get(o.bus!)!), ids: orders.map((o) => o.id),
    };
    const a = clearNodal(m, { grid }), b = clearNodalColumns(c, tm, { grid });
    expect(Array.from(b.fills)).toEqual(Array.from(a.fills));
    expect(Array.from(b.priceTicks)).toEqual(Array.from(a.priceTicks));
    expect(b.welfareTicks).toBe(a.welfareTicks);
    const byIndex = clearNodal({ ...m, orders: orders.map((o, i) => ({ ...o, id: `o${String(i).padStart(4, '0')}` })) }, { grid });
    const noIds = clearNodalColumns({ ...c, ids: undefined }, tm, { grid });
    expect(Array.from(noIds.fills)).toEqual(Array.from(byIndex.fills));
    expect(a.fills.some((f) => f !== 0n && f !== 700n)).toBe(true); // a partly filled tie: the rule matters
  });
});
