import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearAuction, fillsById, formatMoney, formatPrice, paymentsById, type AuctionOptions, type AuctionResult } from '../../src/auction/index.js';
import type { Market, Order } from '../../src/model/types.js';

type O = [id: string, side: 'buy' | 'sell', price: string, quantity: string, sequence?: number];
const mk = (orders: O[], pd = 0, qd = 0): Market => ({
  priceDecimals: pd, quantityDecimals: qd,
  orders: orders.map(([id, side, price, quantity, sequence]): Order => ({ id, side, price, quantity, ...(sequence === undefined ? {} : { sequence }) })),
});
const clear = (orders: O[], opts?: AuctionOptions, pd = 0, qd = 0): AuctionResult => clearAuction(mk(orders, pd, qd), opts);
const money = (r: AuctionResult, t: bigint): string => formatMoney(r, t);

const SPEC = JSON.parse(readFileSync(new URL('../../../shared/spec/examples/copper-plate-tie.json', import.meta.url), 'utf8')) as Market;

describe('efficient allocation and uniform price', () => {
  it('clears the spec tie example at 25 with b1 5, b2 3, s1 4, s2 4, welfare 85', () => {
    const r = clearAuction(SPEC);
    expect(fillsById(r)).toEqual({ b1: '5.000', b2: '3.000', b3: '0.000', s1: '4.000', s2: '4.000', s3: '0.000' });
    expect(formatPrice(r, r.priceTicks)).toBe('25.00');
    expect(money(r, r.welfareTicks)).toBe('85.00000');
    expect(r.volumeTicks).toBe(8000n);
    expect([r.priceLowTicks, r.priceHighTicks]).toEqual([2500n, 2500n]);
    expect(paymentsById(r)).toMatchObject({ b1: '125.00000', b2: '75.00000', s1: '100.00000', s2: '100.00000' });
  });

  it('clears a bid and an ask that tie exactly at the crossing (4 at 25)', () => {
    const r = clear([['b', 'buy', '25', '4'], ['s', 'sell', '25', '4']]);
    expect(Array.from(r.fills)).toEqual([4n, 4n]);
    expect(r.priceTicks).toBe(25n);
    expect(r.trades!.quantityTicks[0]).toBe(4n);
    expect(r.welfareTicks).toBe(0n);
  });

  // A 40x5, B 20x5 against X 10x5, Y 35x5: 5 trade; the interval is [20 (B unfilled), 35 (Y unfilled)].
  const INTERVAL: O[] = [['A', 'buy', '40', '5'], ['B', 'buy', '20', '5'], ['X', 'sell', '10', '5'], ['Y', 'sell', '35', '5']];
  it('prices at low + k*(high - low): k = 0, 1, 0.25 and 0.5', () => {
    const p = (k: number | string): bigint | null => clear(INTERVAL, { k }).priceTicks;
    expect(clear(INTERVAL).priceLowTicks).toBe(20n);
    expect(clear(INTERVAL).priceHighTicks).toBe(35n);
    expect(p(0)).toBe(20n);
    expect(p(1)).toBe(35n);
    expect(p('0.25')).toBe(24n); // 23.75 -> 24
    expect(p(0.5)).toBe(28n); // 27.5: exact half -> even tick 28
    expect(clear(INTERVAL, undefined, 1).priceTicks).toBe(275n); // on a 0.1 tick 27.5 is exact
    expect(fillsById(clear(INTERVAL))).toEqual({ A: '5', B: '0', X: '5', Y: '0' });
  });

  it('rounds an exact half-tick down when the lower tick is even (26.5 -> 26)', () => {
    const r = clear([['A', 'buy', '40', '5'], ['B', 'buy', '20', '5'], ['X', 'sell', '10', '5'], ['Y', 'sell', '33', '5']]);
    expect(r.priceTicks).toBe(26n);
  });

  it('fills the floor and cap into the interval when nothing can trade', () => {
    const r = clearAuction({ ...mk([['b', 'buy', '10', '1'], ['s', 'sell', '20', '1']]), priceFloor: '-500', priceCap: '4000' });
    expect(r.volumeTicks).toBe(0n);
    expect([r.priceLowTicks, r.priceHighTicks, r.priceTicks]).toEqual([10n, 20n, 15n]);
    const onlyBuys = clearAuction({ ...mk([['b', 'buy', '10', '1']]), priceFloor: '-5', priceCap: '100' });
    expect([onlyBuys.priceLowTicks, onlyBuys.priceHighTicks]).toEqual([10n, 100n]);
    expect(onlyBuys.trades!.buyer.length).toBe(0);
  });

  it('handles negative prices exactly', () => {
    const r = clear([['b', 'buy', '-10', '3'], ['s', 'sell', '-30', '2']]);
    // low = max(-30 accepted ask, -10 b still unfilled) = -10 = high (b accepted): price -10
    expect([r.priceLowTicks, r.priceHighTicks, r.priceTicks]).toEqual([-10n, -10n, -10n]);
    expect(r.welfareTicks).toBe(40n); // -10*2 - (-30*2)
    expect(Array.from(r.payments)).toEqual([-20n, -20n]);
  });
});

