// Auction entry point: one call clears one copper-plate call auction described by a header of
// i64 slots (layout.ts) that TypeScript wrote, with every column and the scratch already allocated.
import {
  STATUS_EMPTY_MARKET, STATUS_NON_POSITIVE_QUANTITY, STATUS_OK, STATUS_OVERFLOW,
  STATUS_PRICE_OUT_OF_RANGE, STATUS_UNKNOWN_SIDE, STATUS_DUPLICATE_ID,
} from "../abi";
import { findDuplicateId } from "./ids";
import * as L from "./layout";
import { setBook } from "./book";
import { sortSide, sortTieRuns, setTieKeys } from "./sort";
import { crossVolume, fillSide, lastFilled } from "./allocate";
import * as M from "./mechanism";
import { clearOverflow, overflowed } from "./wide";

const MAX_QTY: i64 = 1 << 62;

@inline function hget(h: usize, slot: i32): i64 { return load<i64>(h + (<usize>slot << 3)); }
@inline function hptr(h: usize, slot: i32): usize { return <usize>load<i64>(h + (<usize>slot << 3)); }
@inline function hset(h: usize, slot: i32, v: i64): void { store<i64>(h + (<usize>slot << 3), v); }

/** Scratch bytes the core needs for n orders: TypeScript reserves them before the call. */
export function auctionScratchBytes(n: i32): i32 {
  const m = (n + 1) & ~1;
  return 60 * m + L.HIST_BYTES;
}

/** Checks every order (first failure wins, its index in the header) and counts the buys. */
function validate(h: usize, n: i32): i32 {
  const side = hptr(h, L.H_SIDE), price = hptr(h, L.H_PRICE), qty = hptr(h, L.H_QTY);
  const cap = hget(h, L.H_CAP), floor = hget(h, L.H_FLOOR);
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const s = load<u8>(side + <usize>i);
    const q = load<i64>(qty + (<usize>i << 3));
    const p = load<i64>(price + (<usize>i << 3));
    let st = STATUS_OK;
    if (s > 1) st = STATUS_UNKNOWN_SIDE;
    else if (q <= 0) st = STATUS_NON_POSITIVE_QUANTITY;
    else if (q >= MAX_QTY) st = STATUS_OVERFLOW;
    else if (p < floor || p > cap) st = STATUS_PRICE_OUT_OF_RANGE;
    if (st != STATUS_OK) {
      hset(h, L.H_BAD_INDEX, i);
      return -st;
    }
    nb += 1 - <i32>s;
  }
  return nb;
}

/** Writes buy indices to idx[0..nb) and sell indices to idx[nb..n), each in input order. */
function partition(side: usize, n: i32, nb: i32, idx: usize): void {
  let b = 0, s = nb;
  for (let i = 0; i < n; i++) {
    const isSell = <i32>load<u8>(side + <usize>i); // branch-free: sides arrive in random order
    store<i32>(idx + (<usize>select<i32>(s, b, isSell != 0) << 2), i);
    b += 1 - isSell;
    s += isSell;
  }
}

/** Sorted copies of price and quantity (position k = k-th order of the merit orders). */
function gather(idx: usize, n: i32, price: usize, qty: usize, pos: usize, sp: usize, sq: usize): void {
  for (let k = 0; k < n; k++) {
    const o = <usize>load<i32>(idx + (<usize>k << 2)) << 3;
    store<i32>(pos + (<usize>k << 2), k);
    store<i64>(sp + (<usize>k << 3), load<i64>(price + o));
    store<i64>(sq + (<usize>k << 3), load<i64>(qty + o));
  }
}

/** Fills and payments of positions [from, to) back to input order (random writes: keep it short). */
function scatter(idx: usize, from: i32, to: i32, sf: usize, spay: usize, fills: usize, payments: usize): void {
  for (let k = from; k < to; k++) {
    const o = <usize>load<i32>(idx + (<usize>k << 2)) << 3;
    store<i64>(fills + o, load<i64>(sf + (<usize>k << 3)));
    store<i64>(payments + o, load<i64>(spay + (<usize>k << 3)));
  }
}

