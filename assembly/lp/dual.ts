// The bounded dual simplex iteration: dual steepest-edge pricing, a bound-flipping ratio test with
// Harris' two passes, Forrest-Tomlin (or product-form) updates with a refactorization every etaMax
// updates and on a failed accuracy check (the pivot element computed from the row and from the column disagree).
import { ldI, stI, ldF, stF } from "../grid/mem";
import {
  m, n, nv, colStart, colRow, colVal, rowStart, rowCol, rowVal, sFirst, rowMid, sKey, sMinA, sRow, sCur, lo, up, costW, x, d, stat, pos, head, weight, rho, col, tau,
  work, alphaRow, repOf, cFirst, repEnd, memStart, memList, classHash, classHashSize, cand, candKey, candHarris, touched, tmark, heapKey, heapHar, gone, flipList, etaMax, rhs, cvec, colIdx, rhoIdx, flipIdx,
  infeas, infList, infWhere, srcIdx, tauIdx, flipOut, dualY, chzMark, chzTouched, chzIn, chzSet, CHZ_CAP, BASIC, AT_LOWER, AT_UPPER, AT_ZERO,
} from "./state";
import { refactorDue, factor, factorsFresh, ftran, ftranPair, pairDense, pairCntA, pairCntB, btranPair, btranDenseNext, pairNormA, pairNormB, predictAfter, btran, pushEta, etaCount, etaUsedNow, cntLu, cntBasisNz, cntFactors, cntSpike, cntRowEta, cntPair, resetDensity, tightenThreshold } from "./lu";
import { updateCheckOn, checkUpdate } from "./check";
import { LFAIL_RETRIES, LFAIL_PIVOT, LFAIL_CERTIFICATE } from "../abi";

/** Primal feasibility tolerance (scaled problem). */
export const TOL_P: f64 = 1e-7;
/** Dual feasibility tolerance (scaled problem). */
export const TOL_D: f64 = 1e-7;
/** Smallest pivot-row entry the ratio test accepts. */
const TOL_PIVOT: f64 = 1e-9;
/** Largest relative disagreement of the row and column pivot elements before a refactorization. */
const TOL_ACCURACY: f64 = 1e-7;
/** Pivot-row entries at or below this (scaled) count as rounding noise in the infeasibility certificate. */
const CERT_ZERO: f64 = 1e-11;

// Outcomes of the iteration loop.
export const OPTIMAL: i32 = 0;
export const DUAL_UNBOUNDED: i32 = 1;   // no entering variable: the primal problem is infeasible
export const LIMIT: i32 = 2;
export const NUMERICAL: i32 = 3;
export const NO_MEMORY: i32 = 4;

export let iterations: i32 = 0;
export let maxIterations: i32 = 0;
export let flips: i32 = 0;
export let failure: i32 = 0;
let stamp: i32 = 0;
let nTouched: i32 = 0;
let nCol: i32 = 0;    // nonzeros of col (listed in colIdx)
let nRho: i32 = 0;    // nonzeros of rho (listed in rhoIdx)
let nTau: i32 = 0;    // nonzeros of tau (listed in tauIdx)
let nFlipOut: i32 = 0; // nonzeros of flipOut (listed in flipIdx)

// Kinds of solve, each with its predicted result density (lu.ts: dense solves above 10%).
const SOLVE_COL: i32 = 1;
const SOLVE_TAU: i32 = 2;
const SOLVE_FLIPS: i32 = 3;
const SOLVE_RHO: i32 = 4;
const SOLVE_EDGE: i32 = 5;

// Dual steepest-edge weights at the start of a call (LH_EDGE_WEIGHTS).
export const EDGE_UNIT: i32 = 0;   // every weight 1 (exact for the logical basis only)
export const EDGE_EXACT: i32 = 1;  // every weight ||e_p^T B^-1||^2 by m BTRANs before the first iteration
export const EDGE_LAZY: i32 = 2;   // the same, each computed when CHUZR first meets its position infeasible
/** A weight not known yet (EDGE_LAZY); the updates leave it unknown. */
const UNKNOWN: f64 = -1;
let edgeAll: bool = false;
/** BTRANs spent on exact weights in this call. */
export let edgeSolves: i32 = 0;

/**
 * Zeroes a sparse vector of m entries at its listed nonzeros (col, tau, rho, flipOut stay zero
 * elsewhere between solves), or all of it at once when more than a quarter is listed (the dense
 * results of the meshes: one fill instead of a store per listed index; the same zeros).
 */
@inline function clearListed(v: usize, idx: usize, cnt: i32): void {
  if (cnt * 4 > m) { memory.fill(v, 0, (<usize>m) << 3); return; }
  for (let t = 0; t < cnt; t++) stF(v, ldI(idx, t), 0);
}
/** Profile counters (lpCounter): sums over iterations of col, rho, pivot-row and eta-file sizes. */
export let cntCol: f64 = 0;
export let cntRho: f64 = 0;
export let cntRow: f64 = 0;
export let cntEta: f64 = 0;
export let cntInf: f64 = 0;
export let cntIt: f64 = 0;
/** Refactorizations asked by a row/column pivot disagreement, and by a ratio test without a candidate on old factors. */
export let cntRetry: f64 = 0;
export let cntNoEnter: f64 = 0;
export let cntBfrt: f64 = 0;      // ratio tests past the first group
export let cntBfrtAll: f64 = 0;   // their candidates
export let cntBfrtKept: f64 = 0;  // the candidates of the large-step pass
export let cntBfrtAgain: f64 = 0; // ratio tests whose groups left the large-step pass's candidates
export let cntChzHyper: f64 = 0;  // CHUZRs decided by the candidate set alone (hyper-sparse CHUZR)
export let cntBfrtScan: f64 = 0;  // candidates the large-step pass's rounds scanned
export let cntCand: f64 = 0;      // candidates of every ratio test
/** Zeroes the profile counters (they add up over solves until then). */
export function resetProfile(): void {
  cntPrice = 0;
  cntCol = 0; cntRho = 0; cntRow = 0; cntEta = 0; cntInf = 0; cntIt = 0; cntRetry = 0; cntNoEnter = 0; cntLu = 0; cntBasisNz = 0; cntFactors = 0; cntSpike = 0; cntRowEta = 0; cntBfrt = 0; cntBfrtAll = 0; cntBfrtKept = 0; cntBfrtAgain = 0; cntPair = 0; cntChzHyper = 0; cntBfrtScan = 0; cntCand = 0; cntWalk = 0;
}

/** Value of a nonbasic variable at its status. */
@inline function restValue(j: i32, s: i32): f64 {
  return s == AT_LOWER ? ldF(lo, j) : s == AT_UPPER ? ldF(up, j) : 0.0;
}

/** Basic values from the nonbasic ones: B x_B = -N x_N. */
export function computePrimal(): void {
  for (let j = 0; j < n; j++) {
    if (ldI(stat, j) == BASIC) continue;
    const v = ldF(x, j);
    if (v == 0) continue;
    for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) { const i = ldI(colRow, k); stF(rhs, i, ldF(rhs, i) - ldF(colVal, k) * v); }
  }
  for (let i = 0; i < m; i++) if (ldI(stat, n + i) != BASIC) stF(rhs, i, ldF(rhs, i) + ldF(x, n + i));
  ftran(rhs, 0, -1, work, 0);
  for (let p = 0; p < m; p++) stF(x, ldI(head, p), ldF(work, p));
  refreshInfeasibilities();
}

let nInf: i32 = 0;

/**
 * The squared infeasibility of the basic variable at position p (0 within its bounds), kept in
 * `infeas` for CHUZR, and the position's membership of infList (swap-remove: the list's order
 * follows the updates, so CHUZR breaks ties by position explicitly).
 */
function setInfeasibility(p: i32): void {
  const j = ldI(head, p);
  setInfeasibilityOf(p, j, ldF(x, j));
}

/** setInfeasibility for position p whose basic variable j has value v. */
@inline function setInfeasibilityOf(p: i32, j: i32, v: f64): void {
  const l = ldF(lo, j), u = ldF(up, j);
  let inf: f64 = 0;
  if (v < l - TOL_P) inf = l - v; else if (v > u + TOL_P) inf = v - u;
  stF(infeas, p, inf * inf);
  if (chzValid && ldI(chzMark, p) != chzStamp) { stI(chzMark, p, chzStamp); stI(chzTouched, nChzTouched++, p); }
  const w = ldI(infWhere, p);
  if (inf != 0) {
    if (w < 0) { stI(infWhere, p, nInf); stI(infList, nInf++, p); }
  } else if (w >= 0) {
    const last = ldI(infList, --nInf);
    stI(infList, w, last); stI(infWhere, last, w); stI(infWhere, p, -1);
  }
}

/** Recomputes every position's infeasibility (after values or bounds changed wholesale). */
function refreshInfeasibilities(): void {
  chzValid = false;
  nInf = 0;
  for (let p = 0; p < m; p++) { stI(infWhere, p, -1); setInfeasibility(p); }
}

/** Duals y = B^-T c_B (into rho) and reduced costs d = c - A^T y. */
export function computeDual(): void {
  for (let p = 0; p < m; p++) stF(cvec, p, ldF(costW, ldI(head, p)));
  btran(cvec, 0, -1, dualY, 0);
  for (let j = 0; j < n; j++) {
    if (ldI(stat, j) == BASIC) { stF(d, j, 0); continue; }
    let s = ldF(costW, j);
    for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) s -= ldF(colVal, k) * ldF(dualY, ldI(colRow, k));
    stF(d, j, s);
  }
  for (let i = 0; i < m; i++) stF(d, n + i, ldI(stat, n + i) == BASIC ? 0.0 : ldF(costW, n + i) + ldF(dualY, i));
}

