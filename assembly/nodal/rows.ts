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
export let rowsDropped: i32 = 0;  // line rows dropped in this call
export let peakRows: i32 = 0;     // most line rows at once

/** Allocates the line rows' bookkeeping once per call. */
export function allocLineRows(nBuses: i32): void {
  lineAge = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineAge, 0, <usize>(nL + 1) << 2);
  lineDrops = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineDrops, 0, <usize>(nL + 1) << 2);
  rowScratch = heap.alloc(<usize>(nBuses + 1) << 3);
  rowsDropped = 0; peakRows = 0;
}

/** Row of line l while it is in the LP, else -1. */
// @ts-ignore: decorator
@inline export function lineRow(l: i32): i32 { return getI(colRow, lineSlack(l)); }

/** Makes line l a row of the LP with its slack basic (duals unchanged, so still dual feasible). */
function activate(l: i32): bool {
  if (!growRows(m + 1)) return false;
  // only the PTDF row at the order buses is kept; a line whose row was dropped comes back with it
  let ob = <usize>load<u32>(lineOB + (<usize>l << 2));
  if (ob == 0) {
    if (!room(<usize>(nOB + 4) << 3)) return false;
    gridPtdfRow(changetype<GridFactor>(gridPtr), l, rowScratch);
    ob = heap.alloc(<usize>(nOB + 1) << 3);
    for (let k = 0; k < nOB; k++) setF(ob, k, getF(rowScratch, getI(orderBuses, k)));
    store<u32>(lineOB + (<usize>l << 2), <u32>ob);
  }
  store<u32>(ptdfOB + (<usize>m << 2), <u32>ob);
  setI(varState, lineSlack(l), BASIC);
  appendRow(ROW_LINE, l, lineSlack(l));
  return true;
}

/** How far flow f lies outside line l's limits, or 0 within them. */
// @ts-ignore: decorator
@inline function violation(l: i32, f: f64): f64 {
  const lo = getF(lineMin, l), up = getF(lineMax, l);
  return f > up ? f - up : f < lo ? lo - f : 0.0;
}

/**
 * Activates up to maxAdd of the most violated inactive lines, most violated first (ties: lower
 * line index); returns how many, or -1 without memory. One pass keeps the best maxAdd in a short
 * sorted list. maxAdd 0: adaptive, a quarter of the violated lines, between ADAPT_MIN and ADAPT_MAX.
 */
export function addViolated(flows: usize, maxAdd: i32): i32 {
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
