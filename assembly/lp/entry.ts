// The LP engine's entry points: lpWorkBytes (what one call needs beyond its input columns, so the
// caller reserves memory once) and lpSolve(header) (one solve: scale, start from the logicals or a
// given basis, reach dual feasibility, dual simplex with perturbed costs, remove the perturbation,
// clean up, unscale). See docs/lp.md.
import {
  STATUS_OK, STATUS_INFEASIBLE, STATUS_ITERATION_LIMIT, STATUS_NUMERICAL, STATUS_OUT_OF_MEMORY, STATUS_UNBOUNDED,
  LH_ROWS, LH_COLS, LH_NNZ, LH_COL_START, LH_COL_ROW, LH_COL_VALUE, LH_COL_LOWER, LH_COL_UPPER, LH_COL_COST, LH_ROW_LOWER,
  LH_ROW_UPPER, LH_MAXIMIZE, LH_MAX_ITER, LH_LU_CAP, LH_BASIS, LH_WARM, LH_PERTURB, LH_SCALE, LH_MARKOWITZ, LH_UPDATE, LH_EDGE_WEIGHTS, LH_CARRY_COLS, LH_CARRY_ROWS, LH_CARRY_SCALE, LH_CARRY_HEAD, LH_CARRY_WEIGHT, LH_OUT_X, LH_OUT_ROW,
  LH_OUT_ROW_DUAL, LH_OUT_COL_DUAL, LH_OUT_STATS, LS_ITERATIONS, LS_REFACTORS, LS_FLIPS, LS_PHASE1, LS_CLEANUPS,
  LS_PEAK_FACTOR, LS_REPLACED, LS_FAILURE, LFAIL_PHASE1, LFAIL_CLEANUP, LBASIS_BASIC, LBASIS_LOWER, LBASIS_UPPER, LBASIS_ZERO,
} from "../abi";
import { ldI, stI, ldF, stF } from "../grid/mem";
import {
  m, n, nv, colStart, colRow, colVal, rowStart, rowCol, rowVal, sFirst, rowMid, colScale, rowScale, lo, up, loOrig, upOrig, cost, costW, x, d,
  stat, pos, head, weight, dualY, allocWork, clearWork, setMatrix, workBytes, BASIC, AT_LOWER, AT_UPPER, AT_ZERO,
} from "./state";
import { scaleMatrix, scaleCarried } from "./scale";
import { setUpdateCheck, updateResidual, updateChecks } from "./check";
import { factor, setMarkowitz, setForrestTomlin, refactors, peakFactor, replacedTotal, resetCounters, resetCallCounters, factorsFresh, cntLu, cntBasisNz, cntFactors, cntSpike, cntRowEta, cntPair, setPairSolves } from "./lu";
import {
  computeDual, computePrimal, placeNonbasic, rebuild, iterate, resetWeights, keepWeights, carryWeights, primalInfeasible, wrongSigns,
  setHyperChuzr, setMeritOrder, setParallelColumns, buildClasses, cntPrice, classMembers, setWalkSkip, edgeSolves, cntWalk, cntChzHyper, cntBfrtScan, cntCand, iterations, maxIterations, setMaxIterations, flips, failure, fail, setLimits, cntCol, cntRho, cntRow, cntEta, cntInf, cntIt, cntRetry, cntNoEnter, cntBfrt, cntBfrtAll, cntBfrtKept, cntBfrtAgain, setLargeStep, resetProfile, OPTIMAL, DUAL_UNBOUNDED, LIMIT, NUMERICAL, NO_MEMORY, TOL_D,
} from "./dual";

/** Bytes of work columns lpSolve allocates for these sizes (beyond the caller's input and output columns). */
export function lpWorkBytes(rows: i32, cols: i32, nz: i32, luCap: i32): f64 {
  return workBytes(rows, cols, nz, luCap);
}

@inline function hI(h: usize, k: i32): i32 { return <i32>load<f64>(h + (<usize>k << 3)); }
@inline function hP(h: usize, k: i32): usize { return <usize>load<f64>(h + (<usize>k << 3)); }

let phase1Iterations: i32 = 0;
let cleanups: i32 = 0;