/**
 * Puts every nonbasic variable at the bound its reduced cost asks for where it has both, at its
 * only finite bound otherwise (zero when free), and sets its value. Returns the number of
 * variables whose reduced cost still has the wrong sign (dual infeasible beyond TOL_D).
 */
export function placeNonbasic(): i32 {
  let bad = 0;
  for (let j = 0; j < nv; j++) {
    if (ldI(stat, j) == BASIC) continue;
    const l = ldF(lo, j), u = ldF(up, j), dj = ldF(d, j);
    let s: i32;
    if (l == u) s = AT_LOWER;
    else if (l > -Infinity && u < Infinity) s = dj >= 0 ? AT_LOWER : AT_UPPER;
    else if (l > -Infinity) { s = AT_LOWER; if (dj < -TOL_D) bad++; }
    else if (u < Infinity) { s = AT_UPPER; if (dj > TOL_D) bad++; }
    else { s = AT_ZERO; if (abs(dj) > TOL_D) bad++; }
    stI(stat, j, s); stF(x, j, restValue(j, s));
  }
  return bad;
}

/**
 * Refactorizes and recomputes values and reduced costs; false when the factors do not fit. With
 * `reuse`, factors still fresh (no update since a factorization without dependent columns, at the
 * same pivot threshold) are kept: the factorization would give them again, bit for bit.
 */
export function rebuild(reuse: bool = false): bool {
  if (!(reuse && factorsFresh()) && factor() < 0) return false;
  computeDual();
  computePrimal();
  return true;
}

/**
 * Hyper-sparse CHUZR (Hall and McKinnon): a full scan keeps the CHZ_K best-scoring positions as a
 * candidate set and the least score among them, chzBound; every other position scored at most
 * chzBound then. Between scans only the positions whose infeasibility was set (the primal update,
 * the flips, the leaving row: the only ones whose score or weight can change; chzTouched) are
 * scored again, and join the set when they pass chzBound. The set's best is then the best of all
 * as long as it scores above chzBound (a tie at the bound could hide a lower position outside:
 * scan again); otherwise, after a refresh or a change of weights, all are scanned again. The same
 * position as the full scan's (largest infeasibility^2 / weight, lowest position on ties).
 */
const CHZ_K: i32 = 64;
let chzValid: bool = false;
let chzStamp: i32 = 0;
let nChzTouched: i32 = 0;
let nChzSet: i32 = 0;
let chzBound: f64 = 0;
/** Positions an iteration moves (the entering column's and the flips' nonzeros), averaged as the solves' densities are (0.95 old, 0.05 new). */
let chzMoved: f64 = 0;
/** Test hook (lpHyperChuzr): false scans every infeasible position at every CHUZR (the same choices). */
let chzOn: bool = true;
export function setHyperChuzr(on: bool): void { chzOn = on; }

/** A fresh stamp for chzMark (touched positions since the last CHUZR). */
function chzNextStamp(): void {
  nChzTouched = 0;
  if (chzStamp < 0x7ffffff0) { chzStamp++; return; }
  for (let p = 0; p < m; p++) stI(chzMark, p, 0);
  chzStamp = 1;
}

/** Score of position p (its weight computed first when unknown), or 0 when feasible. */
@inline function chzScore(p: i32): f64 {
  const inf = ldF(infeas, p);
  if (inf == 0) return 0;
  let w = ldF(weight, p);
  if (w < 0) { w = exactWeight(p); stF(weight, p, w); }
  return inf / w;
}

/** The leaving position by dual steepest edge (largest infeasibility^2 / weight; lowest position on ties), or -1. */
function chooseRow(): i32 {
  // the touched positions and the set cost about as much as a full scan when many moved
  if (chzOn && chzValid && nChzTouched + nChzSet < nInf) {
    // positions touched since the last CHUZR: rescore, and join the set past the bound
    for (let t = 0; t < nChzTouched; t++) {
      const p = ldI(chzTouched, t);
      if (ldI(chzIn, p) != 0) continue;
      const sc = chzScore(p);
      if (!(sc > chzBound) && !(sc == chzBound && sc > 0)) continue;
      if (nChzSet >= CHZ_CAP) { chzValid = false; break; }
      stI(chzIn, p, 1); stI(chzSet, nChzSet++, p);
    }
    if (chzValid) {
      let best = -1, bestScore: f64 = 0;
      for (let k = 0; k < nChzSet; k++) {
        const p = ldI(chzSet, k), score = chzScore(p);
        if (score > bestScore || (score == bestScore && p < best)) { bestScore = score; best = p; }
      }
      chzNextStamp();
      if (best >= 0 && bestScore > chzBound) { cntChzHyper += 1; return best; }
      if (best < 0 && chzBound == 0) { cntChzHyper += 1; return -1; }
    }
  }
  return chooseRowFull();
}

/** CHUZR over every infeasible position; rebuilds the candidate set and its bound. */
function chooseRowFull(): i32 {
  listedWeights(infList, nInf);
  for (let k = 0; k < nChzSet; k++) stI(chzIn, ldI(chzSet, k), 0);
  nChzSet = 0;
  // where an iteration moves about as many positions as are infeasible (dense columns: the meshes),
  // rescoring the moved ones saves nothing: plain scans, no set, no list of moved positions
  const useSet = chzOn && 2 * <f64>chzMoved < <f64>nInf;
  if (!useSet) { chzValid = false; return chooseRowPlain(); }
  let best = -1, bestScore: f64 = 0;
  // the set: the CHZ_K best scores (unordered; minAt the slot of the least of them once full)
  let minAt = -1, minScore: f64 = 0;
  for (let t = 0; t < nInf; t++) {
    const p = ldI(infList, t), score = chzScore(p); // infList holds only positions with infeas != 0
    if (score > bestScore || (score == bestScore && p < best)) { bestScore = score; best = p; }
    if (!(score > 0)) continue;
    if (nChzSet < CHZ_K) {
      stI(chzSet, nChzSet++, p);
      if (nChzSet == CHZ_K) minAt = chzMinSlot();
    } else if (score > ldF(infeas, ldI(chzSet, minAt)) / ldF(weight, ldI(chzSet, minAt))) {
      stI(chzSet, minAt, p);
      minAt = chzMinSlot();
    }
  }
  // every position outside the set scores at most the bound (0 when the set holds all infeasible ones)
  if (nChzSet == CHZ_K) { const q = ldI(chzSet, minAt); minScore = ldF(infeas, q) / ldF(weight, q); }
  for (let k = 0; k < nChzSet; k++) stI(chzIn, ldI(chzSet, k), 1);
  chzBound = nChzSet == CHZ_K ? minScore : 0;
  chzValid = chzOn;
  chzNextStamp();
  return best;
}

/** CHUZR over every infeasible position, nothing kept (the scan before the hyper-sparse one). */
function chooseRowPlain(): i32 {
  listedWeights(infList, nInf);
  let best = -1, bestScore: f64 = 0;
  for (let t = 0; t < nInf; t++) {
    const p = ldI(infList, t), score = chzScore(p); // infList holds only positions with infeas != 0
    if (score > bestScore || (score == bestScore && p < best)) { bestScore = score; best = p; }
  }
  return best;
}

/** The slot of the least score in the full candidate set. */
function chzMinSlot(): i32 {
  let at = 0, least: f64 = Infinity;
  for (let k = 0; k < nChzSet; k++) {
    const q = ldI(chzSet, k), sc = ldF(infeas, q) / ldF(weight, q);
    if (sc < least) { least = sc; at = k; }
  }
  return at;
}

/**
 * The pivot row alpha_j = rho . a_j for the nonbasic variables it reaches. Basic columns are
 * skipped entry by entry: no caller reads their alpha_j (the ratio test, the dual update and the
 * certificate take nonbasic variables only), and the nonbasic ones keep their sums, so the same bits.
 * A column singleton (listed as ~j in the row-wise copy, entry.ts buildRows) and a logical are
 * reached once: no stamp, and alpha_j is final there, so the ratio test's first pass (its candidate
 * slot and the least Harris bound) is done for it in the same pass, while its status and alpha_j
 * are at hand (HiGHS's CHUZC packs the row and tests it in separate passes); these variables are
 * listed at the front of `touched` (nTouched, in the order reached). The other columns are listed
 * from the back (touched[nv - 1 - t], t < nMulti, in the order first reached) and the ratio test
 * checks them after the row is complete. The candidate slots so come in another order than one
 * pass over all reached variables would give, which changes no choice: the ratio test's groups and
 * its entering variable break ties by variable index, not by slot (only the large-step pass's sum
 * of box ranges, which decides how many candidates go to its front, may round differently).
 * With classes of parallel columns (below) only their representatives are summed, and each row's
 * members first reached there are listed in that same order (listFirstReached).
 */
