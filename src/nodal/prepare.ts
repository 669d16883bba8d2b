// Validates a networked market's orders into columns in canonical order (by bus, side, price, id:
// merit groups for the core, and a permuted input gives the same result) on top of the grid's
// normalizeNetwork.
import { GridclearError } from '../errors.js';
import { checkDecimals, toTicks } from '../model/fixed.js';
import { normalizeNetwork, type BasicNetwork } from '../model/network.js';
import { MARKET_DEFAULTS, type Market } from '../model/types.js';

/** A validated networked market: the network plus order columns in canonical (id) order. */
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
  priceTicks: BigInt64Array;
  qtyTicks: BigInt64Array;
}

/** A plain decimal ("-12.5"): the common case, parsed without toTicks' general path. */
const SIMPLE = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Ticks of a plain decimal string of at most 15 digits, else undefined (toTicks decides). */
function fastTicks(v: unknown, decimals: number): bigint | undefined {
  if (typeof v !== 'string' || v.length > 17) return undefined;
  const m = SIMPLE.exec(v);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > decimals) return undefined;
  const digits = m[2] + frac.padEnd(decimals, '0');
  if (digits.length > 15) return undefined;
  const n = Number(digits);
  return BigInt(m[1] ? -n : n);
}

/** Ticks the solver's f64 arithmetic holds exactly. */
const F64_EXACT = 2n ** 53n;

function orderError(code: 'INVALID_ORDER' | 'UNKNOWN_SIDE' | 'UNKNOWN_BUS' | 'DUPLICATE_ID' | 'NON_POSITIVE_QUANTITY' | 'PRICE_OUT_OF_RANGE',
  msg: string, detail: ConstructorParameters<typeof GridclearError>[2]): never {
  throw new GridclearError(code, msg, detail);
}

/** Reads and checks every order of a networked market; throws GridclearError naming the order. */
export function prepareNodal(market: Market): NodalInput {
  if (!market || typeof market !== 'object') throw new GridclearError('INVALID_MARKET', 'market must be an object', { expected: 'a market object' });
  const pd = checkDecimals(market.priceDecimals ?? MARKET_DEFAULTS.priceDecimals, 'priceDecimals');
  const qd = checkDecimals(market.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals, 'quantityDecimals');
  const cap = toTicks(market.priceCap ?? MARKET_DEFAULTS.priceCap, pd, { field: 'priceCap' });
  const floor = toTicks(market.priceFloor ?? MARKET_DEFAULTS.priceFloor, pd, { field: 'priceFloor' });
  if (floor > cap) throw new GridclearError('INVALID_MARKET', 'priceFloor is above priceCap', { field: 'priceFloor', expected: '<= priceCap' });
  if (!market.network) throw new GridclearError('INVALID_MARKET', 'clearNodal needs a market with a network', { field: 'network', expected: 'a network' });
  const net = normalizeNetwork(market.network, { quantityDecimals: qd, allowNegativeReactance: true });
  const orders = market.orders;
  if (!Array.isArray(orders)) throw new GridclearError('INVALID_MARKET', 'orders must be an array', { field: 'orders', expected: 'an array' });
  if (orders.length === 0) throw new GridclearError('EMPTY_MARKET', 'the market has no orders', { field: 'orders' });
  const n = orders.length;
  const ids: string[] = new Array(n);
  const seen = new Set<string>();
  orders.forEach((o, index) => {
    const id = o?.id;
    if (typeof id !== 'string' || id === '') orderError('INVALID_ORDER', `order #${index} needs a non-empty string id`, { index, field: 'id', expected: 'a non-empty string', value: id });
    if (seen.has(id)) orderError('DUPLICATE_ID', `two orders have the id ${JSON.stringify(id)}`, { id, index, field: 'id' });
    seen.add(id);
    ids[index] = id;
  });
  const raw: NodalInput = {
    pd, qd, net, perm: new Int32Array(0), orderIds: ids, bus: new Int32Array(n), side: new Int32Array(n),
    priceTicks: new BigInt64Array(n), qtyTicks: new BigInt64Array(n),
  };
  for (let i = 0; i < n; i++) readOrder(market, i, i, cap, floor, raw);
  const perm = canonicalOrder(raw, net.busIds.length);
  const out: NodalInput = {
    pd, qd, net, perm, orderIds: ids,
    bus: Int32Array.from(perm, (i) => raw.bus[i]), side: Int32Array.from(perm, (i) => raw.side[i]),
    priceTicks: BigInt64Array.from(perm, (i) => raw.priceTicks[i]), qtyTicks: BigInt64Array.from(perm, (i) => raw.qtyTicks[i]),
  };
  return out;
}