/**
 * Row-wise copy of the (scaled) matrix, for the pivot rows: its shape. A column with one entry (a
 * column singleton: the nodal LP's orders, the block LP's acceptances) is listed as ~j, so
 * pivotRow knows its alpha_j final when it reaches it (dual.ts: its ratio-test candidate taken in
 * the same pass). In each row the other columns come first, then from sFirst the singletons with a
 * nonzero entry, which dual.ts keeps in merit order (sortSingletons). This pass counts each row's
 * entries and its other columns' (rowStart, sFirst; rowMid = sFirst); dual.ts buildClasses places
 * the entries, once, after finding the classes of parallel columns (their representatives first in
 * each row's other part when there are classes; else every part in column order).
 */
function buildRows(): void {
  for (let i = 0; i <= m; i++) stI(rowStart, i, 0);
  for (let i = 0; i < m; i++) stI(sFirst, i, 0);
  // rowStart[i + 1] counts row i's entries, sFirst[i] its other (not sorted-singleton) ones
  for (let j = 0; j < n; j++) {
    const b = ldI(colStart, j), e = ldI(colStart, j + 1);
    if (e - b == 1 && ldF(colVal, b) != 0) { const i = ldI(colRow, b) + 1; stI(rowStart, i, ldI(rowStart, i) + 1); continue; }
    for (let k = b; k < e; k++) {
      const i = ldI(colRow, k);
      stI(rowStart, i + 1, ldI(rowStart, i + 1) + 1); stI(sFirst, i, ldI(sFirst, i) + 1);
    }
  }
  for (let i = 0; i < m; i++) stI(rowStart, i + 1, ldI(rowStart, i + 1) + ldI(rowStart, i));
  for (let i = 0; i < m; i++) { const f = ldI(rowStart, i) + ldI(sFirst, i); stI(sFirst, i, f); stI(rowMid, i, f); }
}

/** Bounds and costs of every variable in the scaled, minimizing problem. */
function loadBounds(h: usize, sense: f64): void {
  const cl = hP(h, LH_COL_LOWER), cu = hP(h, LH_COL_UPPER), cc = hP(h, LH_COL_COST), rl = hP(h, LH_ROW_LOWER), ru = hP(h, LH_ROW_UPPER);
  for (let j = 0; j < n; j++) {
    const s = ldF(colScale, j);
    stF(loOrig, j, ldF(cl, j) / s); stF(upOrig, j, ldF(cu, j) / s); stF(cost, j, sense * ldF(cc, j) * s);
  }
  for (let i = 0; i < m; i++) {
    const r = ldF(rowScale, i);
    stF(loOrig, n + i, ldF(rl, i) * r); stF(upOrig, n + i, ldF(ru, i) * r); stF(cost, n + i, 0);
  }
  for (let j = 0; j < nv; j++) { stF(lo, j, ldF(loOrig, j)); stF(up, j, ldF(upOrig, j)); stF(costW, j, ldF(cost, j)); stF(x, j, 0); }
}

/** The starting basis: the caller's (when it has exactly m basic variables) or the logicals. */
function loadBasis(h: usize): void {
  const b = hP(h, LH_BASIS);
  let basic = 0;
  if (hI(h, LH_WARM) != 0) for (let j = 0; j < nv; j++) if (ldI(b, j) == LBASIS_BASIC) basic++;
  const warm = hI(h, LH_WARM) != 0 && basic == m;
  let p = 0;
  for (let j = 0; j < nv; j++) {
    const s = warm ? ldI(b, j) : j >= n ? LBASIS_BASIC : LBASIS_LOWER;
    if (s == LBASIS_BASIC) { stI(stat, j, BASIC); stI(pos, j, p); stI(head, p++, j); }
    else { stI(stat, j, s == LBASIS_UPPER ? AT_UPPER : s == LBASIS_ZERO ? AT_ZERO : AT_LOWER); stI(pos, j, -1); }
  }
}

/**
 * The basis in the carried order of positions (LH_CARRY_HEAD, a resident engine's reload after
 * appended rows or columns): true when every listed variable is basic in LH_BASIS and there are m
 * of them, each once; else false and nothing is set (loadBasis orders the positions by variable).
 */