let nCandPre: i32 = 0;
let bound0Pre: f64 = Infinity;
let nMulti: i32 = 0;
function pivotRow(sgn: f64): void {
  stamp++;
  if (stamp == 0x7fffffff) { for (let j = 0; j < nv; j++) stI(tmark, j, 0); stamp = 1; }
  nTouched = 0; nMulti = 0; nS = 0;
  let k = 0, bound0: f64 = Infinity;
  const back = touched + ((<usize>(nv - 1)) << 2);
  for (let t = 0; t < nRho; t++) {
    const i = ldI(rhoIdx, t), r = ldF(rho, i);
    if (r == 0) continue;
    const mid = ldI(rowMid, i);
    if (mid < ldI(rowStart, i + 1)) stI(sRow, nS++, i);
    if (classesOn) {
      // the classes' representatives (each class summed once; those first reached here listed in
      // flipList, free until the ratio test), then the unsorted singletons
      let fresh = 0;
      freshCols = 0;
      const pe = ldI(repEnd, i);
      for (let q = ldI(rowStart, i); q < pe; q++) {
        const c = ldI(rowCol, q);
        if (c < 0) {
          k = reachedSingleton(~c, q, r, sgn, k); if (k < 0) { k = ~k; bound0 = min(bound0, ldF(candHarris, k - 1)); }
          continue;
        }
        if (ldI(tmark, c) != stamp) {
          stI(tmark, c, stamp); stF(alphaRow, c, 0); stI(cFirst, c, t);
          stI(flipList, fresh++, c); freshCols += ldI(memStart, c + 1) - ldI(memStart, c);
        }
        stF(alphaRow, c, ldF(alphaRow, c) + r * ldF(rowVal, q));
      }
      cntPrice += <f64>(pe - ldI(rowStart, i));
      if (fresh > 0) listFirstReached(i, t, fresh);
      for (let q = ldI(sFirst, i); q < mid; q++) {
        k = reachedSingleton(~ldI(rowCol, q), q, r, sgn, k); if (k < 0) { k = ~k; bound0 = min(bound0, ldF(candHarris, k - 1)); }
      }
    } else {
      cntPrice += <f64>(mid - ldI(rowStart, i));
      for (let q = ldI(rowStart, i); q < mid; q++) {
        const c = ldI(rowCol, q);
        if (c < 0) {
          k = reachedSingleton(~c, q, r, sgn, k); if (k < 0) { k = ~k; bound0 = min(bound0, ldF(candHarris, k - 1)); }
          continue;
        }
        const j = c;
        if (ldI(stat, j) == BASIC) continue;
        if (ldI(tmark, j) != stamp) { stI(tmark, j, stamp); stF(alphaRow, j, 0); store<i32>(back - ((<usize>nMulti) << 2), j); nMulti++; }
        stF(alphaRow, j, ldF(alphaRow, j) + r * ldF(rowVal, q));
      }
    }
    const s = n + i, ss = ldI(stat, s);
    if (ss != BASIC) {
      k = reached(s, ss, -r, sgn, k); if (k < 0) { k = ~k; bound0 = min(bound0, ldF(candHarris, k - 1)); }
    }
  }
  nCandPre = k; bound0Pre = bound0;
}

/**
 * pivotRow's step for a nonbasic variable whose alpha is final where it is reached (a singleton
 * column: `al` = 0 + r v, as summed into a cleared entry; a row's logical: -r): notes it in
 * alphaRow and touched and offers it to the ratio test (candidate's result).
 */
@inline function reached(j: i32, s: i32, al: f64, sgn: f64, k: i32): i32 {
  stF(alphaRow, j, al); stI(touched, nTouched++, j);
  return candidate(j, s, sgn * al, k);
}

/** reached for column singleton j (row-wise entry q, rho entry r): alpha_j = r a_q, skipped when basic. */
@inline function reachedSingleton(j: i32, q: i32, r: f64, sgn: f64, k: i32): i32 {
  const s = ldI(stat, j);
  return s == BASIC ? k : reached(j, s, 0.0 + r * ldF(rowVal, q), sgn, k);
}

/**
 * Parallel columns (issue 11; docs/lp.md, "Parallel columns in PRICE"). Columns with the same
 * rows and the same scaled values bit for bit, or every value negated (the orders at one bus and
 * period of the periods' PTDF form: a buy is the negated sell), form a class; its representative
 * is its lowest column (repOf: the representative, ~it for a negated member). In each row the
 * representatives come first ([rowStart, repEnd), with the zero-valued singletons), the other
 * members after them ([repEnd, sFirst)), each part in column order. pivotRow sums alpha only for
 * the representatives, in the same order of rows as every member's own sum, so a member's alpha is
 * the representative's, or `0.0 - it` for a negated member: the same bits (negation is exact, and
 * a sum of exact negations is the exact negation of the sum, but for an exact zero, which is +0
 * both ways, as `0.0 - 0.0` is). The members are listed in `touched` in the order today's pass
 * reaches them (the row of first reach in rho's order, then column order: listFirstReached merges
 * the row's two parts), and the ratio test reads their alpha from the representative's (resolved
 * before any other reader), so the candidate slots, sums and choices are those of the pass over
 * every column. The classes are found at each load (buildClasses, after scaling and buildRows):
 * rows appended to a resident engine's LP load it again, so a class split by a new row is never
 * kept. Where they would save less than a quarter of the other columns' entries (no parallel
 * columns: the nodal meshes, random LPs) they are off and PRICE runs as before.
 */
let classesOn: bool = false;
let parallelOn: bool = true;
/** Test and A/B hook (lpParallelColumns): false leaves every column its own (PRICE as before). */
export function setParallelColumns(on: bool): void { parallelOn = on; }
/** Row entries PRICE visited (the representatives' part, or every other column's without classes). */
export let cntPrice: f64 = 0;
/** Columns in a class with another one, at the last load. */
export let classMembers: i32 = 0;

let freshCols: i32 = 0; // columns of the classes first reached at the row pivotRow is at

/**
 * Lists the nonbasic members of the `fresh` classes first reached at the t-th row of rho (row i;
 * their representatives in flipList, ascending) at the back of `touched`, in column order: the
 * representatives alone when no class has another member; the members gathered and sorted when
 * they are few; else a merge of the row's representatives' and members' parts (a column with two
 * entries in the row listed once).
 */
function listFirstReached(i: i32, t: i32, fresh: i32): void {
  const back = touched + ((<usize>(nv - 1)) << 2);
  if (freshCols == fresh) {
    for (let u = 0; u < fresh; u++) {
      const j = ldI(flipList, u);
      if (ldI(stat, j) != BASIC) { store<i32>(back - ((<usize>nMulti) << 2), j); nMulti++; }
    }
    return;
  }
  let qa = ldI(rowStart, i), qb = ldI(repEnd, i), last = -1;
  const ea = qb, eb = ldI(sFirst, i);
  if (freshCols <= 48 && freshCols * 4 < eb - qa) {
    // gather (each class ascending, the classes by representative) and insertion-sort by column
    let g = 0;
    for (let u = 0; u < fresh; u++) {
      const c = ldI(flipList, u);
      for (let w = ldI(memStart, c), we = ldI(memStart, c + 1); w < we; w++) {
        const j = ldI(memList, w);
        if (ldI(stat, j) == BASIC) continue;
        let p = g++;
        while (p > 0 && ldI(gone, p - 1) > j) { stI(gone, p, ldI(gone, p - 1)); p--; }
        stI(gone, p, j);
      }
    }
    cntPrice += <f64>freshCols;
    for (let u = 0; u < g; u++) { store<i32>(back - ((<usize>nMulti) << 2), ldI(gone, u)); nMulti++; }
    return;
  }
  cntPrice += <f64>(eb - qa);
  for (;;) {
    while (qa < ea && ldI(rowCol, qa) < 0) qa++;
    const ca = qa < ea ? ldI(rowCol, qa) : 0x7fffffff, cb = qb < eb ? ldI(rowCol, qb) : 0x7fffffff;
    let j: i32 = ca;
    if (ca < cb) qa++; else if (cb != 0x7fffffff) { j = cb; qb++; } else break;
    if (j == last) continue;
    last = j;
    const rp = ldI(repOf, j);
    if (ldI(cFirst, rp >= 0 ? rp : ~rp) != t || ldI(stat, j) == BASIC) continue;
    store<i32>(back - ((<usize>nMulti) << 2), j); nMulti++;
  }
}

/**
 * Hash of column j's rows and values, the values' signs taken relative to its first entry's: one
 * 64-bit multiply per entry in the chain (the entry's own mix is off it). Only the load's speed
 * depends on it: a class is the columns sameUpToSign finds equal, its representative the lowest.
 */
function columnHash(j: i32): u32 {
  const b = ldI(colStart, j), e = ldI(colStart, j + 1);
  const flip = reinterpret<u64>(ldF(colVal, b)) & 0x8000000000000000;
  let h: u64 = <u64>(e - b) * 0x9e3779b97f4a7c15;
  for (let q = b; q < e; q++) {
    const v = reinterpret<u64>(ldF(colVal, q)) ^ flip;
    h = (h ^ (v + <u64>ldI(colRow, q) * 0x9e3779b97f4a7c15)) * 0xff51afd7ed558ccd;
  }
  h ^= h >> 32; h *= 0xc4ceb9fe1a85ec53; h ^= h >> 29;
  return <u32>h;
}

/** Whether columns a and b have the same rows in the same order and values equal bit for bit up to one sign for the whole column. */
function sameUpToSign(a: i32, b: i32): bool {
  const ba = ldI(colStart, a), ea = ldI(colStart, a + 1), bb = ldI(colStart, b);
  if (ldI(colStart, b + 1) - bb != ea - ba) return false;
  const fa = reinterpret<u64>(ldF(colVal, ba)) & 0x8000000000000000, fb = reinterpret<u64>(ldF(colVal, bb)) & 0x8000000000000000;
  for (let q = 0; q < ea - ba; q++) {
    if (ldI(colRow, ba + q) != ldI(colRow, bb + q)) return false;
    if ((reinterpret<u64>(ldF(colVal, ba + q)) ^ fa) != (reinterpret<u64>(ldF(colVal, bb + q)) ^ fb)) return false;
  }
  return true;
}

