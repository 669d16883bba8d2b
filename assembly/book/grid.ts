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
  const nl = <usize>S.lines;
  const ps = S.ptdf + (<usize>sell * nl << 3), pb = S.ptdf + (<usize>buy * nl << 3);
  const qm = <f64>want / S.scale;
  ensureTight(flows, qm);
  let q = want;
  // Screen: the lines that can bind a single tick (room <= range_l / scale, far fewer). When one of
  // them leaves less than a tick, the pair is blocked and that line is the one a scan of every line
  // reports: any other line has room > range_l / scale, so more than a tick (no tie).
  scanRoom(S.tight1, S.nTight1, flows, ps, pb, qm);
  if (worstLine >= 0 && !(Math.floor(worst * S.scale) > 0) && !fits(flows, ps, pb, <f64>1 / S.scale)) {
    blockLine = worstLine;
    blockDir = worstDir;
    return 0;
  }
  scanRoom(S.tight, S.nTight, flows, ps, pb, qm);
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

/** The lines of `list` (n of them) that moving qm MW from `ps`'s bus to `pb`'s would overload: the one with the least room, into worst/worstLine/worstDir (the first such line on ties). */
@inline function scanRoom(list: usize, n: i32, flows: usize, ps: usize, pb: usize, qm: f64): void {
  worst = Infinity; worstLine = -1; worstDir = 0; nOver = 0;
  for (let i = 0; i < n; i++) {
    const l = load<i32>(list + (<usize>i << 2));
    const t = ldf(ps, l) - ldf(pb, l);
    const f = ldf(flows, l);
    const nf = f + t * qm;
    if (nf > ldf(S.lineMax, l)) {
      store<i32>(S.over + (<usize>nOver << 2), l); nOver++;
      const cap = (ldf(S.lineMax, l) - f) / t;
      if (cap < worst) { worst = cap; worstLine = l; worstDir = 1; }
    } else if (nf < ldf(S.lineMin, l)) {
      store<i32>(S.over + (<usize>nOver << 2), l); nOver++;
      const cap = (ldf(S.lineMin, l) - f) / t;
      if (cap < worst) { worst = cap; worstLine = l; worstDir = -1; }
    }
  }
}

/**
 * True when moving qm MW (at most the quantity of the last scanRoom, over the tight list) keeps
 * every line within its bounds. Only the lines that scanRoom found overloaded can fail: for the
 * others flows[l] and flows[l] + t_l * want are both within the bounds (lines off the list too),
 * and f64 rounding is monotone (|t * qm| <= |t * want|), so flows[l] + t_l * qm lies between them.
 */
function fits(flows: usize, ps: usize, pb: usize, qm: f64): bool {
  const nt = nOver, tl = S.over;
  for (let i = 0; i < nt; i++) {
    const l = load<i32>(tl + (<usize>i << 2));
    const t = ldf(ps, l) - ldf(pb, l);
    const nf = ldf(flows, l) + t * qm;
    if (nf > ldf(S.lineMax, l) || nf < ldf(S.lineMin, l)) return false;
  }
  return true;
}

/**
 * Adds the flows of q ticks moved from bus `sell` to bus `buy` (two lines per f64x2 step: the same
 * IEEE operations per lane as the scalar flows[l] + t * qm), and lists the tight lines again. On
 * the book's own flows (budget keys valid) only the lines whose key the moved MW have reached are
 * looked at: the others cannot be tight, so the lists are those of a look at every line.
 */
export function applyFlows(flows: usize, sell: i32, buy: i32, q: i64): void {
  if (sell == buy) return;
  const nl = S.lines;
  const ps = S.ptdf + (<usize>sell * <usize>nl << 3), pb = S.ptdf + (<usize>buy * <usize>nl << 3);
  const qm = <f64>q / S.scale;
  const qv = f64x2.splat(qm);
  if (flows != S.flow || !S.keysOk || S.keyTrades >= KEY_TRADES) {
    let l = 0;
    for (; l + 1 < nl; l += 2) {
      const o = <usize>l << 3;
      v128.store(flows + o, f64x2.add(v128.load(flows + o), f64x2.mul(f64x2.sub(v128.load(ps + o), v128.load(pb + o)), qv)));
    }
    for (; l < nl; l++) stf(flows, l, ldf(flows, l) + (load<f64>(ps + (<usize>l << 3)) - load<f64>(pb + (<usize>l << 3))) * qm);
    S.bumpFlows();
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
    // every line but the hot ones has its key above the limit: update the flows, look at the hot lines
    const n8 = nl & ~7;
    const end = flows + (<usize>n8 << 3);
    let fp = flows, ap = ps, bp = pb;
    while (fp < end) {
      v128.store(fp, f64x2.add(v128.load(fp), f64x2.mul(f64x2.sub(v128.load(ap), v128.load(bp)), qv)));
      v128.store(fp, f64x2.add(v128.load(fp, 16), f64x2.mul(f64x2.sub(v128.load(ap, 16), v128.load(bp, 16)), qv)), 16);
      v128.store(fp, f64x2.add(v128.load(fp, 32), f64x2.mul(f64x2.sub(v128.load(ap, 32), v128.load(bp, 32)), qv)), 32);
      v128.store(fp, f64x2.add(v128.load(fp, 48), f64x2.mul(f64x2.sub(v128.load(ap, 48), v128.load(bp, 48)), qv)), 48);
      fp += 64; ap += 64; bp += 64;
    }
    l = n8;
    for (; l + 1 < nl; l += 2) {
      const o = <usize>l << 3;
      v128.store(flows + o, f64x2.add(v128.load(flows + o), f64x2.mul(f64x2.sub(v128.load(ps + o), v128.load(pb + o)), qv)));
    }
    for (; l < nl; l++) stf(flows, l, ldf(flows, l) + (load<f64>(ps + (<usize>l << 3)) - load<f64>(pb + (<usize>l << 3))) * qm);
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
    S.bumpFlows();
    S.setTight(n, n1, flows, S.tightK);
    return;
  }
  // a key reached off the hot list: update the flows, look at every reached key, and list the hot
  // lines again in the same pass (as listHot: by index, and the least key of the others)
  const thr = f64x2.splat(lim);
  const hotLim = lim + HOT_SPANS * span;
  const hl = S.hot;
  let nh = 0, cold = Infinity;
  for (; l + 3 < nl; l += 4) {
    const o = <usize>l << 3;
    v128.store(flows + o, f64x2.add(v128.load(flows + o), f64x2.mul(f64x2.sub(v128.load(ps + o), v128.load(pb + o)), qv)));
    v128.store(flows + o, f64x2.add(v128.load(flows + o, 16), f64x2.mul(f64x2.sub(v128.load(ps + o, 16), v128.load(pb + o, 16)), qv)), 16);
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
    stf(flows, l, ldf(flows, l) + (load<f64>(ps + (<usize>l << 3)) - load<f64>(pb + (<usize>l << 3))) * qm);
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
  S.bumpFlows();
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
