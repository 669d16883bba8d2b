// Validates a networked market's orders into columns in canonical order (by bus, side, price, id:
// merit groups for the core, and a permuted input gives the same result) on top of the grid's
// normalizeNetwork.
import { GridclearError } from '../errors.js';
import { checkDecimals, fastTicks, toTicks } from '../model/fixed.js';
import { normalizeNetwork, type BasicNetwork } from '../model/network.js';
import { MARKET_DEFAULTS, type Market, type Order } from '../model/types.js';

/**
 * A validated networked market: the network plus order columns in canonical order. Ticks are
 * held as f64 integers (exact: validation keeps |ticks| <= 2^53), the core's own representation;
 * `withTicks` adds BigInt64Array copies for code that needs bigint arithmetic.
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
}

/** A NodalInput with bigint tick columns (verify's exact arithmetic). */
export interface NodalTicks extends NodalInput {
  priceTicks: BigInt64Array;
  qtyTicks: BigInt64Array;
}

/** Adds bigint copies of the price and quantity columns. */
export function withTicks(inp: NodalInput): NodalTicks {
  return { ...inp, priceTicks: BigInt64Array.from(inp.price, BigInt), qtyTicks: BigInt64Array.from(inp.qty, BigInt) };
}

/** Integers up to this are exact in f64 with room for one more addition (sums of exact terms stay exact). */
export const F64_SAFE_SUM = 2 ** 52;

/** Ticks the solver's f64 arithmetic holds exactly. */
const F64_EXACT = 2n ** 53n;

function orderError(code: 'INVALID_ORDER' | 'UNKNOWN_SIDE' | 'UNKNOWN_BUS' | 'DUPLICATE_ID' | 'NON_POSITIVE_QUANTITY' | 'PRICE_OUT_OF_RANGE',
  msg: string, detail: ConstructorParameters<typeof GridclearError>[2]): never {
  throw new GridclearError(code, msg, detail);
}

/**
 * Reads and checks every order of a networked market; throws GridclearError naming the order.
 * `net`: the market's network already normalized (a prepared GridModel's), else normalized here.
 */
export function prepareNodal(market: Market, net?: BasicNetwork): NodalInput {
  if (!market || typeof market !== 'object') throw new GridclearError('INVALID_MARKET', 'market must be an object', { expected: 'a market object' });
  const pd = checkDecimals(market.priceDecimals ?? MARKET_DEFAULTS.priceDecimals, 'priceDecimals');
  const qd = checkDecimals(market.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals, 'quantityDecimals');
  const cap = toTicks(market.priceCap ?? MARKET_DEFAULTS.priceCap, pd, { field: 'priceCap' });
  const floor = toTicks(market.priceFloor ?? MARKET_DEFAULTS.priceFloor, pd, { field: 'priceFloor' });
  if (floor > cap) throw new GridclearError('INVALID_MARKET', 'priceFloor is above priceCap', { field: 'priceFloor', expected: '<= priceCap' });
  if (!market.network) throw new GridclearError('INVALID_MARKET', 'clearNodal needs a market with a network', { field: 'network', expected: 'a network' });
  net ??= normalizeNetwork(market.network, { quantityDecimals: qd, allowNegativeReactance: true });
  const orders = market.orders;
  if (!Array.isArray(orders)) throw new GridclearError('INVALID_MARKET', 'orders must be an array', { field: 'orders', expected: 'an array' });
  if (orders.length === 0) throw new GridclearError('EMPTY_MARKET', 'the market has no orders', { field: 'orders' });
  const n = orders.length;
  const ids = readIds(orders);
  const raw: NodalInput = {
    pd, qd, net, perm: new Int32Array(0), orderIds: ids, bus: new Int32Array(n), side: new Int32Array(n),
    price: new Float64Array(n), qty: new Float64Array(n), totalQty: 0, maxAbsPrice: 0,
  };
  const range: Range = { cap, floor, capNum: Number(cap), floorNum: Number(floor) };
  let totalQty = 0, maxAbsPrice = 0;
  for (let i = 0; i < n; i++) {
    readOrder(orders, i, range, raw);
    totalQty += raw.qty[i];
    const p = Math.abs(raw.price[i]);
    if (p > maxAbsPrice) maxAbsPrice = p;
  }
  const perm = canonicalOrder(raw, net.busIds.length);
  const bus = new Int32Array(n), side = new Int32Array(n), price = new Float64Array(n), qty = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    bus[k] = raw.bus[i]; side[k] = raw.side[i]; price[k] = raw.price[i]; qty[k] = raw.qty[i];
  }
  return { pd, qd, net, perm, orderIds: ids, bus, side, price, qty, totalQty, maxAbsPrice };
}

/** The orders' ids, checked: non-empty strings, no two alike (throws naming the first repeat). */
function readIds(orders: Order[]): string[] {
  const n = orders.length;
  const ids: string[] = new Array(n);
  for (let index = 0; index < n; index++) {
    const id = orders[index]?.id;
    if (typeof id !== 'string' || id === '') orderError('INVALID_ORDER', `order #${index} needs a non-empty string id`, { index, field: 'id', expected: 'a non-empty string', value: id });
    ids[index] = id;
  }
  const dup = firstRepeat(ids);
  if (dup >= 0) orderError('DUPLICATE_ID', `two orders have the id ${JSON.stringify(ids[dup])}`, { id: ids[dup], index: dup, field: 'id' });
  return ids;
}

