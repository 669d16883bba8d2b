// The one normalization of a market: any market (an object, a parsed market-case/1 file, a
// MATPOWER import) becomes one validated BasicMarket (ticks, dense indices, the network's
// BasicNetwork) that the call auction, the nodal clearing, settlement and verify all take.
// Every input error is a GridclearError with a code and the element it names, whatever the
// JavaScript type of the bad value. Per order: no Decimal and no BigInt for plain decimals.
import { GridclearError, type ErrorCode, type ErrorDetail } from '../errors.js';
import { checkDecimals, exactTicks, FAST_DECIMALS, fastTicks, fastTicksIn, show, toTicks } from './fixed.js';
import { firstRepeat } from './ids.js';
import { Slab, slabBytes } from './slab.js';
import { normalizeNetwork, type BasicNetwork } from './network.js';
import { MARKET_DEFAULTS, type Market, type Order } from './types.js';

/** Ticks are i64 in the cores; inputs are limited to |ticks| < 2^62 so that a sum of two never wraps. */
export const MAX_TICKS = 1n << 62n;
/** Stored as the sequence of orders without one: after every order that has one. */
export const NO_SEQUENCE = (1n << 63n) - 1n;
/** Ticks up to this magnitude are exact in the f64 columns. */
const F64_EXACT = 2 ** 53;

/** A validated market: its ticks and bounds, order columns in input order, the normalized network. */
export interface BasicMarket {
  priceDecimals: number;
  quantityDecimals: number;
  priceCapTicks: bigint;
  priceFloorTicks: bigint;
  /** The orders as given (for `participant` and other fields the clearing does not read). */
  orders: readonly Order[];
  orderIds: string[];
  /** Total UTF-16 code units of the ids. */
  idChars: number;
  /** 0 = buy, 1 = sell (the auction core's coding). */
  side: Uint8Array;
  /** Price and quantity ticks as f64: exact where |ticks| <= 2^53 (see `bigPrice`, `bigQty`). */
  price: Float64Array;
  qty: Float64Array;
  /** Exact bigint columns, present only when some order's ticks exceed 2^53 in magnitude. */
  bigPrice?: BigInt64Array;
  bigQty?: BigInt64Array;
  /** Index of the first order whose price or quantity exceeds 2^53 ticks, or -1. */
  firstBig: number;
  /** Time priority (NO_SEQUENCE where absent); undefined when no order has one. */
  sequence?: BigInt64Array;
  /** Bus index of each order (networked markets only). */
  bus?: Int32Array;
  network?: BasicNetwork;
  /** Sum of all quantities and the largest |price| in ticks (f64; exact while below 2^53). */
  totalQty: number;
  maxAbsPrice: number;
}

/** Options of normalizeMarket. */
export interface NormalizeOptions {
  /** 'require' (nodal), 'reject' (the call auction: copper plate only) or 'allow' (default). */
  network?: 'require' | 'reject' | 'allow';
  /** The market's network already normalized (a prepared GridModel's): not normalized again. */
  net?: BasicNetwork;
  /** Check that order ids are unique (default true; the auction core checks them itself). */
  duplicateIds?: boolean;
}

function marketError(code: ErrorCode, message: string, detail: ErrorDetail): never {
  throw new GridclearError(code, message, detail);
}

/** Reads a market bound (priceCap / priceFloor): INVALID_MARKET when it is not a decimal on the price tick. */
function bound(v: unknown, pd: number, field: string): bigint {
  try {
    return toTicks(v as string, pd, { field });
  } catch (e) {
    return marketError('INVALID_MARKET', `${field} must be a decimal on the price tick: ${(e as Error).message}`, {
      field, value: v, expected: `a decimal with at most ${pd} decimals, |ticks| < 2^62`,
    });
  }
}

