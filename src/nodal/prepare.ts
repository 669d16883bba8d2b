// A validated networked market (src/model normalizeMarket) as the nodal core's columns in
// canonical order (by bus, side, price, id: merit groups for the core, and a permuted input gives
// the same result).
import { GridclearError } from '../errors.js';
import type { BasicNetwork } from '../model/network.js';
import type { BasicMarket } from '../model/normalize.js';
import { Slab, slabBytes } from '../model/slab.js';

/**
 * A validated networked market: the network plus order columns in canonical order. Ticks are
 * held as f64 integers (exact: validation keeps |ticks| <= 2^53), the core's own representation;
 * verify and settle read the exact ticks of the BasicMarket.
 */
export interface NodalInput {
  pd: number;
  qd: number;
  net: BasicNetwork;
  /** Input index of the k-th canonical order (sorted by bus, side, price, then id). */
  perm: Int32Array;
  orderIds: string[];
  bus: Int32Array;
  /** +1 sell (injects), -1 buy. */
  side: Int32Array;
  /** Price and quantity ticks (integers, |v| <= 2^53). */
  price: Float64Array;
  qty: Float64Array;
  /** Sum of all quantities and the largest |price| (ticks): when small, sums of fills and money fit f64 exactly. */
  totalQty: number;
  maxAbsPrice: number;
  /** Zeroed scratch for the result's decoding: one f64 per order and one per bus (src/nodal/index.ts). */
  orderScratch: Float64Array;
  busScratch: Float64Array;
}

/** Integers up to this are exact in f64 with room for one more addition (sums of exact terms stay exact). */
export const F64_SAFE_SUM = 2 ** 52;
/** The solver's sums of quantities stay below this (every partial sum an exact f64 integer). */
const F64_EXACT_SUM = 2 ** 53;

/**
 * The nodal clearing's input from a validated BasicMarket (normalizeMarket with a network): order
 * columns in canonical order. The solver holds ticks in f64, so a market it cannot represent
 * exactly is an OVERFLOW before the core: an order beyond 2^53 ticks, or quantities (with the
 * fixed injections) that sum to 2^53 ticks or more.
 */
export function prepareNodal(m: BasicMarket): NodalInput {
  const net = m.network!;
  if (m.firstBig >= 0) {
    const i = m.firstBig;
    throw new GridclearError('OVERFLOW', `order ${JSON.stringify(m.orderIds[i])} (#${i}) has more than 2^53 ticks, beyond the nodal solver's exact range`, {
      id: m.orderIds[i], index: i, expected: '|ticks| <= 2^53 (a networked market)',
    });
  }
  let fixed = 0;
  for (const f of net.busFixedInjectionTicks) fixed += Math.abs(Number(f));
  if (m.totalQty + fixed >= F64_EXACT_SUM) {
    throw new GridclearError('OVERFLOW', 'the quantities and fixed injections of this networked market sum to 2^53 ticks or more, beyond the nodal solver\'s exact range', {
      field: 'quantity', expected: 'sum of quantities and |fixed injections| < 2^53 ticks',
    });
  }
  const n = m.side.length, rawBus = m.bus!, rawSide = m.side, rawPrice = m.price, rawQty = m.qty, nB = net.busIds.length;
  // columns without ids (src/nodal/columns.ts) come with an empty orderIds: ties go by index
  const ids = m.orderIds.length === n ? m.orderIds : undefined;
  // every column of this call in one buffer (src/model/slab.ts)
  const slab = new Slab(3 * slabBytes(n, 4) + 3 * slabBytes(n, 8) + 2 * slabBytes(2 * nB + 1, 4) + slabBytes(nB, 8)
    + (n >= BUCKET_MIN ? 2 * slabBytes(2 * nB, 8) + slabBytes(n, 4) + slabBytes(n + 1, 4) : 0));
  const perm = canonicalOrder(rawBus, rawSide, rawPrice, ids, nB, slab);
  const bus = slab.i32(n), side = slab.i32(n), price = slab.f64(n), qty = slab.f64(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    bus[k] = rawBus[i]; side[k] = rawSide[i] === 1 ? 1 : -1; price[k] = rawPrice[i]; qty[k] = rawQty[i];
  }
  return {
    pd: m.priceDecimals, qd: m.quantityDecimals, net, perm, orderIds: m.orderIds, bus, side, price, qty, totalQty: m.totalQty, maxAbsPrice: m.maxAbsPrice,
    orderScratch: slab.f64(n), busScratch: slab.f64(nB),
  };
}