describe('tie rules at the marginal level', () => {
  it('pro rata: floors on the tick, the leftover tick goes to the largest remainder', () => {
    // R = 5 over x 3, y 4 (total 7): x 15/7 = 2 r1, y 20/7 = 2 r6 -> leftover 1 to y
    const r = clear([['B', 'buy', '30', '5'], ['x', 'sell', '20', '3'], ['y', 'sell', '20', '4']]);
    expect(fillsById(r)).toEqual({ B: '5', x: '2', y: '3' });
  });

  it('pro rata: tied remainders go by id, then sequence first', () => {
    const noSeq = clear([['B', 'buy', '30', '2'], ['c', 'sell', '20', '1'], ['a', 'sell', '20', '1'], ['b', 'sell', '20', '1']]);
    expect(fillsById(noSeq)).toEqual({ B: '2', a: '1', b: '1', c: '0' });
    const seq = clear([['B', 'buy', '30', '2'], ['c', 'sell', '20', '1', 1], ['a', 'sell', '20', '1', 2], ['b', 'sell', '20', '1', 3]]);
    expect(fillsById(seq)).toEqual({ B: '2', a: '1', b: '0', c: '1' });
  });

  it('pro rata on the quantity tick with decimals (R = 1.000 over three equal orders)', () => {
    const r = clear([['B', 'buy', '30', '1.000'], ['p', 'sell', '20', '2.000'], ['q', 'sell', '20', '2.000'], ['r', 'sell', '20', '2.000']], undefined, 0, 3);
    expect(fillsById(r)).toEqual({ B: '1.000', p: '0.334', q: '0.333', r: '0.333' });
  });

  it('pro rata with 128-bit products: R * q far beyond 2^64 is exact', () => {
    const q = [(1n << 60n) + 12345n, (1n << 60n) - 1n, 3n, (1n << 59n) + 7n];
    const R = (1n << 60n) + (1n << 58n) + 1n;
    const total = q.reduce((a, b) => a + b, 0n);
    const r = clearAuction({ priceDecimals: 0, quantityDecimals: 0, priceCap: '100', priceFloor: '0', orders: [
      { id: 'B', side: 'buy', price: '1', quantity: String(R) },
      ...q.map((x, i): Order => ({ id: `s${i}`, side: 'sell', price: '0', quantity: String(x) }))] });
    const base = q.map((x) => (R * x) / total);
    const rem = q.map((x) => (R * x) % total);
    let left = Number(R - base.reduce((a, b) => a + b, 0n));
    const order = [0, 1, 2, 3].sort((a, b) => (rem[b] > rem[a] ? 1 : rem[b] < rem[a] ? -1 : a - b));
    for (const i of order) if (left-- > 0) base[i] += 1n;
    expect(Array.from(r.fills).slice(1)).toEqual(base);
    expect(r.fills[0]).toBe(R);
  });

  it('time priority: by sequence, else by id', () => {
    const orders: O[] = [['B', 'buy', '30', '5'], ['x', 'sell', '20', '3', 2], ['y', 'sell', '20', '4', 1]];
    expect(fillsById(clear(orders, { tieRule: 'time-priority' }))).toEqual({ B: '5', x: '1', y: '4' });
    const bare = orders.map(([id, s, p, q]): O => [id, s, p, q]);
    expect(fillsById(clear(bare, { tieRule: 'time-priority' }))).toEqual({ B: '5', x: '3', y: '2' });
  });

  it('orders without a sequence come after those with one', () => {
    const r = clear([['B', 'buy', '30', '1'], ['a', 'sell', '20', '1'], ['z', 'sell', '20', '1', 9]], { tieRule: 'time-priority' });
    expect(fillsById(r)).toEqual({ B: '1', a: '0', z: '1' });
  });
});

describe('pay-as-bid', () => {
  // Trades of the spec example: (b1, s1, 4), (b1, s2, 1), (b2, s2, 3).
  const cases: [AuctionOptions['payAsBidPrice'], bigint[], Record<string, string>][] = [
    ['bid', [3000n, 3000n, 2500n], { b1: '150.00000', b2: '75.00000', s1: '120.00000', s2: '105.00000' }],
    ['ask', [1000n, 2500n, 2500n], { b1: '65.00000', b2: '75.00000', s1: '40.00000', s2: '100.00000' }],
    ['midpoint', [2000n, 2750n, 2500n], { b1: '107.50000', b2: '75.00000', s1: '80.00000', s2: '102.50000' }],
  ];
  it.each(cases)('prices each trade at the %s', (payAsBidPrice, prices, pays) => {
    const r = clearAuction(SPEC, { mechanism: 'pay-as-bid', payAsBidPrice });
    expect(r.priceTicks).toBeNull();
    expect(Array.from(r.trades!.buyer)).toEqual([0, 0, 1]);
    expect(Array.from(r.trades!.seller)).toEqual([3, 4, 4]);
    expect(Array.from(r.trades!.quantityTicks)).toEqual([4000n, 1000n, 3000n]);
    expect(Array.from(r.trades!.priceTicks)).toEqual(prices);
    expect(paymentsById(r)).toMatchObject(pays);
    expect(r.buyersPayTicks).toBe(r.sellersReceiveTicks);
  });

  it('rounds a midpoint half-tick to the even tick', () => {
    const r = clear([['b', 'buy', '30', '1'], ['s', 'sell', '25', '1']], { mechanism: 'pay-as-bid' });
    expect(r.trades!.priceTicks[0]).toBe(28n); // 27.5 -> 28
    const r2 = clear([['b', 'buy', '28', '1'], ['s', 'sell', '25', '1']], { mechanism: 'pay-as-bid' });
    expect(r2.trades!.priceTicks[0]).toBe(26n); // 26.5 -> 26
  });
});

