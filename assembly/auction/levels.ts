// Uniform price without sorting the orders: the uniform-price outcome needs only each side's
// quantity per price level. One pass sums the quantities into two histograms; the crossing, the
// marginal levels and the price come from the levels; one pass in input order writes every fill
// and payment. Only the orders of the marginal level (at most one level per side) are ever
// ordered among themselves, by the same tie rule as the sorted path (allocate.ts `share`). With
// trades, the first pass also counts orders per level, a stable counting pass lists the filled
// orders in merit order and two pointers pair them (as mechanism.ts buildTrades does). Fills,
// prices, totals and trades are identical to the sorted path's (test/property/auction.test.ts).
//
// The path declines (returns false; the sorted path then overwrites everything) when a side spans
// more price levels than its histogram holds, when trades are wanted and sequences or ids could
// reorder a level, or when a side's total quantity or a money total does not fit in i64: the
// sorted path then decides, with its own overflow rules.
import { share } from "./allocate";
import { setIdPrefixes, setTieKeys, stableSort } from "./sort";
import * as M from "./mechanism";
import { MECH_UNIFORM } from "./layout";
import { addChecked, clearOverflow, mulMoney, overflowed, subChecked } from "./wide";

/** Levels per side that the fixed histogram scratch holds (2 sides x 8 bytes x SMALL = HIST_BYTES). */
const SMALL: u64 = 16384;

// Per side (module globals, not objects: the stub runtime's reset would reclaim objects made at
// start-up). Levels count from the best price: buys from the highest down, sells from the lowest up.
let bHist: usize = 0, bLevels: i32 = 0, bFull: i32 = 0, bMarg: i32 = -1, bRest: i64 = 0, bLast: i32 = -1, bFirst: i32 = -1;
let sHist: usize = 0, sLevels: i32 = 0, sFull: i32 = 0, sMarg: i32 = -1, sRest: i64 = 0, sLast: i32 = -1, sFirst: i32 = -1;
/** Output of fillLevels for the side it was given. */
let fFull: i32 = 0, fMarg: i32 = -1, fRest: i64 = 0, fLast: i32 = -1, fFirst: i32 = -1;

@inline function level(h: usize, k: i32): i64 { return load<i64>(h + (<usize>k << 3)); }

/** An order's level on its side: distance from the side's best price (select: sides come in random order). */
@inline function levelOf(p: i64, isSell: bool, bHi: i64, sLo: i64): u64 {
  return select<u64>(<u64>(p - sLo), <u64>(bHi - p), isSell);
}

/** The next non-empty level at or after k (or `levels`). */
@inline function nextLevel(h: usize, levels: i32, k: i32): i32 {
  while (k < levels && level(h, k) == 0) k++;
  return k;
}

/** The efficient volume: the two level lists walked against each other while bid >= ask. */
function crossLevels(buyHi: i64, sellLo: i64): i64 {
  let i = nextLevel(bHist, bLevels, 0), j = nextLevel(sHist, sLevels, 0), q: i64 = 0;
  let rb: i64 = i < bLevels ? level(bHist, i) : 0, rs: i64 = j < sLevels ? level(sHist, j) : 0;
  while (i < bLevels && j < sLevels && buyHi - <i64>i >= sellLo + <i64>j) {
    const t = rb < rs ? rb : rs;
    q += t; // <= a side's total, which fits
    rb -= t;
    rs -= t;
    if (rb == 0) { i = nextLevel(bHist, bLevels, i + 1); if (i < bLevels) rb = level(bHist, i); }
    if (rs == 0) { j = nextLevel(sHist, sLevels, j + 1); if (j < sLevels) rs = level(sHist, j); }
  }
  return q;
}

/** Gives one side volume q level by level (as allocate.ts `fillSide` does order by order). */
function fillLevels(h: usize, levels: i32, q: i64): void {
  fMarg = -1; fRest = 0; fLast = -1; fFirst = -1;
  let k = 0, cum: i64 = 0;
  while (k < levels && cum < q) {
    const lq = level(h, k);
    if (lq == 0) { k++; continue; }
    if (lq <= q - cum) {
      cum += lq;
      fLast = k;
      k++;
    } else {
      fMarg = k;
      fRest = q - cum; // > 0: some order of the level gets a tick
      fLast = k;
      fFirst = k;
      break;
    }
  }
  fFull = k;
  if (fMarg < 0) {
    const u = nextLevel(h, levels, k);
    if (u < levels) fFirst = u;
  }
}

