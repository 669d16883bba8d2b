// Auction entry point: one call clears one copper-plate call auction described by a header of
// i64 slots (layout.ts) that TypeScript wrote, with every column and the scratch already allocated.
import {
  STATUS_EMPTY_MARKET, STATUS_NON_POSITIVE_QUANTITY, STATUS_OK, STATUS_OVERFLOW,
  STATUS_PRICE_OUT_OF_RANGE, STATUS_UNKNOWN_SIDE, STATUS_DUPLICATE_ID,
} from "../abi";
import { findDuplicateId } from "./ids";
import * as L from "./layout";
import { setBook } from "./book";
import { setIdPrefixes, setTieKeys, sortSide, sortTieRuns } from "./sort";
import { crossVolume, fillSide, lastFilled } from "./allocate";
import * as M from "./mechanism";
import { clearOverflow, mulMoney, overflowed } from "./wide";
import { clearByLevels, levelTradeCount, setLevelScratch } from "./levels";
import { clearOtherByCells, otherTradeCount } from "./cellmech";
import { setSideTotals } from "./cells";

const MAX_QTY: i64 = 1 << 62;

@inline function hget(h: usize, slot: i32): i64 { return load<i64>(h + (<usize>slot << 3)); }
@inline function hptr(h: usize, slot: i32): usize { return <usize>load<i64>(h + (<usize>slot << 3)); }
@inline function hset(h: usize, slot: i32, v: i64): void { store<i64>(h + (<usize>slot << 3), v); }

/** Scratch bytes the core needs for n orders in all (TypeScript reserves them before the call). */
export function auctionScratchBytes(n: i32): i32 {
  const m = (n + 1) & ~1;
  return 60 * m + L.HIST_BYTES + 16; // 16: slack after the last piece (merit.ts pairInKey)
}

/** Price range of each side, found while validating (the radix sort's key base and width). */
let buyLo: i64 = 0, buyHi: i64 = 0, sellLo: i64 = 0, sellHi: i64 = 0;

/** The status of an order known to be bad (kept out of the hot loop). */
function badStatus(s: u8, q: i64): i32 {
  if (s > 1) return STATUS_UNKNOWN_SIDE;
  if (q <= 0) return STATUS_NON_POSITIVE_QUANTITY;
  if (q >= MAX_QTY) return STATUS_OVERFLOW;
  return STATUS_PRICE_OUT_OF_RANGE;
}

/** Checks every order (first failure wins, its index in the header); counts buys, finds ranges. */
function validate(h: usize, n: i32): i32 {
  const side = hptr(h, L.H_SIDE), price = hptr(h, L.H_PRICE), qty = hptr(h, L.H_QTY);
  const cap = hget(h, L.H_CAP), floor = hget(h, L.H_FLOOR);
  const span = <u64>(cap - floor); // floor <= cap, both below 2^62 in magnitude
  const sells = span <= <u64>u32.MAX_VALUE ? scanNarrow(side, price, qty, n, floor, span) : scanRanges(side, price, qty, n);
  // every order is valid iff the extremes are: only then are the ranges meaningful
  if (sideOr > 1 || qtyLo <= 0 || qtyHi >= MAX_QTY || min(buyLo, sellLo) < floor || max(buyHi, sellHi) > cap) {
    return firstBad(h, side, price, qty, n, cap, floor);
  }
  return n - sells;
}

/** The largest side code and the quantity range of the last scanRanges. */
let sideOr: i32 = 0, qtyLo: i64 = 0, qtyHi: i64 = 0;

/**
 * Each side's price range (buyLo..sellHi) and total quantity (cells.ts setSideTotals), the quantity
 * range and the side codes' OR, two orders per step in SIMD (i64x2: a compare and a bitselect per
 * extreme, no branch); returns the sells. Every valid quantity is below 2^62, so a running total
 * cannot pass 2^64 in one step: bit 63 of `seen` catches a total that does not fit in i64.
 */
