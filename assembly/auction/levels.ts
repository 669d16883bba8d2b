// Uniform price without sorting the orders: the uniform-price outcome needs only each side's
// quantity per price cell (cells.ts: the crossing, the marginal levels, the price interval). One
// pass in input order writes every fill and payment, comparing each price with the two sides'
// thresholds; only the orders of the marginal level (at most one level per side) are ordered
// among themselves, by the same tie rule as the sorted path (allocate.ts `share`). With trades,
// the fill pass writes each completely filled order's packed key (price distance and index) and
// quantity in input order, a radix sort over the distance bits puts them in merit order (merit.ts),
// and two pointers pair them (as mechanism.ts buildTrades does). Only when distance and index do
// not fit in 64 bits does the histogram pass count orders per cell, a stable counting pass list
// the filled orders by cell and a sort inside each cell order them. Fills, prices, totals and
// trades are identical to the sorted path's (test/property/auction.test.ts).
//
// The path declines (returns false; the sorted path then overwrites everything) when trades are
// wanted and sequences or ids could reorder a level, or when a side's total quantity or a bound
// on the money totals does not fit in i64: the sorted path then decides, with its own overflow
// rules.
import { share, TIE_PRO_RATA } from "./allocate";
import { clearOnePrice, onePriceFits, onePriceTrades } from "./oneprice";
import { setIdPrefixes, setTieKeys, stableSort, SORT_PRICE_DOWN, SORT_PRICE_UP } from "./sort";
import * as M from "./mechanism";
import * as C from "./cells";
import { MECH_UNIFORM } from "./layout";
import { addChecked, clearOverflow, mulMoney, overflowed } from "./wide";
import { appendHiLo, appendPacked, bitsFor, hiLoKey, pairHiLo, pairPacked, sortedPayload, sortPacked } from "./merit";

// Scratch of the call (entry.ts layScratch): the histograms (the fixed piece for up to 16384
// cells, else the first half of histB); rem, prefixes (or counts per cell) and merit lists need 8
// bytes per order, the copy and sort buffers 4; merit keys go to histA, fills to sortTmp, and
// sharing's selection buffer to the second half of histB.
export let scRem: usize = 0, scPrefix: usize = 0, scCopy: usize = 0, scSortTmp: usize = 0, scMerit: usize = 0;
export let smallHist: usize = 0, bigA: usize = 0, bigB: usize = 0, scShareTmp: usize = 0;

/** Where unfilled orders write during branch-free scatters. */
const SINK = memory.data(32);

/** Points the level path at its scratch: two histograms (8 x SMALL each, or 8 x m each), etc. */
export function setLevelScratch(small: usize, histA: usize, histB: usize, rem: usize, prefix: usize,
                                copy: usize, sortTmp: usize, merit: usize, m: i32): void {
  smallHist = small; bigA = histA; bigB = histB;
  scRem = rem; scPrefix = prefix; scCopy = copy; scSortTmp = sortTmp; scMerit = merit;
  scShareTmp = histB + (<usize>m << 2); // histograms take at most half of histB (cells.ts setGrid)
}

/**
 * Shares a marginal level's remainder among its orders (list: input indices in input order, put in
 * the tie order first when sequences or ids can break ties; setTieKeys was called).
 */
export function shareMarginal(list: usize, count: i32, rest: i64, levelQ: i64, qty: usize, fills: usize,
                       tie: i32, seq: usize, idOff: usize): void {
  if (count == 0) return;
  if (seq != 0 || idOff != 0) stableSort(list, count, scShareTmp, 0, 0); // tie order (sort.ts cmpTie)
  share(list, 0, count, rest, levelQ, qty, fills, tie, scRem, scCopy, scShareTmp);
}

/** Payments of listed orders: p x fill. */
function payListed(list: usize, count: i32, p: i64, fills: usize, payments: usize): void {
  for (let k = 0; k < count; k++) {
    const o = <usize>load<i32>(list + (<usize>k << 2)) << 3;
    store<i64>(payments + o, p * load<i64>(fills + o));
  }
}

/**
 * Clears a uniform-price auction by price cells, writing fills and payments in input order and the
 * outcome into mechanism.ts; returns false (declined) when the sorted path must run instead.
 * bLo..bHi and sLo..sHi are the sides' price ranges (from validation), m the scratch length, and
 * bList/sList two lists of 4 x m bytes for the marginal orders. With trade columns (tb != 0) it
 * also pairs the filled orders into trades (levelTradeCount of them), when no sequence or id can
 * reorder a price level (else it declines: the sorted path orders every level by them).
 */
