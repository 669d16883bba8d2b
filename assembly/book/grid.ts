// Grid checks and fees of one pair (seller bus -> buyer bus): the largest quantity every line can
// still carry, the flow update after a trade, and the fee per unit of quantity.
import * as L from "./layout";
import * as S from "./state";
import { ld32, ldf, stf } from "./state";

/** The line that limited the last gridRoom to 0 (-1: the buses are in different islands). */
export let blockLine: i32 = -1;
/** +1: the blocking line is at its upper bound for this transfer, -1: at its lower bound. */
export let blockDir: i32 = 0;

/**
 * Lists the lines of `flows` that a transfer of up to `k` MW could push past a bound: a line with
 * room r to its nearer bound moves by |PTDF[l][i] - PTDF[l][j]| * q <= range_l * q, so it cannot
 * bind while r > range_l * k (with a margin far above f64 rounding: lineSlack). The quantity only
 * grows (the largest asked so far); applyFlows rebuilds the list as it moves the flows, so this
 * rebuilds only for a larger quantity or the other flow array. gridRoom and fits check only
 * these lines, in index order, so the blocking line is the one a scan of every line finds.
 */
function ensureTight(flows: usize, k: f64): void {
  if (S.tightVer == S.flowVer && S.tightFlows == flows && k <= S.tightK) return;
  listAll(flows, max(k, S.tightK));
}

/**
 * Lists the tight lines of `flows` for quantities up to `k` MW from every line; for the book's
 * own flows also sets every line's budget key: room_l - 2 slack_l over range_l, the MW that can
 * move before the line can be tight (the slack covers the f64 rounding of KEY_TRADES updates).
 */
function listAll(flows: usize, k: f64): void {
  const kk = k * 1.000001, k1 = 1.000001 / S.scale;
  const keys = flows == S.flow;
  let n = 0, n1 = 0;
  for (let l = 0; l < S.lines; l++) {
    const f = ldf(flows, l);
    const room = min(ldf(S.lineMax, l) - f, f - ldf(S.lineMin, l));
    const r = ldf(S.lineRange, l), sl = ldf(S.lineSlack, l);
    store<i32>(S.tight + (<usize>n << 2), l);
    n += <i32>(room <= r * kk + sl);
    store<i32>(S.tight1 + (<usize>n1 << 2), l);
    n1 += <i32>(room <= r * k1);
    if (keys) stf(S.lineKey, l, (room - 2 * sl) / (r * KEY_RANGE));
  }
  if (keys) {
    S.setKeys(0, 0, true);
    listHot(HOT_SPANS * max(kk, k1));
  }
  S.setTight(n, n1, flows, k);
}

/** Lines whose key is this many relisting spans (max(k, one tick) MW) above the limit count as hot. */
const HOT_SPANS: f64 = 1;

/** Lists the hot lines (key <= hotLim, by index) and the least key of the others (the book's flows, keys valid). */
function listHot(hotLim: f64): void {
  const keyP = S.lineKey, hl = S.hot;
  let n = 0, cold = Infinity;
  for (let l = 0; l < S.lines; l++) {
    const key = ldf(keyP, l);
    store<i32>(hl + (<usize>n << 2), l);
    const h = key <= hotLim;
    n += <i32>h;
    if (!h) cold = min(cold, key);
  }
  S.setHot(n, cold);
}

/** Trades between two full listings of the book's flows (the budget keys' rounding margin). */
const KEY_TRADES: i32 = 4096;
/** A line moves by at most range_l x MW per trade; this factor covers the f64 rounding of the moves and of the MW sum. */
const KEY_RANGE: f64 = 1.000000001;

/**
 * The largest quantity (ticks) <= want that moves from bus `sell` to bus `buy` with every line of
 * `flows` within its bounds: flows[l] + t_l * (q / scale) checked exactly as applyFlows adds it.
 */