function scanRanges(side: usize, price: usize, qty: usize, n: i32): i32 {
  const hiV = i64x2.splat(i64.MAX_VALUE), loV = i64x2.splat(i64.MIN_VALUE), zero = i64x2.splat(0);
  let bLo = hiV, bHi = loV, sLo = hiV, sHi = loV, qLo = hiV, qHi = loV, sides = zero, sOr = zero;
  let tB = zero, tS = zero, seenV = zero;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    // two side bytes as two i64 lanes
    const sv = i64x2.extend_low_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(
      i16x8.splat(<i16>load<u16>(side + <usize>i)))));
    const p = v128.load(price + (<usize>i << 3)), q = v128.load(qty + (<usize>i << 3));
    const sell = i64x2.ne(sv, zero);
    const pb = v128.bitselect(hiV, p, sell), pbh = v128.bitselect(loV, p, sell);
    const ps = v128.bitselect(p, hiV, sell), psh = v128.bitselect(p, loV, sell);
    bLo = v128.bitselect(pb, bLo, i64x2.lt_s(pb, bLo));
    bHi = v128.bitselect(pbh, bHi, i64x2.gt_s(pbh, bHi));
    sLo = v128.bitselect(ps, sLo, i64x2.lt_s(ps, sLo));
    sHi = v128.bitselect(psh, sHi, i64x2.gt_s(psh, sHi));
    qLo = v128.bitselect(q, qLo, i64x2.lt_s(q, qLo));
    qHi = v128.bitselect(q, qHi, i64x2.gt_s(q, qHi));
    sides = i64x2.add(sides, sv);
    sOr = v128.or(sOr, sv);
    tB = i64x2.add(tB, v128.bitselect(zero, q, sell));
    tS = i64x2.add(tS, v128.bitselect(q, zero, sell));
    seenV = v128.or(seenV, v128.or(tB, tS));
  }
  let b0 = min(i64x2.extract_lane(bLo, 0), i64x2.extract_lane(bLo, 1));
  let b1 = max(i64x2.extract_lane(bHi, 0), i64x2.extract_lane(bHi, 1));
  let s0 = min(i64x2.extract_lane(sLo, 0), i64x2.extract_lane(sLo, 1));
  let s1 = max(i64x2.extract_lane(sHi, 0), i64x2.extract_lane(sHi, 1));
  let q0 = min(i64x2.extract_lane(qLo, 0), i64x2.extract_lane(qLo, 1));
  let q1 = max(i64x2.extract_lane(qHi, 0), i64x2.extract_lane(qHi, 1));
  let ns = <i32>(i64x2.extract_lane(sides, 0) + i64x2.extract_lane(sides, 1));
  let so = <i32>(i64x2.extract_lane(sOr, 0) | i64x2.extract_lane(sOr, 1));
  let totB = <u64>i64x2.extract_lane(tB, 0) + <u64>i64x2.extract_lane(tB, 1);
  let totS = <u64>i64x2.extract_lane(tS, 0) + <u64>i64x2.extract_lane(tS, 1);
  let seen = <u64>(i64x2.extract_lane(seenV, 0) | i64x2.extract_lane(seenV, 1)) | totB | totS;
  for (; i < n; i++) { // the odd order out
    const s = <i32>load<u8>(side + <usize>i);
    const p = load<i64>(price + (<usize>i << 3)), q = load<i64>(qty + (<usize>i << 3));
    if (s == 0) { b0 = min(b0, p); b1 = max(b1, p); } else { s0 = min(s0, p); s1 = max(s1, p); }
    q0 = min(q0, q); q1 = max(q1, q); ns += s; so |= s;
    if (s == 0) totB += <u64>q; else totS += <u64>q;
    seen |= totB | totS;
  }
  buyLo = b0; buyHi = b1; sellLo = s0; sellHi = s1; qtyLo = q0; qtyHi = q1; sideOr = so;
  setSideTotals(<i64>totB, <i64>totS, (seen >> 63) == 0, <u32>(64 - clz(q1)));
  return ns;
}

/** scanNarrow's vector constants (see there). */
const SCAN_K = memory.data(48, 16);

/**
 * scanRanges where the price range [floor, cap] spans fewer than 2^32 ticks (every market of up to
 * 5 price decimals at the default cap and floor), with the same results on valid input and a bad
 * extreme on bad input (then only `validate`'s check of the extremes counts). Each valid price's
 * offset v = p - floor has a zero high half, so per side its low halves' u32 min and max
 * (i32x4.min_u / max_u: one instruction each, where i64 lanes need a compare and a select) give the
 * range: orders of the other side are masked to all ones for the min and to zero for the max. Any
 * bad price shows as a nonzero high half (OR of every offset) or a low half above the span. For the
 * quantities the OR of all (bits 62 and 63 clear: below 2^62; its bit width is the largest's) and
 * the OR of all q - 1 (bit 63 clear: none is 0) replace the quantity range. The side bytes are read
 * two at a time as one u16: OR (a code above 1 shows in 0xfefe) and popcnt (the sells). A side's
 * running total is checked for bit 63 every second step (four orders), which cannot miss a total
 * that no longer fits: from below 2^63, two steps of quantities below 2^62 stay below 2^64.
 */
