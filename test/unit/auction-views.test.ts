// The `views` option: result columns as views over the engine's memory instead of copies.
import { describe, expect, it } from 'vitest';
import { clearAuction, clearColumns, type AuctionOptions, type AuctionResult } from '../../src/auction/index.js';
import { GridclearError } from '../../src/errors.js';

const MARKET = { priceDecimals: 2, quantityDecimals: 3, priceCapTicks: 400000n, priceFloorTicks: -50000n };

/** A seeded market of n orders over few price levels (ties, a shared marginal level). */
function columns(n: number, seed: number) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const side = new Uint8Array(n), priceTicks = new BigInt64Array(n), quantityTicks = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    side[i] = rnd() < 0.5 ? 0 : 1;
    priceTicks[i] = BigInt(4000 + Math.floor(rnd() * 40));
    quantityTicks[i] = BigInt(1 + Math.floor(rnd() * 1000));
  }
  return { side, priceTicks, quantityTicks };
}

/** The result's columns as plain arrays (what a caller reads before the next call). */
function snapshot(r: AuctionResult) {
  const t = r.trades;
  return {
    ...r, fills: Array.from(r.fills), payments: Array.from(r.payments),
    trades: t && { buyer: Array.from(t.buyer), seller: Array.from(t.seller), quantityTicks: Array.from(t.quantityTicks), priceTicks: Array.from(t.priceTicks) },
  };
}

const MECHANISMS: AuctionOptions[] = [{}, { mechanism: 'pay-as-bid' }, { mechanism: 'trade-reduction' }, { tieRule: 'time-priority' },
  { mechanism: 'pay-as-bid', payAsBidPrice: 'bid' }, { trades: false }, { mechanism: 'trade-reduction', trades: false }];

describe('views option', () => {
  it('gives the same result as the copies, for every mechanism, with and without sequences and ids', () => {
    for (const [k, opt] of MECHANISMS.entries()) {
      const c = columns(3000, 17 + k);
      const seq = { ...c, sequence: new BigInt64Array(c.side.length) };
      for (const cols of [c, seq]) {
        const want = snapshot(clearColumns(cols, MARKET, opt));
        const got = clearColumns(cols, MARKET, { ...opt, views: true });
        expect(snapshot(got)).toEqual(want);
      }
      const orders = Array.from(c.side, (s, i) => ({ id: `o${i}`, side: s ? 'sell' as const : 'buy' as const, price: (Number(c.priceTicks[i]) / 100).toFixed(2), quantity: (Number(c.quantityTicks[i]) / 1000).toFixed(3) }));
      const market = { priceDecimals: 2, quantityDecimals: 3, orders };
      expect(snapshot(clearAuction(market, { ...opt, views: true }))).toEqual(snapshot(clearAuction(market, opt)));
    }
  });

  it('returns views that the next call overwrites, and copies that it does not', () => {
    const a = columns(2000, 1), b = columns(2000, 2);
    const copy = clearColumns(a, MARKET);
    const view = clearColumns(a, MARKET, { views: true });
    expect(view.fills.buffer).not.toBe(copy.fills.buffer);
    const before = snapshot(copy);
    const viewFills = Array.from(view.fills);
    const other = snapshot(clearColumns(b, MARKET));
    expect(snapshot(copy)).toEqual(before); // copies outlive the next call
    // each copy has an ArrayBuffer of its own (unzeroed memory from Node's Buffer, not its pool)
    const t = copy.trades!;
    const buffers = [copy.fills, copy.payments, t.buyer, t.seller, t.quantityTicks, t.priceTicks].map((c) => c.buffer);
    expect(new Set(buffers).size).toBe(6);
    for (const c of [copy.fills, copy.payments, t.buyer, t.seller, t.quantityTicks, t.priceTicks]) {
      expect(c.byteOffset).toBe(0);
      expect(c.buffer.byteLength).toBe(c.byteLength);
    }
    expect(other.fills).not.toEqual(viewFills);
    expect(Array.from(view.fills)).toEqual(other.fills); // the view now shows the next call's fills
  });

  it('rejects a non-boolean views option (INVALID_OPTION)', () => {
    const c = columns(10, 3);
    for (const bad of [1, 'yes', null]) {
      expect(() => clearColumns(c, MARKET, { views: bad as unknown as boolean })).toThrow(GridclearError);
      try {
        clearColumns(c, MARKET, { views: bad as unknown as boolean });
      } catch (e) {
        expect((e as GridclearError).code).toBe('INVALID_OPTION');
        expect((e as GridclearError).field).toBe('views');
      }
    }
  });
});

describe('views option on a worker', () => {
  it('a worker task returns copies (a view would clone the whole engine memory across threads)', async () => {
    const { runTask } = await import('../../src/workers/runner.js');
    const c = columns(500, 9);
    const r = runTask({ op: 'clearColumns', columns: c, tickMarket: MARKET, options: { views: true } }) as AuctionResult;
    for (const col of [r.fills, r.payments, r.trades!.buyer, r.trades!.quantityTicks]) expect(col.buffer.byteLength).toBe(col.byteLength);
    expect(snapshot(r)).toEqual(snapshot(clearColumns(c, MARKET)));
  });
});