export function clearByLevels(n: i32, nb: i32, side: usize, price: usize, qty: usize, seq: usize,
                              idOff: usize, idChars: usize, floor: i64, cap: i64, tie: i32,
                              kNum: u64, kDen: u64, bLo: i64, bHi: i64, sLo: i64, sHi: i64, m: i32,
                              fills: usize, payments: usize, bList: usize, sList: usize,
                              tb: usize, ts: usize, tq: usize, tp: usize): bool {
  if (tb != 0 && (seq != 0 || idOff != 0)) return false;
  levelTradeCount = 0;
  if (bHi < sLo) { // no bid reaches an ask (or a side is empty): nothing trades, no order is read
    M.setPriceInterval(floor, cap, C.NO_PRICE_LOW, bHi, C.NO_PRICE_HIGH, sLo);
    M.applyPrices(MECH_UNIFORM, kNum, kDen);
    M.setTotals(0, 0, 0, 0);
    return true;
  }
  const lo = min(bLo, sLo), hi = max(bHi, sHi); // an empty side's range is (MAX, MIN)
  // with trades, the merit order comes from packed keys (merit.ts) when key and index fit in 64
  // bits, else from a counting pass by cell (meritPass), which needs the orders per cell
  const ib = bitsFor(<u64>(n - 1)), distBits = bitsFor(<u64>(max(bHi - bLo, sHi - sLo)));
  const packed = tb != 0 && ib + distBits <= 64;
  // the fill rides in the key below the index when all three fit in 64 bits: the sort then moves
  // 8 bytes per order instead of 16, and pairing reads one column
  const qb = packed && distBits + ib + C.qtyBits <= 64 ? C.qtyBits : 0;
  C.setGrid(lo, hi, m, smallHist, bigB, tb != 0 && !packed ? scPrefix : 0, bList, sList, scCopy);
  if (!C.totalsFit) return false;
  // a cell per price level: the orders counted per cell give each filled key its merit position
  const direct = qb != 0 && qb <= 32 && C.shift == 0 && C.cells > 1;
  if (direct) C.countCells(scPrefix);
  C.sumCells(n, nb, side, price, qty);
  C.crossCells(n, side, price, qty, bHi, sLo);
  const volume = C.volume;
  M.setPriceInterval(floor, cap, C.sLastP, C.bNextP, C.bLastP, C.sNextP);
  M.applyPrices(MECH_UNIFORM, kNum, kDen);
  const p = M.buyPrice;

  // |price| x volume bounds each side's money and every partial sum (checked once, so the pass
  // below sums unchecked); p x volume bounds every order's payment (as in mechanism.ts settle).
  clearOverflow();
  const bound = mulMoney(max(abs(lo), abs(hi)), volume);
  addChecked(bound, bound);
  const paid = mulMoney(p, volume);
  if (overflowed) { clearOverflow(); return false; }
  if (onePrice(n, nb, side, qty, p, tie, seq, idOff, bLo, bHi, sLo, sHi, ib, fills, payments, tb, ts, tq)) {
    M.setTotals(volume, 0, paid, paid); // one price: buyers' and sellers' money cancel in the welfare
    return true;
  }

  // Fills and payments in input order; the marginal levels' orders are listed for sharing; with
  // trades, the same pass lists the completely filled orders by cell (meritByCell).
  const bFull = fullBuyFrom(), sFull = fullSellTo();
  const trades = tb != 0 && volume > 0;
  const bMerit = scMerit, sMerit = scMerit + (<usize>m << 2);
  const bKey = bigA, sKey = bigA + (<usize>nb << 3);
  if (trades && direct) { // the start positions' sums are the keys keyPassDirect writes per side
    const bCell = bFull <= bHi ? C.cellOf(bFull) : -1, sCell = sFull >= sLo ? C.cellOf(sFull) : -1;
    keyedBuys = bCell >= 0 ? startPositions(C.bCount, C.cells - 1, bCell, -1) : 0;
    keyedSells = sCell >= 0 ? startPositions(C.sCount, 0, sCell, 1) : 0;
    // more levels than buckets and keys beyond the caches: two phases, by bucket of cells, then
    // by cell inside each bucket
    if (qb <= CELL_AT - 32 && C.cells > 1 << BUCKET_BITS && keyedBuys + keyedSells >= TWO_PHASE_KEYS) {
      const g = <u32>max<i32>(0, <i32>bitsFor(<u64>(C.cells - 1)) - BUCKET_BITS);
      bucketStarts(C.bCount, BUCKETS, g, bCell, true);
      bucketStarts(C.sCount, BUCKETS + (<usize>SIDE_BUCKETS << 2), g, sCell, false);
      keyPassTwo(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, scMerit, nb, g);
      byCell(scMerit, keyedBuys, C.bCount, bigA);
      byCell(scMerit + (<usize>nb << 3), keyedSells, C.sCount, bigA + (<usize>nb << 3));
    } else keyPassDirect(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, bigA, nb, qb);
  } else if (trades && packed) {
    keyPass(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, bigA, scPrefix, nb, bHi, sLo, ib, qb);
  } else if (trades) {
    if (C.bLastCell >= 0) startPositions(C.bCount, C.cells - 1, C.bLastCell, -1);
    if (C.sLastCell >= 0) startPositions(C.sCount, 0, C.sLastCell, 1);
    meritPass(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, bMerit, sMerit, bKey, sKey);
  } else fillPass(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList);
  let welfare = passWelfare;
  const nbm = listedBuys, nsm = listedSells, bm = C.bMargP, sm = C.sMargP;
  setTieKeys(seq, idOff, idChars);
  if (idOff != 0 && (nbm > 1 || nsm > 1)) setIdPrefixes(n, scPrefix);
  if (C.bRest > 0) { shareMarginal(bList, nbm, C.bRest, C.bMargQ, qty, fills, tie, seq, idOff); welfare += bm * C.bRest; }
  if (C.sRest > 0) { shareMarginal(sList, nsm, C.sRest, C.sMargQ, qty, fills, tie, seq, idOff); welfare -= sm * C.sRest; }
  payListed(bList, nbm, p, fills, payments);
  payListed(sList, nsm, p, fills, payments);
  M.setTotals(volume, welfare, paid, paid);
  if (!trades) return true;
  if (packed) {
    levelTradeCount = pairFilled(nb, bHi, sLo, bFull, sFull, ib, qb, bList, nbm, sList, nsm, fills, tb, ts, tq, direct);
    return true;
  }
  const fb = C.bLastCell >= 0 ? load<i32>(C.bCount + (<usize>C.bLastCell << 2)) : 0;
  const fs = C.sLastCell >= 0 ? load<i32>(C.sCount + (<usize>C.sLastCell << 2)) : 0;
  if (C.shift != 0) {
    sortCells(C.bCount, C.cells - 1, C.bLastCell, -1, bMerit, bKey, 0, price, fills, true);
    sortCells(C.sCount, 0, C.sLastCell, 1, sMerit, sKey, 0, price, fills, false);
  }
  levelTradeCount = pairTrades(bMerit, appendFilled(bMerit, fb, bList, nbm, fills),
    sMerit, appendFilled(sMerit, fs, sList, nsm, fills), fills, tb, ts, tq);
  return true;
}