function scanNarrow(side: usize, price: usize, qty: usize, n: i32, floor: i64, span: u64): i32 {
  // vector constants loaded from memory: a v128.const (or a splat binaryen moves into the loop)
  // V8 builds again at every use inside the loop
  v128.store(SCAN_K, i64x2(0xff, 0xff00));
  v128.store(SCAN_K, i64x2.splat(1), 16);
  v128.store(SCAN_K, i64x2.splat(floor), 32);
  const zero = i64x2.splat(0), ones = i64x2.splat(-1), fl = v128.load(SCAN_K, 32), one = v128.load(SCAN_K, 16);
  const pick = v128.load(SCAN_K);
  let bMin = ones, bMax = zero, sMin = ones, sMax = zero, hiOr = zero, qOr = zero, qmOr = zero;
  let tB = zero, tS = zero, seenV = zero;
  let sOr: u32 = 0, ns: u32 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const w = <u32>load<u32>(side + <usize>i);
    sOr |= w; ns += popcnt(w);
    const o = <usize>i << 3;
    // orders i, i+1
    const buy0 = i64x2.eq(v128.and(i64x2.splat(<i64>(w & 0xffff)), pick), zero);
    const v0 = i64x2.sub(v128.load(price + o), fl), q0 = v128.load(qty + o);
    hiOr = v128.or(hiOr, v0);
    bMin = i32x4.min_u(bMin, v128.or(v0, v128.not(buy0)));
    bMax = i32x4.max_u(bMax, v128.and(v0, buy0));
    sMin = i32x4.min_u(sMin, v128.or(v0, buy0));
    sMax = i32x4.max_u(sMax, v128.andnot(v0, buy0));
    qOr = v128.or(qOr, q0);
    qmOr = v128.or(qmOr, i64x2.sub(q0, one));
    tB = i64x2.add(tB, v128.and(q0, buy0));
    tS = i64x2.add(tS, v128.andnot(q0, buy0));
    // orders i+2, i+3
    const buy1 = i64x2.eq(v128.and(i64x2.splat(<i64>(w >> 16)), pick), zero);
    const v1 = i64x2.sub(v128.load(price + o + 16), fl), q1 = v128.load(qty + o + 16);
    hiOr = v128.or(hiOr, v1);
    bMin = i32x4.min_u(bMin, v128.or(v1, v128.not(buy1)));
    bMax = i32x4.max_u(bMax, v128.and(v1, buy1));
    sMin = i32x4.min_u(sMin, v128.or(v1, buy1));
    sMax = i32x4.max_u(sMax, v128.andnot(v1, buy1));
    qOr = v128.or(qOr, q1);
    qmOr = v128.or(qmOr, i64x2.sub(q1, one));
    tB = i64x2.add(tB, v128.and(q1, buy1));
    tS = i64x2.add(tS, v128.andnot(q1, buy1));
    seenV = v128.or(seenV, v128.or(tB, tS));
  }
  // low halves (u32 lanes 0 and 2) of the offsets' extremes
  let b0 = <u64>min(<u32>i32x4.extract_lane(bMin, 0), <u32>i32x4.extract_lane(bMin, 2));
  let b1 = <u64>max(<u32>i32x4.extract_lane(bMax, 0), <u32>i32x4.extract_lane(bMax, 2));
  let s0 = <u64>min(<u32>i32x4.extract_lane(sMin, 0), <u32>i32x4.extract_lane(sMin, 2));
  let s1 = <u64>max(<u32>i32x4.extract_lane(sMax, 0), <u32>i32x4.extract_lane(sMax, 2));
  let hi = <u64>(i64x2.extract_lane(hiOr, 0) | i64x2.extract_lane(hiOr, 1)) >> 32;
  let qo = <u64>(i64x2.extract_lane(qOr, 0) | i64x2.extract_lane(qOr, 1));
  let qm = <u64>(i64x2.extract_lane(qmOr, 0) | i64x2.extract_lane(qmOr, 1));
  let totB = <u64>i64x2.extract_lane(tB, 0) + <u64>i64x2.extract_lane(tB, 1);
  let totS = <u64>i64x2.extract_lane(tS, 0) + <u64>i64x2.extract_lane(tS, 1);
  let seen = <u64>(i64x2.extract_lane(seenV, 0) | i64x2.extract_lane(seenV, 1)) | totB | totS;
  let nsells = <i32>ns;
  let nbuys = i - nsells;
  for (; i < n; i++) { // the last orders (up to three)
    const s = <u32>load<u8>(side + <usize>i);
    const v = <u64>(load<i64>(price + (<usize>i << 3)) - floor), q = <u64>load<i64>(qty + (<usize>i << 3));
    sOr |= s; hi |= v >> 32;
    const lo = v & 0xffffffff;
    if (s == 0) { b0 = min(b0, lo); b1 = max(b1, lo); totB += q; nbuys++; }
    else { s0 = min(s0, lo); s1 = max(s1, lo); totS += q; nsells++; }
    qo |= q; qm |= q - 1;
    seen |= totB | totS;
  }
  const valid = (sOr & 0xfefefefe) == 0 && hi == 0 && max(b1, s1) <= span && (qo >> 62) == 0 && (qm >> 63) == 0;
  // on bad input only the extremes' verdict counts (validate then finds the first bad order)
  sideOr = valid ? 0 : 2;
  qtyLo = 1; qtyHi = 1;
  if (nbuys > 0) { buyLo = floor + <i64>b0; buyHi = floor + <i64>b1; }
  else { buyLo = i64.MAX_VALUE; buyHi = i64.MIN_VALUE; }
  if (nsells > 0) { sellLo = floor + <i64>s0; sellHi = floor + <i64>s1; }
  else { sellLo = i64.MAX_VALUE; sellHi = i64.MIN_VALUE; }
  setSideTotals(<i64>totB, <i64>totS, (seen >> 63) == 0, <u32>(64 - clz(qo)));
  return nsells;
}

