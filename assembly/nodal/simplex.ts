// The method: a bounded dual simplex with dual steepest-edge pricing and the bound-flipping ("long
// step") ratio test, on the LP of lp.ts. The basis stays dual feasible throughout, so new rows can
// be added and the solve resumed from the last basis. The formulation supplies the pivot row's
// spread (buses.ts), the ratio-test candidates of its structural columns (streams.ts) and the
// state changes' bookkeeping (form.ts setState).
import { getF, setF, getI, setI } from "./problem";
import { m, cap, maxRows, colRow, varState, AT_LOWER, AT_UPPER, BASIC, lowerOf, upperOf } from "./lp";
import { binv, basic, xB, rho, col, h, weightOf, enteringColumn, pivot, refactor, computeDuals, computePrimal, stepDuals, sinceRefactor } from "./basis";
import { setState, structRowAlpha, nG, nu } from "./form";
import { busLevelOrders, stepPrices } from "./buses";
import { allocStreams, openStreams, topStream, streamVar, streamAlpha, streamRatio, advanceTop } from "./streams";

/** Outcomes of dualSimplex: optimal for the current rows, no entering variable (primal infeasible), a singular basis, the iteration limit. */
export const DONE: i32 = 0;
export const INFEASIBLE: i32 = 1;
export const SINGULAR: i32 = 2;
export const LIMIT: i32 = 3;

/** Primal feasibility tolerance in quantity ticks (1e-6 of a tick). */
const PTOL: f64 = 1e-6;
/** Smallest |alpha| accepted as a pivot. */
export const ATOL: f64 = 1e-9;
/** Updates of the inverse between refactorizations, or the row count when larger (a refactorization costs about rows updates); the accuracy check below may refactor sooner. */
const REFACTOR_EVERY: i32 = 100;
/**
 * Largest relative difference between the pivot element computed from the column (B^-1 a_q)_r and
 * from the row (e_r^T B^-1) a_q, through the bus prices, before the inverse counts as inaccurate
 * and is rebuilt right after this pivot (HiGHS and CLP run the same check).
 */
const PIVOT_CHECK: f64 = 1e-8;

let enterRatio: f64 = 0;  // dual step length of the last ratio test
export let infeasibleRow: i32 = -1;

/** Allocates the ratio-test scratch once per clearing. */
export function allocSimplex(): void {
  allocStreams(nG + maxRows);
}

/**
 * Dual steepest-edge pricing: the row whose basic variable has the largest infeasibility^2 /
 * ||e_r^T B^-1||^2 (ties: the lower row), or -1 when the basis is primal feasible.
 */
function chooseLeaving(): i32 {
  let best: f64 = 0, r = -1;
  for (let i = 0; i < m; i++) {
    const v = getI(basic, i), x = getF(xB, i);
    const lo = lowerOf(v), up = upperOf(v);
    const tol = PTOL * Math.max(1.0, Math.abs(x));
    const inf = x < lo - tol ? lo - x : x > up + tol ? x - up : 0.0;
    if (inf == 0) continue;
    const score = inf * inf / weightOf(i, m);
    if (score > best) { best = score; r = i; }
  }
  return r;
}

/** The pivot element a_q's entry in row r computed from the row side: e_r^T B^-1 a_q = rho . a_q. */
function rowAlpha(q: i32): f64 {
  const r = getI(colRow, q);
  return r >= 0 ? -getF(rho, r) : structRowAlpha(q);
}

/** Bound-flipping ratio test: flips passed boxed variables, returns the entering one or -1. */
function ratioTest(delta: f64, yv: usize): i32 {
  busLevelOrders(rho, nu);
  let n = openStreams(delta < 0 ? -1.0 : 1.0, yv, Math.abs(delta));
  let slope = Math.abs(delta);
  while (n > 0) {
    const st = topStream();
    const v = streamVar(st);
    const next = slope - streamAlpha(st) * (upperOf(v) - lowerOf(v));
    if (!(next > PTOL)) { enterRatio = streamRatio(st); return v; }
    slope = next;
    setState(v, getI(varState, v) == AT_LOWER ? AT_UPPER : AT_LOWER);
    n = advanceTop(n);
  }
  return -1;
}

/** Runs dual simplex iterations until primal feasible (DONE) or a failure status. */
export function dualSimplex(yv: usize, maxIter: i32, iterStart: i32): i32 {
  let iter = iterStart, full = true;
  while (true) {
    if (full) computeDuals();
    computePrimal(full);
    full = false;
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
    const theta = toLower ? -enterRatio : enterRatio;
    stepDuals(theta);
    stepPrices(theta);
    enteringColumn(q, col);
    const ac = getF(col, r), ar = rowAlpha(q);
    let stale = Math.abs(ac - ar) > PIVOT_CHECK * Math.max(1.0, Math.abs(ac));
    if (Math.abs(ac) < ATOL) {
      // refactor and retry: a tiny pivot from an inaccurate inverse is not a singular basis
      if (sinceRefactor == 0 || !refactor()) { lastIter = iter; return SINGULAR; }
      enteringColumn(q, col);
      if (Math.abs(getF(col, r)) < ATOL) { lastIter = iter; return SINGULAR; }
      stale = false;
    }
    pivot(r, col);
    setState(lv, toLower ? AT_LOWER : AT_UPPER);
    setState(q, BASIC);
    setI(basic, r, q);
    if (sinceRefactor >= (m > REFACTOR_EVERY ? m : REFACTOR_EVERY) || stale) {
      if (!refactor()) { lastIter = iter; return SINGULAR; }
      full = true;
    }
  }
}

/** Iterations done when dualSimplex last returned (the caller passes them on as iterStart). */
export let lastIter: i32 = 0;
