// One auction call across the Wasm boundary: size every column, reserve once, let the caller
// write the input columns, call `auctionClear` once, copy the results out (fresh arrays).
import { GridclearError, type ErrorCode } from '../errors.js';
import { withArena, type Arena } from '../wasm/engine.js';
import * as S from '../wasm/abi.js';
import { H, H_SLOTS, SCRATCH_SLOTS, scratchPieces } from './layout.js';
import type { CoreOptions } from './options.js';
import type { AuctionResult, TickMarket } from './types.js';

/** Where the caller writes the input columns (byte addresses in Wasm memory). */
export interface InputPtrs {
  side: number;
  price: number;
  qty: number;
  /** 0 when there is no sequence column. */
  seq: number;
  /** 0 when there are no ids. */
  idOff: number;
  idChars: number;
}

/** The shape of one call: order count, whether sequences and ids come along. */
export interface CallShape {
  n: number;
  hasSeq: boolean;
  /** Total UTF-16 code units of the ids, or -1 without ids. */
  idChars: number;
}

const STATUS_CODES: Record<number, [ErrorCode, string, string]> = {
  [S.STATUS_UNKNOWN_SIDE]: ['UNKNOWN_SIDE', 'side', '0 (buy) or 1 (sell)'],
  [S.STATUS_NON_POSITIVE_QUANTITY]: ['NON_POSITIVE_QUANTITY', 'quantity', 'a quantity > 0'],
  [S.STATUS_PRICE_OUT_OF_RANGE]: ['PRICE_OUT_OF_RANGE', 'price', 'a price in [priceFloor, priceCap]'],
  [S.STATUS_OVERFLOW]: ['OVERFLOW', 'quantity', 'quantities, products and sums that fit in 64-bit ticks'],
  [S.STATUS_EMPTY_MARKET]: ['EMPTY_MARKET', 'orders', 'at least one order'],
  [S.STATUS_DUPLICATE_ID]: ['DUPLICATE_ID', 'id', 'an id unique among the orders'],
};

/** Turns a core status into a GridclearError naming the order (by index, and id when known). */
function statusError(status: number, index: number, ids?: string[]): GridclearError {
  const known = STATUS_CODES[status];
  if (!known) return new GridclearError('INTERNAL', `the auction core returned status ${status}`);
  const [code, field, expected] = known;
  if (index < 0) {
    const msg = code === 'OVERFLOW' ? 'a money amount, volume or sum does not fit in 64-bit ticks' : `the market has ${expected === 'at least one order' ? 'no orders' : 'a bad value'}`;
    return new GridclearError(code, msg, { expected });
  }
  const id = ids?.[index];
  const who = id !== undefined ? `order ${JSON.stringify(id)} (#${index})` : `order #${index}`;
  return new GridclearError(code, `${who}: ${field} must be ${expected}`, { id, index, field, expected });
}

/** The bump allocator of the core's runtime refuses single blocks of 1 GiB or more. */
const MAX_BLOCK = 2 ** 30 - 64;

/** Bytes of every column of a call, in allocation order (inputs, outputs, header, scratch pieces). */
function columnBytes(s: CallShape, opt: CoreOptions): number[] {
  const n = s.n;
  const ids = s.idChars >= 0;
  const t = coreBuildsTrades(opt) ? n : 0; // pay-as-bid sums its payments from the trades
  return [
    n, 8 * n, 8 * n, s.hasSeq ? 8 * n : 0, ids ? 4 * (n + 1) : 0, ids ? 2 * s.idChars : 0,
    8 * n, 8 * n, 4 * t, 4 * t, 8 * t, 8 * t, 8 * H_SLOTS, ...scratchPieces(n),
  ];
}

/** Whether the core builds the list of trades (the caller's wish, or pay-as-bid's payments). */
function coreBuildsTrades(opt: CoreOptions): boolean {
  return opt.trades || opt.mechanism === 'pay-as-bid';
}