export function gridRoom(flows: usize, sell: i32, buy: i32, want: i64): i64 {
  if (sell == buy) return want;
  if (ld32(S.busIsland, sell) != ld32(S.busIsland, buy)) { blockLine = -1; return 0; }
  const qm = <f64>want / S.scale;
  ensureTight(flows, qm);
  // sparse lines on the lists: the two buses' sparse entries scattered into spA / spB (+0 elsewhere)
  const sparse = S.nTight > S.nTightD || S.nTight1 > S.nTight1D;
  if (sparse) { scatter(S.spA, sell, true); scatter(S.spB, buy, true); }
  const q = roomOf(flows, sell, buy, want, qm);
  if (sparse) { scatter(S.spA, sell, false); scatter(S.spB, buy, false); }
  return q;
}

/** Writes bus b's sparse entries into `to` (by line, core order), or +0 back in their place. */
function scatter(to: usize, b: i32, set: bool): void {
  const e = ld32(S.spStart, b + 1);
  for (let k = ld32(S.spStart, b); k < e; k++) stf(to, ld32(S.spLine, k), set ? ldf(S.spVal, k) : 0);
}

/** gridRoom on the lists (the sparse entries scattered). */
@inline function roomOf(flows: usize, sell: i32, buy: i32, want: i64, qm: f64): i64 {
  const ps = rowOf(sell), pb = rowOf(buy);
  let q = want;
  // Screen: the lines that can bind a single tick (room <= range_l / scale, far fewer). When one of
  // them leaves less than a tick, the pair is blocked and that line is the one a scan of every line
  // reports: any other line has room > range_l / scale, so more than a tick (no tie).
  scanRoom(S.tight1, S.nTight1D, S.nTight1, flows, ps, pb, qm);
  if (worstLine >= 0 && !(Math.floor(worst * S.scale) > 0) && !fits(flows, ps, pb, <f64>1 / S.scale)) {
    blockLine = worstLine;
    blockDir = worstDir;
    return 0;
  }
  scanRoom(S.tight, S.nTightD, S.nTight, flows, ps, pb, qm);
  if (worstLine < 0) return want;
  blockLine = worstLine;
  blockDir = worstDir;
  // The floored quotient can be a tick off either way: f64 rounding can leave that many ticks a
  // hair over the bound, or the quotient a hair under a whole tick that fits. fits decides.
  const lim = Math.floor(worst * S.scale);
  q = lim > 0 ? (lim < <f64>want ? <i64>lim : want) : 0;
  while (q > 0 && !fits(flows, ps, pb, <f64>q / S.scale)) q--;
  while (q < want && fits(flows, ps, pb, <f64>(q + 1) / S.scale)) q++;
  return q;
}

/** scanRoom's answer: the least quantity (MW) a line of the list can take, that line, and the bound it meets (1 upper, -1 lower; line -1: none). */
let worst: f64 = Infinity;
let worstLine: i32 = -1, worstDir: i32 = 0;
/** scanRoom: the lines of its list that the quantity overloads (S.over), the only ones a smaller quantity can (fits). */
let nOver: i32 = 0;

/** The row of bus b's dense PTDF entries (S.busRow). */
@inline function rowOf(b: i32): usize {
  return <usize>load<u32>(S.busRow + (<usize>b << 2));
}

/** The PTDF entry of bus b for sparse line i (core order): its listed entry, else +0 (what the full matrix holds). */
function sparseEntry(b: i32, i: i32): f64 {
  const e = ld32(S.spStart, b + 1);
  for (let k = ld32(S.spStart, b); k < e; k++) if (ld32(S.spLine, k) == i) return ldf(S.spVal, k);
  return 0;
}

/** PTDF[line i][sell] - PTDF[line i][buy] (line i in the core order; ps, pb: the buses' dense rows; within gridRoom, the sparse entries scattered). */
@inline function transfer(i: i32, ps: usize, pb: usize): f64 {
  return i < S.nDense ? ldf(ps, i) - ldf(pb, i) : ldf(S.spA, i) - ldf(S.spB, i);
}

/** Whether line a (core order) comes before line b by index: ties between lines go to the lower index. */
@inline function before(a: i32, b: i32): bool {
  return ld32(S.lineOrig, a) < ld32(S.lineOrig, b);
}