/**
 * Finds the classes of parallel columns of the loaded (scaled) matrix and places the row-wise
 * copy's entries in the shape entry.ts buildRows counted (rowStart, sFirst), once: each row's other
 * columns as pivotRow reads them (representatives first, [rowStart, repEnd), then the other
 * members, [repEnd, sFirst)), then its sorted singletons from sFirst, each part in column order.
 * The classes are off (every row's other part in column order, repEnd = sFirst) when the hook says
 * so or when the representatives would keep more than three quarters of the other columns'
 * entries.
 */
export function buildClasses(): void {
  classesOn = false; classMembers = 0;
  for (let i = 0; i < m; i++) stI(repEnd, i, ldI(sFirst, i));
  if (parallelOn) findClasses();
  if (!classesOn) {
    // each row's other columns in column order from rowStart (sRow: the cursors), its singletons
    // from sFirst (rowMid)
    for (let i = 0; i < m; i++) stI(sRow, i, ldI(rowStart, i));
    for (let j = 0; j < n; j++) {
      const b = ldI(colStart, j), e = ldI(colStart, j + 1);
      if (e - b == 1 && ldF(colVal, b) != 0) { placeSingleton(j, b); continue; }
      const tag = e - b == 1 ? ~j : j;
      for (let q = b; q < e; q++) { const i = ldI(colRow, q), at = ldI(sRow, i); stI(rowCol, at, tag); stF(rowVal, at, ldF(colVal, q)); stI(sRow, i, at + 1); }
    }
    for (let i = 0; i < m; i++) stI(rowMid, i, ldI(sFirst, i));
    return;
  }
  // each class's columns, ascending (memStart by representative; flipList: the cursors)
  for (let j = 0; j <= n; j++) stI(memStart, j, 0);
  for (let j = 0; j < n; j++) { const rp = ldI(repOf, j), r = rp >= 0 ? rp : ~rp; stI(memStart, r + 1, ldI(memStart, r + 1) + 1); }
  for (let j = 0; j < n; j++) stI(memStart, j + 1, ldI(memStart, j + 1) + ldI(memStart, j));
  for (let j = 0; j < n; j++) stI(flipList, j, ldI(memStart, j));
  for (let j = 0; j < n; j++) { const rp = ldI(repOf, j), r = rp >= 0 ? rp : ~rp, at = ldI(flipList, r); stI(memList, at, j); stI(flipList, r, at + 1); }
  // each row's other part in column order: the representatives (and zero-valued singletons) from
  // rowStart, the other members from repEnd (sRow, sCur: the cursors; pivotRow sets them before use);
  // the sorted singletons from sFirst (rowMid)
  for (let i = 0; i < m; i++) { stI(sRow, i, ldI(rowStart, i)); stI(repEnd, i, ldI(rowStart, i)); }
  for (let j = 0; j < n; j++) {
    const b = ldI(colStart, j), e = ldI(colStart, j + 1);
    if (e - b == 1 && ldF(colVal, b) != 0) continue;
    if (e - b < 2 || ldI(repOf, j) == j) for (let q = b; q < e; q++) { const i = ldI(colRow, q); stI(repEnd, i, ldI(repEnd, i) + 1); }
  }
  for (let i = 0; i < m; i++) stI(sCur, i, ldI(repEnd, i));
  for (let j = 0; j < n; j++) {
    const b = ldI(colStart, j), e = ldI(colStart, j + 1);
    if (e - b == 1 && ldF(colVal, b) != 0) { placeSingleton(j, b); continue; }
    const front = e - b < 2 || ldI(repOf, j) == j, tag = e - b < 2 ? ~j : j;
    for (let q = b; q < e; q++) {
      const i = ldI(colRow, q), at = front ? ldI(sRow, i) : ldI(sCur, i);
      stI(rowCol, at, tag); stF(rowVal, at, ldF(colVal, q));
      if (front) stI(sRow, i, at + 1); else stI(sCur, i, at + 1);
    }
  }
  for (let i = 0; i < m; i++) stI(rowMid, i, ldI(sFirst, i));
}

/** Column j, a singleton with a nonzero entry (at q), placed in its row's sorted part (rowMid: the cursors). */
@inline function placeSingleton(j: i32, q: i32): void {
  const i = ldI(colRow, q), at = ldI(rowMid, i);
  stI(rowCol, at, ~j); stF(rowVal, at, ldF(colVal, q)); stI(rowMid, i, at + 1);
}

/** The classes (repOf for every column, classMembers) and whether PRICE uses them (classesOn). */
function findClasses(): void {
  const hs = classHashSize(n), mask = hs - 1;
  for (let h = 0; h < hs; h++) stI(classHash, h, -1);
  let all = 0, kept = 0;
  for (let j = 0; j < n; j++) {
    const b = ldI(colStart, j), e = ldI(colStart, j + 1);
    if (e - b < 2) { stI(repOf, j, j); continue; }
    all += e - b;
    let h = <i32>(columnHash(j) & <u32>mask), rep = -1;
    for (;;) {
      const r = ldI(classHash, h);
      if (r < 0) { stI(classHash, h, j); break; }
      if (sameUpToSign(j, r)) { rep = r; break; }
      h = (h + 1) & mask;
    }
    if (rep < 0) { stI(repOf, j, j); kept += e - b; continue; }
    const neg = (reinterpret<u64>(ldF(colVal, b)) ^ reinterpret<u64>(ldF(colVal, ldI(colStart, rep)))) >> 63;
    stI(repOf, j, neg != 0 ? ~rep : rep);
    classMembers++;
  }
  classesOn = !(all == 0 || <f64>kept > 0.75 * <f64>all);
}

/** The t-th variable the pivot row reaches: the singletons and logicals first, then the other columns (pivotRow). */
@inline function reachedAt(t: i32): i32 {
  return t < nTouched ? ldI(touched, t) : ldI(touched, nv - 1 - (t - nTouched));
}

/**
 * The ratio test's first pass for one nonbasic variable j (status s, a = sgn alpha_j): when it is a
 * candidate, its slot k is written (ratio and Harris bound) and ~(k + 1) returned; else k.
 */
@inline function candidate(j: i32, s: i32, a: f64, k: i32): i32 {
  if (!((s == AT_LOWER && a > TOL_PIVOT) || (s == AT_UPPER && a < -TOL_PIVOT) || (s == AT_ZERO && abs(a) > TOL_PIVOT))) return k;
  if (ldF(lo, j) == ldF(up, j)) return k;
  const dj = ldF(d, j), har = (a > 0 ? dj + TOL_D : dj - TOL_D) / a;
  stI(cand, k, j); stF(candKey, k, dj / a); stF(candHarris, k, har);
  return ~(k + 1);
}

// Two min-heaps over the candidate slots (ties by variable index: deterministic): by ratio, to
// take breakpoints in order, and by Harris bound, for the bound of what remains. Only the
// breakpoints passed cost a pop, so a row with many candidates and few flips stays cheap.
@inline function lessKey(a: i32, b: i32): bool {
  const ka = ldF(candKey, a), kb = ldF(candKey, b);
  return ka < kb || (ka == kb && ldI(cand, a) < ldI(cand, b));
}

@inline function lessHar(a: i32, b: i32): bool {
  const ka = ldF(candHarris, a), kb = ldF(candHarris, b);
  return ka < kb || (ka == kb && ldI(cand, a) < ldI(cand, b));
}

function siftDown(h: usize, size: i32, i: i32, byKey: bool): void {
  const v = ldI(h, i);
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && (byKey ? lessKey(ldI(h, c + 1), ldI(h, c)) : lessHar(ldI(h, c + 1), ldI(h, c)))) c++;
    if (!(byKey ? lessKey(ldI(h, c), v) : lessHar(ldI(h, c), v))) break;
    stI(h, i, ldI(h, c)); i = c;
  }
  stI(h, i, v);
}

/** Removes the top of a heap of `size` slots; returns it. */
function popTop(h: usize, size: i32, byKey: bool): i32 {
  const top = ldI(h, 0);
  if (size > 1) { stI(h, 0, ldI(h, size - 1)); siftDown(h, size - 1, 0, byKey); }
  return top;
}

/**
 * The merit order of column singletons (issues 10-12; docs/lp.md, "Column singletons in merit
 * order"). A singleton j of row i (entry a_ij) has d_j = c_j - a_ij y_i = a_ij (k_j - y_i) with
 * the key k_j = c_j / a_ij (the working cost), and in the pivot row alpha_j = rho_i a_ij: its ratio
 * d_j / (sgn alpha_j) = (k_j - y_i) / (sgn rho_i) is monotone in k_j within the row. So each row's
 * singletons are sorted by key once per iterate (sortSingletons) and, within the call:
 * - pivotRow does not visit them (only the rows of rho that have some are listed, sRow);
 * - the ratio test walks each such row's list from y_i on the side of sgn rho_i (from a margin
 *   2 TOL_D / min |a_ij| before it: the dual feasible ones within TOL_D), taking candidates in ratio
 *   order only as far as it needs them (walkRow): up to the least Harris bound first, then up to
 *   the large-step pass's limits, all only when its groups ask for them;
 * - their reduced costs are not updated: the duals y are (pivot), and d_j is computed from y_i
 *   where it is read (the walk; every one at the end of iterate, materializeSingletons);
 * - a singleton whose cost a Harris shift changes leaves its row's sorted part for the call
 *   (unsortSingleton): pivotRow then reaches it, its d_j updated as before.
 * The piecewise-linear (merit-order) view of the bound-flipping ratio test (R. Fourer, "A simplex
 * algorithm for piecewise-linear programming I", Math. Programming 33, 1985).
 */
