// Pay-as-bid and trade reduction by price cells, without sorting the book: both start from the
// efficient allocation, which levels.ts finds from per-cell totals. Pay-as-bid then pairs the
// filled orders in merit order (packed keys radix-sorted, merit.ts; a counting pass by cell when
// keys do not fit); trade reduction
// needs only the marginal orders' prices and, when it reduces, one pass for the remaining demand
// and supply and one to ration the long side (pro rata: floor shares and a radix selection of the
// largest remainders; time priority: the cell where the volume runs out, sorted). Ties at a price
// go by input index, as in the sorted path without sequences or ids (the only inputs taken here).
// Results are identical to the sorted path's (test/property/auction.test.ts compares them).
import * as C from "./cells";
import * as M from "./mechanism";
import * as LV from "./levels";
import { bitsFor, keyFilled, keyedB, keyedS, maxDistB, maxDistS, pairPricedPacked, pricedTotal, sortedPayload, sortPacked } from "./merit";
import { kthLargest, kthTake, TIE_TIME } from "./allocate";
import { SORT_PRICE_DOWN, SORT_PRICE_UP, stableSort } from "./sort";
import { MECH_PAY_AS_BID, PAB_ASK, PAB_BID } from "./layout";
import { addChecked, clearOverflow, divWide, midHalfEven, mulMoney, mulWide, overflowed, wideHi, wideLo, wideRem } from "./wide";

/** Trades built by the last clearOtherByCells. */
export let otherTradeCount: i32 = 0;

/**
 * Clears pay-as-bid or trade reduction by price cells (no sequences, no ids); returns false when
 * a side's total or the bound |price| x volume on the money does not fit (the sorted path then
 * clears, with its own overflow rules). Trades go to tb.. when `out`; pay-as-bid pairs the orders
 * even without (its payments are summed from the trades).
 */
export function clearOtherByCells(n: i32, nb: i32, side: usize, price: usize, qty: usize, floor: i64, cap: i64,
                                  tie: i32, mech: i32, pab: i32, bLo: i64, bHi: i64, sLo: i64, sHi: i64, m: i32,
                                  fills: usize, payments: usize, bList: usize, sList: usize, out: bool,
                                  tb: usize, ts: usize, tq: usize, tp: usize): bool {
  const pairs = out || mech == MECH_PAY_AS_BID;
  otherTradeCount = 0;
  if (bHi < sLo) { // no bid reaches an ask (or a side is empty): nothing trades, no order is read
    M.setPriceInterval(floor, cap, C.NO_PRICE_LOW, bHi, C.NO_PRICE_HIGH, sLo);
    M.setNoPrices();
    M.setTotals(0, 0, 0, 0);
    return true;
  }
  const lo = min(bLo, sLo), hi = max(bHi, sHi);
  // the trades' merit order from packed keys (merit.ts) when distance and index fit in 64 bits,
  // else by a counting pass per cell (meritAndPair), which needs the orders per cell
  const ib = bitsFor(<u64>(n - 1));
  const packed = ib + bitsFor(<u64>(max(bHi - bLo, sHi - sLo))) <= 64;
  C.setGrid(lo, hi, m, LV.smallHist, LV.bigB, pairs && !packed ? LV.scPrefix : 0, bList, sList, LV.scCopy);
  if (!C.totalsFit) return false;
  C.sumCells(n, nb, side, price, qty);
  C.crossCells(n, side, price, qty, bHi, sLo);
  const volume = C.volume;
  M.setPriceInterval(floor, cap, C.sLastP, C.bNextP, C.bLastP, C.sNextP);
  clearOverflow();
  const bound = mulMoney(max(abs(lo), abs(hi)), volume); // bounds every money sum below
  addChecked(bound, bound);
  if (overflowed) { clearOverflow(); return false; }

  // the efficient allocation (levels.ts), payments 0 for now
  LV.fillPass(n, side, price, qty, 0, LV.fullBuyFrom(), LV.fullSellTo(), fills, payments, bList, sList);
  let welfare = LV.passWelfare;
  const nbm = LV.listedBuys, nsm = LV.listedSells;
  if (C.bRest > 0) { LV.shareMarginal(bList, nbm, C.bRest, C.bMargQ, qty, fills, tie, 0, 0); welfare += C.bMargP * C.bRest; }
  if (C.sRest > 0) { LV.shareMarginal(sList, nsm, C.sRest, C.sMargQ, qty, fills, tie, 0, 0); welfare -= C.sMargP * C.sRest; }

  let vol = volume;
  if (mech == MECH_PAY_AS_BID) M.setNoPrices();
  else if (volume == 0) M.setNoPrices();
  else {
    const pb = C.bLastP, ps = C.sLastP;
    const hasNext = C.bNextP != C.NO_PRICE_LOW && C.sNextP != C.NO_PRICE_HIGH;
    const p0 = hasNext ? midHalfEven(C.bNextP, C.sNextP) : 0;
    if (hasNext && p0 >= ps && p0 <= pb) M.setUniform(p0);
    else {
      vol = reduce(n, side, price, qty, fills, tie, pb, ps, lastAt(bList, nbm, fills, C.bRest > 0, n, side, price, pb, 0),
        lastAt(sList, nsm, fills, C.sRest > 0, n, side, price, ps, 1), bList, sList);
      welfare = reducedWelfare;
      M.setSidePrices(pb, ps);
    }
  }
  if (mech != MECH_PAY_AS_BID) {
    payAll(n, side, fills, payments, M.buyPrice, M.sellPrice);
    M.setTotals(vol, welfare, mulMoney(M.buyPrice, vol), mulMoney(M.sellPrice, vol));
  }
  pabTotal = 0;
  if (pairs && vol > 0) {
    otherTradeCount = packed
      ? pairByKeys(n, nb, side, price, fills, payments, bHi, sLo, ib, mech == MECH_PAY_AS_BID ? pab : -1, out, tb, ts, tq, tp)
      : meritAndPair(n, side, price, fills, payments, mech, pab, out, tb, ts, tq, tp);
  }
  if (mech == MECH_PAY_AS_BID) M.setTotals(vol, welfare, pabTotal, pabTotal);
  return true;
}