/**
 * Every order at one price, pro rata, ties by index: oneprice.ts clears it (fills, payments,
 * trades) in fewer passes when the long side's split fits its exact f64 shares. False otherwise.
 */
function onePrice(n: i32, nb: i32, side: usize, qty: usize, p: i64, tie: i32, seq: usize, idOff: usize,
                  bLo: i64, bHi: i64, sLo: i64, sHi: i64, ib: u32, fills: usize, payments: usize,
                  tb: usize, ts: usize, tq: usize): bool {
  if (tie != TIE_PRO_RATA || seq != 0 || idOff != 0 || bLo != bHi || sLo != sHi || bLo != sLo) return false;
  if ((C.bRest > 0) == (C.sRest > 0)) return false; // both sides fill completely: no split
  const longSell = C.sRest > 0;
  const r = longSell ? C.sRest : C.bRest, total = longSell ? C.sMargQ : C.bMargQ;
  if (!onePriceFits(r, total, C.qtyBits)) return false;
  clearOnePrice(n, nb, side, qty, p, longSell, r, total, fills, payments, bigA, scRem, scPrefix,
    scSortTmp, tb != 0, tb, ts, tq);
  levelTradeCount = onePriceTrades;
  return true;
}

/** Outputs of the fill passes: welfare of the complete fills, marginal orders listed per side. */
export let passWelfare: i64 = 0, listedBuys: i32 = 0, listedSells: i32 = 0;

/**
 * Fills (complete or none: buys priced >= bFull, sells <= sFull) and payments at p in input order;
 * lists the orders of the marginal levels (bList, sList) for sharing.
 */
export function fillPass(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                  fills: usize, payments: usize, bList: usize, sList: usize): void {
  const few = C.fewMarginal();
  if (C.shift == 0) { // a cell is a level: the welfare of the complete fills comes from the cells
    if (few) fillPassFew(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, false);
    else fillPassMany(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, false);
    passWelfare = cellWelfare(bFull, sFull);
  } else if (few) fillPassFew(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, true);
  else fillPassMany(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, true);
}