function carriedBasis(h: usize): bool {
  const hd = hP(h, LH_CARRY_HEAD), b = hP(h, LH_BASIS);
  if (hd == 0 || hI(h, LH_WARM) == 0) return false;
  for (let j = 0; j < nv; j++) stI(pos, j, -1);
  for (let p = 0; p < m; p++) {
    const v = ldI(hd, p);
    if (v < 0 || v >= nv || ldI(b, v) != LBASIS_BASIC || ldI(pos, v) >= 0) return false;
    stI(pos, v, p);
  }
  let basic = 0;
  for (let j = 0; j < nv; j++) {
    const s = ldI(b, j);
    if (s == LBASIS_BASIC) { basic++; stI(stat, j, BASIC); stI(head, ldI(pos, j), j); }
    else stI(stat, j, s == LBASIS_UPPER ? AT_UPPER : s == LBASIS_ZERO ? AT_ZERO : AT_LOWER);
  }
  return basic == m;
}

/** HiGHS-style dual phase 1: artificial boxes (free [-1000,1000], lower [0,1], upper [-1,0], boxed [0,0]); returns an outcome and whether the original bounds are then dual feasible. */
function phase1(): i32 {
  for (let j = 0; j < nv; j++) {
    const l = ldF(loOrig, j), u = ldF(upOrig, j);
    const fl = l > -Infinity, fu = u < Infinity;
    stF(lo, j, fl && fu ? 0 : fl ? 0 : fu ? -1 : -1000);
    stF(up, j, fl && fu ? 0 : fl ? 1 : fu ? 0 : 1000);
  }
  placeNonbasic();
  computePrimal();
  const before = iterations;
  const st = iterate();
  phase1Iterations += iterations - before;
  for (let j = 0; j < nv; j++) { stF(lo, j, ldF(loOrig, j)); stF(up, j, ldF(upOrig, j)); }
  if (st == DUAL_UNBOUNDED) { fail(LFAIL_PHASE1); return NUMERICAL; } // the boxed problem is feasible at zero: only numerics end here
  return st;
}

/** Dual infeasible after phase 1: infeasible if no point satisfies the constraints, else unbounded. */
function unboundedOrInfeasible(): i32 {
  for (let j = 0; j < nv; j++) stF(costW, j, 0);
  computeDual();
  placeNonbasic();
  computePrimal();
  const st = iterate();
  if (st == DUAL_UNBOUNDED) return STATUS_INFEASIBLE;
  if (st == OPTIMAL) return STATUS_UNBOUNDED;
  return statusOf(st);
}

function statusOf(st: i32): i32 {
  if (st == OPTIMAL) return STATUS_OK;
  if (st == DUAL_UNBOUNDED) return STATUS_INFEASIBLE;
  if (st == LIMIT) return STATUS_ITERATION_LIMIT;
  if (st == NO_MEMORY) return STATUS_OUT_OF_MEMORY;
  return STATUS_NUMERICAL;
}

/** Reaches a dual feasible basis for costW and the original bounds (phase 1 when needed); an outcome, or -1 when the LP is dual infeasible. */
function dualFeasible(): i32 {
  computeDual();
  if (placeNonbasic() == 0) return OPTIMAL;
  const st = phase1();
  if (st != OPTIMAL) return st;
  computeDual();
  if (placeNonbasic() > 0) return -1;
  return OPTIMAL;
}

/** Cost perturbation against dual degeneracy: each column's cost moved by (1+|c|) 5e-7 (1 + a fixed pseudo-random fraction), in the direction that keeps its reduced cost's sign. */
function perturb(): void {
  for (let j = 0; j < n; j++) {
    const l = ldF(lo, j), u = ldF(up, j);
    if (l == u) continue;
    const c = ldF(cost, j);
    const frac = <f64>((<u32>j * 2654435761) >>> 16) / 65536.0;
    const xi = (1.0 + abs(c)) * 5e-7 * (1.0 + frac);
    let dir: f64 = 0;
    if (l > -Infinity && u < Infinity) dir = ldI(stat, j) == AT_UPPER ? -1 : 1;
    else if (l > -Infinity) dir = 1;
    else if (u < Infinity) dir = -1;
    stF(costW, j, c + dir * xi);
  }
}