/**
 * The input index of the last order in priority order with a fill at price p on one side: the
 * last listed marginal order with a fill (marginal), else the highest index at p (a pass).
 */
function lastAt(list: usize, count: i32, fills: usize, marginal: bool, n: i32, side: usize, price: usize,
                p: i64, sd: u8): i32 {
  if (marginal) {
    for (let k = count - 1; k >= 0; k--) {
      const o = load<i32>(list + (<usize>k << 2));
      if (load<i64>(fills + (<usize>o << 3)) > 0) return o;
    }
    return -1; // unreachable: a shared remainder gives some order a fill
  }
  for (let i = n - 1; i >= 0; i--) {
    if (load<i64>(price + (<usize>i << 3)) == p && load<u8>(side + <usize>i) == sd) return i;
  }
  return -1;
}

/** Whether order i (price pr) stays under trade reduction: ahead of the cut (price pb, index bm) in priority. */
@inline function stays(isSell: bool, pr: i64, i: i32, pb: i64, bm: i32, ps: i64, sm: i32): bool {
  return isSell ? (pr < ps || (pr == ps && i < sm)) : (pr > pb || (pr == pb && i < bm));
}

/** Welfare of the reduced allocation (set by `reduce`). */
let reducedWelfare: i64 = 0;

/**
 * McAfee's reduction (mechanism.ts reduce): drops the marginal buyer bm, seller sm and every
 * order after them; the short side of what stays fills completely, the long side is rationed by
 * the tie rule over all its remaining orders. Rewrites every fill; returns the volume.
 */