/**
 * The welfare of the complete fills (buys priced >= bFull, sells <= sFull) from the cells' sums
 * when a cell is one price level (shift 0): price x the level's quantity per level, a loop over at
 * most 2^15 cells instead of a multiply-add per order in the fill pass. The same i64 value as the
 * per-order sum (integer products and sums, in another order; the caller bounded every partial sum).
 */
function cellWelfare(bFull: i64, sFull: i64): i64 {
  const b0 = C.base, top = C.base + <i64>C.cells - 1, bH = C.bHist, sH = C.sHist;
  let w: i64 = 0;
  for (let pr = max(bFull, b0); pr <= top; pr++) w += pr * load<i64>(bH + (<usize>(pr - b0) << 3));
  for (let pr = min(sFull, top); pr >= b0; pr--) w -= pr * load<i64>(sH + (<usize>(pr - b0) << 3));
  return w;
}

/**
 * fillPass when the marginal levels hold few orders: they are listed behind a rarely taken branch.
 * The welfare is summed here only when `welfareHere` (else cellWelfare gives it).
 */
@inline function fillPassFew(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                     fills: usize, payments: usize, bList: usize, sList: usize, welfareHere: bool): void {
  const bm = C.bMargP, sm = C.sMargP; // NO_PRICE_*: no level matches
  let nbm = 0, nsm = 0;
  let welfare: i64 = 0;
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const q = load<i64>(qty + (<usize>i << 3));
    const f = select<i64>(q, 0, select<bool>(pr <= sFull, pr >= bFull, isSell));
    store<i64>(fills + (<usize>i << 3), f);
    store<i64>(payments + (<usize>i << 3), p * f);
    if (welfareHere) welfare += select<i64>(-pr, pr, isSell) * f;
    if (pr == select<i64>(sm, bm, isSell)) {
      if (isSell) { store<i32>(sList + (<usize>nsm << 2), i); nsm++; }
      else { store<i32>(bList + (<usize>nbm << 2), i); nbm++; }
    }
  }
  passWelfare = welfare; listedBuys = nbm; listedSells = nsm;
}

/** fillPass when a marginal level may hold many orders: listed branch-free (welfareHere: as fillPassFew). */
@inline function fillPassMany(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                      fills: usize, payments: usize, bList: usize, sList: usize, welfareHere: bool): void {
  const bm = C.bMargP, sm = C.sMargP; // NO_PRICE_*: no level matches
  let nbm = 0, nsm = 0;
  let welfare: i64 = 0;
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const q = load<i64>(qty + (<usize>i << 3));
    const f = select<i64>(q, 0, select<bool>(pr <= sFull, pr >= bFull, isSell));
    store<i64>(fills + (<usize>i << 3), f);
    store<i64>(payments + (<usize>i << 3), p * f);
    if (welfareHere) welfare += select<i64>(-pr, pr, isSell) * f;
    // the marginal level's orders, listed branch-free (a level may hold most of the orders)
    const marg = <i32>(pr == select<i64>(sm, bm, isSell)), sell = <i32>isSell;
    store<i32>(select<usize>(sList + (<usize>nsm << 2), bList + (<usize>nbm << 2), isSell), i);
    nbm += marg & (1 - sell);
    nsm += marg & sell;
  }
  passWelfare = welfare; listedBuys = nbm; listedSells = nsm;
}

/** Packed keys' count per side after keyPass (buys at keys[0..), sells at keys[nb..)). */
let keyedBuys: i32 = 0, keyedSells: i32 = 0;

/**
 * fillPass that also writes each completely filled order's packed key (merit.ts): its distance
 * from its side's best price (bHi for buys, sLo for sells) above `ib` bits of input index, and
 * with qb > 0 the quantity in the qb bits below the index (else in keyQty alongside); buys from
 * keys[0], sells from keys[nb], each in input order (a write at the cursor, which only a filled
 * order advances).
 */
function keyPass(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                 fills: usize, payments: usize, bList: usize, sList: usize, keys: usize, keyQty: usize,
                 nb: i32, bHi: i64, sLo: i64, ib: u32, qb: u32): void {
  if (C.fewMarginal()) keyPassOf(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, keys, keyQty, nb, bHi, sLo, ib, qb, true, false, 0, false);
  else keyPassOf(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, keys, keyQty, nb, bHi, sLo, ib, qb, false, false, 0, false);
}

/** keyPass writing each filled order's key straight to its merit position (keyPassOf's `direct`). */
function keyPassDirect(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                       fills: usize, payments: usize, bList: usize, sList: usize, keys: usize, nb: i32, qb: u32): void {
  if (C.fewMarginal()) keyPassOf(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, keys, 0, nb, 0, 0, 0, qb, true, true, 0, false);
  else keyPassOf(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, keys, 0, nb, 0, 0, 0, qb, false, true, 0, false);
}