// LH_PERTURB: no perturbation, the costs perturbed before the first iteration, or only once the
// call has run lazyAfter iterations (a resident engine's re-solves with `lazyPerturb`: src/lp/engine.ts)
const PERTURB_OFF: i32 = 0;
const PERTURB_START: i32 = 1;
const PERTURB_LAZY: i32 = 2;
/**
 * Iterations a lazily perturbed call runs on the true costs before it perturbs them: a re-solve
 * from a near-optimal basis then skips the perturbation's cleanup when it needs no iteration
 * (docs/lp.md, "The resident engine": an option, it gained nothing on the blocks' days).
 */
let lazyAfter: i32 = 100;

/** Dual simplex iterations on a dual feasible, primal computed start, the costs perturbed lazily (PERTURB_LAZY) after lazyAfter of them. */
function iterateLazy(): i32 {
  const limit = maxIterations;
  setMaxIterations(min(limit, iterations + lazyAfter));
  let st = iterate();
  setMaxIterations(limit);
  if (st != LIMIT || iterations >= limit) return st;
  perturb(); computeDual(); placeNonbasic(); computePrimal();
  return iterate();
}

function run(perturbMode: i32, kept: bool): i32 {
  if (!kept && factor() < 0) return STATUS_OUT_OF_MEMORY;
  let st = dualFeasible();
  if (st == -1) return unboundedOrInfeasible();
  if (st != OPTIMAL) return statusOf(st);
  if (perturbMode == PERTURB_START) { perturb(); computeDual(); placeNonbasic(); }
  computePrimal();
  st = perturbMode == PERTURB_LAZY ? iterateLazy() : iterate();
  if (st != OPTIMAL) return statusOf(st);
  // remove the perturbation and the shifts; flip what the true costs want; phase 1 again if needed
  // (fresh factors, e.g. a warm start that needed no iteration, are kept: rebuild would give them again)
  for (let round = 0; round < 6; round++) {
    for (let j = 0; j < nv; j++) stF(costW, j, ldF(cost, j));
    if (!rebuild(true)) return STATUS_OUT_OF_MEMORY;
    const wrong = wrongSigns();
    if (wrong == 0 && !primalInfeasible()) return STATUS_OK;
    cleanups++;
    if (wrong > 0) {
      st = dualFeasible();
      if (st == -1) return unboundedOrInfeasible();
      if (st != OPTIMAL) return statusOf(st);
      computePrimal();
    }
    st = iterate();
    if (st != OPTIMAL) return statusOf(st);
  }
  fail(LFAIL_CLEANUP);
  return STATUS_NUMERICAL;
}

/** Writes the unscaled solution, duals, basis and statistics. */
function writeOut(h: usize, sense: f64): void {
  const ox = hP(h, LH_OUT_X), orow = hP(h, LH_OUT_ROW), oy = hP(h, LH_OUT_ROW_DUAL), od = hP(h, LH_OUT_COL_DUAL), b = hP(h, LH_BASIS);
  for (let j = 0; j < n; j++) { stF(ox, j, ldF(x, j) * ldF(colScale, j)); stF(od, j, sense * ldF(d, j) / ldF(colScale, j)); }
  for (let i = 0; i < m; i++) {
    const r = ldF(rowScale, i);
    stF(orow, i, ldF(x, n + i) / r);
    stF(oy, i, ldI(stat, n + i) == BASIC ? 0.0 : sense * ldF(dualY, i) * r);
  }
  for (let j = 0; j < nv; j++) {
    const s = ldI(stat, j);
    stI(b, j, s == BASIC ? LBASIS_BASIC : s == AT_UPPER ? LBASIS_UPPER : s == AT_ZERO ? LBASIS_ZERO : LBASIS_LOWER);
  }
}

/**
 * Whether the last call of this instance ended optimal, its factors fresh for its final basis (the
 * cleanup's refactorization): a resident engine's next call (lpResolve) may start on them.
 */
let invertKept: bool = false;

