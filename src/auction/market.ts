// The object path: validate a Market's orders (every error names id, index, field, expected)
// and write them straight into the core's columns, with no Decimal or BigInt per common order.
import { GridclearError } from '../errors.js';
import { checkDecimals, exactTicks, fastTicks, toTicks, type DecimalLike } from '../model/fixed.js';
import { MARKET_DEFAULTS, type Market, type Order } from '../model/types.js';
import type { Arena } from '../wasm/engine.js';
import type { InputPtrs } from './encode.js';
import { MAX_TICKS } from './options.js';
import type { TickMarket } from './types.js';

const TWO32 = 4294967296;
/** Stored for orders without a sequence: after every order that has one (|sequence| < 2^62). */
const NO_SEQUENCE = (1n << 63n) - 1n;

/** Exact ticks of a price or quantity: the fast paths, else toTicks (which throws the error). */
export function ticksOf(v: DecimalLike, dec: number, o: Order, index: number, field: string): number | bigint {
  return fastTicks(v, dec) ?? exactTicks(v, dec, { id: o.id, index, field });
}

/** Reads a market bound (INVALID_MARKET when it is not a decimal on the price tick). */
function bound(v: DecimalLike, dec: number, field: string): bigint {
  let t: bigint;
  try {
    t = toTicks(v, dec, { field });
  } catch (e) {
    throw new GridclearError('INVALID_MARKET', `${field} must be a decimal on the price tick: ${(e as Error).message}`, {
      field, value: v, expected: `a decimal with at most ${dec} decimals`,
    });
  }
  return t;
}

/** Checks the market's own fields and returns its ticks (defaults from MARKET_DEFAULTS). */
export function marketTicks(m: Market): TickMarket {
  if (m === null || typeof m !== 'object' || !Array.isArray(m.orders)) {
    throw new GridclearError('INVALID_MARKET', 'a market is an object with an orders array', { field: 'orders', expected: 'an array of orders' });
  }
  if (m.network !== undefined && m.network !== null) {
    throw new GridclearError('INVALID_MARKET', 'this market has a network: clear it with the nodal clearing, not clearAuction (copper plate only)', {
      field: 'network', expected: 'no network (copper plate)',
    });
  }
  const priceDecimals = checkDecimals(m.priceDecimals ?? MARKET_DEFAULTS.priceDecimals, 'priceDecimals');
  const quantityDecimals = checkDecimals(m.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals, 'quantityDecimals');
  const priceCapTicks = bound(m.priceCap ?? MARKET_DEFAULTS.priceCap, priceDecimals, 'priceCap');
  const priceFloorTicks = bound(m.priceFloor ?? MARKET_DEFAULTS.priceFloor, priceDecimals, 'priceFloor');
  if (priceFloorTicks > priceCapTicks) {
    throw new GridclearError('INVALID_MARKET', 'priceFloor is above priceCap', { field: 'priceFloor', value: m.priceFloor, expected: 'priceFloor <= priceCap' });
  }
  return { priceDecimals, quantityDecimals, priceCapTicks, priceFloorTicks };
}

function invalidOrder(o: unknown, index: number, field: string, expected: string): GridclearError {
  const id = o !== null && typeof o === 'object' && typeof (o as Order).id === 'string' ? (o as Order).id : undefined;
  return new GridclearError('INVALID_ORDER', `order #${index}${id !== undefined ? ` (${JSON.stringify(id)})` : ''}: ${field} must be ${expected}`, {
    id, index, field, expected, value: o !== null && typeof o === 'object' ? (o as unknown as Record<string, unknown>)[field] : o,
  });
}

/**
 * First pass: order objects and ids (INVALID_ORDER); id code units and sequences. Duplicate ids are
 * found by the core (a hash set over the code units), far faster than a JavaScript Set.
 */