/** At most 2^BUCKET_BITS buckets of cells per side in keyPassTwo (cursors: SIDE_BUCKETS per side). */
const BUCKET_BITS: i32 = 10;
const SIDE_BUCKETS: i32 = (1 << BUCKET_BITS) + 1;
const BUCKETS = memory.data((2 * SIDE_BUCKETS) << 2);
/**
 * keyPassTwo from this many keys on (1.5 MB of them): below it the direct scatter's streams stay
 * in the caches and the second pass only adds work (core alone on 40-80 at 2 decimals, CPU
 * medians: 1e5 orders +12%, 2e5 (150,000 keys) +3%, 3e5 -10%, 5e5 -17%, 1e6 -15%).
 */
const TWO_PHASE_KEYS: i32 = 3 << 16;
/** keyPassTwo's keys carry their cell (below 2^15) from this bit up, above a fill below 2^17. */
const CELL_AT: u32 = 49;

/**
 * The cursors of keyPassTwo's buckets of 2^g cells: each bucket's start is its first cell's
 * start position in merit order (startPositions: the top cell of a buy bucket, the bottom one of
 * a sell bucket), for the buckets that hold a completely filled order (`full`: the last cell with
 * one, -1 for none; the others only write to the sink).
 */
function bucketStarts(cnt: usize, bk: usize, g: u32, full: i32, buy: bool): void {
  const cells = C.cells, nbk = ((cells - 1) >> g) + 1;
  for (let b = 0; b < nbk; b++) {
    const first = buy ? min(((b + 1) << g) - 1, cells - 1) : b << g;
    const ok = full >= 0 && (buy ? first >= full : first <= full);
    store<i32>(bk + (<usize>b << 2), ok ? load<i32>(cnt + (<usize>first << 2)) : 0);
  }
}

/**
 * keyPassDirect in two phases (a cell per price level, fills below 2^17): this pass writes each
 * completely filled order's key (merit.ts hiLoKey, its cell in the bits from CELL_AT) to the next
 * position of its bucket of 2^g cells (at most 2^BUCKET_BITS buckets per side: few write streams,
 * where a stream per level, thousands, missed the caches on every key), in `tmp`; byCell then moves
 * each bucket's keys to their cells' positions (a bucket's keys and cursors stay in the cache).
 * The same keys in the same order as keyPassDirect's: input order inside a level.
 */
function keyPassTwo(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                    fills: usize, payments: usize, bList: usize, sList: usize, tmp: usize, nb: i32, g: u32): void {
  if (C.fewMarginal()) keyPassOf(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, tmp, 0, nb, 0, 0, 0, 0, true, true, g, true);
  else keyPassOf(n, side, price, qty, p, bFull, sFull, fills, payments, bList, sList, tmp, 0, nb, 0, 0, 0, 0, false, true, g, true);
}

/**
 * Moves `count` keys of keyPassTwo from `src` to their cell's next position at `dst` (the cells'
 * start positions at `cnt`), dropping the cell bits: a stable counting pass inside each bucket.
 */
function byCell(src: usize, count: i32, cnt: usize, dst: usize): void {
  const at49 = <u64>CELL_AT, mask: u64 = (<u64>1 << at49) - 1;
  for (let k = 0; k < count; k++) {
    const v = load<u64>(src + (<usize>k << 3));
    const c = cnt + (<usize>(v >> at49) << 2);
    const at = <usize>load<i32>(c);
    store<i32>(c, <i32>at + 1);
    store<u64>(dst + (at << 3), v & mask);
  }
}

/**
 * keyPass with the marginal orders listed behind a rarely taken branch (`few`) or branch-free
 * (fillPassFew, fillPassMany). `direct` (a cell per price level, shift 0, and the fill in the key,
 * 0 < qb <= 32): each completely filled order's key (its quantity above its input index, merit.ts
 * hiLoKey: the pairing's own layout) goes straight
 * to its merit position, the next free one of its level (the counts per cell turned into start
 * positions: buys from the best level down, sells up), so the keys come out in merit order with
 * input order breaking ties, as the radix sort would give them; orders not filled completely write
 * to a sink; the start positions' sums are the keys per side, and the welfare of the complete
 * fills comes from the cells (cellWelfare), so neither is summed per order. `two` (with direct:
 * keyPassTwo) writes each such key, its cell in the bits from CELL_AT, to the next position of its
 * bucket of 2^g cells instead (byCell finishes the order). The flags are constants at each call
 * (keyPass, keyPassDirect, keyPassTwo), so each of the six loops is compiled alone.
 */
