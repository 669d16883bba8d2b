// Peer (b): the fastest plain-JavaScript uniform-price call auction we could write: typed-array
// columns, one packed Float64 sort key per order (price rank * n + index, so the native
// comparator-free TypedArray sort orders by price and then by input position), no objects.
// Same semantics as peer (a) and gridclear's default uniform rule; fills in priority order.
//
// Ticks must be safe integers (|value| < 2^53) and input valid; when (price range + 1) * n does
// not fit in 2^53 the keys fall back to an index sort with a comparator (correct, slower).
import { midpointHalfEven } from './naive.mjs';

const SAFE = 2 ** 53;

/** Sorted index order of one side: packed Float64 keys when they fit, else a comparator sort. */
function sortSide(idx, count, price, n, base, sign, packed) {
  let maxRank = 0;
  for (let k = 0; k < count; k++) {
    const rank = sign * (price[idx[k]] - base);
    if (rank > maxRank) maxRank = rank;
  }
  if (packed && (maxRank + 1) * n < SAFE) {
    const keys = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const i = idx[k];
      keys[k] = sign * (price[i] - base) * n + i;
    }
    keys.sort();
    // key % n is exact for doubles below 2^53 (fmod is exact).
    for (let k = 0; k < count; k++) idx[k] = keys[k] % n;
    return;
  }
  idx.sort((a, b) => sign * (price[a] - price[b]) || a - b);
}

/** Walks the two sorted books, filling in priority order while bid >= ask (ties trade). */
function walk(book, price, quantity, fills) {
  const { buys, nb, sells, ns } = book;
  let i = 0;
  let j = 0;
  let volume = 0;
  let welfare = 0;
  while (i < nb && j < ns) {
    const b = buys[i];
    const s = sells[j];
    const bidPrice = price[b];
    const askPrice = price[s];
    if (bidPrice < askPrice) break;
    const bLeft = quantity[b] - fills[b];
    const sLeft = quantity[s] - fills[s];
    const traded = bLeft < sLeft ? bLeft : sLeft;
    fills[b] += traded;
    fills[s] += traded;
    volume += traded;
    welfare += traded * (bidPrice - askPrice);
    if (traded === bLeft) i++;
    if (traded === sLeft) j++;
  }
  return { i, j, volume, welfare };
}

/**
 * Clears columns {side: Uint8Array (0 buy, 1 sell), priceTicks, quantityTicks: numeric typed
 * arrays (Float64Array/Int32Array...)} in a TickMarket {priceCapTicks, priceFloorTicks} (bigint or
 * number). Returns ticks as numbers, like peer (a), with fills as a Float64Array.
 * `options.packed = false` forces the comparator fallback (for tests).
 */
export function clearUniformFast(columns, market, { packed = true } = {}) {
  const { side, priceTicks: price, quantityTicks: quantity } = columns;
  const n = side.length;
  let nb = 0;
  let maxBuy = -Infinity;
  let minSell = Infinity;
  for (let i = 0; i < n; i++) {
    if (side[i] === 0) { nb++; if (price[i] > maxBuy) maxBuy = price[i]; }
    else if (price[i] < minSell) minSell = price[i];
  }
  const ns = n - nb;
  const buys = new Uint32Array(nb);
  const sells = new Uint32Array(ns);
  for (let i = 0, b = 0, s = 0; i < n; i++) {
    if (side[i] === 0) buys[b++] = i; else sells[s++] = i;
  }
  sortSide(buys, nb, price, n, maxBuy, -1, packed);
  sortSide(sells, ns, price, n, minSell, 1, packed);

  const fills = new Float64Array(n);
  const { i, j, volume, welfare } = walk({ buys, nb, sells, ns }, price, quantity, fills);
  if (!Number.isSafeInteger(welfare) || !Number.isSafeInteger(volume)) {
    throw new Error('welfare or volume exceeds 2^53: this peer cannot compute it exactly');
  }
  // Book positions: buys[0..i) filled fully, buys[i] possibly partly (same for sells).
  const partB = i < nb && fills[buys[i]] > 0;
  const partS = j < ns && fills[sells[j]] > 0;
  let low = Number(market.priceFloorTicks);
  let high = Number(market.priceCapTicks);
  const lastAcceptedBuy = partB ? i : i - 1;
  const lastAcceptedSell = partS ? j : j - 1;
  if (lastAcceptedSell >= 0) low = Math.max(low, price[sells[lastAcceptedSell]]);
  if (i < nb) low = Math.max(low, price[buys[i]]);
  if (lastAcceptedBuy >= 0) high = Math.min(high, price[buys[lastAcceptedBuy]]);
  if (j < ns) high = Math.min(high, price[sells[j]]);
  return {
    priceTicks: midpointHalfEven(low, high),
    priceLowTicks: low,
    priceHighTicks: high,
    volumeTicks: volume,
    welfareTicks: welfare,
    fills,
  };
}