function reduce(n: i32, side: usize, price: usize, qty: usize, fills: usize, tie: i32, pb: i64, ps: i64,
                bm: i32, sm: i32, bList: usize, sList: usize): i64 {
  let d: i64 = 0, s: i64 = 0;
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const q = select<i64>(load<i64>(qty + (<usize>i << 3)), 0, stays(isSell, pr, i, pb, bm, ps, sm));
    d += select<i64>(0, q, isSell); // <= a side's total, which fits
    s += select<i64>(q, 0, isSell);
  }
  const v = d < s ? d : s;
  const buysLong = d > v, sellsLong = s > v; // at most one
  const total = buysLong ? d : s;
  let listed = 0;
  let top: u64 = 0, given: i64 = 0;
  let welfare: i64 = 0;
  // the short side fills completely; the long side: floor shares (pro rata) or listed (time)
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const q = load<i64>(qty + (<usize>i << 3));
    let f: i64 = 0;
    if (v > 0 && stays(isSell, pr, i, pb, bm, ps, sm)) {
      if (isSell ? !sellsLong : !buysLong) f = q;
      else if (tie == TIE_TIME) { store<i32>(bList + (<usize>listed << 2), i); listed++; }
      else {
        mulWide(<u64>v, <u64>q);
        f = <i64>divWide(wideHi, wideLo, <u64>total);
        store<u64>(LV.scRem + (<usize>i << 3), wideRem);
        top |= wideRem;
        given += f;
        store<i32>(bList + (<usize>listed << 2), i); listed++;
      }
    }
    store<i64>(fills + (<usize>i << 3), f);
    welfare += select<i64>(-pr, pr, isSell) * f;
  }
  const long = sellsLong ? 1 : 0;
  if (listed > 0) {
    if (tie == TIE_TIME) welfare += timeShare(bList, listed, v, price, qty, fills, long != 0);
    else welfare += leftovers(bList, listed, <i32>(v - given), top, price, fills, long != 0);
  }
  reducedWelfare = welfare;
  return v;
}

/**
 * Pro-rata leftovers over a whole side (list in input order): one tick each to the largest
 * remainders; of equal remainders at the threshold, the first in priority (price, then index).
 * Returns the welfare they add.
 */
function leftovers(list: usize, count: i32, left: i32, top: u64, price: usize, fills: usize, sell: bool): i64 {
  if (left == 0) return 0;
  const kth = kthLargest(list, 0, count, left, LV.scRem, top, LV.scCopy, LV.scShareTmp);
  const take = kthTake;
  let ties = 0, w: i64 = 0;
  const tieList = LV.scCopy; // free again after the selection
  for (let k = 0; k < count; k++) {
    const o = load<i32>(list + (<usize>k << 2));
    const r = load<u64>(LV.scRem + (<usize>o << 3));
    if (r > kth) w += give(o, price, fills, sell);
    else if (r == kth) { store<i32>(tieList + (<usize>ties << 2), o); ties++; }
  }
  if (ties > take) stableSort(tieList, ties, LV.scShareTmp, sell ? SORT_PRICE_UP : SORT_PRICE_DOWN, price);
  for (let k = 0; k < take; k++) w += give(load<i32>(tieList + (<usize>k << 2)), price, fills, sell);
  return w;
}

/** One more tick to order o; returns the welfare it adds. */
@inline function give(o: i32, price: usize, fills: usize, sell: bool): i64 {
  const at = fills + (<usize>o << 3);
  store<i64>(at, load<i64>(at) + 1);
  const p = load<i64>(price + (<usize>o << 3));
  return sell ? -p : p;
}

/**
 * Time priority over a whole side (list in input order, total above v): the cells from the best
 * fill completely until the cell where v runs out, whose orders are sorted by price (then index)
 * and filled in that order. Returns the welfare.
 */