@inline function keyPassOf(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                 fills: usize, payments: usize, bList: usize, sList: usize, keys: usize, keyQty: usize,
                 nb: i32, bHi: i64, sLo: i64, ib: u32, qb: u32, few: bool, direct: bool, g: u32, two: bool): void {
  const bm = C.bMargP, sm = C.sMargP;
  const kShift = <u64>(ib + qb), iShift = <u64>qb, inKey = qb != 0;
  // direct: shift 0, so an order's count is at cnt + 4 (p - base); the base is taken off the
  // column addresses once (u32 arithmetic wraps alike), and no global is read in the loop (V8
  // reloads a Wasm global from memory at every use)
  const off = <usize>C.base << 2;
  const bCnt = C.bCount - off, sCnt = C.sCount - off, sKeys = keys + (<usize>nb << 3);
  // two (keyPassTwo): the cursors are the buckets' of 2^g cells, the keys carry their cell
  const b0 = C.base, gs = <u64>g, at49 = <u64>CELL_AT, bBk = BUCKETS, sBk = BUCKETS + (<usize>SIDE_BUCKETS << 2);
  let nbm = 0, nsm = 0, bc = 0, sc = direct ? 0 : nb;
  let welfare: i64 = 0;
  for (let i = 0; i < n; i++) {
    const sell = <i32>load<u8>(side + <usize>i);
    const isSell = sell != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const q = load<i64>(qty + (<usize>i << 3));
    const full = select<bool>(pr <= sFull, pr >= bFull, isSell);
    const f = select<i64>(q, 0, full);
    store<i64>(fills + (<usize>i << 3), f);
    store<i64>(payments + (<usize>i << 3), p * f);
    if (!direct) welfare += select<i64>(-pr, pr, isSell) * f; // direct (shift 0): cellWelfare
    if (two) {
      const d = <u64>(pr - b0); // the cell (shift 0)
      const c = select<usize>(sBk, bBk, isSell) + (<usize>(d >> gs) << 2);
      const at = <usize>load<i32>(c);
      store<i32>(c, <i32>at + <i32>full);
      store<u64>(select<usize>(select<usize>(sKeys, keys, isSell) + (at << 3), SINK, full), hiLoKey(i, q) | (d << at49));
    } else if (direct) {
      const c = select<usize>(sCnt, bCnt, isSell) + (<usize>pr << 2);
      const at = <usize>load<i32>(c); // a start position when full (else a count, left as it is)
      store<i32>(c, <i32>at + <i32>full);
      store<u64>(select<usize>(select<usize>(sKeys, keys, isSell) + (at << 3), SINK, full), hiLoKey(i, q));
    } else {
      const key = <u64>select<i64>(pr - sLo, bHi - pr, isSell); // garbage when not full: overwritten
      const at = <usize>select<i32>(sc, bc, isSell) << 3;
      const low = (<u64>i << iShift) | select<u64>(<u64>q, 0, inKey);
      store<u64>(keys + at, (key << kShift) | low);
      if (!inKey) store<i64>(keyQty + at, q);
    }
    if (!direct) { // direct: the start positions counted the keys (keyedBuys, keyedSells)
      const fi = <i32>full;
      bc += fi & (1 - sell);
      sc += fi & sell;
    }
    if (few) {
      if (pr == select<i64>(sm, bm, isSell)) {
        if (isSell) { store<i32>(sList + (<usize>nsm << 2), i); nsm++; }
        else { store<i32>(bList + (<usize>nbm << 2), i); nbm++; }
      }
    } else {
      const marg = <i32>(pr == select<i64>(sm, bm, isSell));
      store<i32>(select<usize>(sList + (<usize>nsm << 2), bList + (<usize>nbm << 2), isSell), i);
      nbm += marg & (1 - sell);
      nsm += marg & sell;
    }
  }
  passWelfare = direct ? cellWelfare(bFull, sFull) : welfare; listedBuys = nbm; listedSells = nsm;
  if (!direct) { keyedBuys = bc; keyedSells = sc - nb; }
}

/**
 * Sorts keyPass's keys (scratch: scMerit), appends the marginal orders that got a fill (they come
 * after every complete fill: their level is the last filled), and pairs both sides into trades.
 */
