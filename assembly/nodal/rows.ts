// Line rows: row generation adds the most violated lines as rows, and rows that do not bind are
// dropped, so that the row count follows the binding set. At the end of every round (the LP optimal
// for its rows), a line row whose slack is basic has its age counted up (reset to 0 when the slack
// is nonbasic). A row aged DROP_AFTER rounds is removed with its slack, unless its line was dropped
// before: a line leaves the LP at most once per call, so row generation still ends (each line is
// added at most twice). The inverse shrinks exactly (basis.ts shrinkRows).
import { nL, nI, lineMin, lineMax, getF, setF, getI, setI, room } from "./problem";
import { m, colRow, rowRef, varState, ROW_LINE, BASIC, AT_LOWER, appendRow } from "./lp";
import { growRows, shrinkRows } from "./basis";
import { lineSlack, lineOB, ptdfOB, orderBuses, nOB } from "./form";
import { gridPtr } from "./buses";
import { GridFactor } from "../grid/factor";
import { ptdfRow as gridPtdfRow } from "../grid/flow";

/** Rounds a line row's slack stays basic (at the end of a round) before the row is dropped. */
const DROP_AFTER: i32 = 2;
/** Lines added per round by default: a quarter of the violated ones, within these bounds. */
const ADAPT_MIN: i32 = 16;
const ADAPT_MAX: i32 = 128;

let lineAge: usize = 0;    // i32[nL]: consecutive rounds that line l's active row ended with its slack basic
let lineDrops: usize = 0;  // i32[nL]: times line l's row was dropped
let rowScratch: usize = 0; // f64[nB]: one PTDF row at every bus, reused
let pairWork: usize = 0;   // f64[4 nB]: up to four right-hand sides interleaved (ptdfPair, ptdfQuad)
export let rowsDropped: i32 = 0;  // line rows dropped in this call
export let peakRows: i32 = 0;     // most line rows at once

/** Allocates the line rows' bookkeeping once per call. */
export function allocLineRows(nBuses: i32): void {
  lineAge = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineAge, 0, <usize>(nL + 1) << 2);
  lineDrops = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineDrops, 0, <usize>(nL + 1) << 2);
  rowScratch = heap.alloc(<usize>(nBuses + 1) << 3);
  pairWork = heap.alloc(<usize>(nBuses + 1) << 5);
  rowsDropped = 0; peakRows = 0;
}

/** Row of line l while it is in the LP, else -1. */
// @ts-ignore: decorator
@inline export function lineRow(l: i32): i32 { return getI(colRow, lineSlack(l)); }

/** Makes line l a row of the LP with its slack basic (duals unchanged, so still dual feasible). */
function activate(l: i32): bool {
  if (!growRows(m + 1)) return false;
  // only the PTDF row at the order buses is kept; a line whose row was dropped comes back with it
  if (load<u32>(lineOB + (<usize>l << 2)) == 0 && !ptdfOne(l)) return false;
  store<u32>(ptdfOB + (<usize>m << 2), load<u32>(lineOB + (<usize>l << 2)));
  setI(varState, lineSlack(l), BASIC);
  appendRow(ROW_LINE, l, lineSlack(l));
  return true;
}

/** Line l's PTDF row at the order buses into lineOB (one solve with the network's factor). */
function ptdfOne(l: i32): bool {
  if (!room(<usize>(nOB + 4) << 3)) return false;
  gridPtdfRow(changetype<GridFactor>(gridPtr), l, rowScratch);
  const ob = heap.alloc(<usize>(nOB + 1) << 3);
  for (let k = 0; k < nOB; k++) setF(ob, k, getF(rowScratch, getI(orderBuses, k)));
  store<u32>(lineOB + (<usize>l << 2), <u32>ob);
  return true;
}

/**
 * Right-hand side (e_f - e_t) / x of line l into lane `lane` (byte offset) of the interleaved work
 * whose positions are 2^`shift` bytes apart (grid/flow.ts ptdfRow's).
 */