let meritOn: bool = true;
/** Test hook (lpMeritOrder): false visits every singleton in pivotRow, as before. */
export function setMeritOrder(on: bool): void { meritOn = on; }
let nS: i32 = 0;     // rows listed in sRow by pivotRow
let sLeft: i32 = 0;  // of these, the rows whose walk has not reached the end of their list
let walkBound: f64 = 0;
export let cntWalk: f64 = 0; // singletons the walks visited

/** Whether entry a sorts before entry b (key, then variable). */
@inline function keyLess(a: i32, b: i32): bool {
  const ka = ldF(sKey, a), kb = ldF(sKey, b);
  return ka < kb || (ka == kb && ~ldI(rowCol, a) < ~ldI(rowCol, b));
}

@inline function swapEntry(a: i32, b: i32): void {
  const c = ldI(rowCol, a), v = ldF(rowVal, a), kk = ldF(sKey, a);
  stI(rowCol, a, ldI(rowCol, b)); stF(rowVal, a, ldF(rowVal, b)); stF(sKey, a, ldF(sKey, b));
  stI(rowCol, b, c); stF(rowVal, b, v); stF(sKey, b, kk);
}

function siftEntry(b: i32, size: i32, i: i32): void {
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) return;
    if (c + 1 < size && keyLess(b + c, b + c + 1)) c++;
    if (!keyLess(b + i, b + c)) return;
    swapEntry(b + i, b + c); i = c;
  }
}

/** Sorts entries [b, e) by key: insertion when short or already nearly in order, else heapsort. */
function sortEntries(b: i32, e: i32): void {
  let out = 0;
  for (let q = b + 1; q < e; q++) if (keyLess(q, q - 1)) out++;
  if (out == 0) return;
  if (e - b <= 32 || out <= 4) {
    for (let q = b + 1; q < e; q++) for (let p = q; p > b && keyLess(p, p - 1); p--) swapEntry(p, p - 1);
    return;
  }
  const size = e - b;
  for (let t = (size >> 1) - 1; t >= 0; t--) siftEntry(b, size, t);
  for (let z = size - 1; z > 0; z--) { swapEntry(b, b + z); siftEntry(b, z, 0); }
}

/** Each row's singletons back in its sorted part, sorted by the current working costs (or, off, all in the part pivotRow visits). */
function sortSingletons(): void {
  for (let i = 0; i < m; i++) {
    const f = ldI(sFirst, i), e = ldI(rowStart, i + 1);
    if (!meritOn) { stI(rowMid, i, e); continue; }
    stI(rowMid, i, f);
    if (f == e) continue;
    let least: f64 = Infinity;
    for (let q = f; q < e; q++) {
      const v = ldF(rowVal, q);
      stF(sKey, q, ldF(costW, ~ldI(rowCol, q)) / v);
      least = min(least, abs(v));
    }
    stF(sMinA, i, least);
    sortEntries(f, e);
  }
}

/** The reduced costs of the sorted singletons from the duals (at the end of iterate: every reader outside it takes d). */
function materializeSingletons(): void {
  if (!meritOn) return;
  for (let i = 0; i < m; i++) {
    const y = ldF(dualY, i);
    for (let q = ldI(rowMid, i), e = ldI(rowStart, i + 1); q < e; q++) {
      const j = ~ldI(rowCol, q);
      stF(d, j, ldI(stat, j) == BASIC ? 0.0 : ldF(costW, j) - ldF(rowVal, q) * y);
    }
  }
}

/** Moves singleton j, its cost just shifted, out of its row's sorted part (to the part pivotRow visits) for the rest of the call. */
function unsortSingleton(j: i32): void {
  if (!meritOn || j >= n) return;
  const k0 = ldI(colStart, j);
  if (ldI(colStart, j + 1) - k0 != 1) return;
  const i = ldI(colRow, k0), mid = ldI(rowMid, i), e = ldI(rowStart, i + 1);
  let at = -1;
  for (let q = mid; q < e; q++) if (ldI(rowCol, q) == ~j) { at = q; break; }
  if (at < 0) return;
  for (let q = at; q > mid; q--) swapEntry(q, q - 1);
  stI(rowMid, i, mid + 1);
}

/**
 * Starts the walk of each listed row: its first entry from y_i (less the margin) on the side of
 * sgn rho_i, or -1; keeps its keyStop (walkable) and finds the row whose first key ratio
 * (k_j - y_i) / (sgn rho_i) is least (walkFirst; ties: the first listed).
 */
function startWalks(sgn: f64): void {
  sLeft = 0; walkFirst = -1;
  let bestR: f64 = Infinity;
  for (let t = 0; t < nS; t++) {
    const i = ldI(sRow, t), s = sgn * ldF(rho, i), y = ldF(dualY, i), mg = 2 * TOL_D / ldF(sMinA, i);
    let lo_ = ldI(rowMid, i), hi_ = ldI(rowStart, i + 1);
    const b = lo_, e = hi_;
    if (s > 0) {
      // first entry with key >= y - mg
      const target = y - mg;
      while (lo_ < hi_) { const h = (lo_ + hi_) >>> 1; if (ldF(sKey, h) < target) lo_ = h + 1; else hi_ = h; }
      stI(sCur, t, lo_ < e ? lo_ : -1);
    } else {
      // last entry with key <= y + mg
      const target = y + mg;
      while (lo_ < hi_) { const h = (lo_ + hi_) >>> 1; if (ldF(sKey, h) <= target) lo_ = h + 1; else hi_ = h; }
      stI(sCur, t, lo_ - 1 >= b ? lo_ - 1 : -1);
    }
    const q = ldI(sCur, t);
    if (q < 0) continue;
    sLeft++;
    const kq = ldF(sKey, q), rt = (kq - y) / s;
    stF(work, t, keyStop(kq, y, s));
    if (rt < bestR) { bestR = rt; walkFirst = t; }
  }
}
/** The listed row whose first entry has the least key ratio (startWalks; -1 when none), walked first. */
let walkFirst: i32 = -1;

/**
 * The value walkRow tests against its bound for a key kq of a row with dual y and s = sgn rho_i:
 * the key ratio (kq - y) / s less a bound on its rounding against d_j / (sgn alpha_j). The walk
 * stops before an entry whose value is past the bound; each listed row's value at its next entry
 * is kept in `work` (by listed row, within one ratio test), so the walks skip a row whose next
 * entry is past the bound without visiting it (the same test, the same bits).
 */
@inline function keyStop(kq: f64, y: f64, s: f64): f64 {
  const inv = 1.0 / s, slack = 1e-12 * abs(inv);
  return (kq - y) * inv - slack * (abs(kq) + abs(y));
}

/**
 * Walks the t-th listed row in ratio order, writing a candidate slot (from k) for each eligible
 * singleton with ratio up to L, and leaving the first beyond it for a later walk; with `tighten` L
 * follows the least Harris bound met (the first pass: ends in walkBound). Returns the new k.
 */
function walkRow(t: i32, sgn: f64, L: f64, k: i32, tighten: bool): i32 {
  let q = ldI(sCur, t);
  if (q < 0) { walkBound = L; return k; }
  const i = ldI(sRow, t), r = ldF(rho, i), y = ldF(dualY, i), sv = sgn * r;
  const ascending = sv > 0, end = ascending ? ldI(rowStart, i + 1) : ldI(rowMid, i) - 1, step = ascending ? 1 : -1;
  // the ratio from the key alone, (k_j - y_i) / (sgn rho_i), and a bound on its rounding against
  // d_j / (sgn alpha_j): past L by more, the walk stops without reading the variable (keyStop)
  let seen = 0, stop: f64 = 0;
  while (q != end) {
    const kq = ldF(sKey, q);
    stop = keyStop(kq, y, sv);
    if (stop > L) break;
    const j = ~ldI(rowCol, q), st = ldI(stat, j);
    seen++;
    if (st != BASIC) {
      const v = ldF(rowVal, q), al = 0.0 + r * v, a = sgn * al;
      if (((st == AT_LOWER && a > TOL_PIVOT) || (st == AT_UPPER && a < -TOL_PIVOT) || (st == AT_ZERO && abs(a) > TOL_PIVOT)) && ldF(lo, j) != ldF(up, j)) {
        const dj = ldF(costW, j) - v * y, ratio = dj / a;
        if (ratio > L) break;
        const har = (a > 0 ? dj + TOL_D : dj - TOL_D) / a;
        stF(alphaRow, j, al); stF(d, j, dj);
        stI(cand, k, j); stF(candKey, k, ratio); stF(candHarris, k, har); k++;
        if (tighten && har < L) L = har;
      }
    }
    q += step;
  }
  cntWalk += <f64>seen;
  if (q == end) { stI(sCur, t, -1); sLeft--; } else { stI(sCur, t, q); stF(work, t, stop); }
  walkBound = L;
  return k;
}