/** The market's own fields: format, name, decimals, cap and floor (INVALID_MARKET naming the field). */
export function readHeader(m: Market): Pick<BasicMarket, 'priceDecimals' | 'quantityDecimals' | 'priceCapTicks' | 'priceFloorTicks'> {
  if (m.format !== undefined && m.format !== 'market-case/1') {
    marketError('INVALID_MARKET', `format must be "market-case/1" or absent, got ${show(m.format)}`, { field: 'format', expected: 'market-case/1', value: m.format });
  }
  if (m.name !== undefined && typeof m.name !== 'string') {
    marketError('INVALID_MARKET', `name must be a string, got ${show(m.name)}`, { field: 'name', expected: 'a string', value: m.name });
  }
  const priceDecimals = checkDecimals(m.priceDecimals ?? MARKET_DEFAULTS.priceDecimals, 'priceDecimals');
  const quantityDecimals = checkDecimals(m.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals, 'quantityDecimals');
  const priceCapTicks = bound(m.priceCap ?? MARKET_DEFAULTS.priceCap, priceDecimals, 'priceCap');
  const priceFloorTicks = bound(m.priceFloor ?? MARKET_DEFAULTS.priceFloor, priceDecimals, 'priceFloor');
  if (priceFloorTicks > priceCapTicks) {
    marketError('INVALID_MARKET', 'priceFloor is above priceCap', { field: 'priceFloor', value: m.priceFloor, expected: 'priceFloor <= priceCap' });
  }
  return { priceDecimals, quantityDecimals, priceCapTicks, priceFloorTicks };
}

/**
 * Validates a market once and returns its BasicMarket. Throws GridclearError: INVALID_MARKET
 * (the market's own fields), EMPTY_MARKET, INVALID_ORDER, UNKNOWN_SIDE, INVALID_NUMBER, OFF_TICK,
 * OVERFLOW, NON_POSITIVE_QUANTITY, PRICE_OUT_OF_RANGE, DUPLICATE_ID, UNKNOWN_BUS and the network's
 * INVALID_NETWORK, each naming the element (id, index, field, expected, value).
 */
export function normalizeMarket(market: Market, opts: NormalizeOptions = {}): BasicMarket {
  if (market === null || typeof market !== 'object' || Array.isArray(market)) {
    marketError('INVALID_MARKET', `a market is an object with an orders array, got ${show(market)}`, { expected: 'a market object', value: market });
  }
  const head = readHeader(market);
  const hasNetwork = market.network !== undefined && market.network !== null;
  const mode = opts.network ?? 'allow';
  if (hasNetwork && mode === 'reject') {
    marketError('INVALID_MARKET', 'this market has a network: clear it with the nodal clearing, not clearAuction (copper plate only)', {
      field: 'network', expected: 'no network (copper plate)',
    });
  }
  if (!hasNetwork && mode === 'require') marketError('INVALID_MARKET', 'the nodal clearing needs a market with a network', { field: 'network', expected: 'a network' });
  const orders = market.orders;
  if (!Array.isArray(orders)) marketError('INVALID_MARKET', `orders must be an array, got ${show(orders)}`, { field: 'orders', expected: 'an array of orders', value: orders });
  const network = hasNetwork
    ? opts.net ?? normalizeNetwork(market.network!, { quantityDecimals: head.quantityDecimals, allowNegativeReactance: true })
    : undefined;
  if (orders.length === 0) marketError('EMPTY_MARKET', 'the market has no orders', { field: 'orders', expected: 'at least one order' });
  const out = readOrders(orders, head.priceDecimals, head.quantityDecimals, head.priceCapTicks, head.priceFloorTicks, network);
  if (opts.duplicateIds !== false) {
    const dup = firstRepeat(out.orderIds);
    if (dup >= 0) marketError('DUPLICATE_ID', `two orders have the id ${JSON.stringify(out.orderIds[dup])}`, { id: out.orderIds[dup], index: dup, field: 'id' });
  }
  return out;
}

function orderError(code: ErrorCode, o: unknown, index: number, field: string, expected: string, value: unknown): never {
  const id = o !== null && typeof o === 'object' && typeof (o as Order).id === 'string' ? (o as Order).id : undefined;
  const who = id !== undefined ? `order ${JSON.stringify(id)} (#${index})` : `order #${index}`;
  throw new GridclearError(code, `${who}: ${field} must be ${expected}, got ${show(value)}`, { id, index, field, expected, value });
}