/** The first bad order (some order is bad): its index in the header, minus its status. */
function firstBad(h: usize, side: usize, price: usize, qty: usize, n: i32, cap: i64, floor: i64): i32 {
  for (let i = 0; i < n; i++) {
    const s = load<u8>(side + <usize>i);
    const q = load<i64>(qty + (<usize>i << 3));
    const p = load<i64>(price + (<usize>i << 3));
    if (s > 1 || q <= 0 || q >= MAX_QTY || p < floor || p > cap) {
      hset(h, L.H_BAD_INDEX, i);
      return -badStatus(s, q);
    }
  }
  return 0; // not reached: the caller saw a bad extreme
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

/** Sorted copies of price and quantity for positions [from, to) (position k = idx[k]'s order). */
function gather(idx: usize, from: i32, to: i32, price: usize, qty: usize, sp: usize, sq: usize): void {
  for (let k = from; k < to; k++) {
    const o = <usize>load<i32>(idx + (<usize>k << 2)) << 3;
    store<i64>(sp + (<usize>k << 3), load<i64>(price + o));
    store<i64>(sq + (<usize>k << 3), load<i64>(qty + o));
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

/** Scratch regions of the current call (see auctionScratchBytes), laid out by `layScratch`. */
let sIdx: usize = 0, sTmp: usize = 0, sKeyA: usize = 0, sKeyB: usize = 0, sHist: usize = 0;
let sPos: usize = 0, sSp: usize = 0, sSq: usize = 0, sSf: usize = 0, sSpay: usize = 0;

/** Reads this call's scratch pieces from the header (see layout.ts). */
function layScratch(h: usize, n: i32): void {
  const m = <usize>((n + 1) & ~1);
  sIdx = hptr(h, L.H_SCRATCH); sTmp = hptr(h, L.H_S_TMP); sHist = hptr(h, L.H_S_HIST);
  sKeyA = hptr(h, L.H_S_WIDE); sKeyB = sKeyA + (m << 3); sSp = sKeyB + (m << 3); sSq = sSp + (m << 3);
  sPos = hptr(h, L.H_S_POS); sSf = hptr(h, L.H_S_FILL); sSpay = hptr(h, L.H_S_PAY);
}

/** Trades built by the path that cleared without sorting. */
let cellTrades: i32 = 0;

/**
 * Clearing by price cells needs no merit order of the whole book (levels.ts, cellmech.ts): the
 * uniform price, and pay-as-bid and trade reduction without sequences or ids. True when it cleared
 * the market (fills, payments, trades and outcome written), false when the sorted path must run.
 */
function clearWithoutSort(h: usize, n: i32, nb: i32): bool {
  const mech = <i32>hget(h, L.H_MECH);
  const m = (n + 1) & ~1;
  const trades = hget(h, L.H_WANT_TRADES) != 0;
  // histograms in keyA/keyB (or the fixed hist piece); rem, prefixes (or per-level counts), sort
  // buffer, merit orders of the filled orders in the other pieces
  setLevelScratch(sHist, sKeyA, sKeyB, sSp, sSq, sPos, sSf, sSpay, m);
  if (mech != L.MECH_UNIFORM) {
    if (hget(h, L.H_SEQ) != 0 || hget(h, L.H_ID_OFF) != 0) return false;
    const ok = clearOtherByCells(n, nb, hptr(h, L.H_SIDE), hptr(h, L.H_PRICE), hptr(h, L.H_QTY),
      hget(h, L.H_FLOOR), hget(h, L.H_CAP), <i32>hget(h, L.H_TIE), mech, <i32>hget(h, L.H_PAB),
      buyLo, buyHi, sellLo, sellHi, m, hptr(h, L.H_FILLS), hptr(h, L.H_PAYMENTS), sIdx, sTmp, trades,
      hptr(h, L.H_T_BUYER), hptr(h, L.H_T_SELLER), hptr(h, L.H_T_QTY), hptr(h, L.H_T_PRICE));
    cellTrades = otherTradeCount;
    return ok;
  }
  const ok = clearByLevels(n, nb, hptr(h, L.H_SIDE), hptr(h, L.H_PRICE), hptr(h, L.H_QTY), hptr(h, L.H_SEQ),
    hptr(h, L.H_ID_OFF), hptr(h, L.H_ID_CHARS), hget(h, L.H_FLOOR), hget(h, L.H_CAP), <i32>hget(h, L.H_TIE),
    <u64>hget(h, L.H_K_NUM), <u64>hget(h, L.H_K_DEN), buyLo, buyHi, sellLo, sellHi, m,
    hptr(h, L.H_FILLS), hptr(h, L.H_PAYMENTS), sIdx, sTmp, trades ? hptr(h, L.H_T_BUYER) : 0,
    hptr(h, L.H_T_SELLER), hptr(h, L.H_T_QTY), hptr(h, L.H_T_PRICE));
  cellTrades = levelTradeCount;
  return ok;
}

/**
 * Builds both merit orders and the sorted copies of price and quantity (position k = idx[k]'s
 * order), so every later pass is sequential. Without tie keys the counting pass writes the
 * copies; otherwise they are gathered after the tie sort.
 */
function meritOrders(h: usize, n: i32, nb: i32): void {
  const price = hptr(h, L.H_PRICE), qty = hptr(h, L.H_QTY);
  partition(hptr(h, L.H_SIDE), n, nb, sTmp); // sorted from tmp into idx: no copy back
  const ns = n - nb, off = <usize>nb << 3, sells = sIdx + (<usize>nb << 2), sellsIn = sTmp + (<usize>nb << 2);
  setTieKeys(hptr(h, L.H_SEQ), hptr(h, L.H_ID_OFF), hptr(h, L.H_ID_CHARS));
  const direct = hget(h, L.H_SEQ) == 0 && hget(h, L.H_ID_OFF) == 0;
  const doneB = sortSide(sTmp, sIdx, nb, price, buyLo, buyHi, true, sKeyA, sKeyB, sHist, qty, direct ? sSp : 0, sSq);
  const doneS = sortSide(sellsIn, sells, ns, price, sellLo, sellHi, false, sKeyA, sKeyB, sHist, qty,
    direct ? sSp + off : 0, sSq + off);
  if (hget(h, L.H_ID_OFF) != 0) setIdPrefixes(n, sKeyA); // keyA is free once prices are sorted
  sortTieRuns(sIdx, nb, price, sTmp);
  sortTieRuns(sells, ns, price, sTmp);
  if (!doneB) gather(sIdx, 0, nb, price, qty, sSp, sSq);
  if (!doneS) gather(sIdx, nb, n, price, qty, sSp, sSq);
  for (let k = 0; k < n; k++) store<i32>(sPos + (<usize>k << 2), k);
  memory.fill(sSf, 0, <usize>n << 3);
  if (hget(h, L.H_MECH) == L.MECH_PAY_AS_BID) memory.fill(sSpay, 0, <usize>n << 3); // summed from trades
}

/** Fills (and pay-as-bid payments) of positions [from, to) back to input order (random writes). */
function scatter(idx: usize, from: i32, to: i32, src: usize, dst: usize): void {
  for (let k = from; k < to; k++) {
    store<i64>(dst + (<usize>load<i32>(idx + (<usize>k << 2)) << 3), load<i64>(src + (<usize>k << 3)));
  }
}

/**
 * Fills and payments back to input order; orders after a side's last fill have neither. With one
 * price per side, payments are recomputed in input order (sequential) instead of scattered.
 */
function writeBack(h: usize, n: i32, nb: i32, mech: i32): void {
  const fills = hptr(h, L.H_FILLS), payments = hptr(h, L.H_PAYMENTS), side = hptr(h, L.H_SIDE);
  const lb = lastFilled(sPos, nb, sSf) + 1;
  const ls = nb + lastFilled(sPos + (<usize>nb << 2), n - nb, sSf) + 1;
  memory.fill(fills, 0, <usize>n << 3);
  scatter(sIdx, 0, lb, sSf, fills);
  scatter(sIdx, nb, ls, sSf, fills);
  if (mech == L.MECH_PAY_AS_BID) {
    memory.fill(payments, 0, <usize>n << 3);
    scatter(sIdx, 0, lb, sSpay, payments);
    scatter(sIdx, nb, ls, sSpay, payments);
    return;
  }
  const pb = M.buyPrice, ps = M.sellPrice; // products already checked by settle
  for (let o = 0; o < n; o++) {
    const p = load<u8>(side + <usize>o) == 0 ? pb : ps;
    store<i64>(payments + (<usize>o << 3), mulMoney(p, load<i64>(fills + (<usize>o << 3))));
  }
}

/** Clears one call auction; returns a status code (the failing order's index in the header). */
export function auctionClear(h: usize): i32 {
  const n = <i32>hget(h, L.H_N);
  hset(h, L.H_BAD_INDEX, -1);
  if (n == 0) return STATUS_EMPTY_MARKET;
  clearOverflow();
  const nb = validate(h, n);
  if (nb < 0) return -nb;
  layScratch(h, n);
  const idOff = hptr(h, L.H_ID_OFF);
  // keyA up to sq (32m bytes) is free until the merit orders are built
  const dup = idOff != 0 ? findDuplicateId(idOff, hptr(h, L.H_ID_CHARS), n, sKeyA) : -1;
  if (dup >= 0) {
    hset(h, L.H_BAD_INDEX, dup);
    return STATUS_DUPLICATE_ID;
  }
  if (clearWithoutSort(h, n, nb)) {
    writeOutputs(h, cellTrades);
    return STATUS_OK;
  }
  meritOrders(h, n, nb);
  const tie = <i32>hget(h, L.H_TIE), ns = n - nb, sellPos = sPos + (<usize>nb << 2);
  setBook(sSp, sSq, sSf, sSpay, sPos, nb, sellPos, ns, tie, sKeyA, sKeyB, sTmp);
  const q = crossVolume(sPos, nb, sellPos, ns, sSp, sSq);
  fillSide(sPos, nb, q, sSp, sSq, sSf, tie, sKeyA, sKeyB, sTmp);
  fillSide(sellPos, ns, q, sSp, sSq, sSf, tie, sKeyA, sKeyB, sTmp);
  if (overflowed) return STATUS_OVERFLOW;
  M.priceInterval(hget(h, L.H_FLOOR), hget(h, L.H_CAP));
  const mech = <i32>hget(h, L.H_MECH);
  M.applyPrices(mech, <u64>hget(h, L.H_K_NUM), <u64>hget(h, L.H_K_DEN));
  // pay-as-bid payments are summed from the trades: build them even when the caller skips them
  const trades = hget(h, L.H_WANT_TRADES) != 0 || mech == L.MECH_PAY_AS_BID;
  const nt = trades ? M.buildTrades(mech, <i32>hget(h, L.H_PAB), sIdx, hptr(h, L.H_T_BUYER),
    hptr(h, L.H_T_SELLER), hptr(h, L.H_T_QTY), hptr(h, L.H_T_PRICE)) : 0;
  M.settle(mech);
  if (overflowed) return STATUS_OVERFLOW;
  writeBack(h, n, nb, mech);
  writeOutputs(h, nt);
  return STATUS_OK;
}

export { tickMembersText } from "./text";
export { scanOrderArray } from "./scan";
