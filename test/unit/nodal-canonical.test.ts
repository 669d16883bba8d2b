// The canonical order of a nodal market (prepareNodal's perm: by bus, side, price, then id, or
// index without ids) on markets large enough for the radix path, against a comparison sort.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareNodal } from '../../src/nodal/prepare.js';
import { normalizeNetwork } from '../../src/model/network.js';
import type { BasicMarket } from '../../src/model/normalize.js';

const net = normalizeNetwork({
  baseMVA: 100, buses: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
  lines: [{ id: 'ab', from: 'A', to: 'B', x: 0.1 }, { id: 'bc', from: 'B', to: 'C', x: 0.1 }, { id: 'cd', from: 'C', to: 'D', x: 0.1 }],
}, { quantityDecimals: 3, allowNegativeReactance: true });

function market(n: number, seed: number, span: number, withIds: boolean): BasicMarket {
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const side = new Uint8Array(n), price = new Float64Array(n), qty = new Float64Array(n).fill(1), bus = new Int32Array(n);
  const ids: string[] = [];
  const base = Math.floor(rand() * 2 ** 40) - 2 ** 39;
  for (let i = 0; i < n; i++) {
    side[i] = rand() < 0.5 ? 0 : 1; bus[i] = Math.floor(rand() * 4);
    price[i] = base + Math.floor(rand() * span);
    ids.push(`i${Math.floor(rand() * 1e9)}_${i}`);
  }
  return {
    priceDecimals: 4, quantityDecimals: 3, priceCapTicks: 1n << 61n, priceFloorTicks: -(1n << 61n), orders: [],
    orderIds: withIds ? ids : [], idChars: 0, side, price, qty, firstBig: -1, bus, network: net, totalQty: n, maxAbsPrice: 2 ** 41,
  };
}

function reference(m: BasicMarket): number[] {
  const ids = m.orderIds.length ? m.orderIds : undefined;
  const g = (i: number) => 2 * m.bus![i] + m.side[i];
  return Array.from(m.side, (_, i) => i).sort((a, b) => g(a) - g(b) || m.price[a] - m.price[b] || (ids ? (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0) : a - b));
}

describe('canonical order', () => {
  it('is (bus, side, price, id/index) on large markets, radix or not', () => {
    // spans: all tied, a few levels, wide, just under and over 2^32 (the radix path's limit)
    const spans = fc.constantFrom(1, 5, 1000, 2 ** 20, 2 ** 32 - 1, 2 ** 32 + 5, 2 ** 40);
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(), spans, fc.boolean(), (n, seed, span, withIds) => {
      const m = market(n, seed, span, withIds);
      expect(Array.from(prepareNodal(m).perm)).toEqual(reference(m));
    }), { numRuns: 60 });
  });
});
