// Reusable checks of a call-auction result, called by every auction property test.
// The reference volume/welfare comes from an independent, naive merit-order walk in BigInt.
import { expect } from 'vitest';
import type { AuctionResult } from '../../src/auction/index.js';

/** One order in ticks (side 0 = buy, 1 = sell). */
export interface TickOrder {
  side: 0 | 1;
  price: bigint;
  qty: bigint;
}

/** Q* and the optimal welfare by a naive walk of the sorted books (ties at the crossing trade). */
export function referenceEfficient(orders: TickOrder[]): { volume: bigint; welfare: bigint } {
  const buys = orders.filter((o) => o.side === 0).sort((a, b) => (a.price > b.price ? -1 : a.price < b.price ? 1 : 0));
  const sells = orders.filter((o) => o.side === 1).sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : 0));
  let i = 0, j = 0, volume = 0n, welfare = 0n;
  let rb = buys[0]?.qty ?? 0n, rs = sells[0]?.qty ?? 0n;
  while (i < buys.length && j < sells.length && buys[i].price >= sells[j].price) {
    const t = rb < rs ? rb : rs;
    volume += t;
    welfare += t * (buys[i].price - sells[j].price);
    rb -= t; rs -= t;
    if (rb === 0n && ++i < buys.length) rb = buys[i].qty;
    if (rs === 0n && ++j < sells.length) rs = sells[j].qty;
  }
  return { volume, welfare };
}


/** Checks every invariant of a result against its orders and tick market bounds. */
export function checkAuctionInvariants(r: AuctionResult, orders: TickOrder[], floor: bigint, cap: bigint): void {
  const n = orders.length;
  expect(r.fills.length).toBe(n);
  expect(r.payments.length).toBe(n);
  let bought = 0n, sold = 0n, welfare = 0n, pays = 0n, receives = 0n, filledB = 0, filledS = 0;
  for (let i = 0; i < n; i++) {
    const o = orders[i], f = r.fills[i], pay = r.payments[i];
    expect(f >= 0n && f <= o.qty, `fill of #${i} in [0, q]`).toBe(true);
    if (o.side === 0) {
      bought += f; welfare += o.price * f; pays += pay; if (f > 0n) filledB++;
      expect(pay <= o.price * f, `buyer #${i} pays at most its bid`).toBe(true);
    } else {
      sold += f; welfare -= o.price * f; receives += pay; if (f > 0n) filledS++;
      expect(pay >= o.price * f, `seller #${i} receives at least its ask`).toBe(true);
    }
    if (f === 0n) expect(pay).toBe(0n);
  }
  expect(bought).toBe(sold);
  expect(r.volumeTicks).toBe(bought);
  expect(r.welfareTicks).toBe(welfare);
  expect(r.buyersPayTicks).toBe(pays);
  expect(r.sellersReceiveTicks).toBe(receives);
  expect(r.surplusTicks).toBe(pays - receives);
  checkTrades(r, orders, filledB, filledS);
  checkPrices(r, orders, floor, cap);
}

/** Trades: sides right, quantities sum to fills, prices individually rational, money = payments. */
function checkTrades(r: AuctionResult, orders: TickOrder[], filledB: number, filledS: number): void {
  const t = r.trades!, nt = t.buyer.length;
  expect(nt).toBeLessThanOrEqual(Math.max(0, filledB + filledS - 1));
  const qty = new Map<number, bigint>(), money = new Map<number, bigint>();
  const add = (m: Map<number, bigint>, k: number, v: bigint): void => { m.set(k, (m.get(k) ?? 0n) + v); };
  for (let k = 0; k < nt; k++) {
    const b = t.buyer[k], s = t.seller[k], q = t.quantityTicks[k], p = t.priceTicks[k];
    expect(orders[b].side).toBe(0);
    expect(orders[s].side).toBe(1);
    expect(q > 0n).toBe(true);
    const sellP = r.mechanism === 'trade-reduction' && r.sellPriceTicks !== null ? r.sellPriceTicks : p;
    expect(p <= orders[b].price, 'trade price <= bid').toBe(true);
    expect(sellP >= orders[s].price, 'seller price >= ask').toBe(true);
    add(qty, b, q); add(qty, s, q); add(money, b, q * p); add(money, s, q * sellP);
  }
  for (let i = 0; i < orders.length; i++) {
    expect(qty.get(i) ?? 0n, `trades of #${i} sum to its fill`).toBe(r.fills[i]);
    expect(money.get(i) ?? 0n, `trade money of #${i} sums to its payment`).toBe(r.payments[i]);
  }
}