/** Order indices by (bus, side, price, id): a counting sort into merit groups, then each group by price. */
function canonicalOrder(raw: NodalInput, nBus: number): Int32Array {
  const n = raw.bus.length, ids = raw.orderIds;
  const price = Float64Array.from(raw.priceTicks, Number); // exact: |ticks| <= 2^53
  const start = new Int32Array(2 * nBus + 1);
  const key = (i: number) => 2 * raw.bus[i] + (raw.side[i] > 0 ? 1 : 0);
  for (let i = 0; i < n; i++) start[key(i) + 1]++;
  for (let g = 0; g < 2 * nBus; g++) start[g + 1] += start[g];
  const perm = new Int32Array(n), next = start.slice();
  for (let i = 0; i < n; i++) perm[next[key(i)]++] = i;
  const byPrice = (a: number, b: number) => price[a] - price[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
  for (let g = 0; g < 2 * nBus; g++) if (start[g + 1] - start[g] > 1) perm.subarray(start[g], start[g + 1]).sort(byPrice);
  return perm;
}

function readOrder(market: Market, index: number, k: number, cap: bigint, floor: bigint, out: NodalInput): void {
  const o = market.orders[index];
  const id = o.id;
  if (o.side !== 'buy' && o.side !== 'sell') orderError('UNKNOWN_SIDE', `order ${JSON.stringify(id)} has side ${JSON.stringify(o.side)}`, { id, index, field: 'side', expected: "'buy' or 'sell'", value: o.side });
  const b = typeof o.bus === 'string' ? out.net.busIndex.get(o.bus) : undefined;
  if (b === undefined) orderError('UNKNOWN_BUS', `order ${JSON.stringify(id)} names bus ${JSON.stringify(o.bus)}, which the network lacks`, { id, index, field: 'bus', expected: 'a bus id of the network', value: o.bus });
  const price = fastTicks(o.price, out.pd) ?? toTicks(o.price, out.pd, { id, index, field: 'price' });
  if (price > cap || price < floor) orderError('PRICE_OUT_OF_RANGE', `order ${JSON.stringify(id)} price is outside [priceFloor, priceCap]`, { id, index, field: 'price', expected: 'within [priceFloor, priceCap]', value: o.price });
  const qty = fastTicks(o.quantity, out.qd) ?? toTicks(o.quantity, out.qd, { id, index, field: 'quantity' });
  if (qty <= 0n) orderError('NON_POSITIVE_QUANTITY', `order ${JSON.stringify(id)} quantity must be > 0`, { id, index, field: 'quantity', expected: '> 0', value: o.quantity });
  if (price > F64_EXACT || -price > F64_EXACT || qty > F64_EXACT) {
    throw new GridclearError('OVERFLOW', `order ${JSON.stringify(id)} has more than 2^53 ticks, beyond the nodal solver's exact range`, { id, index, expected: '|ticks| <= 2^53' });
  }
  out.bus[k] = b;
  out.side[k] = o.side === 'sell' ? 1 : -1;
  out.priceTicks[k] = price;
  out.qtyTicks[k] = qty;
}