/**
 * The lines of `list` (n of them, the first nd dense: lists are in the core order, ascending) that
 * moving qm MW from bus `sell` to `buy` would overload: the one with the least room, into
 * worst/worstLine/worstDir (on ties the one of lowest index, as a scan by index finds).
 */
@inline function scanRoom(list: usize, nd: i32, n: i32, flows: usize, ps: usize, pb: usize, qm: f64): void {
  worst = Infinity; worstLine = -1; worstDir = 0; nOver = 0;
  for (let i = 0; i < nd; i++) {
    const l = load<i32>(list + (<usize>i << 2));
      lineRoom(l, ldf(ps, l) - ldf(pb, l), flows, qm);
  }
  for (let i = nd; i < n; i++) {
    const l = load<i32>(list + (<usize>i << 2));
    lineRoom(l, ldf(S.spA, l) - ldf(S.spB, l), flows, qm);
  }
}

/** scanRoom's step for line l with transfer factor t. */
@inline function lineRoom(l: i32, t: f64, flows: usize, qm: f64): void {
  const f = ldf(flows, l);
  const nf = f + t * qm;
  if (nf > ldf(S.lineMax, l)) {
    store<i32>(S.over + (<usize>nOver << 2), l); nOver++;
    const cap = (ldf(S.lineMax, l) - f) / t;
    if (cap < worst || (cap == worst && worstLine >= 0 && before(l, worstLine))) { worst = cap; worstLine = l; worstDir = 1; }
  } else if (nf < ldf(S.lineMin, l)) {
    store<i32>(S.over + (<usize>nOver << 2), l); nOver++;
    const cap = (ldf(S.lineMin, l) - f) / t;
    if (cap < worst || (cap == worst && worstLine >= 0 && before(l, worstLine))) { worst = cap; worstLine = l; worstDir = -1; }
  }
}

/**
 * True when moving qm MW (at most the quantity of the last scanRoom, over the tight list) keeps
 * every line within its bounds. Only the lines that scanRoom found overloaded can fail: for the
 * others flows[l] and flows[l] + t_l * want are both within the bounds (lines off the list too),
 * and f64 rounding is monotone (|t * qm| <= |t * want|), so flows[l] + t_l * qm lies between them.
 */
@inline function fits(flows: usize, ps: usize, pb: usize, qm: f64): bool {
  const nt = nOver, tl = S.over;
  for (let i = 0; i < nt; i++) {
    const l = load<i32>(tl + (<usize>i << 2));
    const t = transfer(l, ps, pb);
    const nf = ldf(flows, l) + t * qm;
    if (nf > ldf(S.lineMax, l) || nf < ldf(S.lineMin, l)) return false;
  }
  return true;
}

/**
 * Adds the flows of qm MW moved from bus `sell` to bus `buy` to every line: flows[l] + t_l * qm
 * with t_l = PTDF[l][sell] - PTDF[l][buy], the same IEEE operations per line as a scalar loop over
 * the full matrix. The dense lines from the buses' dense rows (eight lines per iteration in f64x2
 * steps, running pointers); the sparse lines only where one of the buses has an entry (the two
 * sorted lists merged): elsewhere t_l = +0 - +0 = +0 and flows[l] + (+0) = flows[l] (no flow is
 * -0 there: S.sparseOk; otherwise every sparse line is updated).
 */
