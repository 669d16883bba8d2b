// The columnar entry of the nodal clearing: orders as the auction's columns (side, price and
// quantity ticks) plus a bus index per order, on a prepared GridModel. One validation pass reads
// the i64 ticks as i32 halves (no bigint per order) into the BasicMarket that normalizeMarket makes
// of the same orders as objects; from there the path is clearNodal's, so the results are the same.
import { GridclearError, type ErrorCode } from '../errors.js';
import { show } from '../model/fixed.js';
import { firstRepeat } from '../model/ids.js';
import type { BasicMarket } from '../model/normalize.js';
import { Slab, slabBytes } from '../model/slab.js';
import { checkTickMarket } from '../auction/options.js';
import type { TickMarket } from '../auction/types.js';
import { GridModel } from '../grid/index.js';
import { checkOptions, clearNodalBasic } from './index.js';
import type { NodalColumns, NodalColumnsOptions, NodalColumnsResult } from './types.js';

/** 2^21: the high i32 half of 2^53 (ticks beyond +-2^53 are not exact in the nodal solver's f64). */
const HI_EXACT = 1 << 21;
const TWO32 = 4294967296;
/** 2^30: the high i32 half of 2^62, the bound of every tick count (src/model/normalize.ts MAX_TICKS). */
const HI_62 = 1 << 30;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function columnError(field: string, expected: string, c: unknown): never {
  const got = c !== null && typeof c === 'object' && ArrayBuffer.isView(c) ? `a ${c.constructor.name} of length ${(c as unknown as { length: number }).length}` : show(c);
  throw new GridclearError('INVALID_ORDER', `columns.${field} must be ${expected}, got ${got}`, { field, expected });
}

/** Checks the columns' types and lengths (INVALID_ORDER naming the column); returns the order count. */
function checkShapes(c: NodalColumns): number {
  if (c === null || typeof c !== 'object' || !(c.side instanceof Uint8Array)) columnError('side', 'a Uint8Array', c?.side);
  const n = c.side.length;
  const want = [['priceTicks', BigInt64Array], ['quantityTicks', BigInt64Array], ['bus', Int32Array]] as const;
  for (const [field, type] of want) {
    const v = c[field];
    if (!(v instanceof type) || v.length !== n) columnError(field, `a ${type.name} with one entry per order (${n})`, v);
  }
  if (c.ids !== undefined && (!Array.isArray(c.ids) || c.ids.length !== n)) columnError('ids', `an array of ${n} strings (one per order)`, c.ids);
  if (n === 0) throw new GridclearError('EMPTY_MARKET', 'the market has no orders', { field: 'side', expected: 'at least one order' });
  return n;
}

function orderError(code: ErrorCode, ids: string[] | undefined, index: number, field: string, expected: string, value: unknown): never {
  const id = ids !== undefined && typeof ids[index] === 'string' ? ids[index] : undefined;
  const who = id !== undefined ? `order ${JSON.stringify(id)} (#${index})` : `order #${index}`;
  throw new GridclearError(code, `${who}: ${field} must be ${expected}, got ${show(value)}`, { id, index, field, expected, value });
}

/** An i64 given as i32 halves, beyond +-2^53 (f64 of it inexact or out of the solver's range). */
function beyond53(hi: number, lo: number): boolean {
  return hi > HI_EXACT || hi < -HI_EXACT || (hi === HI_EXACT && lo !== 0);
}

/** An i64 given as i32 halves with |v| >= 2^62: beyond any tick count (normalizeMarket's OVERFLOW). */
function beyond62(hi: number, lo: number): boolean {
  return hi >= HI_62 || hi < -HI_62 || (hi === -HI_62 && lo === 0);
}

function overflow(ids: string[] | undefined, i: number, field: string, value: bigint): never {
  orderError('OVERFLOW', ids, i, field, 'a tick count with |ticks| < 2^62', value);
}

/**
 * The BasicMarket of validated columns, checked in one pass in normalizeMarket's order: per order
 * id, side, quantity, price, bus; then repeated ids; then ticks beyond 2^53 (OVERFLOW, as
 * prepareNodal's). Buses are indices into the grid's buses.
 */