function pairRhs(g: GridFactor, l: i32, lane: usize, shift: usize): void {
  const x = getF(g.lineX, l);
  const kf = getI(g.busPos, getI(g.lineFrom, l)), kt = getI(g.busPos, getI(g.lineTo, l));
  if (kf >= 0) store<f64>(pairWork + (<usize>kf << shift) + lane, 1.0 / x);
  if (kt >= 0) { const p = pairWork + (<usize>kt << shift) + lane; store<f64>(p, load<f64>(p) - 1.0 / x); }
}

/**
 * The PTDF rows of lines l1 and l2 at the order buses into lineOB: grid/flow.ts ptdfRow's solve
 * (factor/solve.ts: L, D, L^T) for both at once, one right-hand side per f64x2 lane. Each lane
 * does the scalar solve's operations in its order, so the values are bit-identical to two
 * ptdfRow calls: where the scalar forward pass skips a zero x_j the lane subtracts L_ij x 0 = +-0
 * instead, which leaves x_i unchanged because no -0 arises in that pass (the right-hand side has
 * no -0, and a - b is -0 only for a = -0).
 */
function ptdfPair(l1: i32, l2: i32): bool {
  if (!room(<usize>(2 * nOB + 8) << 3)) return false;
  const g = changetype<GridFactor>(gridPtr), gm = g.m, w = pairWork;
  memory.fill(w, 0, <usize>gm << 4);
  pairRhs(g, l1, 0, 4); pairRhs(g, l2, 8, 4);
  const lp = g.lp, li = g.li, lx = g.lx;
  for (let j = 0; j < gm; j++) {
    const xj = v128.load(w + (<usize>j << 4));
    if (f64x2.extract_lane(xj, 0) == 0 && f64x2.extract_lane(xj, 1) == 0) continue;
    const end = getI(lp, j + 1);
    for (let p = getI(lp, j); p < end; p++) {
      const a = w + (<usize>getI(li, p) << 4);
      v128.store(a, f64x2.sub(v128.load(a), f64x2.mul(f64x2.splat(getF(lx, p)), xj)));
    }
  }
  for (let j = 0; j < gm; j++) {
    const a = w + (<usize>j << 4);
    v128.store(a, f64x2.div(v128.load(a), f64x2.splat(getF(g.d, j))));
  }
  for (let j = gm - 1; j >= 0; j--) {
    let s = v128.load(w + (<usize>j << 4));
    const end = getI(lp, j + 1);
    for (let p = getI(lp, j); p < end; p++) s = f64x2.sub(s, f64x2.mul(f64x2.splat(getF(lx, p)), v128.load(w + (<usize>getI(li, p) << 4))));
    v128.store(w + (<usize>j << 4), s);
  }
  const ob1 = heap.alloc(<usize>(nOB + 1) << 3), ob2 = heap.alloc(<usize>(nOB + 1) << 3);
  for (let k = 0; k < nOB; k++) {
    const pos = getI(g.busPos, getI(orderBuses, k));
    setF(ob1, k, pos >= 0 ? load<f64>(w + (<usize>pos << 4)) : 0.0);
    setF(ob2, k, pos >= 0 ? load<f64>(w + (<usize>pos << 4), 8) : 0.0);
  }
  store<u32>(lineOB + (<usize>l1 << 2), <u32>ob1);
  store<u32>(lineOB + (<usize>l2 << 2), <u32>ob2);
  return true;
}

/**
 * ptdfPair for four lines at once: two f64x2 lanes pairs per factor position (32 bytes), the
 * same operations per lane as the scalar solve in its order, so the same bits as four ptdfRow
 * calls (the forward pass skips a position only when all four values are zero; a lane whose
 * value is zero there subtracts +-0, which leaves its values unchanged, as in ptdfPair). The
 * factor's index and value are loaded once for four right-hand sides.
 */
