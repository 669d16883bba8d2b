// The price distributions of the call-auction benchmark (issue 16): seeded random markets whose
// prices spread over few or many levels, cross in the middle, everywhere or nowhere, or sit all at
// one price (a pro-rata split of the whole short side). Quantities 0.001..10 MWh on a 0.001 tick.
import { prng } from './market.mjs';

/** A tick market with `priceDecimals` decimals, cap 4000, floor -500 (quantities 3 decimals). */
export function tickMarket(priceDecimals) {
  const s = 10n ** BigInt(priceDecimals);
  return Object.freeze({ priceDecimals, quantityDecimals: 3, priceCapTicks: 4000n * s, priceFloorTicks: -500n * s });
}

/**
 * name, label, price decimals, the buy and sell price ranges [lo, hi] in currency units (ticks
 * drawn uniformly on the tick) and the largest quantity in ticks: the table of issue 16. Over the
 * 0..4000 range quantities stay below 0.1 MWh, so that welfare stays below 2^53 for peer (b).
 */
export const DISTRIBUTIONS = Object.freeze([
  { name: 'cents', label: '40-80 at 2 decimals', decimals: 2, buy: [40, 80], sell: [20, 60] },
  { name: 'fine', label: '40-80 at 4 decimals', decimals: 4, buy: [40, 80], sell: [20, 60] },
  { name: 'wide', label: '0-4000 at 4 decimals', decimals: 4, buy: [0, 4000], sell: [0, 4000], maxQty: 100 },
  { name: 'all-cross', label: 'every buy above every sell', decimals: 4, buy: [2000.0001, 4000], sell: [0, 2000], maxQty: 100 },
  { name: 'no-cross', label: 'no crossing', decimals: 4, buy: [0, 2000], sell: [2000.0001, 4000], maxQty: 100 },
  { name: 'one-price', label: 'every order at one price (pro-rata)', decimals: 2, buy: [50, 50], sell: [50, 50] },
]);

/**
 * `n` random orders of distribution `d` as gridclear columns (BigInt64Array ticks) and as
 * Float64Array ticks (for peer b), with its tick market.
 */
export function distributionColumns(d, n, seed) {
  const maxQty = d.maxQty ?? 10000;
  const rnd = prng(seed);
  const s = 10 ** d.decimals;
  const range = (r) => [Math.round(r[0] * s), Math.round(r[1] * s)];
  const buy = range(d.buy), sell = range(d.sell);
  const side = new Uint8Array(n);
  const price = new Float64Array(n);
  const qty = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sd = rnd() < 0.5 ? 0 : 1;
    const [lo, hi] = sd === 0 ? buy : sell;
    side[i] = sd;
    price[i] = lo + Math.floor(rnd() * (hi - lo + 1));
    qty[i] = 1 + Math.floor(rnd() * maxQty);
  }
  const priceTicks = BigInt64Array.from(price, (v) => BigInt(v));
  const quantityTicks = BigInt64Array.from(qty, (v) => BigInt(v));
  return {
    market: tickMarket(d.decimals),
    columns: { side, priceTicks, quantityTicks },
    f64: { side, priceTicks: price, quantityTicks: qty },
  };
}