/** Reads every order into the columns (one pass; BigInt only for values the fast path cannot read). */
function readOrders(orders: readonly Order[], pd: number, qd: number, cap: bigint, floor: bigint, network: BasicNetwork | undefined): BasicMarket {
  const n = orders.length;
  // the four columns in one buffer (src/model/slab.ts)
  const slab = new Slab(2 * slabBytes(n, 8) + slabBytes(n, 1) + (network ? slabBytes(n, 4) : 0));
  const side = slab.u8(n), price = slab.f64(n), qty = slab.f64(n), busCol = network ? slab.i32(n) : undefined;
  // One literal with every field, optional ones too, and the header's fields passed as scalars:
  // objects whose layout V8 builds by transitions (a spread, a field added later) lose it at a
  // full GC and take the optimized code with them (ARCHITECTURE.md, "Per-call objects").
  const m: BasicMarket = {
    priceDecimals: pd, quantityDecimals: qd, priceCapTicks: cap, priceFloorTicks: floor, orders, orderIds: [], idChars: 0, side, price, qty, bigPrice: undefined,
    bigQty: undefined, firstBig: -1, sequence: undefined, bus: busCol, network, totalQty: 0, maxAbsPrice: 0,
  };
  const capN = Number(cap), floorN = Number(floor);
  // decimal strings go straight to the one-pass reader where fastTicks would take them (decimals < 16)
  const qdFast = qd < FAST_DECIMALS, pdFast = pd < FAST_DECIMALS;
  const ids = m.orderIds; // pushed, not new Array(n): large holey arrays go to dictionary mode
  const busIndex = network?.busIndex;
  // many orders per bus: bus ids that are integers (MATPOWER's) read by their digits (busTableOf)
  const table = network && n >= 4 * network.busIds.length ? busTableOf(network) : undefined;
  let totalQty = 0, maxAbsPrice = 0, idChars = 0, big = false;
  for (let i = 0; i < n; i++) {
    const o = orders[i];
    if (o === null || typeof o !== 'object') orderError('INVALID_ORDER', o, i, 'order', 'an object', o);
    const id = o.id;
    if (typeof id !== 'string' || id.length === 0) orderError('INVALID_ORDER', o, i, 'id', 'a non-empty string', id);
    ids.push(id);
    idChars += id.length;
    const s = o.side;
    if (s !== 'buy' && s !== 'sell') orderError('UNKNOWN_SIDE', o, i, 'side', "'buy' or 'sell'", s);
    side[i] = s === 'buy' ? 0 : 1;
    const qv = o.quantity, pv = o.price;
    let q = typeof qv === 'string' && qdFast ? fastTicksIn(qv, 0, qv.length, qd) : fastTicks(qv, qd), qBig: bigint | undefined, pBig: bigint | undefined;
    if (q === undefined) { qBig = exactTicks(o.quantity, qd, { id, index: i, field: 'quantity' }); q = Number(qBig); }
    if (q <= 0) orderError('NON_POSITIVE_QUANTITY', o, i, 'quantity', 'a quantity > 0', o.quantity);
    let p = typeof pv === 'string' && pdFast ? fastTicksIn(pv, 0, pv.length, pd) : fastTicks(pv, pd);
    if (p !== undefined) {
      // a fast-path price is below 1e15 < 2^53 in magnitude: comparing with the rounded cap and floor is exact
      if (p > capN || p < floorN) priceRange(o, i);
    } else {
      pBig = exactTicks(o.price, pd, { id, index: i, field: 'price' });
      if (pBig > cap || pBig < floor) priceRange(o, i);
      p = Number(pBig);
    }
    if (!big && (q > F64_EXACT || p > F64_EXACT || p < -F64_EXACT)) { startBig(m, i); big = true; }
    if (big) { m.bigPrice![i] = pBig ?? BigInt(p); m.bigQty![i] = qBig ?? BigInt(q); }
    qty[i] = q;
    price[i] = p;
    totalQty += q;
    const a = p < 0 ? -p : p;
    if (a > maxAbsPrice) maxAbsPrice = a;
    if (o.sequence !== undefined) sequenceOf(m, o, i);
    if (o.participant !== undefined && typeof o.participant !== 'string') orderError('INVALID_ORDER', o, i, 'participant', 'a string', o.participant);
    const bus = o.bus;
    if (busIndex) {
      let b: number | undefined;
      if (typeof bus === 'string') {
        const k = table ? integerId(bus) : -1;
        b = k >= 0 && k < table!.length && table![k] >= 0 ? table![k] : busIndex.get(bus);
      }
      if (b === undefined) orderError('UNKNOWN_BUS', o, i, 'bus', 'the id of a bus of the network', bus);
      busCol![i] = b;
    } else if (bus !== undefined && typeof bus !== 'string') orderError('INVALID_ORDER', o, i, 'bus', 'a string', bus);
  }
  m.totalQty = totalQty; m.maxAbsPrice = maxAbsPrice; m.idChars = idChars;
  return m;
}