/** Copies the mechanism's outcome into the header's output slots. */
function writeOutputs(h: usize, nTrades: i32): void {
  hset(h, L.H_HAS_PRICE, M.hasPrice ? 1 : 0);
  hset(h, L.H_PRICE_OUT, M.uniformPrice);
  hset(h, L.H_LOW, M.low);
  hset(h, L.H_HIGH, M.high);
  hset(h, L.H_HAS_SIDE_PRICES, M.hasSidePrices ? 1 : 0);
  hset(h, L.H_BUY_PRICE, M.buyPrice);
  hset(h, L.H_SELL_PRICE, M.sellPrice);
  hset(h, L.H_VOLUME, M.volume);
  hset(h, L.H_WELFARE, M.welfare);
  hset(h, L.H_BUYERS_PAY, M.buyersPay);
  hset(h, L.H_SELLERS_RECEIVE, M.sellersReceive);
  hset(h, L.H_SURPLUS, M.buyersPay - M.sellersReceive);
  hset(h, L.H_N_TRADES, nTrades);
}

/** Clears one call auction; returns a status code (the failing order's index in the header). */
export function auctionClear(h: usize): i32 {
  const n = <i32>hget(h, L.H_N);
  hset(h, L.H_BAD_INDEX, -1);
  if (n == 0) return STATUS_EMPTY_MARKET;
  clearOverflow();
  const nb = validate(h, n);
  if (nb < 0) return -nb;
  const price = hptr(h, L.H_PRICE), qty = hptr(h, L.H_QTY);
  const m = <usize>((n + 1) & ~1);
  const idx = hptr(h, L.H_SCRATCH), tmp = idx + (m << 2), keyA = idx + (m << 3), keyB = idx + (m << 4);
  const hist = idx + m * 24;
  const idOff = hptr(h, L.H_ID_OFF);
  if (idOff != 0) {
    const dup = findDuplicateId(idOff, hptr(h, L.H_ID_CHARS), n, keyA); // keyA, keyB: 16n bytes
    if (dup >= 0) {
      hset(h, L.H_BAD_INDEX, dup);
      return STATUS_DUPLICATE_ID;
    }
  }
  partition(hptr(h, L.H_SIDE), n, nb, idx);
  const sells = idx + (<usize>nb << 2), ns = n - nb;
  setTieKeys(hptr(h, L.H_SEQ), hptr(h, L.H_ID_OFF), hptr(h, L.H_ID_CHARS));
  sortSide(idx, nb, price, true, tmp, keyA, keyB, hist);
  sortSide(sells, ns, price, false, tmp, keyA, keyB, hist);
  sortTieRuns(idx, nb, price, tmp);
  sortTieRuns(sells, ns, price, tmp);
  // Work on merit-order positions: gather price and quantity once, so every later pass is sequential.
  const pos = hist + <usize>L.HIST_BYTES, sp = pos + (m << 2), sq = sp + (m << 3);
  const sf = sq + (m << 3), spay = sf + (m << 3);
  gather(idx, n, price, qty, pos, sp, sq);
  memory.fill(sf, 0, <usize>n << 3);
  memory.fill(spay, 0, <usize>n << 3);
  const sellPos = pos + (<usize>nb << 2);
  const tie = <i32>hget(h, L.H_TIE);
  setBook(sp, sq, sf, spay, pos, nb, sellPos, ns, tie, keyA, keyB, tmp);
  const q = crossVolume(pos, nb, sellPos, ns, sp, sq);
  fillSide(pos, nb, q, sp, sq, sf, tie, keyA, keyB, tmp);
  fillSide(sellPos, ns, q, sp, sq, sf, tie, keyA, keyB, tmp);
  if (overflowed) return STATUS_OVERFLOW;
  M.priceInterval(hget(h, L.H_FLOOR), hget(h, L.H_CAP));
  const mech = <i32>hget(h, L.H_MECH);
  M.applyPrices(mech, <u64>hget(h, L.H_K_NUM), <u64>hget(h, L.H_K_DEN));
  const nt = M.buildTrades(mech, <i32>hget(h, L.H_PAB), idx, hptr(h, L.H_T_BUYER), hptr(h, L.H_T_SELLER),
    hptr(h, L.H_T_QTY), hptr(h, L.H_T_PRICE));
  M.settle(mech);
  if (overflowed) return STATUS_OVERFLOW;
  // Orders after the last filled position of each side have neither fill nor payment.
  const fills = hptr(h, L.H_FILLS), payments = hptr(h, L.H_PAYMENTS);
  memory.fill(fills, 0, <usize>n << 3);
  memory.fill(payments, 0, <usize>n << 3);
  scatter(idx, 0, lastFilled(pos, nb, sf) + 1, sf, spay, fills, payments);
  scatter(idx, nb, nb + lastFilled(sellPos, ns, sf) + 1, sf, spay, fills, payments);
  writeOutputs(h, nt);
  return STATUS_OK;
}
