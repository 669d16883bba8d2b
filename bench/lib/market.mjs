// Seeded random call-auction markets for the benchmark and the peer tests: prices on a 0.01 tick
// (buys 40..80, sells 20..60, so the books cross and ties are common), quantities 0.001..10 MWh
// on a 0.001 tick. The same seed gives the same market everywhere.
import { tickText } from '../peers/highs-lp.mjs';

/** mulberry32: a small, fast, seeded 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The tick market of the benchmark: 2 price decimals, 3 quantity decimals, cap 4000, floor -500. */
export const BENCH_MARKET = Object.freeze({
  priceDecimals: 2,
  quantityDecimals: 3,
  priceCap: '4000',
  priceFloor: '-500',
});

/** BENCH_MARKET in ticks (clearColumns' TickMarket). */
export const BENCH_TICK_MARKET = Object.freeze({
  priceDecimals: 2,
  quantityDecimals: 3,
  priceCapTicks: 400000n,
  priceFloorTicks: -50000n,
});

/**
 * `n` random orders as gridclear columns (side Uint8Array, BigInt64Array ticks) plus the same
 * ticks as Float64Array (for peer b). Options: buy/sell price ranges in ticks, max quantity ticks.
 */
export function randomColumns(n, seed, opts = {}) {
  const { buy = [4000, 8000], sell = [2000, 6000], maxQty = 10000 } = opts;
  const rnd = prng(seed);
  const side = new Uint8Array(n);
  const price = new Float64Array(n);
  const qty = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = rnd() < 0.5 ? 0 : 1;
    const [lo, hi] = s === 0 ? buy : sell;
    side[i] = s;
    price[i] = lo + Math.floor(rnd() * (hi - lo + 1));
    qty[i] = 1 + Math.floor(rnd() * maxQty);
  }
  const priceTicks = new BigInt64Array(n);
  const quantityTicks = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    priceTicks[i] = BigInt(price[i]);
    quantityTicks[i] = BigInt(qty[i]);
  }
  return {
    columns: { side, priceTicks, quantityTicks },
    f64: { side, priceTicks: price, quantityTicks: qty },
  };
}

/** The same orders as plain objects with decimal strings: {id, side, price: '12.34', quantity: '1.234'}. */
export function toOrderObjects(f64, market = BENCH_MARKET) {
  const { side, priceTicks, quantityTicks } = f64;
  const orders = new Array(side.length);
  for (let i = 0; i < side.length; i++) {
    orders[i] = {
      id: `o${i}`,
      side: side[i] === 0 ? 'buy' : 'sell',
      price: tickText(priceTicks[i], market.priceDecimals),
      quantity: tickText(quantityTicks[i], market.quantityDecimals),
    };
  }
  return orders;
}

/** The same orders with JS numbers for price and quantity (what peer a gets: no string parsing). */
export function toNumberObjects(f64, market = BENCH_MARKET) {
  const { side, priceTicks, quantityTicks } = f64;
  const ps = 10 ** market.priceDecimals;
  const qs = 10 ** market.quantityDecimals;
  const orders = new Array(side.length);
  for (let i = 0; i < side.length; i++) {
    orders[i] = {
      id: `o${i}`,
      side: side[i] === 0 ? 'buy' : 'sell',
      price: priceTicks[i] / ps,
      quantity: quantityTicks[i] / qs,
    };
  }
  return orders;
}