/** Runs one clearing; `write` fills the input columns (it may throw: the arena is reset). */
export function runAuction(shape: CallShape, market: TickMarket, opt: CoreOptions,
                           write: (arena: Arena, p: InputPtrs) => void, ids?: string[]): AuctionResult {
  const sizes = columnBytes(shape, opt);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((b) => b > MAX_BLOCK)) {
    throw new GridclearError('TOO_MANY_ORDERS', `${shape.n} orders need a single Wasm block of more than 1 GiB`, {
      expected: 'fewer orders (about 3e7 at most)',
    });
  }
  return withArena((arena) => {
    arena.reserve(total, sizes.length);
    // >>> 0: addresses past 2 GiB come back from the i32 export as negative numbers
    const ptr = sizes.map((b) => (b > 0 ? arena.alloc(b) >>> 0 : 0));
    const [side, price, qty, seq, idOff, idChars, fills, pay, tb, ts, tq, tp, hdr] = ptr;
    write(arena, { side, price, qty, seq, idOff, idChars });
    const h = arena.i64(hdr, H_SLOTS);
    h.fill(0n);
    const set = (slot: number, v: number | bigint): void => { h[slot] = BigInt(v); };
    set(H.N, shape.n); set(H.SIDE, side); set(H.PRICE, price); set(H.QTY, qty); set(H.SEQ, seq);
    set(H.ID_OFF, idOff); set(H.ID_CHARS, idChars); set(H.CAP, market.priceCapTicks);
    set(H.FLOOR, market.priceFloorTicks); set(H.MECH, opt.mech); set(H.TIE, opt.tie); set(H.PAB, opt.pab);
    set(H.K_NUM, opt.kNum); set(H.K_DEN, opt.kDen); set(H.FILLS, fills); set(H.PAYMENTS, pay);
    set(H.T_BUYER, tb); set(H.T_SELLER, ts); set(H.T_QTY, tq); set(H.T_PRICE, tp);
    SCRATCH_SLOTS.forEach((slot, k) => set(slot, ptr[13 + k]));
    set(H.WANT_TRADES, opt.trades ? 1 : 0);
    const status = (arena.ex.auctionClear as (h: number) => number)(hdr);
    const out = arena.i64(hdr, H_SLOTS);
    if (status !== S.STATUS_OK) throw statusError(status, Number(out[H.BAD_INDEX]), ids);
    return decode(arena, out, shape.n, market, opt, { fills, pay, tb, ts, tq, tp });
  });
}

/** Copies the result columns out of Wasm memory and reads the header's totals. */
function decode(arena: Arena, h: BigInt64Array, n: number, market: TickMarket, opt: CoreOptions,
                p: { fills: number; pay: number; tb: number; ts: number; tq: number; tp: number }): AuctionResult {
  const nt = Number(h[H.N_TRADES]);
  const sidePrices = h[H.HAS_SIDE_PRICES] === 1n;
  // Nothing traded: every fill and payment is 0 (the core may not write them); fresh zeroed
  // arrays cost no copy. One price per side: the core leaves the trades' price column.
  const none = h[H.VOLUME] === 0n;
  // views (opt.views) stay in the arena, which the next call reuses; copies are fresh arrays
  const out = opt.views ? <T extends Column>(v: T): T => v : copyOf;
  const price = (): BigInt64Array => {
    if (opt.mechanism === 'pay-as-bid') return out(arena.i64(p.tp, nt));
    return (opt.views ? arena.i64(p.tp, nt) : unfilled(BigInt64Array, nt)).fill(h[H.BUY_PRICE]);
  };
  return {
    mechanism: opt.mechanism,
    ...(opt.mechanism === 'pay-as-bid' ? { payAsBidPrice: opt.payAsBidPrice } : {}),
    priceDecimals: market.priceDecimals,
    quantityDecimals: market.quantityDecimals,
    priceTicks: h[H.HAS_PRICE] === 1n ? h[H.PRICE_OUT] : null,
    priceLowTicks: h[H.LOW],
    priceHighTicks: h[H.HIGH],
    buyPriceTicks: sidePrices ? h[H.BUY_PRICE] : null,
    sellPriceTicks: sidePrices ? h[H.SELL_PRICE] : null,
    volumeTicks: h[H.VOLUME],
    welfareTicks: h[H.WELFARE],
    buyersPayTicks: h[H.BUYERS_PAY],
    sellersReceiveTicks: h[H.SELLERS_RECEIVE],
    surplusTicks: h[H.SURPLUS],
    fills: none ? new BigInt64Array(n) : out(arena.i64(p.fills, n)),
    payments: none ? new BigInt64Array(n) : out(arena.i64(p.pay, n)),
    trades: opt.trades ? {
      buyer: out(arena.i32(p.tb, nt)),
      seller: out(arena.i32(p.ts, nt)),
      quantityTicks: out(arena.i64(p.tq, nt)),
      priceTicks: price(),
    } : null,
  };
}

type Column = BigInt64Array | Int32Array;

/** Node's Buffer: allocates memory that is not zeroed first (absent elsewhere: browsers). */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow?(bytes: number): Uint8Array } }).Buffer;
const unzeroed = typeof NodeBuffer?.allocUnsafeSlow === 'function'
  ? (bytes: number): Uint8Array => NodeBuffer.allocUnsafeSlow!(bytes) : undefined;

/**
 * A fresh array of `n` elements whose contents the caller overwrites entirely: in Node on memory
 * that is not zeroed first (its own ArrayBuffer, not Buffer's shared pool), elsewhere zeroed.
 */
function unfilled<T extends Column>(type: { new (b: ArrayBuffer, off: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number }, n: number): T {
  if (unzeroed === undefined) return new type(n);
  const bytes = unzeroed(n * type.BYTES_PER_ELEMENT);
  return new type(bytes.buffer as ArrayBuffer, bytes.byteOffset, n);
}

/** A fresh copy of a column of Wasm memory (as slice() gives, without zeroing it first in Node). */
function copyOf<T extends Column>(v: T): T {
  const a = unfilled(v.constructor as unknown as { new (b: ArrayBuffer, off: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number }, v.length);
  (a as Column).set(v as never);
  return a;
}