function pairFilled(nb: i32, bHi: i64, sLo: i64, bFull: i64, sFull: i64, ib: u32, qb: u32, bList: usize, nbm: i32,
                    sList: usize, nsm: i32, fills: usize, tb: usize, ts: usize, tq: usize, sorted: bool): i32 {
  const off = <usize>nb << 3;
  if (sorted) { // keyPassDirect wrote the keys in merit order, in pairHiLo's layout
    const nbf = appendHiLo(bigA, keyedBuys, bList, nbm, fills);
    const nsf = appendHiLo(bigA + off, keyedSells, sList, nsm, fills);
    return C.volume > 0 ? pairHiLo(bigA, bigA + off, nbf, tb, ts, tq, nbf + nsf - 1) : 0;
  }
  const bBits = bFull <= bHi ? bitsFor(<u64>(bHi - bFull)) : 0;
  const sBits = sFull >= sLo ? bitsFor(<u64>(sFull - sLo)) : 0;
  const pay = qb == 0; // fills as a payload column, else in the keys
  // fills below 2^32: the sort's last move writes the keys in pairHiLo's layout
  const hiLo = qb != 0 && qb <= 32 ? qb : 0;
  const bKeys = sortPacked(bigA, scMerit, pay ? scPrefix : 0, scSortTmp, keyedBuys, ib + qb, bBits, hiLo);
  const bFill = sortedPayload;
  const sKeys = sortPacked(bigA + off, scMerit + off, pay ? scPrefix + off : 0, scSortTmp + off, keyedSells, ib + qb, sBits, hiLo);
  const sFill = sortedPayload;
  if (hiLo != 0) {
    const nbf = appendHiLo(bKeys, keyedBuys, bList, nbm, fills);
    const nsf = appendHiLo(sKeys, keyedSells, sList, nsm, fills);
    return C.volume > 0 ? pairHiLo(bKeys, sKeys, nbf, tb, ts, tq, nbf + nsf - 1) : 0;
  }
  const nbf = appendPacked(bKeys, bFill, keyedBuys, bList, nbm, fills, qb);
  const nsf = appendPacked(sKeys, sFill, keyedSells, sList, nsm, fills, qb);
  const mask = (<u64>1 << <u64>ib) - 1;
  return pairPacked(bKeys, bFill, nbf, sKeys, sFill, nsf, mask, qb, tb, ts, tq, C.volume);
}

/**
 * fillPass that also lists each side's completely filled orders by cell, in input order inside a
 * cell (a stable counting pass: the cells' start positions are in the count columns), with their
 * prices (keys) alongside when a cell spans several prices (to sort by). Pairing reads the fills
 * from the fills column.
 */
function meritPass(n: i32, side: usize, price: usize, qty: usize, p: i64, bFull: i64, sFull: i64,
                   fills: usize, payments: usize, bList: usize, sList: usize, bMerit: usize, sMerit: usize,
                   bKey: usize, sKey: usize): void {
  const bm = C.bMargP, sm = C.sMargP;
  const bCnt = C.bCount, sCnt = C.sCount;
  const keyed = C.shift != 0; // prices to sort by (a cell spans several prices)
  let nbm = 0, nsm = 0;
  let welfare: i64 = 0;
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const q = load<i64>(qty + (<usize>i << 3));
    const full = select<bool>(pr <= sFull, pr >= bFull, isSell);
    const f = select<i64>(q, 0, full);
    store<i64>(fills + (<usize>i << 3), f);
    store<i64>(payments + (<usize>i << 3), p * f);
    welfare += select<i64>(-pr, pr, isSell) * f;
    const c = select<usize>(sCnt, bCnt, isSell) + (<usize>C.cellOf(pr) << 2);
    const at = <usize>load<i32>(c); // a start position when full (else the count, unused)
    store<i32>(c, <i32>at + <i32>full);
    store<i32>(select<usize>(select<usize>(sMerit, bMerit, isSell) + (at << 2), SINK, full), i);
    if (keyed) store<i64>(select<usize>(select<usize>(sKey, bKey, isSell) + (at << 3), SINK + 8, full), pr);
    if (pr == select<i64>(sm, bm, isSell)) {
      if (isSell) { store<i32>(sList + (<usize>nsm << 2), i); nsm++; }
      else { store<i32>(bList + (<usize>nbm << 2), i); nbm++; }
    }
  }
  passWelfare = welfare; listedBuys = nbm; listedSells = nsm;
}

/** The lowest buy price filled completely (above every price when no buy is). */
export function fullBuyFrom(): i64 {
  if (C.bMargP != C.NO_PRICE_LOW) return C.bMargP + 1;
  return C.bLastP != C.NO_PRICE_HIGH ? C.bLastP : i64.MAX_VALUE;
}

/** The highest sell price filled completely (below every price when no sell is). */
export function fullSellTo(): i64 {
  if (C.sMargP != C.NO_PRICE_HIGH) return C.sMargP - 1;
  return C.sLastP != C.NO_PRICE_LOW ? C.sLastP : i64.MIN_VALUE;
}