function ptdfQuad(l1: i32, l2: i32, l3: i32, l4: i32): bool {
  if (!room(<usize>(4 * nOB + 16) << 3)) return false;
  const g = changetype<GridFactor>(gridPtr), gm = g.m, w = pairWork;
  memory.fill(w, 0, <usize>gm << 5);
  pairRhs(g, l1, 0, 5); pairRhs(g, l2, 8, 5); pairRhs(g, l3, 16, 5); pairRhs(g, l4, 24, 5);
  const lp = g.lp, li = g.li, lx = g.lx;
  const zero = f64x2.splat(0.0);
  for (let j = 0; j < gm; j++) {
    const xa = v128.load(w + (<usize>j << 5)), xb = v128.load(w + (<usize>j << 5), 16);
    if (!v128.any_true(v128.or(f64x2.ne(xa, zero), f64x2.ne(xb, zero)))) continue;
    const end = getI(lp, j + 1);
    for (let p = getI(lp, j); p < end; p++) {
      const a = w + (<usize>getI(li, p) << 5), c = f64x2.splat(getF(lx, p));
      v128.store(a, f64x2.sub(v128.load(a), f64x2.mul(c, xa)));
      v128.store(a, f64x2.sub(v128.load(a, 16), f64x2.mul(c, xb)), 16);
    }
  }
  for (let j = 0; j < gm; j++) {
    const a = w + (<usize>j << 5), d = f64x2.splat(getF(g.d, j));
    v128.store(a, f64x2.div(v128.load(a), d));
    v128.store(a, f64x2.div(v128.load(a, 16), d), 16);
  }
  for (let j = gm - 1; j >= 0; j--) {
    const at = w + (<usize>j << 5);
    let sa = v128.load(at), sb = v128.load(at, 16);
    const end = getI(lp, j + 1);
    for (let p = getI(lp, j); p < end; p++) {
      const a = w + (<usize>getI(li, p) << 5), c = f64x2.splat(getF(lx, p));
      sa = f64x2.sub(sa, f64x2.mul(c, v128.load(a)));
      sb = f64x2.sub(sb, f64x2.mul(c, v128.load(a, 16)));
    }
    v128.store(at, sa); v128.store(at, sb, 16);
  }
  const ob1 = heap.alloc(<usize>(nOB + 1) << 3), ob2 = heap.alloc(<usize>(nOB + 1) << 3);
  const ob3 = heap.alloc(<usize>(nOB + 1) << 3), ob4 = heap.alloc(<usize>(nOB + 1) << 3);
  for (let k = 0; k < nOB; k++) {
    const pos = getI(g.busPos, getI(orderBuses, k));
    if (pos >= 0) {
      const a = w + (<usize>pos << 5);
      setF(ob1, k, load<f64>(a)); setF(ob2, k, load<f64>(a, 8)); setF(ob3, k, load<f64>(a, 16)); setF(ob4, k, load<f64>(a, 24));
    } else { setF(ob1, k, 0.0); setF(ob2, k, 0.0); setF(ob3, k, 0.0); setF(ob4, k, 0.0); }
  }
  store<u32>(lineOB + (<usize>l1 << 2), <u32>ob1);
  store<u32>(lineOB + (<usize>l2 << 2), <u32>ob2);
  store<u32>(lineOB + (<usize>l3 << 2), <u32>ob3);
  store<u32>(lineOB + (<usize>l4 << 2), <u32>ob4);
  return true;
}

/** How far flow f lies outside line l's limits, or 0 within them. */
// @ts-ignore: decorator
@inline function violation(l: i32, f: f64): f64 {
  const lo = getF(lineMin, l), up = getF(lineMax, l);
  return f > up ? f - up : f < lo ? lo - f : 0.0;
}

/** addViolated's answer when the lines it chose would take the rows past the caller's cap. */
export const PAST_CAP: i32 = -2;

/**
 * Activates up to maxAdd of the most violated inactive lines, most violated first (ties: lower
 * line index); returns how many, or -1 without memory. One pass keeps the best maxAdd in a short
 * sorted list. maxAdd 0: adaptive, a quarter of the violated lines, between ADAPT_MIN and ADAPT_MAX.
 * When more than `capRoom` (>= 0) lines are chosen, none is activated and PAST_CAP is returned: the
 * clearing hands over to the sparse path, where a row just added (its slack basic) and a line
 * without a row are the same basic row, so their PTDF rows and the grown inverse would go unused.
 */
