// Call auction API: the copper-plate double auction (uniform price, pay-as-bid, trade reduction).
// See docs/auction.md for the mechanisms and their price, tie and rounding rules.
import { GridclearError } from '../errors.js';
import { formatTicks } from '../model/fixed.js';
import type { Market } from '../model/types.js';
import { runAuction } from './encode.js';
import { tickMarketOf, writeOrders } from './market.js';
import { normalizeMarket } from '../model/normalize.js';
import { show } from '../model/fixed.js';
import { checkTickMarket, coreOptions } from './options.js';
import type { AuctionOptions, AuctionResult, OrderColumns, TickMarket } from './types.js';

export type * from './types.js';

const COLUMN_TYPES = { side: Uint8Array, priceTicks: BigInt64Array, quantityTicks: BigInt64Array, sequence: BigInt64Array } as const;

function columnOf(columns: OrderColumns, field: keyof OrderColumns, n: number): void {
  const c = columns[field];
  if (c === undefined && field === 'sequence') return;
  const type = COLUMN_TYPES[field];
  if (!(c instanceof type) || c.length !== n) {
    throw new GridclearError('INVALID_ORDER', `columns.${field} must be a ${type.name} with one entry per order (${n}), got ${describeColumn(c)}`, {
      field, expected: `a ${type.name} of length ${n}`,
    });
  }
}

function describeColumn(c: unknown): string {
  if (c !== null && typeof c === 'object' && ArrayBuffer.isView(c)) return `a ${c.constructor.name} of length ${(c as unknown as { length: number }).length}`;
  return show(c);
}

/**
 * Clears orders given as columns (the fast path: one copy into Wasm memory, no per-order work in
 * JavaScript). Ties at a price go by sequence, then by index. Throws GridclearError
 * (NON_POSITIVE_QUANTITY, PRICE_OUT_OF_RANGE, UNKNOWN_SIDE, EMPTY_MARKET, OVERFLOW,
 * TOO_MANY_ORDERS, INVALID_MARKET, INVALID_OPTION, INVALID_ORDER) naming the order's index.
 */
export function clearColumns(columns: OrderColumns, market: TickMarket, options?: AuctionOptions): AuctionResult {
  const tm = checkTickMarket(market);
  const opt = coreOptions(options);
  if (columns === null || typeof columns !== 'object' || !(columns.side instanceof Uint8Array)) {
    throw new GridclearError('INVALID_ORDER', `columns must hold side (a Uint8Array), priceTicks and quantityTicks, got side ${describeColumn(columns?.side)}`, { field: 'side', expected: 'a Uint8Array' });
  }
  const n = columns.side.length;
  columnOf(columns, 'priceTicks', n);
  columnOf(columns, 'quantityTicks', n);
  columnOf(columns, 'sequence', n);
  if (n === 0) throw new GridclearError('EMPTY_MARKET', 'the market has no orders', { field: 'side', expected: 'at least one order' });
  const hasSeq = columns.sequence !== undefined;
  return runAuction({ n, hasSeq, idChars: -1 }, tm, opt, (arena, p) => {
    arena.u8(p.side, n).set(columns.side);
    arena.i64(p.price, n).set(columns.priceTicks);
    arena.i64(p.qty, n).set(columns.quantityTicks);
    if (hasSeq) arena.i64(p.seq, n).set(columns.sequence!);
  });
}

/**
 * Clears a copper-plate market given as objects (market-case/1 without a network). The result
 * does not depend on the order of the input array: ties go by sequence, then by id. Every input
 * error is a GridclearError naming the order's id, index, field and what was expected.
 */
export function clearAuction(market: Market, options?: AuctionOptions): AuctionResult {
  // duplicate ids: the core finds them (a hash set over the code units) in the same call
  const m = normalizeMarket(market, { network: 'reject', duplicateIds: false });
  const opt = coreOptions(options);
  const ids = m.orderIds;
  const result = runAuction({ n: ids.length, hasSeq: m.sequence !== undefined, idChars: m.idChars }, tickMarketOf(m), opt,
    (arena, p) => writeOrders(m, arena, p), ids);
  result.orderIds = ids;
  return result;
}

/** Order ids (or indices as strings, for columns) as keys: what reports and the CLI print. */
function keys(result: AuctionResult): string[] {
  return result.orderIds ?? Array.from(result.fills, (_, i) => String(i));
}

/** Fills as decimal strings keyed by order id (index for columns input), e.g. for clearing-result/1. */
export function fillsById(result: AuctionResult): Record<string, string> {
  const out: Record<string, string> = {};
  const k = keys(result);
  for (let i = 0; i < k.length; i++) out[k[i]] = formatTicks(result.fills[i], result.quantityDecimals);
  return out;
}

/** Payments (what a buyer pays, a seller receives) as decimal strings keyed by order id. */
export function paymentsById(result: AuctionResult): Record<string, string> {
  const out: Record<string, string> = {};
  const k = keys(result);
  const d = result.priceDecimals + result.quantityDecimals;
  for (let i = 0; i < k.length; i++) out[k[i]] = formatTicks(result.payments[i], d);
  return out;
}

/** Formats a money amount of a result (ticks of priceDecimals + quantityDecimals decimals). */
export function formatMoney(result: AuctionResult, ticks: bigint): string {
  return formatTicks(ticks, result.priceDecimals + result.quantityDecimals);
}

/** Formats a price of a result (uniform, low/high, buy/sell or trade price), or null. */
export function formatPrice(result: AuctionResult, ticks: bigint | null): string | null {
  return ticks === null ? null : formatTicks(ticks, result.priceDecimals);
}