/** Trades built by the last clearByLevels (0 without trade columns). */
export let levelTradeCount: i32 = 0;

/** Turns the counts of cells from `first` to `last` (step dir) into start positions; returns their sum. */
export function startPositions(cnt: usize, first: i32, last: i32, dir: i32): i32 {
  let sum = 0;
  for (let c = first; ; c += dir) {
    const p = cnt + (<usize>c << 2);
    const k = load<i32>(p);
    store<i32>(p, sum);
    sum += k;
    if (c == last) break;
  }
  return sum;
}

/**
 * Sorts each cell's run of the merit list by price (stable: input order breaks ties), best first.
 * After the scatter a cell's position is the end of its run; runs follow each other. A long run's
 * keys (and fills, when `fill` is not 0) are gathered again from `price` (and `fills`, the
 * orders' fills in input order).
 */
export function sortCells(cnt: usize, first: i32, last: i32, dir: i32, merit: usize, key: usize, fill: usize,
                   price: usize, fills: usize, desc: bool): void {
  if (last < 0) return;
  let start = 0;
  for (let c = first; ; c += dir) {
    const end = load<i32>(cnt + (<usize>c << 2));
    const len = end - start;
    if (len > 32) {
      const at = merit + (<usize>start << 2);
      stableSort(at, len, scCopy, desc ? SORT_PRICE_DOWN : SORT_PRICE_UP, price);
      for (let k = start; k < end; k++) {
        const o = <usize>load<i32>(merit + (<usize>k << 2)) << 3;
        if (fill != 0) store<i64>(fill + (<usize>k << 3), load<i64>(fills + o));
        store<i64>(key + (<usize>k << 3), load<i64>(price + o));
      }
    } else if (len > 1) insertRun(merit, key, fill, start, end, desc);
    start = end;
    if (c == last) break;
  }
}

/** Stable insertion sort of positions [a, b) by key (descending when desc), moving index and fill (unless 0) along. */
function insertRun(merit: usize, key: usize, fill: usize, a: i32, b: i32, desc: bool): void {
  for (let i = a + 1; i < b; i++) {
    const k = load<i64>(key + (<usize>i << 3));
    const o = load<i32>(merit + (<usize>i << 2));
    const f = fill != 0 ? load<i64>(fill + (<usize>i << 3)) : 0;
    let j = i - 1;
    while (j >= a) {
      const kj = load<i64>(key + (<usize>j << 3));
      if (desc ? kj >= k : kj <= k) break;
      store<i64>(key + (<usize>(j + 1) << 3), kj);
      store<i32>(merit + (<usize>(j + 1) << 2), load<i32>(merit + (<usize>j << 2)));
      if (fill != 0) store<i64>(fill + (<usize>(j + 1) << 3), load<i64>(fill + (<usize>j << 3)));
      j--;
    }
    store<i64>(key + (<usize>(j + 1) << 3), k);
    store<i32>(merit + (<usize>(j + 1) << 2), o);
    if (fill != 0) store<i64>(fill + (<usize>(j + 1) << 3), f);
  }
}

/** Appends the listed (marginal) orders that got a fill, in list order; returns the new length. */
function appendFilled(merit: usize, len: i32, list: usize, count: i32, fills: usize): i32 {
  for (let k = 0; k < count; k++) {
    const o = load<i32>(list + (<usize>k << 2));
    if (load<i64>(fills + (<usize>o << 3)) > 0) {
      store<i32>(merit + (<usize>len << 2), o);
      len++;
    }
  }
  return len;
}

/** Pairs the filled buys and sells in merit order (mechanism.ts buildTrades, two pointers); every
 * trade's price is the one price (TypeScript fills the price column: the core leaves it). */
function pairTrades(bMerit: usize, nbf: i32, sMerit: usize, nsf: i32, fills: usize,
                    tb: usize, ts: usize, tq: usize): i32 {
  let i = 0, j = 0, k = 0, b = 0, s = 0;
  let rb: i64 = 0, rs: i64 = 0;
  while (true) {
    if (rb == 0) {
      if (i == nbf) break;
      b = load<i32>(bMerit + (<usize>i << 2));
      rb = load<i64>(fills + (<usize>b << 3));
      i++;
    }
    if (rs == 0) {
      if (j == nsf) break;
      s = load<i32>(sMerit + (<usize>j << 2));
      rs = load<i64>(fills + (<usize>s << 3));
      j++;
    }
    const t = rb < rs ? rb : rs;
    store<i32>(tb + (<usize>k << 2), b);
    store<i32>(ts + (<usize>k << 2), s);
    store<i64>(tq + (<usize>k << 3), t);
    rb -= t;
    rs -= t;
    k++;
  }
  return k;
}