/**
 * Quantity per level (and, when counts != 0, orders per level: buys at counts, sells at counts +
 * 4m). Sides arrive in random order: select, not branch. Every quantity is below 2^62, so a
 * side's running total cannot jump past 2^64 in one step: bit 63 of `seen` catches a total that
 * does not fit in i64 (then false).
 */
function sumLevels(n: i32, side: usize, price: usize, qty: usize, bHi: i64, sLo: i64, counts: usize, m: i32): bool {
  let totB: u64 = 0, totS: u64 = 0, seen: u64 = 0;
  const sCounts = counts + (<usize>m << 2);
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const p = load<i64>(price + (<usize>i << 3));
    const q = load<i64>(qty + (<usize>i << 3));
    const lv = <usize>levelOf(p, isSell, bHi, sLo);
    const at = select<usize>(sHist, bHist, isSell) + (lv << 3);
    store<i64>(at, load<i64>(at) + q);
    if (counts != 0) {
      const c = select<usize>(sCounts, counts, isSell) + (lv << 2);
      store<i32>(c, load<i32>(c) + 1);
    }
    totB += select<u64>(0, <u64>q, isSell);
    totS += select<u64>(<u64>q, 0, isSell);
    seen |= totB | totS;
  }
  return (seen >> 63) == 0;
}

/** Sum of price x filled quantity over a side's levels (checked: the caller tests `overflowed`). */
function levelMoney(h: usize, full: i32, marg: i32, rest: i64, base: i64, dir: i64): i64 {
  let m: i64 = 0;
  for (let k = 0; k < full; k++) m = addChecked(m, mulMoney(base + dir * <i64>k, level(h, k)));
  if (marg >= 0) m = addChecked(m, mulMoney(base + dir * <i64>marg, rest));
  return m;
}

// Scratch of the call (entry.ts layScratch): the histograms (the fixed piece for up to SMALL
// levels per side, else keyA/keyB); rem, prefixes (or counts per level) and merit lists need 8
// bytes per order, the copy and sort buffers 4.
let scRem: usize = 0, scPrefix: usize = 0, scCopy: usize = 0, scSortTmp: usize = 0, scMerit: usize = 0;
let smallHist: usize = 0, bigA: usize = 0, bigB: usize = 0;

/** Points the level path at its scratch: two histograms (8 x SMALL each, or 8 x m each), etc. */
export function setLevelScratch(small: usize, histA: usize, histB: usize, rem: usize, prefix: usize,
                                copy: usize, sortTmp: usize, merit: usize): void {
  smallHist = small; bigA = histA; bigB = histB;
  scRem = rem; scPrefix = prefix; scCopy = copy; scSortTmp = sortTmp; scMerit = merit;
}

/**
 * Shares a marginal level's remainder among its orders (list: input indices in input order, put in
 * the tie order first when sequences or ids can break ties; setTieKeys was called).
 */
function shareMarginal(list: usize, count: i32, rest: i64, levelQ: i64, qty: usize, fills: usize,
                       tie: i32, seq: usize, idOff: usize): void {
  if (count == 0) return;
  if (seq != 0 || idOff != 0) stableSort(list, count, scSortTmp, 0, 0); // tie order (sort.ts cmpTie)
  share(list, 0, count, rest, levelQ, qty, fills, tie, scRem, scCopy, scSortTmp);
}

/** Payments of listed orders: p x fill. */
function payListed(list: usize, count: i32, p: i64, fills: usize, payments: usize): void {
  for (let k = 0; k < count; k++) {
    const o = <usize>load<i32>(list + (<usize>k << 2)) << 3;
    store<i64>(payments + o, p * load<i64>(fills + o));
  }
}

