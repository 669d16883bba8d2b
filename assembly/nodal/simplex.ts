// Bounded dual simplex with the bound-flipping ("long step") ratio test. The basis stays dual
// feasible throughout, so new line rows can be added and the solve resumed from the last basis.
import {
  nB, nO, nL, nI, m, cap, binv, basic, xB, rho, col, nu, mu, varState, ordBus, ordSide, ordPrice,
  lineRow, AT_LOWER, AT_UPPER, BASIC, getF, setF, getI, setI, lowerOf, upperOf,
} from "./state";
import { busLevel, columnOf, ftran, pivot, refactor, computeDuals, computePrimal } from "./basis";

export const DONE: i32 = 0;
export const INFEASIBLE: i32 = 1;
export const SINGULAR: i32 = 2;
export const LIMIT: i32 = 3;

/** Primal feasibility tolerance in quantity ticks (1e-6 of a tick). */
const PTOL: f64 = 1e-6;
/** Smallest |alpha| accepted as a pivot. */
const ATOL: f64 = 1e-9;

let candVar: usize = 0;   // i32[nV]
let candRatio: usize = 0; // f64[nV]
let candAlpha: usize = 0; // f64[nV]
let heapIdx: usize = 0;   // i32[nV]
let h: usize = 0;         // f64 scratch rows
export let infeasibleRow: i32 = -1;

/** Allocates the ratio-test scratch once per clearing. */
export function allocSimplex(): void {
  const nV = nO + nL + nI + 1;
  candVar = heap.alloc(<usize>nV << 2);
  candRatio = heap.alloc(<usize>nV << 3);
  candAlpha = heap.alloc(<usize>nV << 3);
  heapIdx = heap.alloc(<usize>nV << 2);
}

/** Reduced cost of a nonbasic variable given the bus prices mu and row duals y. */
export function reducedCost(v: i32, yv: usize): f64 {
  if (v < nO) {
    const s = <f64>getI(ordSide, v);
    return s * (getF(ordPrice, v) - getF(mu, getI(ordBus, v)));
  }
  if (v < nO + nL) return getF(yv, getI(lineRow, v - nO));
  return getF(yv, v - nO - nL);
}

/** Row of the most infeasible basic variable, or -1 when the basis is primal feasible. */
function chooseLeaving(): i32 {
  let best: f64 = 0, r = -1;
  for (let i = 0; i < m; i++) {
    const v = getI(basic, i), x = getF(xB, i);
    const lo = lowerOf(v), up = upperOf(v);
    const tol = PTOL * Math.max(1.0, Math.abs(x));
    const inf = x < lo - tol ? lo - x : x > up + tol ? x - up : 0.0;
    if (inf > best) { best = inf; r = i; }
  }
  return r;
}

@inline function less(a: i32, b: i32): bool {
  const ra = getF(candRatio, a), rb = getF(candRatio, b);
  if (ra != rb) return ra < rb;
  return getI(candVar, a) < getI(candVar, b);
}

function siftDown(i: i32, n: i32): void {
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) return;
    let c = l;
    if (l + 1 < n && less(getI(heapIdx, l + 1), getI(heapIdx, l))) c = l + 1;
    if (!less(getI(heapIdx, c), getI(heapIdx, i))) return;
    const t = getI(heapIdx, c); setI(heapIdx, c, getI(heapIdx, i)); setI(heapIdx, i, t);
    i = c;
  }
}

/** Collects ratio-test candidates for leaving row r moving in direction sgn; returns the count. */
function collect(sgn: f64, yv: usize): i32 {
  busLevel(rho, nu);
  let k = 0;
  const nV = nO + nL + nI;
  for (let v = 0; v < nV; v++) {
    const st = getI(varState, v);
    if (st == BASIC) continue;
    let a: f64;
    if (v < nO) a = <f64>getI(ordSide, v) * getF(nu, getI(ordBus, v));
    else if (v < nO + nL) { const r = getI(lineRow, v - nO); if (r < 0) continue; a = -getF(rho, r); }
    else continue; // balance slacks are fixed
    if (Math.abs(a) < ATOL) continue;
    const sa = sgn * a;
    if (st == AT_LOWER ? sa <= 0 : sa >= 0) continue;
    if (st == AT_LOWER && lowerOf(v) == upperOf(v)) continue;
    const d = reducedCost(v, yv);
    setI(candVar, k, v);
    setF(candRatio, k, Math.max(0.0, st == AT_LOWER ? d : -d) / Math.abs(a));
    setF(candAlpha, k, Math.abs(a));
    setI(heapIdx, k, k);
    k++;
  }
  return k;
}

/** Bound-flipping ratio test: flips passed boxed variables, returns the entering one or -1. */
function ratioTest(delta: f64, yv: usize): i32 {
  const k = collect(delta < 0 ? -1.0 : 1.0, yv);
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(i, k);
  let slope = Math.abs(delta), n = k;
  while (n > 0) {
    const c = getI(heapIdx, 0);
    const v = getI(candVar, c);
    const range = upperOf(v) - lowerOf(v);
    const next = slope - getF(candAlpha, c) * range;
    if (!(next > PTOL)) return v;
    slope = next;
    setI(varState, v, getI(varState, v) == AT_LOWER ? AT_UPPER : AT_LOWER);
    n--;
    setI(heapIdx, 0, getI(heapIdx, n));
    siftDown(0, n);
  }
  return -1;
}

/** Runs dual simplex iterations until primal feasible (DONE) or a failure status. */
export function dualSimplex(yv: usize, scratch: usize, maxIter: i32, iterStart: i32): i32 {
  h = scratch;
  let iter = iterStart, sinceRefactor = 0;
  while (true) {
    computeDuals();
    computePrimal(h);
    const r = chooseLeaving();
    if (r < 0) { lastIter = iter; return DONE; }
    if (iter >= maxIter) { lastIter = iter; return LIMIT; }
    iter++;
    const lv = getI(basic, r);
    const x = getF(xB, r), lo = lowerOf(lv);
    const toLower = x < lo;
    const delta = toLower ? x - lo : x - upperOf(lv);
    for (let j = 0; j < m; j++) setF(rho, j, getF(binv, r * cap + j));
    const q = ratioTest(delta, yv);
    if (q < 0) { infeasibleRow = r; lastIter = iter; return INFEASIBLE; }
    columnOf(q, h);
    ftran(h, col);
    if (Math.abs(getF(col, r)) < ATOL) return SINGULAR;
    pivot(r, col);
    setI(varState, lv, toLower ? AT_LOWER : AT_UPPER);
    setI(varState, q, BASIC);
    setI(basic, r, q);
    if (++sinceRefactor >= 40) {
      sinceRefactor = 0;
      if (!refactor()) return SINGULAR;
    }
  }
}

export let lastIter: i32 = 0;
