// The uniform-price welfare is the optimum of the welfare LP, solved independently by HiGHS:
// max sum bid_i x_i - sum ask_j y_j  s.t.  sum x = sum y,  0 <= x_i <= q_i,  0 <= y_j <= q_j.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearColumns } from '../../src/auction/index.js';
import type { OrderColumns, TickMarket } from '../../src/auction/index.js';

const TM: TickMarket = { priceDecimals: 2, quantityDecimals: 3, priceCapTicks: 400000n, priceFloorTicks: -50000n };

const genMarket = (maxN: number): fc.Arbitrary<{ side: number; price: number; qty: number }[]> =>
  fc.integer({ min: 0, max: 3000 }).chain((spread) => fc.array(fc.record({
    side: fc.integer({ min: 0, max: 1 }),
    price: fc.integer({ min: -500, max: 500 + spread }),
    qty: fc.integer({ min: 1, max: 100000 }),
  }), { minLength: 1, maxLength: maxN }));

function lpOf(orders: { side: number; price: number; qty: number }[]): string {
  const obj: string[] = [], bal: string[] = [], bounds: string[] = [];
  orders.forEach((o, i) => {
    const c = o.side === 0 ? o.price : -o.price;
    obj.push(`${c >= 0 ? '+' : '-'} ${Math.abs(c)} v${i}`);
    bal.push(`${o.side === 0 ? '+' : '-'} v${i}`);
    bounds.push(`0 <= v${i} <= ${o.qty}`);
  });
  return `Maximize\n obj: ${obj.join(' ')}\nSubject To\n bal: ${bal.join(' ')} = 0\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
}

describe('uniform-price welfare equals the HiGHS LP optimum', () => {
  it('on random markets of up to a few hundred orders', async () => {
    const highsLoader = (await import('highs')).default;
    const highs = await highsLoader();
    const markets = [
      ...fc.sample(genMarket(20), { seed: 42, numRuns: 20 }),
      ...fc.sample(genMarket(300), { seed: 7, numRuns: 16 }),
    ];
    let trading = 0;
    for (const orders of markets) {
      const cols: OrderColumns = {
        side: Uint8Array.from(orders, (o) => o.side),
        priceTicks: BigInt64Array.from(orders, (o) => BigInt(o.price)),
        quantityTicks: BigInt64Array.from(orders, (o) => BigInt(o.qty)),
      };
      const r = clearColumns(cols, TM);
      const sol = highs.solve(lpOf(orders), { presolve: 'off', output_flag: false } as never);
      expect(sol.Status).toBe('Optimal');
      const lp = sol.ObjectiveValue;
      const ours = Number(r.welfareTicks);
      expect(Math.abs(ours - lp)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(lp)));
      if (r.volumeTicks > 0n) trading++;
    }
    expect(trading).toBeGreaterThan(markets.length / 2);
  });
});