/**
 * Clears a uniform-price auction by levels, writing fills and payments in input order and the
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
  const ns = n - nb;
  const nbl: u64 = nb > 0 ? <u64>(bHi - bLo) + 1 : 0, nsl: u64 = ns > 0 ? <u64>(sHi - sLo) + 1 : 0;
  const big = <u64>m > SMALL;
  const room: u64 = big ? <u64>m : SMALL;
  if (nbl > room || nsl > room) return false;
  // trades need a count per level (4 bytes per level and side, in the prefix scratch: 8 x m bytes)
  if (tb != 0 && (seq != 0 || idOff != 0 || nbl > <u64>m || nsl > <u64>m)) return false;
  bHist = big ? bigA : smallHist; bLevels = <i32>nbl;
  sHist = big ? bigB : smallHist + (<usize>SMALL << 3); sLevels = <i32>nsl;
  memory.fill(bHist, 0, <usize>nbl << 3);
  memory.fill(sHist, 0, <usize>nsl << 3);

  // With trades, orders per level too (4 bytes per level and side, in the prefix scratch).
  const counts = tb != 0 ? scPrefix : 0;
  if (counts != 0) {
    memory.fill(counts, 0, <usize>nbl << 2);
    memory.fill(counts + (<usize>m << 2), 0, <usize>nsl << 2);
  }
  if (!sumLevels(n, side, price, qty, bHi, sLo, counts, m)) return false;

  const volume = crossLevels(bHi, sLo);
  fillLevels(bHist, bLevels, volume);
  bFull = fFull; bMarg = fMarg; bRest = fRest; bLast = fLast; bFirst = fFirst;
  fillLevels(sHist, sLevels, volume);
  sFull = fFull; sMarg = fMarg; sRest = fRest; sLast = fLast; sFirst = fFirst;

  // The price interval (mechanism.ts setPriceInterval, from the levels) and the uniform price.
  M.setPriceInterval(floor, cap,
    sLast >= 0 ? sLo + <i64>sLast : M.NONE_LOW, bFirst >= 0 ? bHi - <i64>bFirst : M.NONE_LOW,
    bLast >= 0 ? bHi - <i64>bLast : M.NONE_HIGH, sFirst >= 0 ? sLo + <i64>sFirst : M.NONE_HIGH);
  M.applyPrices(MECH_UNIFORM, kNum, kDen);
  const p = M.buyPrice;

  // Totals, checked; p x volume bounds every order's payment (as in mechanism.ts settle).
  clearOverflow();
  const welfare = subChecked(levelMoney(bHist, bFull, bMarg, bRest, bHi, -1), levelMoney(sHist, sFull, sMarg, sRest, sLo, 1));
  const paid = mulMoney(p, volume);
  if (overflowed) { clearOverflow(); return false; }

  // Fills and payments in input order; the marginal levels' orders are listed for sharing.
  const bf = <u64>bFull, sf = <u64>sFull;
  const bm = <u64>bMarg, sm = <u64>sMarg; // -1 as u64: no level matches
  let nbm = 0, nsm = 0;
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const q = load<i64>(qty + (<usize>i << 3));
    const lv = levelOf(pr, isSell, bHi, sLo);
    const f = select<i64>(q, 0, lv < select<u64>(sf, bf, isSell));
    store<i64>(fills + (<usize>i << 3), f);
    store<i64>(payments + (<usize>i << 3), p * f);
    if (lv == select<u64>(sm, bm, isSell)) { // rare: only the marginal level's orders
      if (isSell) { store<i32>(sList + (<usize>nsm << 2), i); nsm++; }
      else { store<i32>(bList + (<usize>nbm << 2), i); nbm++; }
    }
  }
  setTieKeys(seq, idOff, idChars);
  if (idOff != 0 && (nbm > 1 || nsm > 1)) setIdPrefixes(n, scPrefix);
  if (bMarg >= 0) shareMarginal(bList, nbm, bRest, level(bHist, bMarg), qty, fills, tie, seq, idOff);
  if (sMarg >= 0) shareMarginal(sList, nsm, sRest, level(sHist, sMarg), qty, fills, tie, seq, idOff);
  payListed(bList, nbm, p, fills, payments);
  payListed(sList, nsm, p, fills, payments);
  M.setTotals(volume, welfare, paid, paid);
  levelTradeCount = 0;
  if (tb == 0) return true;
  const bMerit = scMerit, sMerit = scMerit + (<usize>m << 2);
  const bFill = scSortTmp, sFill = scSortTmp + (<usize>nb << 3); // 8 bytes per order of each side
  const fb = meritOfFilled(n, side, price, qty, bHi, sLo, <i32>m, bMerit, sMerit, bFill, sFill,
    bList, nbm, sList, nsm, fills);
  levelTradeCount = pairTrades(bMerit, bFill, fb, sMerit, sFill, fFilledSells, p, tb, ts, tq, tp);
  return true;
}

/** Trades built by the last clearByLevels (0 without trade columns). */
export let levelTradeCount: i32 = 0;
/** Filled sells listed by the last meritOfFilled. */
let fFilledSells: i32 = 0;

