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

/** Adds one candidate to the ratio-test arrays. */
@inline function push(k: i32, v: i32, ratio: f64, a: f64): void {
  setI(candVar, k, v);
  setF(candRatio, k, ratio);
  setF(candAlpha, k, a);
  setI(heapIdx, k, k);
}

/** Collects ratio-test candidates for leaving row r moving in direction sgn; returns the count. */
function collect(sgn: f64, yv: usize): i32 {
  busLevel(rho, nu);
  let k = 0;
  // orders: alpha = side * nu[bus], reduced cost = side * (price - mu[bus]); bounds [0, qty]
  for (let v = 0; v < nO; v++) {
    const st = unchecked(load<i32>(varState + (<usize>v << 2)));
    if (st == BASIC) continue;
    const b = unchecked(load<i32>(ordBus + (<usize>v << 2)));
    const s = <f64>unchecked(load<i32>(ordSide + (<usize>v << 2)));
    const a = s * unchecked(load<f64>(nu + (<usize>b << 3)));
    const sa = sgn * a;
    if (st == AT_LOWER ? sa < ATOL : sa > -ATOL) continue;
    const d = s * (unchecked(load<f64>(ordPrice + (<usize>v << 3))) - unchecked(load<f64>(mu + (<usize>b << 3))));
    const aa = Math.abs(a);
    push(k++, v, Math.max(0.0, st == AT_LOWER ? d : -d) / aa, aa);
  }
  // active line slacks: alpha = -rho[row], reduced cost = y[row]; balance slacks are fixed
  for (let l = 0; l < nL; l++) {
    const r = getI(lineRow, l), v = nO + l;
    if (r < 0) continue;
    const st = getI(varState, v);
    if (st == BASIC) continue;
    const a = -getF(rho, r), sa = sgn * a;
    if (st == AT_LOWER ? sa < ATOL : sa > -ATOL) continue;
    const d = getF(yv, r);
    push(k++, v, Math.max(0.0, st == AT_LOWER ? d : -d) / Math.abs(a), Math.abs(a));
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