function timeShare(list: usize, count: i32, v: i64, price: usize, qty: usize, fills: usize, sell: bool): i64 {
  // per-cell totals of the listed orders, from the best cell, until v is reached
  const hist = sell ? C.sHist : C.bHist;
  memory.fill(hist, 0, <usize>C.cells << 3);
  for (let k = 0; k < count; k++) {
    const o = load<i32>(list + (<usize>k << 2));
    const at = hist + (<usize>C.cellOf(load<i64>(price + (<usize>o << 3))) << 3);
    store<i64>(at, load<i64>(at) + load<i64>(qty + (<usize>o << 3)));
  }
  let c = sell ? 0 : C.cells - 1, cum: i64 = 0;
  const dir = sell ? 1 : -1;
  while (cum + load<i64>(hist + (<usize>c << 3)) < v) { cum += load<i64>(hist + (<usize>c << 3)); c += dir; }
  const end = c;
  let w: i64 = 0, inEnd = 0;
  const endList = LV.scCopy;
  for (let k = 0; k < count; k++) {
    const o = load<i32>(list + (<usize>k << 2));
    const p = load<i64>(price + (<usize>o << 3));
    const oc = C.cellOf(p);
    if (oc == end) { store<i32>(endList + (<usize>inEnd << 2), o); inEnd++; }
    else if (sell ? oc < end : oc > end) {
      const q = load<i64>(qty + (<usize>o << 3));
      store<i64>(fills + (<usize>o << 3), q);
      w += (sell ? -p : p) * q;
    }
  }
  if (C.shift != 0) stableSort(endList, inEnd, LV.scShareTmp, sell ? SORT_PRICE_UP : SORT_PRICE_DOWN, price);
  let left = v - cum;
  for (let k = 0; k < inEnd && left > 0; k++) {
    const o = load<i32>(endList + (<usize>k << 2));
    const q = load<i64>(qty + (<usize>o << 3));
    const f = q < left ? q : left;
    store<i64>(fills + (<usize>o << 3), f);
    left -= f;
    const p = load<i64>(price + (<usize>o << 3));
    w += (sell ? -p : p) * f;
  }
  return w;
}

/** Payments at one price per side: buyers pb x fill, sellers ps x fill (bounded: checked before). */
function payAll(n: i32, side: usize, fills: usize, payments: usize, pb: i64, ps: i64): void {
  for (let i = 0; i < n; i++) {
    const p = select<i64>(ps, pb, load<u8>(side + <usize>i) != 0);
    store<i64>(payments + (<usize>i << 3), p * load<i64>(fills + (<usize>i << 3)));
  }
}

/** Money of all pay-as-bid trades (buyers pay it, sellers receive it). */
let pabTotal: i64 = 0;

/**
 * Lists each side's filled orders in merit order (counting pass by cell, stable; a sort inside a
 * cell that spans several prices) and pairs them with two pointers (mechanism.ts buildTrades).
 */
function meritAndPair(n: i32, side: usize, price: usize, fills: usize, payments: usize, mech: i32, pab: i32,
                      out: bool, tb: usize, ts: usize, tq: usize, tp: usize): i32 {
  const bCnt = C.bCount, sCnt = C.sCount, cells = C.cells;
  memory.fill(bCnt, 0, <usize>cells << 3); // both count columns
  let nbf = 0;
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const filled = <i32>(load<i64>(fills + (<usize>i << 3)) > 0);
    const at = select<usize>(sCnt, bCnt, isSell) + (<usize>C.cellOf(load<i64>(price + (<usize>i << 3))) << 2);
    store<i32>(at, load<i32>(at) + filled);
    nbf += select<i32>(0, filled, isSell);
  }
  LV.startPositions(bCnt, cells - 1, 0, -1);
  const nsf = startAll(sCnt, cells);
  const bMerit = LV.scMerit, bKey = LV.bigA;
  const sMerit = bMerit + (<usize>nbf << 2), sKey = bKey + (<usize>nbf << 3);
  // prices in merit order: to sort by (a cell spans several prices) and pay-as-bid's trade prices
  const keyed = C.shift != 0 || mech == MECH_PAY_AS_BID;
  for (let i = 0; i < n; i++) {
    const f = load<i64>(fills + (<usize>i << 3));
    if (f == 0) continue;
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const c = select<usize>(sCnt, bCnt, isSell) + (<usize>C.cellOf(pr) << 2);
    const at = <usize>load<i32>(c);
    store<i32>(c, <i32>at + 1);
    store<i32>(select<usize>(sMerit, bMerit, isSell) + (at << 2), i);
    if (keyed) store<i64>(select<usize>(sKey, bKey, isSell) + (at << 3), pr);
  }
  if (C.shift != 0) {
    LV.sortCells(bCnt, cells - 1, 0, -1, bMerit, bKey, 0, price, fills, true);
    LV.sortCells(sCnt, 0, cells - 1, 1, sMerit, sKey, 0, price, fills, false);
  }
  return pairPriced(bMerit, bKey, nbf, sMerit, sKey, nsf, fills, payments, mech, pab, out, tb, ts, tq, tp);
}