/** Whether walkRow would visit an entry of the t-th listed row for bound L (its next entry's keyStop not past L). */
@inline function walkable(t: i32, L: f64): bool {
  return ldI(sCur, t) >= 0 && !(walkSkip && ldF(work, t) > L);
}
let walkSkip: bool = true;
/** Test hook (lpWalkSkip): false calls walkRow for every listed row with entries left, as before (the same bits). */
export function setWalkSkip(on: bool): void { walkSkip = on; }


/** Every listed row walked up to ratio L; returns the new k. */
function walkAll(sgn: f64, L: f64, k: i32): i32 {
  if (sLeft == 0) return k;
  for (let t = 0; t < nS; t++) if (walkable(t, L)) k = walkRow(t, sgn, L, k, false);
  return k;
}

let nFlip: i32 = 0;
/** The ratio test's large-step pass: 1 (default), 0 off, 2 one pass at the first limit (the groups then often leave it: tests). */
export let largeStep: i32 = 1;
export function setLargeStep(mode: i32): void { largeStep = mode; }

/**
 * Bound-flipping ratio test with Harris' tolerance: the breakpoints in ratio order, taken a group
 * at a time (the group: all within the smallest Harris bound of what remains, at least one); a group whose boxed
 * variables can all flip without the slope |delta| turning is flipped; otherwise the largest
 * |alpha| of the group enters. Returns the entering variable, or -1 (dual unbounded).
 */
function ratioTest(delta: f64): i32 {
  const sgn: f64 = delta < 0 ? -1 : 1;
  // the singletons and logicals were tested by pivotRow; the other columns' alpha_j are final now
  let k = nCandPre, bound0: f64 = bound0Pre;
  for (let t = 0; t < nMulti; t++) {
    // nonbasic variables only (pivotRow); the bounds are read for those that pass the sign test
    const j = ldI(touched, nv - 1 - t);
    if (classesOn) {
      // a member's alpha from its representative's sum (pivotRow): the same bits as its own
      const rp = ldI(repOf, j);
      if (rp != j) stF(alphaRow, j, rp >= 0 ? ldF(alphaRow, rp) : 0.0 - ldF(alphaRow, ~rp));
    }
    const kk = candidate(j, ldI(stat, j), sgn * ldF(alphaRow, j), k);
    if (kk < 0) { k = ~kk; bound0 = min(bound0, ldF(candHarris, k - 1)); }
  }
  // the sorted singletons up to the least Harris bound (every one past it has ratio and bound above it)
  sLeft = 0;
  if (nS > 0) {
    startWalks(sgn);
    // the row whose next key ratio is least first: the bound is then near its end at once, and most
    // rows stop at their first key
    const best = walkFirst;
    if (best >= 0) { k = walkRow(best, sgn, bound0, k, true); bound0 = walkBound; }
    for (let t = 0; t < nS; t++) if (t != best && walkable(t, bound0)) { k = walkRow(t, sgn, bound0, k, true); bound0 = walkBound; }
  }
  if (k == 0) return -1;
  cntCand += <f64>k;
  nFlip = 0;
  // HiGHS's large-step BFRT pass (HEkkDualRow::chooseFinal): the candidates with ratio up to
  // limit, limit growing ten-fold until their boxes can absorb twice the step, to the front; the
  // groups past the first are then taken from these kr alone while every group's bound stays
  // within limit (the others' ratios and Harris bounds exceed it, so the groups, their order and
  // the entering variable are those of all k); otherwise again from all k. The first group (ratio
  // up to the smallest Harris bound) decides unless its boxed variables can all flip. The sorted
  // singletons join the candidates as far as each limit reaches (walkAll).
  const part = largeStep != 0, need = abs(delta);
  let cut0: f64 = 0, q0 = -1, qa0: f64 = 0;
  for (let t = 0; t < k; t++) {
    if (ldF(candKey, t) > bound0) continue;
    const j = ldI(cand, t), a = abs(ldF(alphaRow, j));
    cut0 += a * (ldF(up, j) - ldF(lo, j));
    if (a > qa0 || (a == qa0 && j < q0)) { qa0 = a; q0 = j; }
  }
  if (!(cut0 < need)) return q0;
  if (!part) { k = walkAll(sgn, Infinity, k); return groups(k, delta, Infinity); }
  let kr = 0, limit: f64 = 10 * max(bound0, 0) + 1e-7, cutR: f64 = 0;
  k = walkAll(sgn, limit, k);
  for (let t = 0; t < k; t++) {
    if (ldF(candKey, t) > limit) continue;
    const j = ldI(cand, t);
    swapCand(t, kr++);
    cutR += abs(ldF(alphaRow, j)) * (ldF(up, j) - ldF(lo, j));
  }
  while (!(cutR >= 2 * need || (kr == k && sLeft == 0) || largeStep == 2)) {
    limit *= 10;
    k = walkAll(sgn, limit, k);
    cntBfrtScan += <f64>(k - kr);
    for (let t = kr; t < k; t++) {
      if (ldF(candKey, t) > limit) continue;
      swapCand(t, kr++);
      const j = ldI(cand, kr - 1);
      cutR += abs(ldF(alphaRow, j)) * (ldF(up, j) - ldF(lo, j));
    }
  }
  cntBfrt += 1; cntBfrtAll += <f64>k; cntBfrtKept += <f64>kr;
  if (kr < k || sLeft > 0) {
    const q = groups(kr, delta, limit);
    if (q != -2) return q;
    cntBfrtAgain += 1;
  }
  k = walkAll(sgn, Infinity, k);
  return groups(k, delta, Infinity);
}

/** Swaps candidate slots a and b. */
@inline function swapCand(a: i32, b: i32): void {
  if (a == b) return;
  const j = ldI(cand, a), key = ldF(candKey, a), har = ldF(candHarris, a);
  stI(cand, a, ldI(cand, b)); stF(candKey, a, ldF(candKey, b)); stF(candHarris, a, ldF(candHarris, b));
  stI(cand, b, j); stF(candKey, b, key); stF(candHarris, b, har);
}

/**
 * The ratio test's groups over the first k candidate slots through two heaps (flipped groups
 * appended to flipList, nFlip counting them); the entering variable, -1 (dual unbounded), or -2
 * when a group's bound passes limit or the k run out with slope left (limit finite: the slots
 * past k may take part; the caller starts again from all of them).
 */
function groups(k: i32, delta: f64, limit: f64): i32 {
  nFlip = 0;
  for (let t = 0; t < k; t++) { stI(heapKey, t, t); stI(heapHar, t, t); stI(gone, t, 0); }
  for (let t = (k >> 1) - 1; t >= 0; t--) { siftDown(heapKey, k, t, true); siftDown(heapHar, k, t, false); }
  let sizeK = k, sizeH = k, slope = abs(delta);
  for (;;) {
    while (ldI(gone, ldI(heapHar, 0)) != 0) popTop(heapHar, sizeH--, false);
    const bound = ldF(candHarris, ldI(heapHar, 0));
    if (bound > limit) return -2;
    // the group: every remaining breakpoint up to the bound (at least one)
    let g = 0, cut: f64 = 0;
    while (sizeK > 0 && (g == 0 || ldF(candKey, ldI(heapKey, 0)) <= bound)) {
      const t = popTop(heapKey, sizeK--, true), j = ldI(cand, t);
      stI(gone, t, 1);
      stI(flipList, nFlip + g++, j);
      cut += abs(ldF(alphaRow, j)) * (ldF(up, j) - ldF(lo, j));
    }
    if (cut < slope) {
      if (sizeK == 0 && limit < Infinity) return -2;
      // no breakpoint left: dual unbounded, unless the flips leave the row feasible within TOL_P
      if (sizeK == 0 && slope - cut > TOL_P) return -1;
      if (sizeK > 0) { slope -= cut; nFlip += g; continue; }
    }
    let q = -1, qa: f64 = 0;
    for (let t = nFlip; t < nFlip + g; t++) {
      const j = ldI(flipList, t), a = abs(ldF(alphaRow, j));
      if (a > qa || (a == qa && j < q)) { qa = a; q = j; }
    }
    return q;
  }
}

/**
 * Checks the Farkas certificate behind a "no entering variable" verdict on row r before the solve
 * reports the LP infeasible. Row r of B^-1 [A -I] reads x_B[r] = -sum over nonbasic j of
 * alpha_j x_j (alphaRow, just computed from fresh factors). Moving every nonbasic variable to the
 * bound that helps, the basic variable reaches at best `reach`; the row is infeasible only if even
 * that stays beyond its violated bound by more than the primal tolerance plus a rounding allowance
 * (1e-9 of the terms' magnitudes). A nonbasic variable with |alpha_j| above CERT_ZERO and no
 * bound in the helping direction can reach anything: no certificate. The ratio test filters
 * pivots below TOL_PIVOT and lets boxed flips absorb TOL_P; this check does neither, so a verdict
 * made on those filters alone is not reported as infeasibility (the caller ends NUMERICAL).
 */
function certifiedInfeasible(r: i32, delta: f64): bool {
  const below = delta < 0, jr = ldI(head, r);
  certReach = 0; certMag = 0;
  for (let t = 0, all = nTouched + nMulti; t < all; t++) {
    const j = reachedAt(t);
    if (!certTerm(j, ldF(alphaRow, j), below)) return false;
  }
  // the sorted singletons of the pivot row's rows (not in touched: walked, not listed)
  for (let t = 0; t < nS; t++) {
    const i = ldI(sRow, t), ri = ldF(rho, i);
    for (let q = ldI(rowMid, i), e = ldI(rowStart, i + 1); q < e; q++) {
      if (!certTerm(~ldI(rowCol, q), 0.0 + ri * ldF(rowVal, q), below)) return false;
    }
  }
  const allowance = TOL_P + 1e-9 * certMag;
  return below ? certReach < ldF(lo, jr) - allowance : certReach > ldF(up, jr) + allowance;
}

