// normalizeMarket's bus lookup by integer ids (a table read by the id's digits, for markets with
// many orders per bus): the same bus index as the network's id map, the same UNKNOWN_BUS errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeMarket } from '../../src/model/normalize.js';
import { isGridclearError } from '../../src/errors.js';
import type { Market } from '../../src/model/types.js';

const ID = fc.oneof(
  fc.integer({ min: 0, max: 200 }).map(String),
  fc.constantFrom('0', '00', '017', '17', '-1', '1.0', ' 3', '3 ', '1e1', 'a', '', '65536', '65535', '999999999', '1000000000', '123456789012'),
);

/** The bus column by the network's id map, or the error's index: the reference. */
function byMap(m: Market): number[] | string {
  const index = new Map(m.network!.buses.map((b, i) => [b.id, i]));
  const out: number[] = [];
  for (let i = 0; i < m.orders.length; i++) {
    const b = index.get(m.orders[i].bus as string);
    if (b === undefined) return `UNKNOWN_BUS ${i}`;
    out.push(b);
  }
  return out;
}

function byNormalize(m: Market): number[] | string {
  try {
    return Array.from(normalizeMarket(m, { network: 'require' }).bus!);
  } catch (e) {
    return isGridclearError(e) ? `${e.code} ${(e as { index?: number }).index}` : String(e);
  }
}

describe('normalizeMarket: bus ids', () => {
  it('finds the same bus as the id map, integer ids or not', () => {
    fc.assert(fc.property(fc.uniqueArray(ID.filter((s) => s !== ''), { minLength: 1, maxLength: 12 }), fc.array(fc.oneof(fc.nat(), ID), { minLength: 60, maxLength: 120 }), fc.boolean(), (ids, picks, known) => {
      const m: Market = {
        network: { baseMVA: 100, buses: ids.map((id) => ({ id })), lines: [] },
        orders: picks.map((p, i) => ({
          id: `o${i}`, side: i % 2 ? 'buy' : 'sell', price: '1', quantity: '1',
          bus: typeof p === 'number' || known ? ids[(typeof p === 'number' ? p : i) % ids.length] : p,
        })),
      };
      expect(byNormalize(m)).toEqual(byMap(m));
    }), { numRuns: 400, seed: 5 });
  });

  it('reads the 10000 orders of a numbered network like the id map', () => {
    const buses = Array.from({ length: 300 }, (_, i) => ({ id: String(i * 31 + 1) }));
    buses[7] = { id: '0' }; buses[8] = { id: 'x9' }; buses[9] = { id: '900000' };
    const orders = Array.from({ length: 10000 }, (_, i) => ({ id: `o${i}`, side: 'buy' as const, price: '1', quantity: '1', bus: buses[(i * 7) % 300].id }));
    const m: Market = { network: { baseMVA: 100, buses, lines: [] }, orders };
    expect(byNormalize(m)).toEqual(byMap(m));
    orders[5000] = { ...orders[5000], bus: '0' + buses[3].id };
    expect(byNormalize(m)).toBe('UNKNOWN_BUS 5000');
  });
});