/**
 * Lists each side's filled orders in merit order (price, then input index: a stable counting sort
 * over the fully filled levels, then the marginal level's orders with a fill, in their tie order),
 * with their fills alongside (written while scattering, so pairing reads sequentially). Returns
 * the number of filled buys (fFilledSells: sells). Counts of orders per level (from sumLevels)
 * live in the prefix scratch (unused without ids) and become start positions.
 */
function meritOfFilled(n: i32, side: usize, price: usize, qty: usize, bHi: i64, sLo: i64, m: i32,
                       bMerit: usize, sMerit: usize, bFill: usize, sFill: usize,
                       bList: usize, nbm: i32, sList: usize, nsm: i32, fills: usize): i32 {
  const bCnt = scPrefix, sCnt = scPrefix + (<usize>m << 2); // orders per level (sumLevels)
  const bf = <u64>bFull, sf = <u64>sFull;
  const fb = startPositions(bCnt, bFull), fs = startPositions(sCnt, sFull);
  const sink = scRem, sinkFill = scRem + 8; // unfilled orders write here (remainders are done)
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const pr = load<i64>(price + (<usize>i << 3));
    const lv = levelOf(pr, isSell, bHi, sLo);
    const filled = lv < select<u64>(sf, bf, isSell);
    const c = select<usize>(sCnt, bCnt, isSell) + (<usize>lv << 2);
    const at = load<i32>(c);
    store<i32>(c, at + <i32>filled);
    store<i32>(select<usize>(select<usize>(sMerit, bMerit, isSell) + (<usize>at << 2), sink, filled), i);
    // a fully filled order's fill is its quantity
    store<i64>(select<usize>(select<usize>(sFill, bFill, isSell) + (<usize>at << 3), sinkFill, filled),
      load<i64>(qty + (<usize>i << 3)));
  }
  fFilledSells = appendFilled(sMerit, sFill, fs, sList, nsm, fills);
  return appendFilled(bMerit, bFill, fb, bList, nbm, fills);
}

/** Turns counts of levels [0, full) into start positions; returns their total. */
function startPositions(cnt: usize, full: i32): i32 {
  let sum = 0;
  for (let k = 0; k < full; k++) {
    const c = load<i32>(cnt + (<usize>k << 2));
    store<i32>(cnt + (<usize>k << 2), sum);
    sum += c;
  }
  return sum;
}

/** Appends the listed (marginal) orders that got a fill, in list order; returns the new length. */
function appendFilled(merit: usize, mFill: usize, len: i32, list: usize, count: i32, fills: usize): i32 {
  for (let k = 0; k < count; k++) {
    const o = load<i32>(list + (<usize>k << 2));
    const f = load<i64>(fills + (<usize>o << 3));
    if (f > 0) {
      store<i32>(merit + (<usize>len << 2), o);
      store<i64>(mFill + (<usize>len << 3), f);
      len++;
    }
  }
  return len;
}

/** Pairs the filled buys and sells in merit order (mechanism.ts buildTrades, two pointers), price p. */
function pairTrades(bMerit: usize, bFill: usize, nbf: i32, sMerit: usize, sFill: usize, nsf: i32, p: i64,
                    tb: usize, ts: usize, tq: usize, tp: usize): i32 {
  let i = 0, j = 0, k = 0, b = 0, s = 0;
  let rb: i64 = 0, rs: i64 = 0;
  while (true) {
    if (rb == 0) {
      if (i == nbf) break;
      b = load<i32>(bMerit + (<usize>i << 2));
      rb = load<i64>(bFill + (<usize>i << 3));
      i++;
    }
    if (rs == 0) {
      if (j == nsf) break;
      s = load<i32>(sMerit + (<usize>j << 2));
      rs = load<i64>(sFill + (<usize>j << 3));
      j++;
    }
    const t = rb < rs ? rb : rs;
    store<i32>(tb + (<usize>k << 2), b);
    store<i32>(ts + (<usize>k << 2), s);
    store<i64>(tq + (<usize>k << 3), t);
    store<i64>(tp + (<usize>k << 3), p);
    rb -= t;
    rs -= t;
    k++;
  }
  return k;
}
