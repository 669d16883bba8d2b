// Peer (b): the fastest plain-JavaScript uniform-price call auction we could write: typed-array
// columns, no objects. Each side is ordered by price, then input position: a stable LSD radix sort
// of the price rank (one counting pass of 16 bits when the side's prices span fewer than 2^16
// ticks, two when fewer than 2^32; none at one price), else one packed sort key per order (price
// rank and input index in a BigUint64Array, or a Float64Array when the rank passes 32 bits) for
// the native comparator-free TypedArray sort. Same semantics as peer (a) and gridclear's default
// uniform rule; fills in priority order.
//
// Ticks must be safe integers (|value| < 2^53) and input valid; when (price range + 1) * n does
// not fit in 2^53 the keys fall back to an index sort with a comparator (correct, slower).
import { midpointHalfEven } from './naive.mjs';

const SAFE = 2 ** 53;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Sort strategies, fastest first; 'auto' picks the first one the ranks fit. */
const SORTS = ['radix', 'u64', 'f64', 'comparator'];

/** The 16-bit digit counts of a radix pass (shared: one sort at a time). */
const DIGITS = new Uint32Array(1 << 16);

/**
 * Stable LSD radix sort of `idx` (in index order) by rank = sign * (price - base) < 2^32: one or
 * two counting passes of 16 bits, ranks carried along so each pass reads them sequentially.
 */
function radixSort(idx, price, sign, base, maxRank) {
  const count = idx.length;
  if (maxRank === 0) return; // one price: index order already
  let keys = new Uint32Array(count);
  for (let k = 0; k < count; k++) keys[k] = sign * (price[idx[k]] - base);
  let src = idx;
  let dst = new Uint32Array(count);
  let keysOut = new Uint32Array(count);
  const passes = maxRank < 65536 ? 1 : 2;
  for (let pass = 0, shift = 0; pass < passes; pass++, shift += 16) {
    DIGITS.fill(0);
    for (let k = 0; k < count; k++) DIGITS[(keys[k] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = DIGITS[d];
      DIGITS[d] = sum;
      sum += c;
    }
    for (let k = 0; k < count; k++) {
      const key = keys[k];
      const at = DIGITS[(key >>> shift) & 0xffff]++;
      dst[at] = src[k];
      keysOut[at] = key;
    }
    [src, dst] = [dst, src];
    [keys, keysOut] = [keysOut, keys];
  }
  if (src !== idx) idx.set(src);
}

/**
 * Sorts one side's order indices `idx` best first (price, then index); `idx` must be in index
 * order (the radix sort is stable). radix: see radixSort; u64: key = rank << 32 |
 * index written as two Uint32 halves (no BigInt per order), native BigUint64Array sort; f64:
 * key = rank * n + index, native Float64Array sort; comparator: an index sort (any range).
 */
function sortSide(idx, price, n, sign, strategy) {
  const count = idx.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < count; k++) {
    const p = price[idx[k]];
    lo = p < lo ? p : lo;
    hi = p > hi ? p : hi;
  }
  const base = sign < 0 ? hi : lo;
  const maxRank = count > 0 ? hi - lo : 0;
  const start = Math.max(0, SORTS.indexOf(strategy));
  const fits = {
    radix: maxRank < 2 ** 32,
    u64: LITTLE_ENDIAN && maxRank < 2 ** 32 && n <= 2 ** 32,
    f64: (maxRank + 1) * n < SAFE,
    comparator: true,
  };
  const use = SORTS.slice(start).find((s) => fits[s]);
  if (use === 'radix') {
    radixSort(idx, price, sign, base, maxRank);
  } else if (use === 'u64') {
    const keys = new BigUint64Array(count);
    const halves = new Uint32Array(keys.buffer);
    for (let k = 0; k < count; k++) {
      const i = idx[k];
      halves[2 * k] = i;
      halves[2 * k + 1] = sign * (price[i] - base);
    }
    keys.sort();
    for (let k = 0; k < count; k++) idx[k] = halves[2 * k];
  } else if (use === 'f64') {
    const keys = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const i = idx[k];
      keys[k] = sign * (price[i] - base) * n + i;
    }
    keys.sort();
    // key % n is exact for doubles below 2^53 (fmod is exact).
    for (let k = 0; k < count; k++) idx[k] = keys[k] % n;
  } else {
    idx.sort((a, b) => sign * (price[a] - price[b]) || a - b);
  }
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
 * `options.sort` ('auto' | 'radix' | 'u64' | 'f64' | 'comparator') forces a strategy when the ranks fit it
 * (for tests); 'auto' takes the fastest that fits.
 */
export function clearUniformFast(columns, market, { sort = 'auto' } = {}) {
  const { side, priceTicks: price, quantityTicks: quantity } = columns;
  const n = side.length;
  // Branch-free partition: buys fill `book` from the front, sells from the back (each write
  // lands in a slot no other order owns yet), then the sells are reversed into index order.
  const book = new Uint32Array(n);
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const isSell = side[i];
    book[nb] = i;
    book[n - 1 - (i - nb)] = i;
    nb += 1 - isSell;
  }
  const ns = n - nb;
  const buys = book.subarray(0, nb);
  const sells = book.subarray(nb);
  sells.reverse(); // into index order
  sortSide(buys, price, n, -1, sort);
  sortSide(sells, price, n, 1, sort);

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