/** The value of an id that is a canonical integer of 1 to 9 digits ("0", "17", not "017"), else -1. */
function integerId(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9 || (n > 1 && s.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Largest integer id a bus table holds: a few per bus (case300's ids reach 9533), at least 2^16. */
const tableLimit = (buses: number) => Math.max(1 << 16, 8 * buses);
const busTables = new WeakMap<BasicNetwork, Int32Array>();

/**
 * The bus index by integer id (-1: no bus has that id), for the network's buses whose ids are
 * canonical integers below tableLimit; an id read by its digits names exactly the bus whose id is
 * that text, so the result is busIndex.get's. Kept per network (a prepared or kept one serves
 * many calls).
 */
function busTableOf(net: BasicNetwork): Int32Array {
  let t = busTables.get(net);
  if (t) return t;
  const ids = net.busIds, limit = tableLimit(ids.length);
  let top = -1;
  for (let b = 0; b < ids.length; b++) { const k = integerId(ids[b]); if (k < limit && k > top) top = k; }
  t = new Int32Array(top + 1).fill(-1);
  for (let b = 0; b < ids.length; b++) { const k = integerId(ids[b]); if (k >= 0 && k <= top) t[k] = b; }
  busTables.set(net, t);
  return t;
}

function priceRange(o: Order, i: number): never {
  orderError('PRICE_OUT_OF_RANGE', o, i, 'price', 'a price in [priceFloor, priceCap]', o.price);
}

/** Makes the exact bigint columns when order i is the first beyond 2^53 ticks (earlier orders are exact in f64). */
function startBig(m: BasicMarket, i: number): void {
  const n = m.price.length;
  m.bigPrice = new BigInt64Array(n); m.bigQty = new BigInt64Array(n);
  for (let k = 0; k < i; k++) { m.bigPrice[k] = BigInt(m.price[k]); m.bigQty[k] = BigInt(m.qty[k]); }
  m.firstBig = i;
}

/** A sequence as a bigint: a safe integer, a bigint or an integer string with |sequence| < 2^62; else undefined. */
export function sequenceValue(s: unknown): bigint | undefined {
  let v: bigint | undefined;
  if (typeof s === 'number' && Number.isSafeInteger(s)) v = BigInt(s);
  else if (typeof s === 'bigint') v = s;
  else if (typeof s === 'string' && /^-?(0|[1-9][0-9]{0,30})$/.test(s)) v = BigInt(s);
  return v === undefined || v >= MAX_TICKS || v <= -MAX_TICKS ? undefined : v;
}

/** Reads an order's sequence into the column (made on first need); INVALID_ORDER when it is not one. */
function sequenceOf(m: BasicMarket, o: Order, i: number): void {
  const v = sequenceValue(o.sequence);
  if (v === undefined) orderError('INVALID_ORDER', o, i, 'sequence', 'an integer with |sequence| < 2^62 (a number, bigint or integer string)', o.sequence);
  if (!m.sequence) m.sequence = new BigInt64Array(m.price.length).fill(NO_SEQUENCE);
  m.sequence[i] = v;
}

/** Exact bigint columns of a BasicMarket's prices and quantities (verify's and settlement's arithmetic). */
export function tickColumns(m: BasicMarket): { price: BigInt64Array; qty: BigInt64Array } {
  if (m.bigPrice) return { price: m.bigPrice, qty: m.bigQty! };
  const n = m.price.length, price = new BigInt64Array(n), qty = new BigInt64Array(n);
  for (let i = 0; i < n; i++) { price[i] = BigInt(m.price[i]); qty[i] = BigInt(m.qty[i]); }
  return { price, qty };
}