export function scanOrders(orders: Order[]): { ids: string[]; idChars: number; hasSeq: boolean } {
  const n = orders.length;
  if (n === 0) throw new GridclearError('EMPTY_MARKET', 'the market has no orders', { field: 'orders', expected: 'at least one order' });
  const ids: string[] = []; // pushed, not new Array(n): large holey arrays go to dictionary mode
  let idChars = 0;
  let hasSeq = false;
  for (let i = 0; i < n; i++) {
    const o = orders[i];
    if (o === null || typeof o !== 'object') throw invalidOrder(o, i, 'order', 'an object');
    const id = o.id;
    if (typeof id !== 'string' || id.length === 0) throw invalidOrder(o, i, 'id', 'a non-empty string');
    ids.push(id);
    idChars += id.length;
    if (o.sequence !== undefined) hasSeq = true;
  }
  return { ids, idChars, hasSeq };
}

/** A sequence as i64 ticks (absent: after all others), or INVALID_ORDER. */
function sequenceOf(o: Order, i: number): bigint {
  const s = o.sequence;
  if (s === undefined) return NO_SEQUENCE;
  if ((typeof s === 'number' && Number.isSafeInteger(s)) || (typeof s === 'bigint' && s < MAX_TICKS && s > -MAX_TICKS)) return BigInt(s);
  throw invalidOrder(o, i, 'sequence', 'an integer with |sequence| < 2^62');
}

/** Stores ticks at word index w of an i64 column seen as Int32 pairs (BigInt only when large). */
function put(w32: Int32Array, w64: BigInt64Array, w: number, t: number | bigint): void {
  if (typeof t === 'bigint') { w64[w] = t; return; }
  w32[2 * w] = t >>> 0;
  w32[2 * w + 1] = Math.floor(t / TWO32);
}

/** Second pass: side, price and quantity checks, written straight into the columns. */
export function writeOrders(orders: Order[], ids: string[], idChars: number, tm: TickMarket, arena: Arena, p: InputPtrs): void {
  const n = orders.length;
  const buf = arena.buffer;
  const side = new Uint8Array(buf, p.side, n);
  const p32 = new Int32Array(buf, p.price, 2 * n), p64 = new BigInt64Array(buf, p.price, n);
  const q32 = new Int32Array(buf, p.qty, 2 * n), q64 = new BigInt64Array(buf, p.qty, n);
  const seq = p.seq ? new BigInt64Array(buf, p.seq, n) : undefined;
  const off = new Int32Array(buf, p.idOff, n + 1);
  const chars = new Uint16Array(buf, p.idChars, idChars);
  const floor = tm.priceFloorTicks, cap = tm.priceCapTicks;
  const floorN = Number(floor), capN = Number(cap);
  let c = 0;
  for (let i = 0; i < n; i++) {
    const o = orders[i];
    const s = o.side;
    if (s !== 'buy' && s !== 'sell') {
      throw new GridclearError('UNKNOWN_SIDE', `order ${JSON.stringify(o.id)} (#${i}): side must be 'buy' or 'sell', got ${JSON.stringify(s)}`, {
        id: o.id, index: i, field: 'side', expected: "'buy' or 'sell'", value: s,
      });
    }
    side[i] = s === 'buy' ? 0 : 1;
    const q = ticksOf(o.quantity, tm.quantityDecimals, o, i, 'quantity');
    if (q <= 0) {
      throw new GridclearError('NON_POSITIVE_QUANTITY', `order ${JSON.stringify(o.id)} (#${i}): quantity must be > 0, got ${String(o.quantity)}`, {
        id: o.id, index: i, field: 'quantity', expected: 'a quantity > 0', value: o.quantity,
      });
    }
    const pr = ticksOf(o.price, tm.priceDecimals, o, i, 'price');
    if (typeof pr === 'number' ? pr < floorN || pr > capN : pr < floor || pr > cap) {
      throw new GridclearError('PRICE_OUT_OF_RANGE', `order ${JSON.stringify(o.id)} (#${i}): price ${String(o.price)} is outside [priceFloor, priceCap]`, {
        id: o.id, index: i, field: 'price', expected: `a price in [${floor}, ${cap}] ticks`, value: o.price,
      });
    }
    put(q32, q64, i, q);
    put(p32, p64, i, pr);
    if (seq) seq[i] = sequenceOf(o, i);
    const id = ids[i];
    off[i] = c;
    for (let k = 0; k < id.length; k++) chars[c++] = id.charCodeAt(k);
  }
  off[n] = c;
}
