import { describe, expect, it } from 'vitest';
import { clearAuction, clearColumns, type AuctionOptions, type OrderColumns, type TickMarket } from '../../src/auction/index.js';
import type { Market, Order } from '../../src/model/types.js';
import { core } from '../../src/wasm/engine.js';

const TM: TickMarket = { priceDecimals: 2, quantityDecimals: 3, priceCapTicks: 400000n, priceFloorTicks: -50000n };
const good = (): Market => ({
  priceDecimals: 2, quantityDecimals: 3,
  orders: [{ id: 'b', side: 'buy', price: '30', quantity: '2' }, { id: 's', side: 'sell', price: '10', quantity: '2' }],
});
const withOrder = (o: Partial<Order> & Record<string, unknown>): Market => ({ ...good(), orders: [...good().orders, { id: 'x', side: 'buy', price: '1', quantity: '1', ...o } as Order] });
const cols = (side: number[], price: bigint[], qty: bigint[]): OrderColumns =>
  ({ side: Uint8Array.from(side), priceTicks: BigInt64Array.from(price), quantityTicks: BigInt64Array.from(qty) });

/** Runs f, expects a GridclearError with `code` (and detail), then checks a valid clearing still works. */
function rejects(f: () => unknown, code: string, detail: Record<string, unknown> = {}): void {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err, `expected ${code}`).toMatchObject({ name: 'GridclearError', code, ...detail });
  const r = clearAuction(good());
  expect(r.volumeTicks).toBe(2000n);
  expect(clearColumns(cols([0, 1], [3000n, 1000n], [2000n, 2000n]), TM).priceTicks).toBe(2000n);
}