describe('trade reduction', () => {
  const TR: AuctionOptions = { mechanism: 'trade-reduction' };
  it('McAfee textbook, p0 outside: drops the marginal pair, buyers pay b_k, sellers get s_k', () => {
    // bids 10 9 6 5, asks 1 2 5 20: k = 3; p0 = (5 + 20)/2 = 12.5 > b_3 = 6 -> 2 trade
    const r = clear([['b1', 'buy', '10', '1'], ['b2', 'buy', '9', '1'], ['b3', 'buy', '6', '1'], ['b4', 'buy', '5', '1'],
      ['s1', 'sell', '1', '1'], ['s2', 'sell', '2', '1'], ['s3', 'sell', '5', '1'], ['s4', 'sell', '20', '1']], TR);
    expect(r.volumeTicks).toBe(2n);
    expect(fillsById(r)).toMatchObject({ b1: '1', b2: '1', b3: '0', s1: '1', s2: '1', s3: '0' });
    expect([r.priceTicks, r.buyPriceTicks, r.sellPriceTicks]).toEqual([null, 6n, 5n]);
    expect(r.surplusTicks).toBe(2n);
    expect([r.buyersPayTicks, r.sellersReceiveTicks]).toEqual([12n, 10n]);
  });

  it('McAfee textbook, p0 inside [s_k, b_k]: all k trade at p0', () => {
    // bids 10 9 8 4, asks 2 3 5 7: k = 3, p0 = (4 + 7)/2 = 5.5 in [5, 8]
    const r = clear([['b1', 'buy', '10', '1'], ['b2', 'buy', '9', '1'], ['b3', 'buy', '8', '1'], ['b4', 'buy', '4', '1'],
      ['s1', 'sell', '2', '1'], ['s2', 'sell', '3', '1'], ['s3', 'sell', '5', '1'], ['s4', 'sell', '7', '1']], TR, 1);
    expect(r.volumeTicks).toBe(3n);
    expect([r.priceTicks, r.buyPriceTicks, r.sellPriceTicks]).toEqual([55n, 55n, 55n]);
    expect(r.surplusTicks).toBe(0n);
  });

  it('divisible orders: reduction with surplus, long side rationed', () => {
    // A 50x4, B 45x6, C 20x5 / X 10x5, Y 30x4, Z 60x5: Q* = 9, bm = B, sm = Y; p0 = (45+60)/2 > 45.
    // Left: buyers A (4), sellers X (5): volume 4, X rationed; buyers pay 45, sellers get 30.
    const r = clear([['A', 'buy', '50', '4'], ['B', 'buy', '45', '6'], ['C', 'buy', '20', '5'],
      ['X', 'sell', '10', '5'], ['Y', 'sell', '30', '4'], ['Z', 'sell', '60', '5']], TR);
    expect(fillsById(r)).toEqual({ A: '4', B: '0', C: '0', X: '4', Y: '0', Z: '0' });
    expect([r.buyersPayTicks, r.sellersReceiveTicks, r.surplusTicks, r.welfareTicks]).toEqual([180n, 120n, 60n, 160n]);
    expect(Array.from(r.trades!.priceTicks)).toEqual([45n]);
  });

  it('rations the long side pro rata over all of it', () => {
    // bids 50x3, 40x2 / asks 10x2, 11x2, 30x5: Q* = 5 (bm = 40, sm = 30); p0 needs s' = 30 (unfilled) and no b' -> reduce.
    // Left: buyers 50x3 (D' = 3); sellers 10x2, 11x2 (S' = 4): sellers share 3 -> 1.5 each -> 1 + 1, leftover 1 to the first (tie).
    const r = clear([['b1', 'buy', '50', '3'], ['b2', 'buy', '40', '2'], ['s1', 'sell', '10', '2'], ['s2', 'sell', '11', '2'], ['s3', 'sell', '30', '5']], TR);
    expect(fillsById(r)).toEqual({ b1: '3', b2: '0', s1: '2', s2: '1', s3: '0' });
    expect([r.buyPriceTicks, r.sellPriceTicks, r.surplusTicks]).toEqual([40n, 30n, 30n]);
  });

  it('the spec tie example: reduces to b1 4 / s1 4 at 25, surplus 0', () => {
    const r = clearAuction(SPEC, TR);
    expect(fillsById(r)).toMatchObject({ b1: '4.000', b2: '0.000', s1: '4.000', s2: '0.000' });
    expect(r.surplusTicks).toBe(0n);
  });
});