/** Mechanism-specific price rules, efficiency and budget balance. */
function checkPrices(r: AuctionResult, orders: TickOrder[], floor: bigint, cap: bigint): void {
  const ref = referenceEfficient(orders);
  expect(r.priceLowTicks <= r.priceHighTicks).toBe(true);
  expect(r.priceLowTicks >= floor && r.priceHighTicks <= cap).toBe(true);
  if (r.mechanism === 'trade-reduction') {
    expect(r.volumeTicks <= ref.volume).toBe(true);
    expect(r.surplusTicks >= 0n, 'never budget-deficit').toBe(true);
    if (r.priceTicks === null && r.volumeTicks > 0n) {
      expect(r.surplusTicks).toBe(r.volumeTicks * (r.buyPriceTicks! - r.sellPriceTicks!));
    }
    return;
  }
  expect(r.volumeTicks).toBe(ref.volume);
  expect(r.welfareTicks).toBe(ref.welfare);
  expect(r.surplusTicks).toBe(0n);
  if (r.mechanism === 'pay-as-bid') { expect(r.priceTicks).toBeNull(); return; }
  const p = r.priceTicks!;
  expect(p >= r.priceLowTicks && p <= r.priceHighTicks).toBe(true);
  orders.forEach((o, i) => {
    const f = r.fills[i];
    if (o.side === 0 ? o.price > p : o.price < p) expect(f, `#${i} beats the price: filled fully`).toBe(o.qty);
    if (o.side === 0 ? o.price < p : o.price > p) expect(f, `#${i} is out of the money: not filled`).toBe(0n);
  });
}

/**
 * Pro rata at the marginal level, checked in BigInt (independent of the core's 128-bit
 * division): for a uniform or pay-as-bid result with the pro-rata rule, the one level per side
 * that is partly filled shares R = its fills over Q = its quantity: each order gets
 * floor(R q / Q) or one tick more, R - sum(floor) orders get the tick, and no order left without
 * it has a larger remainder R q mod Q than one that got it.
 */
export function checkProRata(r: AuctionResult, orders: TickOrder[]): void {
  for (const side of [0, 1] as const) {
    const levels = new Map<bigint, number[]>();
    orders.forEach((o, i) => { if (o.side === side) levels.set(o.price, [...(levels.get(o.price) ?? []), i]); });
    for (const idx of levels.values()) {
      const R = idx.reduce((s, i) => s + r.fills[i], 0n), Q = idx.reduce((s, i) => s + orders[i].qty, 0n);
      if (R === 0n || R === Q) continue;
      let extra = 0n, minWith = -1n, maxWithout = -1n;
      for (const i of idx) {
        const base = (R * orders[i].qty) / Q, rem = (R * orders[i].qty) % Q, d = r.fills[i] - base;
        expect(d === 0n || d === 1n, `pro-rata share of #${i}`).toBe(true);
        extra += d;
        if (d === 1n) minWith = minWith < 0n || rem < minWith ? rem : minWith;
        else maxWithout = rem > maxWithout ? rem : maxWithout;
      }
      expect(extra).toBe(R - idx.reduce((s, i) => s + (R * orders[i].qty) / Q, 0n));
      if (minWith >= 0n) expect(maxWithout <= minWith, 'largest remainders get the leftover ticks').toBe(true);
    }
  }
}