describe('object path rejects bad input with its code, and the next call succeeds', () => {
  it.each<[string, Partial<Order> & Record<string, unknown>, string, Record<string, unknown>]>([
    ['NaN price', { price: NaN }, 'INVALID_NUMBER', { id: 'x', index: 2, field: 'price' }],
    ['Infinity quantity', { quantity: Infinity }, 'INVALID_NUMBER', { id: 'x', field: 'quantity' }],
    ['garbage price', { price: '12,5' }, 'INVALID_NUMBER', { field: 'price' }],
    ['negative quantity', { quantity: '-1' }, 'NON_POSITIVE_QUANTITY', { id: 'x', index: 2, field: 'quantity' }],
    ['zero quantity', { quantity: 0 }, 'NON_POSITIVE_QUANTITY', { field: 'quantity' }],
    ['too many price decimals', { price: '1.001' }, 'OFF_TICK', { id: 'x', field: 'price' }],
    ['too many quantity decimals (number)', { quantity: 0.0001 }, 'OFF_TICK', { field: 'quantity' }],
    ['price above cap', { price: '4000.01' }, 'PRICE_OUT_OF_RANGE', { id: 'x', index: 2, field: 'price' }],
    ['price below floor', { price: -500.01 }, 'PRICE_OUT_OF_RANGE', { field: 'price' }],
    ['unknown side', { side: 'bid' as never }, 'UNKNOWN_SIDE', { id: 'x', field: 'side' }],
    ['duplicate id', { id: 'b' }, 'DUPLICATE_ID', { id: 'b', index: 2, field: 'id' }],
    ['empty id', { id: '' }, 'INVALID_ORDER', { index: 2, field: 'id' }],
    ['bad sequence', { sequence: 1.5 }, 'INVALID_ORDER', { field: 'sequence' }],
    ['huge quantity', { quantity: '1000000000000000000000000000000' }, 'OVERFLOW', { field: 'quantity' }],
  ])('%s', (_, o, code, detail) => rejects(() => clearAuction(withOrder(o)), code, detail));

  it('rejects market-level problems', () => {
    rejects(() => clearAuction({ ...good(), orders: [] }), 'EMPTY_MARKET');
    rejects(() => clearAuction({ ...good(), priceDecimals: 19 }), 'INVALID_MARKET', { field: 'priceDecimals' });
    rejects(() => clearAuction({ ...good(), quantityDecimals: -1 }), 'INVALID_MARKET', { field: 'quantityDecimals' });
    rejects(() => clearAuction({ ...good(), priceCap: '1.001' }), 'INVALID_MARKET', { field: 'priceCap' });
    rejects(() => clearAuction({ ...good(), priceFloor: '50', priceCap: '40' }), 'INVALID_MARKET', { field: 'priceFloor' });
    rejects(() => clearAuction({ ...good(), network: { baseMVA: 100, buses: [], lines: [] } }), 'INVALID_MARKET', { field: 'network' });
    rejects(() => clearAuction({ ...good(), orders: [null as never] }), 'INVALID_ORDER');
  });

  it.each<[AuctionOptions, string]>([
    [{ mechanism: 'vickrey' as never }, 'mechanism'], [{ tieRule: 'random' as never }, 'tieRule'],
    [{ payAsBidPrice: 'mean' as never }, 'payAsBidPrice'], [{ k: 1.5 }, 'k'], [{ k: -0.1 }, 'k'],
    [{ k: NaN }, 'k'], [{ k: '0.1234567890123456789' }, 'k'], [{ k: 'half' }, 'k'],
  ])('rejects option %j', (opts, field) => rejects(() => clearAuction(good(), opts), 'INVALID_OPTION', { field }));

  it('finds a duplicate id among many (hash set in the core), naming the later order', () => {
    const orders: Order[] = Array.from({ length: 30000 }, (_, i) => ({ id: `id-${i}`, side: i % 2 ? 'sell' : 'buy', price: '1', quantity: '1' }));
    expect(clearAuction({ orders }).volumeTicks).toBe(15000000n);
    orders.push({ id: 'id-12345', side: 'buy', price: '1', quantity: '1' });
    rejects(() => clearAuction({ orders }), 'DUPLICATE_ID', { id: 'id-12345', index: 30000, field: 'id' });
    const prefixes: Order[] = ['a', 'ab', 'abc', 'b', 'ba', '\u0000', '\u0000\u0000'].map((id) => ({ id, side: 'buy', price: '1', quantity: '1' }));
    expect(clearAuction({ orders: prefixes }).fills.length).toBe(7);
  });

  it('reports overflowing money instead of wrapping it', () => {
    const big: Market = { priceDecimals: 0, quantityDecimals: 0, priceCap: String(2n ** 61n), orders: [
      { id: 'b', side: 'buy', price: String(2n ** 40n), quantity: String(2n ** 40n) },
      { id: 's', side: 'sell', price: '1', quantity: String(2n ** 40n) }] };
    rejects(() => clearAuction(big), 'OVERFLOW');
    rejects(() => clearAuction(big, { trades: false }), 'OVERFLOW');
  });

  it('without trades, quantities whose side total passes 2^63 still clear (only what trades must fit)', () => {
    const q = String((1n << 62n) - 1n);
    const m: Market = { priceDecimals: 0, quantityDecimals: 0, orders: [
      { id: 'b1', side: 'buy', price: '10', quantity: q }, { id: 'b2', side: 'buy', price: '9', quantity: q },
      { id: 'b3', side: 'buy', price: '9', quantity: q }, { id: 's', side: 'sell', price: '5', quantity: '7' }] };
    const full = clearAuction(m);
    expect(full.volumeTicks).toBe(7n);
    expect({ ...clearAuction(m, { trades: false }), trades: full.trades }).toEqual(full);
  });

  it('rejects a trades option that is not a boolean', () => {
    rejects(() => clearAuction({ orders: [{ id: 'a', side: 'buy', price: '1', quantity: '1' }] }, { trades: 'no' as unknown as boolean }),
      'INVALID_OPTION', { field: 'trades' });
  });
});