function basicOfColumns(c: NodalColumns, n: number, tm: TickMarket, grid: GridModel): BasicMarket {
  const net = grid.network, nB = net.busIds.length, ids = c.ids, { side, bus } = c;
  const lo = LITTLE_ENDIAN ? 0 : 1, hi = 1 - lo;
  const p32 = new Int32Array(c.priceTicks.buffer, c.priceTicks.byteOffset, 2 * n);
  const q32 = new Int32Array(c.quantityTicks.buffer, c.quantityTicks.byteOffset, 2 * n);
  const slab = new Slab(2 * slabBytes(n, 8));
  const price = slab.f64(n), qty = slab.f64(n);
  const cap = tm.priceCapTicks, floor = tm.priceFloorTicks, capN = Number(cap), floorN = Number(floor);
  let totalQty = 0, maxAbsPrice = 0, idChars = 0, firstBig = -1;
  for (let i = 0; i < n; i++) {
    if (ids) {
      const id = ids[i];
      if (typeof id !== 'string' || id.length === 0) orderError('INVALID_ORDER', ids, i, 'id', 'a non-empty string', id);
      idChars += id.length;
    }
    const s = side[i];
    if (s > 1) orderError('UNKNOWN_SIDE', ids, i, 'side', '0 (buy) or 1 (sell)', s);
    const qh = q32[2 * i + hi], ql = q32[2 * i + lo], ph = p32[2 * i + hi], pl = p32[2 * i + lo];
    const q = qh * TWO32 + (ql >>> 0), p = ph * TWO32 + (pl >>> 0);
    if (beyond62(qh, ql)) overflow(ids, i, 'quantity', c.quantityTicks[i]);
    if (qh < 0 || (qh === 0 && ql === 0)) orderError('NON_POSITIVE_QUANTITY', ids, i, 'quantity', 'a quantity > 0', c.quantityTicks[i]);
    if (beyond62(ph, pl)) overflow(ids, i, 'price', c.priceTicks[i]);
    const bigP = beyond53(ph, pl);
    // an exact price compares exactly with the rounded cap and floor (|p| <= 2^53)
    if (bigP ? c.priceTicks[i] > cap || c.priceTicks[i] < floor : p > capN || p < floorN) {
      orderError('PRICE_OUT_OF_RANGE', ids, i, 'price', 'a price in [priceFloor, priceCap]', c.priceTicks[i]);
    }
    const b = bus[i];
    if (!(b >= 0 && b < nB)) orderError('UNKNOWN_BUS', ids, i, 'bus', `the index of a bus of the grid (0..${nB - 1})`, b);
    if (firstBig < 0 && (bigP || beyond53(qh, ql))) firstBig = i;
    price[i] = p; qty[i] = q;
    totalQty += q;
    const a = p < 0 ? -p : p;
    if (a > maxAbsPrice) maxAbsPrice = a;
  }
  if (ids) {
    const d = firstRepeat(ids);
    if (d >= 0) throw new GridclearError('DUPLICATE_ID', `two orders have the id ${JSON.stringify(ids[d])}`, { id: ids[d], index: d, field: 'id' });
  }
  if (firstBig >= 0) {
    const i = firstBig, who = ids ? `order ${JSON.stringify(ids[i])} (#${i})` : `order #${i}`;
    throw new GridclearError('OVERFLOW', `${who} has more than 2^53 ticks, beyond the nodal solver's exact range`, {
      id: ids?.[i], index: i, expected: '|ticks| <= 2^53 (a networked market)',
    });
  }
  // the fields of normalizeMarket's literal in its order: one layout for the nodal core's readers
  return {
    priceDecimals: tm.priceDecimals, quantityDecimals: tm.quantityDecimals, priceCapTicks: cap, priceFloorTicks: floor,
    orders: [], orderIds: ids ?? [], idChars, side, price, qty, bigPrice: undefined, bigQty: undefined, firstBig: -1,
    sequence: undefined, bus, network: net, totalQty, maxAbsPrice,
  };
}

/**
 * Clears a networked market given as columns (the fast path for simulators): `side` (0 buy, 1
 * sell), `priceTicks`, `quantityTicks` as in the auction's clearColumns, `bus` (each order's
 * bus index into `grid.network.busIds`) and optional `ids`, on the network prepared once as
 * `options.grid`. Same canonical order and tie rules as clearNodal (ties at a price by id; without
 * ids by index), so on the same orders the fills, prices, flows and welfare are those of
 * clearNodal. `orderIds` of the result is set only when ids are given. Throws GridclearError:
 * INVALID_ORDER (a column's type or length, an id), EMPTY_MARKET, UNKNOWN_SIDE,
 * NON_POSITIVE_QUANTITY, PRICE_OUT_OF_RANGE, UNKNOWN_BUS, DUPLICATE_ID, OVERFLOW (ticks beyond
 * 2^53), each naming the order by index (and id); INVALID_MARKET, INVALID_OPTION.
 */
export function clearNodalColumns(columns: NodalColumns, market: TickMarket, options: NodalColumnsOptions): NodalColumnsResult {
  if (options === null || typeof options !== 'object') {
    throw new GridclearError('INVALID_OPTION', 'options must be an object with grid (a GridModel)', { field: 'grid', expected: 'an object', value: options });
  }
  const tm = checkTickMarket(market);
  const opt = checkOptions(options);
  const grid = options.grid;
  if (!(grid instanceof GridModel)) {
    throw new GridclearError('INVALID_OPTION', 'options.grid must be a GridModel (GridModel.from(network, { quantityDecimals, allowNegativeReactance: true }))', { field: 'grid', expected: 'a GridModel' });
  }
  if (grid.network.quantityDecimals !== tm.quantityDecimals) {
    throw new GridclearError('INVALID_OPTION', `grid was built with quantityDecimals ${grid.network.quantityDecimals}, the market has ${tm.quantityDecimals}`, {
      field: 'grid', expected: `a GridModel built with quantityDecimals ${tm.quantityDecimals}`,
    });
  }
  const n = checkShapes(columns);
  const m = basicOfColumns(columns, n, tm, grid);
  const r: NodalColumnsResult = clearNodalBasic(m, opt, grid.factorData);
  if (!columns.ids) delete r.orderIds;
  return r;
}