/** Merit groups (and buckets) up to this size are sorted in place by insertion (most are a few orders). */
const SMALL_GROUP = 48;
/** Markets of at least this many orders are sorted by buckets (bucketOrder). */
const BUCKET_MIN = 2048;

/**
 * Order indices by (bus, side, price, id), or (bus, side, price, index) without ids: a counting sort into merit groups, then each group by
 * price and, within equal prices, by id: a small group by insertion in place, a large one through
 * f64 keys price * 2^s + position sorted as numbers (when they are exact integers). Large markets
 * go by buckets instead (bucketOrder).
 */
function canonicalOrder(bus: Int32Array, side: Uint8Array, price: Float64Array, ids: string[] | undefined, nBus: number, slab: Slab): Int32Array {
  const n = bus.length; // prices exact: |ticks| <= 2^53
  const perm = slab.i32(n), start = slab.i32(2 * nBus + 1), next = slab.i32(2 * nBus + 1);
  for (let i = 0; i < n; i++) start[2 * bus[i] + side[i] + 1]++; // side 1 (sell) after 0 (buy) at one bus
  let largest = 0;
  for (let g = 0; g < 2 * nBus; g++) { largest = Math.max(largest, start[g + 1]); start[g + 1] += start[g]; }
  const byPrice = ids
    ? (a: number, b: number) => price[a] - price[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0)
    : (a: number, b: number) => price[a] - price[b] || a - b;
  if (n >= BUCKET_MIN) {
    bucketOrder(bus, side, price, ids, perm, start, nBus, slab, byPrice);
    return perm;
  }
  next.set(start);
  for (let i = 0; i < n; i++) perm[next[2 * bus[i] + side[i]]++] = i;
  let key: Float64Array | undefined, lo = 0, shift = 1, packed = true;
  for (let g = 0; g < 2 * nBus; g++) {
    const a = start[g], b = start[g + 1];
    if (b - a < 2) continue;
    if (b - a <= SMALL_GROUP) { insertionSort(perm, a, b, price, ids); continue; }
    if (!key && packed) {
      // first large group: the f64 key range of the whole market
      let hi = -Infinity;
      lo = Infinity;
      for (let i = 0; i < n; i++) { if (price[i] < lo) lo = price[i]; if (price[i] > hi) hi = price[i]; }
      while (shift < largest) shift *= 2;
      packed = (hi - lo + 1) * shift <= 2 ** 53;
      if (packed) key = new Float64Array(n);
    }
    if (!key) { perm.subarray(a, b).sort(byPrice); continue; }
    sortGroup(perm, key, a, b, price, lo, shift);
    if (ids) fixTies(perm, a, b, price, byPrice); // without ids the stable key order is the index order
  }
  return perm;
}

/**
 * Order indices by (bus, side, price, id or index) into perm, given the merit groups' first slots
 * (`start`): one bucket per slot, a group's buckets spread evenly over its price range (bucket
 * floor((price - lo_g) x count_g / span_g), monotone in the price, so buckets come in price order
 * and equal prices share one), one stable counting pass into the buckets, then each bucket with
 * two or more orders sorted by (price, id or index): by insertion (a bucket holds about one order
 * on spread prices), a large one by comparison. One scatter pass instead of the three of the LSD
 * radix sort (11-bit digits) and group pass used before, and no pass for ties by id (case118 with
 * 1e4 orders: 0.30 -> 0.26 ms, the same order). Prices bunched in a few values fill few buckets,
 * which the comparison sort then takes: never worse than O(n log n).
 */