describe('columns path rejects bad input in the core, naming the index', () => {
  it.each<[string, OrderColumns, string, number]>([
    ['unknown side', cols([0, 2], [1n, 1n], [1n, 1n]), 'UNKNOWN_SIDE', 1],
    ['zero quantity', cols([0, 1], [1n, 1n], [1n, 0n]), 'NON_POSITIVE_QUANTITY', 1],
    ['negative quantity', cols([0, 1], [1n, 1n], [-5n, 1n]), 'NON_POSITIVE_QUANTITY', 0],
    ['price above cap', cols([0, 1], [400001n, 1n], [1n, 1n]), 'PRICE_OUT_OF_RANGE', 0],
    ['price below floor', cols([0, 1], [1n, -50001n], [1n, 1n]), 'PRICE_OUT_OF_RANGE', 1],
    ['quantity >= 2^62', cols([0, 1], [1n, 1n], [1n, 1n << 62n]), 'OVERFLOW', 1],
  ])('%s', (_, c, code, index) => rejects(() => clearColumns(c, TM), code, { index }));

  it('names the first bad order wherever it sits (every position of the scan, narrow and wide price spans)', () => {
    const bad: [string, (c: OrderColumns, i: number) => void, string][] = [
      ['UNKNOWN_SIDE', (c, i) => { c.side[i] = 2; }, 'side 2'],
      ['UNKNOWN_SIDE', (c, i) => { c.side[i] = 255; }, 'side 255'],
      ['NON_POSITIVE_QUANTITY', (c, i) => { c.quantityTicks[i] = 0n; }, 'zero'],
      ['NON_POSITIVE_QUANTITY', (c, i) => { c.quantityTicks[i] = -(1n << 63n); }, 'most negative'],
      ['OVERFLOW', (c, i) => { c.quantityTicks[i] = 1n << 62n; }, '2^62'],
      ['OVERFLOW', (c, i) => { c.quantityTicks[i] = (1n << 63n) - 1n; }, 'i64 max'],
      ['PRICE_OUT_OF_RANGE', (c, i) => { c.priceTicks[i] = -(1n << 63n); }, 'i64 min price'],
      ['PRICE_OUT_OF_RANGE', (c, i) => { c.priceTicks[i] = (1n << 63n) - 1n; }, 'i64 max price'],
      ['PRICE_OUT_OF_RANGE', (c, i) => { c.priceTicks[i] = c.side[i] === 0 ? 400001n : -50001n; }, 'just outside'],
      ['PRICE_OUT_OF_RANGE', (c, i) => { c.priceTicks[i] = -50000n + (1n << 32n); }, 'floor + 2^32'],
    ];
    const wide: TickMarket = { ...TM, priceCapTicks: 1n << 40n };
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 13]) {
      for (let at = 0; at < n; at++) {
        for (const [code, spoil, what] of bad) {
          for (const tm of [TM, wide]) {
            const c = cols(Array.from({ length: n }, (_, k) => (k * 7) % 3 & 1), Array.from({ length: n }, (_, k) => BigInt(1000 + k)),
              Array.from({ length: n }, (_, k) => BigInt(1 + k)));
            spoil(c, at);
            if (n > 1) spoil(c, n - 1); // a later bad order must not be named instead
            let err: unknown;
            try { clearColumns(c, tm); } catch (e) { err = e; }
            if (tm === wide && code === 'PRICE_OUT_OF_RANGE' && what !== 'i64 min price' && what !== 'i64 max price') continue;
            expect(err, `${what} at ${at} of ${n}`).toMatchObject({ code, index: at });
          }
        }
      }
    }
    expect(clearColumns(cols([0, 1], [3000n, 1000n], [2000n, 2000n]), TM).priceTicks).toBe(2000n);
  });

  it('rejects an empty market, mismatched columns and bad tick markets', () => {
    rejects(() => clearColumns(cols([], [], []), TM), 'EMPTY_MARKET');
    rejects(() => clearColumns(cols([0, 1], [1n], [1n, 1n]), TM), 'INVALID_ORDER', { field: 'priceTicks' });
    rejects(() => clearColumns(cols([0], [1n], [1n]), { ...TM, priceCapTicks: 1n << 62n }), 'INVALID_MARKET');
    rejects(() => clearColumns(cols([0], [1n], [1n]), { ...TM, priceFloorTicks: 500000n }), 'INVALID_MARKET');
    rejects(() => clearColumns(cols([0], [1n], [1n]), { ...TM, priceCapTicks: 5 as never }), 'INVALID_MARKET');
  });

  it('columns claiming 2^29 orders give TOO_MANY_ORDERS before any allocation', () => {
    const n = 2 ** 29;
    // typed arrays of 2^29 entries that are never allocated (their length is all the sizing reads)
    const fake = <T extends object>(proto: T): T => Object.create(proto, { length: { value: n } });
    const before = core().memory.buffer.byteLength;
    rejects(() => clearColumns({ side: fake(Uint8Array.prototype), priceTicks: fake(BigInt64Array.prototype), quantityTicks: fake(BigInt64Array.prototype) }, TM), 'TOO_MANY_ORDERS');
    expect(core().memory.buffer.byteLength).toBe(before);
  });
});

describe('memory', () => {
  it('100 clears of the same market leave the Wasm memory size unchanged after the first', () => {
    const n = 20000;
    const c: OrderColumns = {
      side: Uint8Array.from({ length: n }, (_, i) => i % 2),
      priceTicks: BigInt64Array.from({ length: n }, (_, i) => BigInt((i * 7919) % 5000)),
      quantityTicks: BigInt64Array.from({ length: n }, (_, i) => BigInt(1 + (i % 13))),
    };
    const first = clearColumns(c, TM);
    const size = core().memory.buffer.byteLength;
    for (let k = 0; k < 100; k++) {
      expect(clearColumns(c, TM, { mechanism: (['uniform', 'pay-as-bid', 'trade-reduction'] as const)[k % 3] }).volumeTicks <= first.volumeTicks).toBe(true);
    }
    expect(core().memory.buffer.byteLength).toBe(size);
  });
});