function addFlows(flows: usize, sell: i32, buy: i32, qm: f64): void {
  const nd = S.nDense;
  const qv = f64x2.splat(qm);
  const n8 = nd & ~7;
  const end = flows + (<usize>n8 << 3);
  let fp = flows, ap = rowOf(sell), bp = rowOf(buy);
  while (fp < end) {
    v128.store(fp, f64x2.add(v128.load(fp), f64x2.mul(f64x2.sub(v128.load(ap), v128.load(bp)), qv)));
    v128.store(fp, f64x2.add(v128.load(fp, 16), f64x2.mul(f64x2.sub(v128.load(ap, 16), v128.load(bp, 16)), qv)), 16);
    v128.store(fp, f64x2.add(v128.load(fp, 32), f64x2.mul(f64x2.sub(v128.load(ap, 32), v128.load(bp, 32)), qv)), 32);
    v128.store(fp, f64x2.add(v128.load(fp, 48), f64x2.mul(f64x2.sub(v128.load(ap, 48), v128.load(bp, 48)), qv)), 48);
    fp += 64; ap += 64; bp += 64;
  }
  for (let l = n8; l < nd; l++) {
    stf(flows, l, ldf(flows, l) + (load<f64>(ap) - load<f64>(bp)) * qm);
    ap += 8; bp += 8;
  }
  const nl = S.lines;
  if (nd == nl) return;
  if (!S.sparseOk) {
    for (let i = nd; i < nl; i++) stf(flows, i, ldf(flows, i) + (sparseEntry(sell, i) - sparseEntry(buy, i)) * qm);
    return;
  }
  let ka = ld32(S.spStart, sell), kb = ld32(S.spStart, buy);
  const ea = ld32(S.spStart, sell + 1), eb = ld32(S.spStart, buy + 1);
  const zero: f64 = 0;
  while (ka < ea || kb < eb) {
    const la = ka < ea ? ld32(S.spLine, ka) : i32.MAX_VALUE;
    const lb = kb < eb ? ld32(S.spLine, kb) : i32.MAX_VALUE;
    let l = la, t: f64;
    if (la < lb) { t = ldf(S.spVal, ka) - zero; ka++; }
    else if (lb < la) { l = lb; t = zero - ldf(S.spVal, kb); kb++; }
    else { t = ldf(S.spVal, ka) - ldf(S.spVal, kb); ka++; kb++; }
    stf(flows, l, ldf(flows, l) + t * qm);
  }
}

/**
 * Adds the flows of q ticks moved from bus `sell` to bus `buy` (addFlows), and lists the tight
 * lines again. On the book's own flows (budget keys valid) only the lines whose key the moved MW
 * have reached are looked at: the others cannot be tight, so the lists are those of a look at
 * every line.
 */
export function applyFlows(flows: usize, sell: i32, buy: i32, q: i64): void {
  if (sell == buy) return;
  const nl = S.lines;
  const qm = <f64>q / S.scale;
  addFlows(flows, sell, buy, qm);
  S.bumpFlows();
  if (flows != S.flow || !S.keysOk || S.keyTrades >= KEY_TRADES) {
    listAll(flows, S.tightK);
    return;
  }
  const cum = S.flowCum + qm;
  const kk = S.tightK * 1.000001, k1 = 1.000001 / S.scale;
  const span = max(kk, k1);
  const lim = cum + span; // a line whose key is above cannot be in either list
  const keyP = S.lineKey, tl = S.tight, tl1 = S.tight1;
  let n = 0, n1 = 0, l = 0;
  if (lim < S.coldMin) {
    // every line but the hot ones has its key above the limit: look at the hot lines only
    const hl = S.hot, nh = S.nHot;
    for (let i = 0; i < nh; i++) {
      const h = load<i32>(hl + (<usize>i << 2));
      if (ldf(keyP, h) <= lim) {
        const c = relist(flows, h, cum, kk, k1);
        store<i32>(tl + (<usize>n << 2), h); n += c & 1;
        store<i32>(tl1 + (<usize>n1 << 2), h); n1 += c >> 1;
      }
    }
    S.setKeys(cum, S.keyTrades + 1, true);
    S.setTight(n, n1, flows, S.tightK);
    return;
  }
  // a key reached off the hot list: look at every reached key, and list the hot lines again in
  // the same pass (as listHot: by index, and the least key of the others)
  const thr = f64x2.splat(lim);
  const hotLim = lim + HOT_SPANS * span;
  const hl = S.hot;
  let nh = 0, cold = Infinity;
  for (; l + 3 < nl; l += 4) {
    const o = <usize>l << 3;
    if (v128.any_true(v128.or(f64x2.le(v128.load(keyP + o), thr), f64x2.le(v128.load(keyP + o, 16), thr)))) {
      for (let j = l; j < l + 4; j++) {
        if (ldf(keyP, j) <= lim) {
          const c = relist(flows, j, cum, kk, k1);
          store<i32>(tl + (<usize>n << 2), j); n += c & 1;
          store<i32>(tl1 + (<usize>n1 << 2), j); n1 += c >> 1;
        }
      }
    }
    for (let j = l; j < l + 4; j++) {
      const key = ldf(keyP, j);
      store<i32>(hl + (<usize>nh << 2), j);
      const h = key <= hotLim;
      nh += <i32>h;
      if (!h) cold = min(cold, key);
    }
  }
  for (; l < nl; l++) {
    if (ldf(keyP, l) <= lim) {
      const c = relist(flows, l, cum, kk, k1);
      store<i32>(tl + (<usize>n << 2), l); n += c & 1;
      store<i32>(tl1 + (<usize>n1 << 2), l); n1 += c >> 1;
    }
    const key = ldf(keyP, l);
    store<i32>(hl + (<usize>nh << 2), l);
    const h = key <= hotLim;
    nh += <i32>h;
    if (!h) cold = min(cold, key);
  }
  S.setKeys(cum, S.keyTrades + 1, true);
  S.setHot(nh, cold);
  S.setTight(n, n1, flows, S.tightK);
}