let certReach: f64 = 0, certMag: f64 = 0;
/**
 * One nonbasic variable's term of certifiedInfeasible (pivot-row entry a): x_B[r] gains -a x_j, so
 * below its lower bound it wants x_j up when a < 0, down when a > 0; the bound it moves to adds to
 * certReach and certMag. False when that bound is infinite and |a| above CERT_ZERO: x_B[r] can
 * reach anything, no certificate. Basic variables and zero entries add nothing.
 */
@inline function certTerm(j: i32, a: f64, below: bool): bool {
  if (ldI(stat, j) == BASIC || a == 0) return true;
  const wantUp = below ? a < 0 : a > 0;
  const v = wantUp ? ldF(up, j) : ldF(lo, j);
  if (!isFinite(v)) return abs(a) <= CERT_ZERO;
  certReach -= a * v; certMag += abs(a * v);
  return true;
}

/**
 * Flips the first nFlip candidates to their other bound and moves the basic values with them.
 * A position with an entry in the entering column (col, solved before) has its infeasibility set
 * by the primal update that follows in pivot, from its final value: it is not set here too.
 */
function applyFlips(): void {
  let k = 0;
  for (let t = 0; t < nFlip; t++) {
    const j = ldI(flipList, t), s = ldI(stat, j);
    const ns = s == AT_LOWER ? AT_UPPER : AT_LOWER, dx = restValue(j, ns) - ldF(x, j);
    stI(stat, j, ns); stF(x, j, restValue(j, ns));
    if (j >= n) { k = addTo(j - n, -dx, k); continue; }
    for (let q = ldI(colStart, j), e = ldI(colStart, j + 1); q < e; q++) k = addTo(ldI(colRow, q), ldF(colVal, q) * dx, k);
  }
  clearListed(flipOut, flipIdx, nFlipOut);
  nFlipOut = ftran(rhs, srcIdx, k < m ? k : -1, flipOut, flipIdx, SOLVE_FLIPS);
  for (let t = 0; t < nFlipOut; t++) {
    const p = ldI(flipIdx, t), j = ldI(head, p), v = ldF(x, j) - ldF(flipOut, p);
    stF(x, j, v);
    if (ldF(col, p) == 0) setInfeasibilityOf(p, j, v);
  }
  flips += nFlip;
}

/** Adds v to rhs[i], listing row i in srcIdx when it was zero (k listed so far; past m rows the list is abandoned). */
@inline function addTo(i: i32, v: f64, k: i32): i32 {
  const old = ldF(rhs, i);
  if (old == 0 && k < m) stI(srcIdx, k++, i);
  else if (old == 0) k = m;
  stF(rhs, i, old + v);
  return k;
}

/** Scatters column j (by row) into rhs (all zero before), its rows listed in srcIdx; returns their count. */
function scatterColumn(j: i32): i32 {
  if (j >= n) { stF(rhs, j - n, -1.0); stI(srcIdx, 0, j - n); return 1; }
  let c = 0;
  for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) { const i = ldI(colRow, k); stF(rhs, i, ldF(colVal, k)); stI(srcIdx, c++, i); }
  return c;
}

/**
 * Dual steepest-edge weights after the pivot on position r (column col, tau = B^-1 rho): the
 * leaving row's factor wr = ||rho||^2 and the floor's 1 / ||a_leave||^2 (edgeInv); the other
 * positions are updated by edgeUpdate in pivot's pass over the column. The floor
 * ratio^2 / ||a_leave||^2 is a true lower bound (the new row p of B^-1 has product -ratio with the
 * leaving column: Cauchy-Schwarz), so it keeps exact weights exact; ratio^2 alone was one only for
 * a leaving logical.
 */
let edgeWr: f64 = 0;
let edgeInv: f64 = 0;
function edgeFactors(r: i32): void {
  let wr: f64 = 0, na: f64 = 1;
  for (let t = 0; t < nRho; t++) { const v = ldF(rho, ldI(rhoIdx, t)); wr += v * v; }
  const leave = ldI(head, r);
  if (leave < n) { na = 0; for (let k = ldI(colStart, leave), e = ldI(colStart, leave + 1); k < e; k++) na += ldF(colVal, k) * ldF(colVal, k); }
  edgeWr = wr; edgeInv = 1.0 / max(na, 1e-300);
}

/** The weight of position p (not the pivot's) after the pivot: entry c of the entering column, aq the pivot element. */
@inline function edgeUpdate(p: i32, c: f64, aq: f64): void {
  const w = ldF(weight, p);
  if (c == 0 || w < 0) return;
  const ratio = c / aq;
  stF(weight, p, max(w + ratio * (ratio * edgeWr - 2.0 * ldF(tau, p)), max(ratio * ratio * edgeInv, 1e-6)));
}

/** Records why a solve ends NUMERICAL (LFAIL_*). */
export function fail(code: i32): void {
  failure = code;
}

/** Changes the iteration limit within a call (the lazy perturbation's first stretch: entry.ts run). */
export function setMaxIterations(limit: i32): void {
  maxIterations = limit;
}

/** Sets the iteration limit and zeroes the counters of one call. */
export function setLimits(limit: i32): void {
  maxIterations = limit; iterations = 0; flips = 0; failure = 0;
  nCol = 0; nRho = 0; nTau = 0; nFlipOut = 0; chzMoved = 0;
  // the candidate set and the moved list are of this call's positions (allocWork zeroes chzIn and chzMark)
  nChzSet = 0; nChzTouched = 0; chzValid = false;
  stamp = 0;
  resetDensity();
  for (let j = 0; j < nv; j++) stI(tmark, j, 0);
}

/** True when some basic variable is outside its bounds beyond TOL_P. */
export function primalInfeasible(): bool {
  refreshInfeasibilities();
  return chooseRow() >= 0;
}

/** Nonbasic variables whose reduced cost has the wrong sign beyond TOL_D (boxed ones included). */
export function wrongSigns(): i32 {
  let bad = 0;
  for (let j = 0; j < nv; j++) {
    const s = ldI(stat, j);
    if (s == BASIC || ldF(lo, j) == ldF(up, j)) continue;
    const dj = ldF(d, j);
    if ((s == AT_LOWER && dj < -TOL_D) || (s == AT_UPPER && dj > TOL_D) || (s == AT_ZERO && abs(dj) > TOL_D)) bad++;
  }
  return bad;
}

/**
 * Starting dual steepest-edge weights: 1 for the logical basis (exact there) or by EDGE_UNIT;
 * otherwise unknown, computed exactly (||e_p^T B^-1||^2) at the first iteration for every position
 * (EDGE_EXACT) or when CHUZR first meets the position infeasible (EDGE_LAZY). The updates keep a
 * known weight exact (Forrest-Goldfarb) and leave an unknown one unknown; the leaving row's new
 * weight is always exact.
 */
export function resetWeights(mode: i32 = EDGE_UNIT): void {
  let logical = true;
  for (let p = 0; p < m && logical; p++) logical = ldI(head, p) >= n;
  const exact = mode != EDGE_UNIT && !logical;
  for (let p = 0; p < m; p++) stF(weight, p, exact ? UNKNOWN : 1.0);
  chzValid = false;
  edgeAll = exact && mode == EDGE_EXACT;
  edgeSolves = 0;
}

/**
 * Weights carried over appended rows or columns (a resident engine's reload, entry.ts): the first
 * m0 positions keep `given` (B's rows of B^-1 are those of the extended basis [B 0; R -I], and an
 * appended column changes no row of B^-1); an appended row's logical is unknown (exact when first
 * needed, or all at the first iteration with EDGE_EXACT), or 1 with EDGE_UNIT.
 */
export function carryWeights(given: usize, m0: i32, mode: i32): void {
  let unknown = false;
  for (let p = 0; p < m; p++) {
    const w = p < m0 ? ldF(given, p) : mode == EDGE_UNIT ? 1.0 : UNKNOWN;
    stF(weight, p, w);
    if (w == UNKNOWN) unknown = true;
  }
  chzValid = false;
  edgeAll = unknown && mode == EDGE_EXACT;
  edgeSolves = 0;
}

/** Keeps the weights of the last call's final basis for a call that starts on it (lpResolve): only the per-call flags are reset. */
export function keepWeights(): void {
  chzValid = false;
  edgeAll = false;
  edgeSolves = 0;
}

/** The exact weight ||e_p^T B^-1||^2 of position p by one BTRAN (into rho, which iterate recomputes after CHUZR). */
function exactWeight(p: i32): f64 {
  clearListed(rho, rhoIdx, nRho);
  stF(cvec, p, 1.0); stI(srcIdx, 0, p);
  nRho = btran(cvec, srcIdx, 1, rho, rhoIdx, SOLVE_EDGE);
  let w: f64 = 0;
  for (let t = 0; t < nRho; t++) { const v = ldF(rho, ldI(rhoIdx, t)); w += v * v; }
  edgeSolves++;
  return max(w, 1e-6);
}

/**
 * Every unknown weight exactly (EDGE_EXACT), in ascending position order as exactWeight would take
 * them; where the BTRANs run dense two positions go through the factors in one pass (lu.ts
 * btranPair: the same bits). When the density prediction after the first of a pair says the second
 * would have run sparse, the second is solved again by exactWeight (its sum then runs over the
 * sparse solve's list, in its order).
 */