/** Solves one LP (see LH_* in abi.ts); returns a status code. */
export function lpSolve(h: usize): i32 {
  const rows = hI(h, LH_ROWS), cols = hI(h, LH_COLS), nz = hI(h, LH_NNZ);
  allocWork(rows, cols, nz, hI(h, LH_LU_CAP));
  setMatrix(hP(h, LH_COL_START), hP(h, LH_COL_ROW), hP(h, LH_COL_VALUE));
  setLimits(hI(h, LH_MAX_ITER));
  resetCounters();
  const carry = hP(h, LH_CARRY_SCALE);
  if (carry != 0 && hI(h, LH_SCALE) != 0) scaleCarried(carry, hI(h, LH_CARRY_COLS), hI(h, LH_CARRY_ROWS));
  else scaleMatrix(hI(h, LH_SCALE) != 0);
  buildRows();
  buildClasses();
  return solveLoaded(h, false, true);
}

/**
 * Solves again the LP the last lpSolve of this instance loaded (a resident engine, src/lp/engine.ts):
 * the same header and columns, only the bounds (unscaled, in the header's columns) and, unless
 * `keep`, the basis (LH_BASIS) changed. The scaled matrix, its scale factors and row-wise copy are
 * kept; with `keep` and the last call optimal, so are the basis, its fresh factors and the dual
 * steepest-edge weights (as HiGHS keeps its invert and weights across bound changes).
 */
export function lpResolve(h: usize, keep: i32): i32 {
  clearWork();
  setLimits(hI(h, LH_MAX_ITER));
  const kept = keep != 0 && invertKept && factorsFresh();
  if (kept) resetCallCounters(); else resetCounters();
  return solveLoaded(h, kept);
}

function solveLoaded(h: usize, kept: bool, load: bool = false): i32 {
  const sense: f64 = hI(h, LH_MAXIMIZE) != 0 ? -1 : 1;
  phase1Iterations = 0; cleanups = 0;
  setMarkowitz(hI(h, LH_MARKOWITZ) != 0);
  setForrestTomlin(hI(h, LH_UPDATE) != 0);
  loadBounds(h, sense);
  if (kept) keepWeights();
  else if (load && carriedBasis(h)) carryWeights(hP(h, LH_CARRY_WEIGHT), hI(h, LH_CARRY_ROWS), hI(h, LH_EDGE_WEIGHTS));
  else { loadBasis(h); resetWeights(hI(h, LH_EDGE_WEIGHTS)); }
  const status = run(hI(h, LH_PERTURB), kept);
  invertKept = status == STATUS_OK;
  if (status == STATUS_OK) writeOut(h, sense);
  else { const b = hP(h, LH_BASIS); for (let j = 0; j < nv; j++) { const s = ldI(stat, j); stI(b, j, s == BASIC ? LBASIS_BASIC : s == AT_UPPER ? LBASIS_UPPER : s == AT_ZERO ? LBASIS_ZERO : LBASIS_LOWER); } }
  const st = hP(h, LH_OUT_STATS);
  stF(st, LS_ITERATIONS, iterations); stF(st, LS_REFACTORS, refactors); stF(st, LS_FLIPS, flips);
  stF(st, LS_PHASE1, phase1Iterations); stF(st, LS_CLEANUPS, cleanups); stF(st, LS_PEAK_FACTOR, peakFactor);
  stF(st, LS_REPLACED, replacedTotal); stF(st, LS_FAILURE, failure);
  return status;
}


/**
 * Addresses of the state a resident engine carries over appended rows or columns (src/lp/engine.ts,
 * read before the LP is loaded again): 0 the column scale factors (f64[n]), 1 the row ones
 * (f64[m]), 2 the variable basic at each position (i32[m]), 3 the edge weights (f64[m]); 0 for any
 * k when the last call did not end optimal (its basis and weights are then not the ones to keep).
 */
export function lpCarryAddr(k: i32): usize {
  if (!invertKept) return 0;
  return k == 0 ? colScale : k == 1 ? rowScale : k == 2 ? head : weight;
}

/** Zeroes the profile counters. */
export function lpCounterReset(): void {
  resetProfile();
}