/**
 * Index of the first string equal to an earlier one, or -1: an open-addressing table of indices
 * with a multiplicative string hash (several times faster than a Set for many ids). Collisions are
 * bounded: past 8 probes per id on average it starts over with a Set, so crafted ids cannot make
 * it quadratic.
 */
function firstRepeat(ids: string[]): number {
  const n = ids.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const table = new Int32Array(size).fill(-1), mask = size - 1;
  let probes = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    let h = 0x811c9dc5;
    for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const j = table[slot];
      if (j < 0) { table[slot] = i; break; }
      if (ids[j] === id) return i;
      slot = (slot + 1) & mask;
      if (++probes > 8 * n + 64) return firstRepeatSet(ids);
    }
  }
  return -1;
}

function firstRepeatSet(ids: string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const before = seen.size;
    seen.add(ids[i]);
    if (seen.size === before) return i;
  }
  return -1;
}

/**
 * Order indices by (bus, side, price, id): a counting sort into merit groups, then each group by
 * price (f64 keys price * 2^s + position, sorted as numbers, when they are exact integers) and,
 * within equal prices, by id.
 */
function canonicalOrder(raw: NodalInput, nBus: number): Int32Array {
  const n = raw.bus.length, ids = raw.orderIds, price = raw.price; // exact: |ticks| <= 2^53
  const start = new Int32Array(2 * nBus + 1);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) { const g = 2 * raw.bus[i] + (raw.side[i] > 0 ? 1 : 0); group[i] = g; start[g + 1]++; }
  let largest = 0;
  for (let g = 0; g < 2 * nBus; g++) { largest = Math.max(largest, start[g + 1]); start[g + 1] += start[g]; }
  const perm = new Int32Array(n), next = start.slice();
  for (let i = 0; i < n; i++) perm[next[group[i]]++] = i;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { if (price[i] < lo) lo = price[i]; if (price[i] > hi) hi = price[i]; }
  let shift = 1;
  while (shift < largest) shift *= 2;
  const byPrice = (a: number, b: number) => price[a] - price[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
  const packed = (hi - lo + 1) * shift <= 2 ** 53;
  const key = packed ? new Float64Array(n) : undefined;
  for (let g = 0; g < 2 * nBus; g++) {
    const a = start[g], b = start[g + 1];
    if (b - a < 2) continue;
    if (!key) { perm.subarray(a, b).sort(byPrice); continue; }
    sortGroup(perm, key, a, b, price, lo, shift);
    fixTies(perm, a, b, price, byPrice);
  }
  return perm;
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

/** The market's price range, as bigints (general path) and numbers (exact for fast-path ticks < 2^53). */
interface Range { cap: bigint; floor: bigint; capNum: number; floorNum: number }

/** Price ticks of an order by toTicks (the general path), range-checked in bigint. */
function slowPrice(o: Order, id: string, index: number, pd: number, r: Range): bigint {
  const price = toTicks(o.price, pd, { id, index, field: 'price' });
  if (price > r.cap || price < r.floor) rangeError(o, id, index);
  return price;
}

function rangeError(o: Order, id: string, index: number): never {
  orderError('PRICE_OUT_OF_RANGE', `order ${JSON.stringify(id)} price is outside [priceFloor, priceCap]`, { id, index, field: 'price', expected: 'within [priceFloor, priceCap]', value: o.price });
}

function readOrder(orders: Order[], index: number, range: Range, out: NodalInput): void {
  const o = orders[index];
  const id = o.id;
  if (o.side !== 'buy' && o.side !== 'sell') orderError('UNKNOWN_SIDE', `order ${JSON.stringify(id)} has side ${JSON.stringify(o.side)}`, { id, index, field: 'side', expected: "'buy' or 'sell'", value: o.side });
  const b = typeof o.bus === 'string' ? out.net.busIndex.get(o.bus) : undefined;
  if (b === undefined) orderError('UNKNOWN_BUS', `order ${JSON.stringify(id)} names bus ${JSON.stringify(o.bus)}, which the network lacks`, { id, index, field: 'bus', expected: 'a bus id of the network', value: o.bus });
  let price = fastTicks(o.price, out.pd);
  let priceBig: bigint | undefined;
  // a fast-path price is below 1e15 < 2^53 in magnitude: comparing with the rounded cap and floor is exact
  if (price !== undefined) { if (price > range.capNum || price < range.floorNum) rangeError(o, id, index); }
  else { priceBig = slowPrice(o, id, index, out.pd, range); price = Number(priceBig); }
  const fastQty = fastTicks(o.quantity, out.qd);
  const qtyBig = fastQty === undefined ? toTicks(o.quantity, out.qd, { id, index, field: 'quantity' }) : undefined;
  const qty = fastQty ?? Number(qtyBig);
  if (qty <= 0) orderError('NON_POSITIVE_QUANTITY', `order ${JSON.stringify(id)} quantity must be > 0`, { id, index, field: 'quantity', expected: '> 0', value: o.quantity });
  if ((priceBig !== undefined && (priceBig > F64_EXACT || -priceBig > F64_EXACT)) || (qtyBig !== undefined && qtyBig > F64_EXACT)) {
    throw new GridclearError('OVERFLOW', `order ${JSON.stringify(id)} has more than 2^53 ticks, beyond the nodal solver's exact range`, { id, index, expected: '|ticks| <= 2^53' });
  }
  out.bus[index] = b;
  out.side[index] = o.side === 'sell' ? 1 : -1;
  out.price[index] = price;
  out.qty[index] = qty;
}
