// clearNodalColumns against clearNodal: random networked markets given as columns and as objects
// give the same fills, prices, flows, welfare, stats and digest; without ids, ties go by index.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { clearNodalColumns } from '../../src/nodal/columns.js';
import { toClearingResult } from '../../src/io/result.js';
import { toTicks, formatTicks } from '../../src/model/fixed.js';
import { GridModel } from '../../src/grid/index.js';
import type { Market } from '../../src/model/types.js';
import type { NodalColumns } from '../../src/nodal/types.js';
import { nodalMarketArb } from '../helpers/nodalArb.js';

const grid = (m: Market) => GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });

/** The market's orders as columns (through the public toTicks), with or without ids. */
function columnsOf(m: Market, g: GridModel, withIds: boolean): NodalColumns {
  const n = m.orders.length, pd = m.priceDecimals ?? 4, qd = m.quantityDecimals ?? 3;
  const c: NodalColumns = { side: new Uint8Array(n), priceTicks: new BigInt64Array(n), quantityTicks: new BigInt64Array(n), bus: new Int32Array(n) };
  m.orders.forEach((o, i) => {
    c.side[i] = o.side === 'buy' ? 0 : 1;
    c.priceTicks[i] = toTicks(o.price, pd);
    c.quantityTicks[i] = toTicks(o.quantity, qd);
    c.bus[i] = g.network.busIndex.get(o.bus!)!;
  });
  if (withIds) c.ids = m.orders.map((o) => o.id);
  return c;
}

const tickMarket = (m: Market) => ({
  priceDecimals: m.priceDecimals ?? 4, quantityDecimals: m.quantityDecimals ?? 3,
  priceCapTicks: toTicks(m.priceCap ?? '4000', m.priceDecimals ?? 4), priceFloorTicks: toTicks(m.priceFloor ?? '-500', m.priceDecimals ?? 4),
});

/** Everything a result says, as comparable plain data. */
function plain(r: object): unknown {
  return JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as never) : v)));
}

/**
 * The arbitrary's market reshaped to reach the edges: prices on `levels` price levels (ties at a
 * price), ids in an order unrelated to the index (so the id tie rule matters), price decimals pd
 * and quantity decimals qd (>= 3: the network's MW values have 3 decimals).
 */
function reshape(m: Market, levels: number, pd: number, qd: number, idKeys: number[]): Market {
  const orders = m.orders.map((o, i) => {
    const p = Number(toTicks(o.price, 4)), q = Number(toTicks(o.quantity, 3));
    const pt = levels > 0 ? (Math.abs(p) % levels) * 7 : p;
    return { ...o, id: `k${idKeys[i % idKeys.length]}_${i}`, price: formatTicks(BigInt(pt), pd), quantity: formatTicks(BigInt(q) * 10n ** BigInt(qd - 3), qd) };
  });
  return { ...m, priceDecimals: pd, quantityDecimals: qd, priceCap: '1000000000', priceFloor: '-1000000000', orders };
}

const shapedArb = fc.record({
  m: nodalMarketArb({ maxBuses: 8, maxOrders: 40 }),
  levels: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
  pd: fc.integer({ min: 0, max: 6 }),
  qd: fc.integer({ min: 3, max: 6 }),
  idKeys: fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 40 }),
}).map((r) => reshape(r.m, r.levels, r.pd, r.qd, r.idKeys));

describe('clearNodalColumns', () => {
  it('gives clearNodal\'s result on the same orders (with ids)', () => {
    fc.assert(fc.property(shapedArb, (m) => {
      const g = grid(m);
      const a = clearNodal(m, { grid: g }), b = clearNodalColumns(columnsOf(m, g, true), tickMarket(m), { grid: g });
      expect(plain(b)).toEqual(plain(a));
      expect(toClearingResult(nodalOutcome(b as typeof a)).digest).toBe(toClearingResult(nodalOutcome(a)).digest);
    }), { numRuns: 300 });
  });

  it('breaks ties by index without ids (as clearNodal with ids in index order)', () => {
    fc.assert(fc.property(shapedArb, (m) => {
      const g = grid(m);
      // ids whose string order is the index order
      const byIndex = { ...m, orders: m.orders.map((o, i) => ({ ...o, id: `o${String(i).padStart(4, '0')}` })) };
      const a = clearNodal(byIndex, { grid: g }), b = clearNodalColumns(columnsOf(m, g, false), tickMarket(m), { grid: g });
      expect(b.orderIds).toBeUndefined();
      expect(plain({ ...b, orderIds: a.orderIds })).toEqual(plain(a));
    }), { numRuns: 300 });
  });
});