/** Looks at line l (its key reached): re-sets its key; appends it to the lists it is in (bit 0: tight, bit 1: one tick). */
@inline function relist(flows: usize, l: i32, cum: f64, kk: f64, k1: f64): i32 {
  const f = ldf(flows, l);
  const room = min(ldf(S.lineMax, l) - f, f - ldf(S.lineMin, l));
  const r = ldf(S.lineRange, l), sl = ldf(S.lineSlack, l);
  stf(S.lineKey, l, cum + (room - 2 * sl) / (r * KEY_RANGE));
  return <i32>(room <= r * kk + sl) | <i32>(room <= r * k1) << 1;
}

/** Electrical distance of a pair: the sum over lines of |PTDF(sell) - PTDF(buy)| (cached per event by the resting order's bus `key`). */
function distance(sell: i32, buy: i32, key: i32): f64 {
  const other = S.buses > 0 ? key : 0;
  if (ld32(S.dStamp, other) == S.eventStamp) return ldf(S.dVal, other);
  let d: f64 = 0;
  if (S.buses > 0 && sell != buy) {
    const nl = S.lines;
    const ps = S.ptdf + (<usize>sell * <usize>nl << 3), pb = S.ptdf + (<usize>buy * <usize>nl << 3);
    for (let l = 0; l < nl; l++) d += Math.abs(load<f64>(ps + (<usize>l << 3)) - load<f64>(pb + (<usize>l << 3)));
  }
  store<i32>(S.dStamp + (<usize>other << 2), S.eventStamp);
  stf(S.dVal, other, d);
  return d;
}

/**
 * Fee per unit of quantity (price ticks) of a trade at `price` from bus `sell` to bus `buy`: the
 * sum over the components that apply to the zone pair of const + floor(|price| ppm / 1e6) +
 * floor(rate * distance).
 */
export function feeOf(price: i64, sell: i32, buy: i32, key: i32): i64 {
  const zs = S.buses > 0 ? ld32(S.busZone, sell) : -1, zb = S.buses > 0 ? ld32(S.busZone, buy) : -1;
  const ap = price < 0 ? -price : price;
  let fee: i64 = 0;
  for (let c = 0; c < S.nFees; c++) {
    const p = S.feeTable + <usize>(c * L.FEE_BYTES);
    const fs = load<i32>(p + 24), fb = load<i32>(p + 28);
    if ((fs != -1 && fs != zs) || (fb != -1 && fb != zb)) continue;
    fee += load<i64>(p) + ap * load<i64>(p + 8) / 1000000;
    const rate = load<f64>(p + 16);
    if (rate != 0) fee += <i64>Math.floor(rate * distance(sell, buy, key));
  }
  return fee;
}