/** Profile counter k (bench/experiments/lp-profile.mjs): sums since lpCounterReset of col, rho, pivot-row, eta-file and infeasibility counts, rows, columns, iterations, LU and basis entries, factorizations (10), spike and row-eta entries (11, 12), pivot-check retries (13), refactorizations for a ratio test without a candidate (14), ratio tests past the first group (15), their candidates (16), those of the large-step pass (17), the tests that took the groups again from all (18), the entering column's and tau's FTRANs run as one pair (19), the CHUZRs decided by the hyper-sparse candidate set (20), the candidates the large-step pass's rounds scanned past its first limit (21), the candidates of every ratio test (22), the sorted singletons the ratio test's walks visited (23), the row entries PRICE visited (24: with parallel columns the representatives' and, where a class is first reached, the members' listing pass), the columns in a class with another at the last load (26), and the exact steepest-edge weights the last call computed by BTRANs (25). */
export function lpCounter(k: i32): f64 {
  return k == 0 ? cntCol : k == 1 ? cntRho : k == 2 ? cntRow : k == 3 ? cntEta : k == 4 ? cntInf : k == 5 ? <f64>m : k == 6 ? <f64>n : k == 7 ? cntIt : k == 8 ? cntLu : k == 9 ? cntBasisNz : k == 11 ? cntSpike : k == 12 ? cntRowEta : k == 13 ? cntRetry : k == 14 ? cntNoEnter : k == 15 ? cntBfrt : k == 16 ? cntBfrtAll : k == 17 ? cntBfrtKept : k == 18 ? cntBfrtAgain : k == 19 ? cntPair : k == 20 ? cntChzHyper : k == 21 ? cntBfrtScan : k == 22 ? cntCand : k == 23 ? cntWalk : k == 24 ? cntPrice : k == 26 ? <f64>classMembers : k == 25 ? <f64>edgeSolves : cntFactors;
}

/** Experiment hook (bench/experiments/lp-resident-ab.mjs): iterations a lazily perturbed call runs before perturbing (default 100). */
export function lpLazyPerturb(k: i32): void {
  lazyAfter = k;
}

/** Test hook (test/unit/lp-ratio.test.ts): the ratio test's large-step pass 1 on (default), 0 off, 2 one pass at its first limit. */
export function lpLargeStep(mode: i32): void {
  setLargeStep(mode);
}

/** Test hook (test/unit/lp-pair.test.ts): 1 (default) lets the entering column's and tau's dense FTRANs run as one pass, 0 solves them apart. */
export function lpPairSolves(on: i32): void {
  setPairSolves(on != 0);
}

/** Test and A/B hook (test/unit/lp-merit.test.ts): 1 (default) keeps each row's column singletons in merit order (dual.ts), 0 visits them all in every pivot row. */
export function lpMeritOrder(on: i32): void {
  setMeritOrder(on != 0);
}

/** Test and A/B hook (test/unit/lp-parallel.test.ts): 1 (default) sums PRICE once per class of parallel columns (dual.ts), 0 over every column as before; from the next load (lpSolve). */
export function lpParallelColumns(on: i32): void {
  setParallelColumns(on != 0);
}

/** Test hook (test/unit/lp-pair.test.ts): 1 (default) lets CHUZR rescore only the positions moved since the last one (hyper-sparse CHUZR), 0 scans every infeasible position. */
export function lpHyperChuzr(on: i32): void {
  setHyperChuzr(on != 0);
}

/** Test hook (test/unit/lp-merit.test.ts): 1 (default) lets the ratio test's walks skip a row whose next sorted singleton is past the bound without visiting it (dual.ts walkable), 0 visits every row with singletons left. */
export function lpWalkSkip(on: i32): void {
  setWalkSkip(on != 0);
}

/** Test hook (test/unit/lp-updates.test.ts): 1 checks the updated factors' solves after every update of the following calls, 0 stops. */
export function lpCheckUpdates(on: i32): void {
  setUpdateCheck(on != 0);
}

/** Largest relative residual of the checked solves since lpCheckUpdates. */
export function lpUpdateResidual(): f64 {
  return updateResidual();
}

/** Updates checked since lpCheckUpdates. */
export function lpUpdateChecks(): i32 {
  return updateChecks();
}

/** Dual steepest-edge weight (-1: never needed) and basic variable at basis position p after the last lpSolve, read before the next call (test/unit/lp-weights.test.ts). */
export function lpEdgeWeight(p: i32): f64 {
  return ldF(weight, p);
}

/** The basic variable at basis position p after the last lpSolve (test/unit/lp-weights.test.ts). */
export function lpBasisHead(p: i32): i32 {
  return ldI(head, p);
}