export function addViolated(flows: usize, maxAdd: i32, capRoom: i32): i32 {
  if (maxAdd <= 0) {
    let nv = 0;
    for (let l = 0; l < nL; l++) {
      if (lineRow(l) >= 0) continue;
      const f = getF(flows, l), v = violation(l, f);
      if (v > 1e-5 * Math.max(1.0, Math.abs(f))) nv++;
    }
    maxAdd = nv >> 2;
    if (maxAdd < ADAPT_MIN) maxAdd = ADAPT_MIN;
    if (maxAdd > ADAPT_MAX) maxAdd = ADAPT_MAX;
  }
  const k = maxAdd < nL ? maxAdd : nL;
  const topL = heap.alloc(<usize>(k + 1) << 2), topV = heap.alloc(<usize>(k + 1) << 3);
  let n = 0;
  for (let l = 0; l < nL; l++) {
    if (lineRow(l) >= 0) continue;
    const f = getF(flows, l), v = violation(l, f);
    if (!(v > 1e-5 * Math.max(1.0, Math.abs(f)))) continue;
    if (n == k && !(v > getF(topV, n - 1))) continue;
    // insert after every entry with a violation >= v (earlier lines win ties)
    let p = n < k ? n : k - 1;
    while (p > 0 && getF(topV, p - 1) < v) { setF(topV, p, getF(topV, p - 1)); setI(topL, p, getI(topL, p - 1)); p--; }
    setF(topV, p, v); setI(topL, p, l);
    if (n < k) n++;
  }
  if (capRoom >= 0 && n > capRoom) return PAST_CAP;
  // the new lines' PTDF rows four per solve (ptdfQuad), two or three left by ptdfPair (and ptdfOne), then the rows
  let np = 0, p0 = -1, p1 = -1, p2 = -1;
  for (let i = 0; i < n; i++) {
    const l = getI(topL, i);
    if (load<u32>(lineOB + (<usize>l << 2)) != 0) continue;
    if (np == 0) { p0 = l; np = 1; } else if (np == 1) { p1 = l; np = 2; } else if (np == 2) { p2 = l; np = 3; }
    else { if (!ptdfQuad(p0, p1, p2, l)) return -1; np = 0; }
  }
  if (np >= 2 && !ptdfPair(p0, p1)) return -1; // a line left alone gets its row in activate (ptdfOne)
  for (let i = 0; i < n; i++) if (!activate(getI(topL, i))) return -1;
  return n;
}

/** Ages the line rows and drops those aged DROP_AFTER (see above); returns how many. */
export function dropSlackRows(): i32 {
  let nd = 0;
  for (let r = nI; r < m; r++) {
    const l = getI(rowRef, r);
    const age = getI(varState, lineSlack(l)) == BASIC ? getI(lineAge, l) + 1 : 0;
    setI(lineAge, l, age);
    if (age >= DROP_AFTER && getI(lineDrops, l) == 0) nd++;
  }
  if (nd == 0) return 0;
  const keepRow = heap.alloc(<usize>(m + 1) << 2);
  let nr = 0;
  for (let r = 0; r < m; r++) {
    if (r >= nI) {
      const l = getI(rowRef, r);
      if (getI(lineAge, l) >= DROP_AFTER && getI(lineDrops, l) == 0) { setI(keepRow, r, -1); continue; }
    }
    setI(keepRow, r, nr++);
  }
  if (m - nI > peakRows) peakRows = m - nI;
  for (let r = nI; r < m; r++) {
    if (getI(keepRow, r) >= 0) continue;
    const l = getI(rowRef, r);
    setI(varState, lineSlack(l), AT_LOWER);
    setI(lineDrops, l, getI(lineDrops, l) + 1);
    setI(lineAge, l, 0);
    rowsDropped++;
  }
  shrinkRows(keepRow, nr);
  return nd;
}