function exactWeights(): void {
  chzValid = false;
  let p = 0;
  for (;;) {
    while (p < m && ldF(weight, p) >= 0) p++;
    if (p >= m) return;
    let p2 = p + 1;
    while (p2 < m && ldF(weight, p2) >= 0) p2++;
    if (p2 >= m || !btranDenseNext(SOLVE_EDGE)) { stF(weight, p, exactWeight(p)); p++; continue; }
    weighPair(p, p2);
    p = p2 + 1;
  }
}

/**
 * The unknown weights of the infeasible positions among the first cnt of `list`, exactly and in
 * the list's order, as chzScore would compute them when the scan meets them (EDGE_LAZY); where the
 * BTRANs run dense, two positions go through the factors and the update file in one pass
 * (btranPair: the same bits, and the same fallback as exactWeights when the second would have run
 * sparse), so a lazy start pays half the passes of one BTRAN per weight.
 */
function listedWeights(list: usize, cnt: i32): void {
  let t = 0;
  for (;;) {
    while (t < cnt && !lazyUnknown(ldI(list, t))) t++;
    if (t >= cnt) return;
    const p = ldI(list, t);
    let t2 = t + 1;
    while (t2 < cnt && !lazyUnknown(ldI(list, t2))) t2++;
    if (t2 >= cnt || !btranDenseNext(SOLVE_EDGE)) { stF(weight, p, exactWeight(p)); t++; continue; }
    const p2 = ldI(list, t2);
    weighPair(p, p2);
    t = t2 + 1;
  }
}

/**
 * The weights of positions p and p2 from one paired BTRAN (exactWeights, listedWeights); p2's
 * solved again by exactWeight when the density prediction after p says it would have run sparse.
 */
function weighPair(p: i32, p2: i32): void {
  btranPair(p, p2, SOLVE_EDGE);
  const wb = pairNormB, cb = pairCntB;
  stF(weight, p, max(pairNormA, 1e-6)); edgeSolves++;
  if (btranDenseNext(SOLVE_EDGE)) { predictAfter(SOLVE_EDGE, cb); stF(weight, p2, max(wb, 1e-6)); edgeSolves++; }
  else stF(weight, p2, exactWeight(p2));
}

/** Whether CHUZR would compute position p's weight (infeasible, weight unknown). */
@inline function lazyUnknown(p: i32): bool {
  return ldF(infeas, p) != 0 && ldF(weight, p) < 0;
}

/** One basis change: r leaves toward its violated bound, q enters. Returns false to ask for a rebuild. */
function pivot(r: i32, q: i32, delta: f64, fresh: bool): i32 {
  const k = scatterColumn(q);
  clearListed(col, colIdx, nCol);
  // the steepest-edge tau = B^-1 rho is needed after the flips; where both solves run dense it is
  // solved with the entering column in one pass (the same bits: lu.ts ftranPair)
  const paired = pairDense(SOLVE_COL, SOLVE_TAU);
  if (paired) {
    clearListed(tau, tauIdx, nTau);
    ftranPair(rhs, rho, col, colIdx, SOLVE_COL, tau, tauIdx, SOLVE_TAU);
    nCol = pairCntA; nTau = pairCntB;
  } else nCol = ftran(rhs, srcIdx, k, col, colIdx, SOLVE_COL);
  const aCol = ldF(col, r), aRow = ldF(alphaRow, q);
  const diff = abs(aCol - aRow), small = min(abs(aCol), abs(aRow));
  if (small < TOL_PIVOT || diff > TOL_ACCURACY * small) {
    if (!fresh) return 1;               // refactorize and try again
    if (small < TOL_PIVOT * 1e-2) return 2;
  }
  // the leaving variable goes to the bound it violated; the flips may have moved its value past that
  // bound (the remaining step then changes sign), but its dual sign and its bound stay those of `down`
  const down = delta < 0;
  if (nFlip > 0) {
    applyFlips();
    const j = ldI(head, r), v = ldF(x, j);
    delta = down ? v - ldF(lo, j) : v - ldF(up, j);
  }
  // steepest-edge update needs tau = B^-1 rho before the basis changes
  if (!paired) {
    for (let t = 0; t < nRho; t++) { const i = ldI(rhoIdx, t); stF(rhs, i, ldF(rho, i)); }
    clearListed(tau, tauIdx, nTau);
    nTau = ftran(rhs, rhoIdx, nRho, tau, tauIdx, SOLVE_TAU);
  }
  // duals
  let thetaD = ldF(d, q) / aRow;
  if ((down && thetaD > 0) || (!down && thetaD < 0)) {
    // the entering reduced cost has the wrong sign (Harris): shift its cost to make it zero
    stF(costW, q, ldF(costW, q) - ldF(d, q));
    thetaD = 0;
    unsortSingleton(q);
  }
  // the duals y += thetaD rho (the sorted singletons' reduced costs are read from them)
  if (meritOn && thetaD != 0) for (let t = 0; t < nRho; t++) { const i = ldI(rhoIdx, t); stF(dualY, i, ldF(dualY, i) + thetaD * ldF(rho, i)); }
  // touched lists nonbasic variables only (pivotRow)
  for (let t = 0; t < nTouched; t++) { const j = ldI(touched, t); stF(d, j, ldF(d, j) - thetaD * ldF(alphaRow, j)); }
  for (let t = 0; t < nMulti; t++) { const j = ldI(touched, nv - 1 - t); stF(d, j, ldF(d, j) - thetaD * ldF(alphaRow, j)); }
  const leave = ldI(head, r);
  // primal
  const thetaP = delta / aCol;
  // the positions other than r keep their variable: their infeasibility is set here (r's after the
  // basis change), and their steepest-edge weight updated in the same pass (it reads no value)
  edgeFactors(r);
  for (let t = 0; t < nCol; t++) {
    const p = ldI(colIdx, t), j = ldI(head, p), c = ldF(col, p), v = ldF(x, j) - thetaP * c;
    stF(x, j, v);
    if (p != r) { setInfeasibilityOf(p, j, v); edgeUpdate(p, c, aCol); }
  }
  stF(x, q, ldF(x, q) + thetaP);
  stF(weight, r, max(edgeWr / (aCol * aCol), 1e-6));
  // basis
  const ls = down || ldF(lo, leave) == ldF(up, leave) ? AT_LOWER : AT_UPPER;
  stI(stat, leave, ls); stF(x, leave, restValue(leave, ls)); stI(pos, leave, -1); stF(d, leave, -thetaD);
  stI(head, r, q); stI(pos, q, r); stI(stat, q, BASIC); stF(d, q, 0);
  setInfeasibility(r);
  iterations++; cntIt += 1;
  chzMoved = 0.95 * chzMoved + 0.05 * <f64>(nCol + (nFlip > 0 ? nFlipOut : 0));
  cntCol += <f64>nCol; cntRho += <f64>nRho; cntRow += <f64>(nTouched + nMulti); cntEta += <f64>etaUsedNow(); cntInf += <f64>nInf;
  if (!pushEta(r, col, colIdx, nCol)) return 3;
  if (updateCheckOn()) checkUpdate(iterations);
  return 0;
}

/**
 * Runs dual simplex iterations from a dual feasible basis until primal feasible (OPTIMAL) or
 * another outcome. The duals (dualY) are those of the reduced costs on entry (computeDual).
 */
export function iterate(): i32 {
  sortSingletons();
  const st = iterations_();
  materializeSingletons();
  return st;
}

function iterations_(): i32 {
  let fresh = etaCount == 0, retries = 0;
  if (edgeAll) { edgeAll = false; exactWeights(); }
  refreshInfeasibilities();
  for (;;) {
    if (iterations >= maxIterations) return LIMIT;
    if (etaCount >= etaMax || refactorDue()) { if (!rebuild()) return NO_MEMORY; fresh = true; }
    const r = chooseRow();
    if (r < 0) return OPTIMAL;
    clearListed(rho, rhoIdx, nRho);
    stF(cvec, r, 1.0); stI(srcIdx, 0, r);
    nRho = btran(cvec, srcIdx, 1, rho, rhoIdx, SOLVE_RHO);
    const j = ldI(head, r), v = ldF(x, j);
    const delta = v < ldF(lo, j) ? v - ldF(lo, j) : v - ldF(up, j);
    pivotRow(delta < 0 ? -1 : 1);
    nFlip = 0;
    const q = ratioTest(delta);
    if (q < 0) {
      if (!fresh) { cntNoEnter += 1; if (!rebuild()) return NO_MEMORY; fresh = true; continue; }
      if (!certifiedInfeasible(r, delta)) { failure = LFAIL_CERTIFICATE; return NUMERICAL; }
      return DUAL_UNBOUNDED;
    }
    const updates = etaCount;
    const res = pivot(r, q, delta, fresh);
    if (res == 1 || res == 3) {
      // disagreeing pivots soon after a factorization: a stricter pivot threshold (HiGHS)
      if (res == 1) cntRetry += 1;
      if (res == 1 && updates < 10) tightenThreshold();
      if (!rebuild()) return NO_MEMORY;
      fresh = true;
      // each retry is followed by a pivot on fresh factors (or NUMERICAL); the limit is on their share
      if (res == 1 && ++retries > 50 && retries * 10 > iterations) { failure = LFAIL_RETRIES; return NUMERICAL; }
      continue;
    }
    if (res == 2) { failure = LFAIL_PIVOT; return NUMERICAL; }
    fresh = false;
  }
  return NUMERICAL;
}