function bucketOrder(
  bus: Int32Array, side: Uint8Array, price: Float64Array, ids: string[] | undefined, perm: Int32Array, start: Int32Array, nBus: number, slab: Slab,
  byPrice: (a: number, b: number) => number,
): void {
  const n = price.length, nG = 2 * nBus;
  // each group's lowest price and bucket scale count_g / span_g
  const glo = slab.f64(nG), scale = slab.f64(nG);
  glo.fill(Infinity);
  const ghi = scale; // the highest price first, then the scale in its place
  ghi.fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const g = 2 * bus[i] + side[i], p = price[i];
    if (p < glo[g]) glo[g] = p;
    if (p > ghi[g]) ghi[g] = p;
  }
  for (let g = 0; g < nG; g++) { const c = start[g + 1] - start[g]; scale[g] = c > 0 ? c / (ghi[g] - glo[g] + 1) : 0; }
  const key = slab.i32(n), count = slab.i32(n + 1);
  for (let i = 0; i < n; i++) {
    const g = 2 * bus[i] + side[i], c = start[g + 1] - start[g];
    // price - lo is an exact integer (|ticks| <= 2^53); the product rounds monotonically; the clamp keeps it in the group
    let b = Math.floor((price[i] - glo[g]) * scale[g]);
    if (b >= c) b = c - 1;
    const k = start[g] + b;
    key[i] = k;
    count[k + 1]++;
  }
  for (let k = 0; k < n; k++) count[k + 1] += count[k];
  for (let i = 0; i < n; i++) perm[count[key[i]]++] = i;
  // count[k] is now bucket k's end
  for (let k = 0, a = 0; k < n; k++) {
    const b = count[k];
    if (b - a > 1) {
      if (b - a <= SMALL_GROUP) insertionSort(perm, a, b, price, ids);
      else perm.subarray(a, b).sort(byPrice);
    }
    a = b;
  }
}

/** Sorts perm[a..b) by (price, id) in place: a stable insertion sort (ids compared only at equal prices; none: index order kept). */
function insertionSort(perm: Int32Array, a: number, b: number, price: Float64Array, ids: string[] | undefined): void {
  for (let k = a + 1; k < b; k++) {
    const v = perm[k], p = price[v];
    let j = k - 1;
    for (; j >= a; j--) {
      const u = perm[j], q = price[u];
      if (q < p || (q === p && (ids === undefined || !(ids[v] < ids[u])))) break;
      perm[j + 1] = u;
    }
    perm[j + 1] = v;
  }
}

/** Sorts perm[a..b) by price, equal prices in their current order, through exact f64 keys. */
function sortGroup(perm: Int32Array, key: Float64Array, a: number, b: number, price: Float64Array, lo: number, shift: number): void {
  const src = perm.slice(a, b);
  for (let k = a; k < b; k++) key[k] = (price[perm[k]] - lo) * shift + (k - a);
  const keys = key.subarray(a, b);
  if (b - a > 32) keys.sort();
  else {
    for (let i = 1; i < keys.length; i++) {
      const v = keys[i];
      let j = i - 1;
      while (j >= 0 && keys[j] > v) { keys[j + 1] = keys[j]; j--; }
      keys[j + 1] = v;
    }
  }
  for (let k = a; k < b; k++) { const v = key[k]; perm[k] = src[v - Math.floor(v / shift) * shift]; }
}

/** Sorts each run of equal prices in perm[a..b) by id. */
function fixTies(perm: Int32Array, a: number, b: number, price: Float64Array, cmp: (x: number, y: number) => number): void {
  for (let k = a; k < b;) {
    let e = k + 1;
    while (e < b && price[perm[e]] === price[perm[k]]) e++;
    if (e - k > 1) perm.subarray(k, e).sort(cmp);
    k = e;
  }
}