/**
 * The filled orders of each side as packed keys with their fills (one pass), radix-sorted into
 * merit order (price, then index), and paired (merit.ts); pay-as-bid's total in pabTotal.
 */
function pairByKeys(n: i32, nb: i32, side: usize, price: usize, fills: usize, payments: usize, bHi: i64, sLo: i64,
                    ib: u32, pab: i32, out: bool, tb: usize, ts: usize, tq: usize, tp: usize): i32 {
  const keys = LV.bigA, keys2 = LV.scMerit, fill = LV.scPrefix, fill2 = LV.scSortTmp, off = <usize>nb << 3;
  keyFilled(n, nb, side, price, fills, bHi, sLo, ib, keys, fill);
  const nbf = keyedB, nsf = keyedS;
  const bKeys = sortPacked(keys, keys2, fill, fill2, nbf, ib, bitsFor(maxDistB));
  const bFill = sortedPayload;
  const sKeys = sortPacked(keys + off, keys2 + off, fill + off, fill2 + off, nsf, ib, bitsFor(maxDistS));
  const k = pairPricedPacked(bKeys, bFill, nbf, sKeys, sortedPayload, nsf, ib, bHi, sLo, M.buyPrice, pab, payments,
    out, tb, ts, tq, tp);
  pabTotal = pricedTotal;
  return k;
}

/** Start positions of all cells in ascending order (counts to prefix sums); returns the total. */
function startAll(cnt: usize, cells: i32): i32 {
  let sum = 0;
  for (let c = 0; c < cells; c++) {
    const p = cnt + (<usize>c << 2);
    const k = load<i32>(p);
    store<i32>(p, sum);
    sum += k;
  }
  return sum;
}

/**
 * Two pointers over the merit lists: each trade the smaller remaining fill, priced by the
 * mechanism (the buyer's price: one price, or pay-as-bid's rule); pay-as-bid payments are summed
 * per order (bounded by |price| x volume, checked before). Prices come from the keys (merit order).
 * Writes trades only when `out`.
 */
function pairPriced(bMerit: usize, bKey: usize, nbf: i32, sMerit: usize, sKey: usize, nsf: i32,
                    fills: usize, payments: usize, mech: i32, pab: i32, out: bool, tb: usize, ts: usize, tq: usize, tp: usize): i32 {
  const isPab = mech == MECH_PAY_AS_BID, one = M.buyPrice;
  let i = 0, j = 0, k = 0, b = 0, s = 0;
  let rb: i64 = 0, rs: i64 = 0, total: i64 = 0, payB: i64 = 0, payS: i64 = 0, pb: i64 = 0, ps: i64 = 0;
  while (true) {
    if (rb == 0) {
      if (i == nbf) break;
      b = load<i32>(bMerit + (<usize>i << 2));
      rb = load<i64>(fills + (<usize>b << 3));
      if (isPab) pb = load<i64>(bKey + (<usize>i << 3));
      i++;
    }
    if (rs == 0) {
      if (j == nsf) break;
      s = load<i32>(sMerit + (<usize>j << 2));
      rs = load<i64>(fills + (<usize>s << 3));
      if (isPab) ps = load<i64>(sKey + (<usize>j << 3));
      j++;
    }
    const t = rb < rs ? rb : rs;
    let p = one;
    rb -= t;
    rs -= t;
    if (isPab) { // an order's trades are consecutive: its payment is written once, when it is done
      p = pab == PAB_BID ? pb : pab == PAB_ASK ? ps : midHalfEven(pb, ps);
      const money = p * t;
      payB += money;
      payS += money;
      total += money;
      if (rb == 0) { store<i64>(payments + (<usize>b << 3), payB); payB = 0; }
      if (rs == 0) { store<i64>(payments + (<usize>s << 3), payS); payS = 0; }
    }
    if (out) {
      store<i32>(tb + (<usize>k << 2), b);
      store<i32>(ts + (<usize>k << 2), s);
      store<i64>(tq + (<usize>k << 3), t);
      if (isPab) store<i64>(tp + (<usize>k << 3), p); // one price otherwise: TypeScript fills it
    }
    k++;
  }
  pabTotal = total;
  return k;
}
