// The basis factorization: a sparse LU built left-looking, column by column, with the columns in
// ascending order of their counts (logicals and short columns first: a Markowitz-style static
// order) and threshold partial pivoting (any row within THRESHOLD of the column's largest entry,
// the sparsest remaining row first). Between factorizations the basis changes are kept as
// Forrest-Tomlin updates (U's column replaced by the spike, a row eta per update; HiGHS's
// HFactor::updateFT) or, by option, as a product-form file of eta columns. Columns that turn out dependent are replaced by the logicals
// of the rows left without a pivot (the caller is told how many).
import { ldI, stI, ldF, stF } from "../grid/mem";
import {
  m, n, colStart, colRow, colVal, head, pos, stat, lo, up, x, weight, work, mark, list, heapI, cand, luCap, pivRow, pivPos, rowStep,
  uDiag, uStart, lStart, uIdx, uVal, lIdx, lVal, order, rowCount, etaMax, etaCap, etaPos, etaPiv, etaStart, etaIdx, etaVal,
  uEnd, uCap, lRow, lStep, spikeIdx, spikeVal, wIdx, wVal, urStart, urLen, urCap, utCap, stepCap, utPos, utVal, ltStart, ltRow, ltVal, pmark, rmark, stepList, smark, posStep, density, work2, pairVec, pairOut, lNz, ltNz,
  mcStart, mcLen, mcCap, mcIdx, mcVal, mrStart, mrLen, mrCap, mrIdx, colCnt, colFirst, colNext, colPrev, rowFirst, rowNext, rowPrev, rowAt, poolCap,
  BASIC, AT_LOWER, AT_UPPER, AT_ZERO,
} from "./state";

/**
 * Threshold of partial pivoting: a pivot at least this fraction of the column's largest entry.
 * 0.1 at the start of a call; raised to 0.5 (HiGHS's kMaxPivotThreshold) when the row and column
 * pivots disagree within 10 updates of a factorization (tightenThreshold, as HiGHS's
 * HEkk::reinvertOnNumericalTrouble).
 */
const THRESHOLD: f64 = 0.1;
const THRESHOLD_MAX: f64 = 0.5;
let threshold: f64 = THRESHOLD;

/** Raises the pivot threshold (x5, at most THRESHOLD_MAX) for the rest of the call. */
export function tightenThreshold(): void {
  threshold = min(THRESHOLD_MAX, threshold * 5.0);
  freshClean = false;
}
/** A column whose largest remaining entry is below this (relative to its own largest) is dependent. */
const SINGULAR_REL: f64 = 1e-9;
const SINGULAR_ABS: f64 = 1e-11;
/** Entries below this are dropped from the factors and the update file. */
const DROP: f64 = 1e-14;

export let etaCount: i32 = 0;
export let etaUsed: i32 = 0;
export let refactors: i32 = 0;
export let peakFactor: i32 = 0;   // largest L + U entries of one factorization
export let replacedTotal: i32 = 0; // dependent columns replaced by logicals

/** Zeroes the counters of one call. */
export function resetCounters(): void {
  refactors = 0; peakFactor = 0; replacedTotal = 0; etaCount = 0; etaUsed = 0; etaSum = 0; threshold = THRESHOLD; nSteps = 0; freshClean = false;
}

/** Zeroes the counters of one call that starts on the factors kept from the last (lpResolve): the factors and their update file stay. */
export function resetCallCounters(): void {
  refactors = 0; peakFactor = 0; replacedTotal = 0; threshold = THRESHOLD;
}

/** Whether the factors are fresh (no update since the factorization): a resident engine's next call may start on them. */
export function factorsFresh(): bool {
  return freshClean && nSteps == m && etaCount == 0 && ftWork == 0;
}

/** Set by a factorization without dependent columns; cleared by an update, a tighter threshold, a new call's counters. */
let freshClean: bool = false;

/** Whether updates are Forrest-Tomlin (the call's LH_UPDATE) or product form. */
let ft: bool = true;
/** Sets the update rule of the call (LH_UPDATE: 1 Forrest-Tomlin, 0 product form). */
export function setForrestTomlin(on: bool): void { ft = on; }
/** U steps in use: m after a factorization, one more per Forrest-Tomlin update. */
let nSteps: i32 = 0;
/** End of the used part of U's row pool. */
let urTop: i32 = 0;
/** Which solve saves its partial result for the next update (dual.ts's SOLVE_COL and SOLVE_RHO). */
const KIND_SPIKE: i32 = 1;
const KIND_ROW: i32 = 4;
let nSpike: i32 = 0;
let nW: i32 = 0;

/** Entries in the update file now (Forrest-Tomlin: the row etas and the spikes added to U). */
export function etaUsedNow(): i32 { return etaUsed + ftWork; }
/** Entries of the spikes added to U since the factorization. */
let ftWork: i32 = 0;

/** Profile counters: L + U entries and basis entries summed over factorizations, and their count. */
export let cntLu: f64 = 0;
export let cntBasisNz: f64 = 0;
export let cntFactors: f64 = 0;
/** Profile counters of the Forrest-Tomlin updates: spike entries and row-eta entries summed over updates. */
export let cntSpike: f64 = 0;
export let cntRowEta: f64 = 0;

let heapN: i32 = 0;

function heapPush(v: i32): void {
  let i = heapN++;
  while (i > 0) {
    const p = (i - 1) >> 1, pv = ldI(heapI, p);
    if (pv <= v) break;
    stI(heapI, i, pv); i = p;
  }
  stI(heapI, i, v);
}

function heapPop(): i32 {
  const top = ldI(heapI, 0), v = ldI(heapI, --heapN);
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= heapN) break;
    if (c + 1 < heapN && ldI(heapI, c + 1) < ldI(heapI, c)) c++;
    if (ldI(heapI, c) >= v) break;
    stI(heapI, i, ldI(heapI, c)); i = c;
  }
  if (heapN > 0) stI(heapI, i, v);
  return top;
}

@inline function countOf(v: i32): i32 {
  return v < n ? ldI(colStart, v + 1) - ldI(colStart, v) : 1;
}

/** Basis positions by ascending column count (counting sort, ties by position: deterministic). */
function sortPositions(): void {
  let maxC = 1;
  for (let p = 0; p < m; p++) maxC = max(maxC, countOf(ldI(head, p)));
  // rowCount doubles as the bucket array here (it is rebuilt right after)
  const buckets = maxC + 2;
  if (buckets <= m) {
    for (let c = 0; c < buckets; c++) stI(rowCount, c, 0);
    for (let p = 0; p < m; p++) { const c = countOf(ldI(head, p)) + 1; stI(rowCount, c, ldI(rowCount, c) + 1); }
    for (let c = 1; c < buckets; c++) stI(rowCount, c, ldI(rowCount, c) + ldI(rowCount, c - 1));
    for (let p = 0; p < m; p++) { const c = countOf(ldI(head, p)); const at = ldI(rowCount, c); stI(order, at, p); stI(rowCount, c, at + 1); }
  } else {
    // few positions, long columns: insertion by count (stable)
    for (let p = 0; p < m; p++) {
      const c = countOf(ldI(head, p));
      let i = p;
      while (i > 0 && countOf(ldI(head, ldI(order, i - 1))) > c) { stI(order, i, ldI(order, i - 1)); i--; }
      stI(order, i, p);
    }
  }
}

/** Scatters basic variable v's column into work (by row), marking its pattern; returns the pattern size. */
function scatter(v: i32, stamp: i32): i32 {
  let cnt = 0;
  if (v >= n) {
    const r = v - n;
    stF(work, r, -1.0); stI(mark, r, stamp); stI(list, cnt++, r);
    stI(rowCount, r, ldI(rowCount, r) - 1);
    if (ldI(rowStep, r) >= 0) heapPush(ldI(rowStep, r));
    return cnt;
  }
  for (let k = ldI(colStart, v), e = ldI(colStart, v + 1); k < e; k++) {
    const r = ldI(colRow, k);
    stF(work, r, ldF(colVal, k)); stI(mark, r, stamp); stI(list, cnt++, r);
    stI(rowCount, r, ldI(rowCount, r) - 1);
    if (ldI(rowStep, r) >= 0) heapPush(ldI(rowStep, r));
  }
  return cnt;
}

/** Applies the L columns of earlier steps (in step order) to the scattered column; returns the pattern size. */
function eliminate(cnt: i32, stamp: i32): i32 {
  while (heapN > 0) {
    const s = heapPop(), vr = ldF(work, ldI(pivRow, s));
    if (vr == 0) continue;
    for (let k = ldI(lStart, s), e = ldI(lStart, s + 1); k < e; k++) {
      const i = ldI(lIdx, k);
      if (ldI(mark, i) != stamp) {
        stI(mark, i, stamp); stF(work, i, 0); stI(list, cnt++, i);
        if (ldI(rowStep, i) >= 0) heapPush(ldI(rowStep, i));
      }
      stF(work, i, ldF(work, i) - ldF(lVal, k) * vr);
    }
  }
  return cnt;
}

/** The pivot row among the pattern's unpivoted rows (threshold, then sparsest row, larger entry, lower row), or -1. */
function choosePivot(cnt: i32, colMax: f64): i32 {
  let big: f64 = 0;
  for (let t = 0; t < cnt; t++) {
    const i = ldI(list, t);
    if (ldI(rowStep, i) < 0) big = max(big, abs(ldF(work, i)));
  }
  if (big <= SINGULAR_ABS || big <= SINGULAR_REL * colMax) return -1;
  let best = -1, bestCount = 0, bestAbs: f64 = 0;
  for (let t = 0; t < cnt; t++) {
    const i = ldI(list, t);
    if (ldI(rowStep, i) >= 0) continue;
    const a = abs(ldF(work, i));
    if (a < threshold * big) continue;
    const c = ldI(rowCount, i);
    if (best < 0 || c < bestCount || (c == bestCount && (a > bestAbs || (a == bestAbs && i < best)))) { best = i; bestCount = c; bestAbs = a; }
  }
  return best;
}

let uUsed: i32 = 0;
let lUsed: i32 = 0;
/** Eta entries after which a refactorization is cheaper than solving through them: the factors' own size (and the rows) times ETA_RATIO. */
let etaBudget: i32 = 0;
const ETA_RATIO: i32 = 4;
/**
 * The refactorization by cost: an iteration passes its solves through the update file, which grows
 * with each update, while a refactorization costs about the same each time; the average cost per
 * iteration over a cycle of k updates is least when the next iteration's file work exceeds the
 * cycle's average, i.e. when k E_k - (E_1 + ... + E_k) (E_i: the file's entries after update i)
 * passes the refactorization's cost over the file work per entry. That cost is modelled as
 * REFACTOR_COST times the factors' entries and the rows (measured: docs/lp.md).
 */
const REFACTOR_COST: f64 = 30;
/** Sum of the update file's sizes after each update since the factorization. */
let etaSum: f64 = 0;
/** Whether the update file's work now outweighs a refactorization (refactorize before the next iteration). */
export function refactorDue(): bool {
  return <f64>etaCount * <f64>(etaUsed + ftWork) - etaSum > REFACTOR_COST * <f64>(uUsed + lUsed + m);
}

/** Stores step `s` (pivot row r of position p) from the eliminated column; false when the factor file is full. */
function store(s: i32, p: i32, r: i32, cnt: i32): bool {
  if (uUsed + cnt > luCap || lUsed + cnt > luCap) return false;
  const diag = ldF(work, r);
  stI(uStart, s, uUsed); stI(lStart, s, lUsed);
  for (let t = 0; t < cnt; t++) {
    const i = ldI(list, t), v = ldF(work, i);
    if (i == r || abs(v) <= DROP) continue;
    if (ldI(rowStep, i) >= 0) { stI(uIdx, uUsed, i); stF(uVal, uUsed, v); uUsed++; }
    else { stI(lIdx, lUsed, i); stF(lVal, lUsed, v / diag); lUsed++; }
  }
  stF(uDiag, s, diag); stI(pivRow, s, r); stI(pivPos, s, p); stI(rowStep, r, s); stI(posStep, p, s);
  stI(uStart, s + 1, uUsed); stI(lStart, s + 1, lUsed); // the step's end, read by later eliminations
  return true;
}

/** Nonbasic status of a variable leaving the basis without a pivot: a finite bound, else zero. */
export function restingStatus(v: i32): i32 {
  if (ldF(lo, v) > -Infinity) return AT_LOWER;
  if (ldF(up, v) < Infinity) return AT_UPPER;
  return AT_ZERO;
}

/**
 * Factorizes the basis `head`. Returns the number of dependent columns replaced by logicals
 * (their variables become nonbasic), or -1 when the factors do not fit luCap (nothing usable).
 */
export function factor(): i32 {
  let deficient = markowitz ? factorKernel() : -2;
  if (deficient == -2) deficient = factorLeft();
  if (deficient < 0) return -1;
  let s = m - deficient;
  // dependent columns: the logicals of the rows left without a pivot take their places
  let free = 0;
  for (let k = 0; k < deficient; k++) {
    const p = ldI(cand, k), old = ldI(head, p);
    while (ldI(rowStep, free) >= 0) free++;
    const v = n + free;
    stI(head, p, v); stI(pos, v, p); stI(stat, v, BASIC);
    const rs = restingStatus(old);
    stI(pos, old, -1); stI(stat, old, rs); stF(x, old, rs == AT_LOWER ? ldF(lo, old) : rs == AT_UPPER ? ldF(up, old) : 0.0);
    stF(weight, p, 1.0);
    stF(work, free, -1.0); stI(list, 0, free);
    if (!store(s, p, free, 1)) return -1;
    s++;
  }
  stI(uStart, m, uUsed); stI(lStart, m, lUsed);
  for (let t = 0; t < m; t++) { stI(uEnd, t, ldI(uStart, t + 1)); stI(lRow, t, ldI(pivRow, t)); }
  for (let i = 0; i < m; i++) stI(lStep, i, ldI(rowStep, i));
  nSteps = m;
  transpose();
  etaCount = 0; etaUsed = 0; ftWork = 0; etaSum = 0; refactors++; replacedTotal += deficient; freshClean = deficient == 0;
  etaBudget = ETA_RATIO * (uUsed + lUsed + m);
  peakFactor = max(peakFactor, uUsed + lUsed);
  cntLu += <f64>(uUsed + lUsed); cntFactors += 1;
  let bnz = 0;
  for (let p = 0; p < m; p++) bnz += countOf(ldI(head, p));
  cntBasisNz += <f64>bnz;
  return deficient;
}

/** The left-looking factorization (static order by counts); the dependent positions listed in cand. Returns their count, or -1 when luCap is too small. */
function factorLeft(): i32 {
  sortPositions();
  for (let i = 0; i < m; i++) { stI(rowCount, i, 0); stI(rowStep, i, -1); stI(mark, i, 0); }
  for (let p = 0; p < m; p++) {
    const v = ldI(head, p);
    if (v >= n) { const r = v - n; stI(rowCount, r, ldI(rowCount, r) + 1); continue; }
    for (let k = ldI(colStart, v), e = ldI(colStart, v + 1); k < e; k++) { const r = ldI(colRow, k); stI(rowCount, r, ldI(rowCount, r) + 1); }
  }
  uUsed = 0; lUsed = 0; heapN = 0;
  let s = 0, deficient = 0;
  for (let t = 0; t < m; t++) {
    const p = ldI(order, t), v = ldI(head, p);
    let colMax: f64 = 1;
    if (v < n) { colMax = 0; for (let k = ldI(colStart, v), e = ldI(colStart, v + 1); k < e; k++) colMax = max(colMax, abs(ldF(colVal, k))); }
    let cnt = scatter(v, t + 1);
    cnt = eliminate(cnt, t + 1);
    const r = choosePivot(cnt, colMax);
    if (r < 0) { stI(cand, deficient++, p); continue; }
    if (!store(s, p, r, cnt)) return -1;
    s++;
  }
  return deficient;
}

/** Whether factor() runs the Markowitz factorization (the call's LH_MARKOWITZ; off by default: see docs/lp.md). */
let markowitz: bool = false;
/** Sets the factorization rule of the call (LH_MARKOWITZ). */
export function setMarkowitz(on: bool): void { markowitz = on; }
const SEARCH_LIMIT: i32 = 8;
let cTop: i32 = 0;
let rTop: i32 = 0;

/** Puts x at the head of count list c (lists: heads `first` per count, `next` / `prev` per member). */
@inline function listLink(first: usize, next: usize, prev: usize, x: i32, c: i32): void {
  const f = ldI(first, c);
  stI(next, x, f); stI(prev, x, -1);
  if (f >= 0) stI(prev, f, x);
  stI(first, c, x);
}
/** Takes x out of count list c. */
@inline function listUnlink(first: usize, next: usize, prev: usize, x: i32, c: i32): void {
  const a = ldI(prev, x), b = ldI(next, x);
  if (a >= 0) stI(next, a, b); else stI(first, c, b);
  if (b >= 0) stI(prev, b, a);
}
@inline function linkCol(p: i32, c: i32): void { listLink(colFirst, colNext, colPrev, p, c); }
@inline function unlinkCol(p: i32, c: i32): void { listUnlink(colFirst, colNext, colPrev, p, c); }
@inline function linkRow(i: i32, c: i32): void { listLink(rowFirst, rowNext, rowPrev, i, c); }
@inline function unlinkRow(i: i32, c: i32): void { listUnlink(rowFirst, rowNext, rowPrev, i, c); }

/** Removes position p from row i's pattern and moves the row to its new count. */
function dropFromRow(i: i32, p: i32): void {
  const st = ldI(mrStart, i), len = ldI(mrLen, i);
  for (let k = st; k < st + len; k++) {
    if (ldI(mrIdx, k) == p) { stI(mrIdx, k, ldI(mrIdx, st + len - 1)); break; }
  }
  stI(mrLen, i, len - 1);
  const c = ldI(rowCount, i);
  unlinkRow(i, c); stI(rowCount, i, c - 1); linkRow(i, c - 1);
}

/** Appends position p to row i's pattern (moving the row to the pool's end when full); false when the pool is full. */
function addToRow(i: i32, p: i32): bool {
  let st = ldI(mrStart, i);
  const len = ldI(mrLen, i);
  if (len == ldI(mrCap, i)) {
    const cap = 2 * len + 4;
    if (rTop + cap > poolCap) return false;
    for (let k = 0; k < len; k++) stI(mrIdx, rTop + k, ldI(mrIdx, st + k));
    st = rTop; stI(mrStart, i, st); stI(mrCap, i, cap); rTop += cap;
  }
  stI(mrIdx, st + len, p); stI(mrLen, i, len + 1);
  const c = ldI(rowCount, i);
  unlinkRow(i, c); stI(rowCount, i, c + 1); linkRow(i, c + 1);
  return true;
}

/** Appends (row i, value v) to column p (moving it to the pool's end when full); false when the pool is full. */
function addToCol(p: i32, i: i32, v: f64): bool {
  let st = ldI(mcStart, p);
  const len = ldI(mcLen, p);
  if (len == ldI(mcCap, p)) {
    const cap = 2 * len + 4;
    if (cTop + cap > poolCap) return false;
    for (let k = 0; k < len; k++) { stI(mcIdx, cTop + k, ldI(mcIdx, st + k)); stF(mcVal, cTop + k, ldF(mcVal, st + k)); }
    st = cTop; stI(mcStart, p, st); stI(mcCap, p, cap); cTop += cap;
  }
  stI(mcIdx, st + len, i); stF(mcVal, st + len, v); stI(mcLen, p, len + 1);
  return true;
}

/** Appends an active entry to column p, whose first `act` entries are active: it goes in front of the pivoted rows' entries. */
function addActive(p: i32, act: i32, i: i32, v: f64): bool {
  if (!addToCol(p, i, v)) return false;
  const st = ldI(mcStart, p);
  swapEntries(st + act, st + ldI(mcLen, p) - 1);
  return true;
}

/** Largest active entry of column p (a column keeps its colCnt active entries first, then those of pivoted rows). */
function activeMax(p: i32): f64 {
  let big: f64 = 0;
  for (let k = ldI(mcStart, p), e = k + ldI(colCnt, p); k < e; k++) big = max(big, abs(ldF(mcVal, k)));
  return big;
}

/** Value of column p at active row i (0 when absent). */
function entryAt(p: i32, i: i32): f64 {
  for (let k = ldI(mcStart, p), e = k + ldI(colCnt, p); k < e; k++) if (ldI(mcIdx, k) == i) return ldF(mcVal, k);
  return 0;
}

/** Swaps entries a and b of the pool. */
@inline function swapEntries(a: i32, b: i32): void {
  const i = ldI(mcIdx, a), v = ldF(mcVal, a);
  stI(mcIdx, a, ldI(mcIdx, b)); stF(mcVal, a, ldF(mcVal, b));
  stI(mcIdx, b, i); stF(mcVal, b, v);
}

/** Takes position p out of the active matrix as dependent (listed in cand). */
function dropColumn(p: i32, deficient: i32): i32 {
  unlinkCol(p, ldI(colCnt, p));
  for (let k = ldI(mcStart, p), e = k + ldI(colCnt, p); k < e; k++) dropFromRow(ldI(mcIdx, k), p);
  stI(colCnt, p, -1);
  stI(cand, deficient, p);
  return deficient + 1;
}

let pivR: i32 = -1;
let pivP: i32 = -1;
let kernelDeficient: i32 = 0;

/** Chooses the next pivot into pivR, pivP (-1 when no column is left); drops singular columns on the way. */
function searchPivot(): void {
  pivR = -1; pivP = -1;
  let bestMerit: f64 = Infinity, searched = 0, good = false;
  for (let c = 1; c <= m; c++) {
    // columns of count c
    let p = ldI(colFirst, c);
    while (p >= 0) {
      const next = ldI(colNext, p);
      const big = activeMax(p);
      if (big <= SINGULAR_ABS || big <= SINGULAR_REL * ldF(work2, p)) { kernelDeficient = dropColumn(p, kernelDeficient); p = next; continue; }
      for (let k = ldI(mcStart, p), e = k + c; k < e; k++) {
        const i = ldI(mcIdx, k);
        if (abs(ldF(mcVal, k)) < threshold * big) continue;
        const ri = ldI(rowCount, i), merit = <f64>(c - 1) * <f64>(ri - 1);
        if (merit < bestMerit) { bestMerit = merit; pivR = i; pivP = p; if (ri < c) good = true; }
      }
      if (pivP >= 0 && (++searched >= SEARCH_LIMIT || good || bestMerit == 0)) return;
      p = next;
    }
    // rows of count c
    let i = ldI(rowFirst, c);
    while (i >= 0) {
      for (let k = ldI(mrStart, i), e = k + ldI(mrLen, i); k < e; k++) {
        const q = ldI(mrIdx, k), cq = ldI(colCnt, q);
        const merit = <f64>(c - 1) * <f64>(cq - 1);
        if (merit >= bestMerit) continue;
        const big = activeMax(q);
        if (big <= SINGULAR_ABS || big <= SINGULAR_REL * ldF(work2, q) || abs(entryAt(q, i)) < threshold * big) continue;
        bestMerit = merit; pivR = i; pivP = q;
        if (cq <= c) good = true;
      }
      if (pivP >= 0 && (++searched >= SEARCH_LIMIT || good || bestMerit == 0)) return;
      i = ldI(rowNext, i);
    }
  }
}

/**
 * The Markowitz factorization (HiGHS's HFactor::buildKernel, our own code): right-looking over the
 * active submatrix, each pivot the entry of least (r - 1)(c - 1) (r, c: the active entries of its
 * row and column) among those at least `threshold` of their column's largest active entry,
 * searched over the columns and rows of the smallest counts (count 1, 2, ...: columns then rows
 * of each count; the search ends after SEARCH_LIMIT columns and rows once a pivot is found, or at
 * once when the pivot's other count is below the one searched (as in HiGHS) or its merit is 0 (a
 * singleton); ties: the first found,
 * the lists in a fixed order). Fills the same steps as the left-looking factorization:
 * step s's U column holds its position's entries in rows pivoted before s, its L column the
 * multipliers of the rows still active. Returns the number of dependent positions (listed in
 * cand), -1 when luCap is too small, -2 when the active matrix outgrows its pools (the caller
 * runs the left-looking factorization instead).
 */
function factorKernel(): i32 {
  for (let i = 0; i < m; i++) { stI(rowCount, i, 0); stI(rowStep, i, -1); stI(mark, i, 0); stI(posStep, i, -1); }
  for (let c = 0; c <= m; c++) { stI(colFirst, c, -1); stI(rowFirst, c, -1); }
  // the basis columns, each with room for a few fill entries
  cTop = 0;
  for (let p = 0; p < m; p++) {
    const v = ldI(head, p), cnt = countOf(v), cap = cnt + 4;
    if (cTop + cap > poolCap) return -2;
    stI(mcStart, p, cTop); stI(mcLen, p, cnt); stI(mcCap, p, cap);
    let big: f64 = 0;
    if (v >= n) { stI(mcIdx, cTop, v - n); stF(mcVal, cTop, -1.0); big = 1; }
    else for (let k = ldI(colStart, v), e = ldI(colStart, v + 1), t = cTop; k < e; k++, t++) { stI(mcIdx, t, ldI(colRow, k)); stF(mcVal, t, ldF(colVal, k)); big = max(big, abs(ldF(colVal, k))); }
    stF(work2, p, big);
    for (let t = cTop; t < cTop + cnt; t++) { const r = ldI(mcIdx, t); stI(rowCount, r, ldI(rowCount, r) + 1); }
    cTop += cap;
  }
  rTop = 0;
  for (let i = 0; i < m; i++) {
    const cap = ldI(rowCount, i) + 4;
    if (rTop + cap > poolCap) return -2;
    stI(mrStart, i, rTop); stI(mrLen, i, 0); stI(mrCap, i, cap); rTop += cap;
  }
  for (let p = 0; p < m; p++) {
    for (let k = ldI(mcStart, p), e = k + ldI(mcLen, p); k < e; k++) { const r = ldI(mcIdx, k), l = ldI(mrLen, r); stI(mrIdx, ldI(mrStart, r) + l, p); stI(mrLen, r, l + 1); }
  }
  // bucket lists, filled from the highest index down so each list runs in ascending index order
  for (let p = m - 1; p >= 0; p--) { stI(colCnt, p, ldI(mcLen, p)); linkCol(p, ldI(mcLen, p)); }
  for (let i = m - 1; i >= 0; i--) linkRow(i, ldI(rowCount, i));
  uUsed = 0; lUsed = 0; kernelDeficient = 0;
  let s = 0, stamp = 0;
  for (;;) {
    searchPivot();
    if (pivP < 0) break;
    const r = pivR, p = pivP;
    // the pivot column: its U part (rows pivoted before), the pivot, its L part (active rows)
    if (uUsed + ldI(mcLen, p) > luCap || lUsed + ldI(mcLen, p) > luCap) return -1;
    const pAct = ldI(colCnt, p);
    unlinkCol(p, pAct); stI(colCnt, p, -1);
    stI(uStart, s, uUsed); stI(lStart, s, lUsed);
    let diag: f64 = 0, nL = 0;
    const pst = ldI(mcStart, p), pa = pst + pAct, pe = pst + ldI(mcLen, p);
    for (let k = pst; k < pa; k++) if (ldI(mcIdx, k) == r) diag = ldF(mcVal, k);
    for (let k = pa; k < pe; k++) { const v = ldF(mcVal, k); if (abs(v) > DROP) { stI(uIdx, uUsed, ldI(mcIdx, k)); stF(uVal, uUsed, v); uUsed++; } }
    for (let k = pst; k < pa; k++) {
      const i = ldI(mcIdx, k), v = ldF(mcVal, k);
      if (i == r) continue;
      dropFromRow(i, p);
      if (abs(v) <= DROP) continue;
      stI(list, nL++, i); stF(work, i, v / diag);
      stI(lIdx, lUsed, i); stF(lVal, lUsed, v / diag); lUsed++;
    }
    stF(uDiag, s, diag); stI(pivRow, s, r); stI(pivPos, s, p); stI(rowStep, r, s); stI(posStep, p, s);
    stI(uStart, s + 1, uUsed); stI(lStart, s + 1, lUsed);
    unlinkRow(r, ldI(rowCount, r));
    // the other active columns of row r: their row-r entry is now U; eliminate with the multipliers
    for (let t = ldI(mrStart, r), te = t + ldI(mrLen, r); t < te; t++) {
      const c = ldI(mrIdx, t);
      if (c == p) continue;
      const cc = ldI(colCnt, c);
      unlinkCol(c, cc);
      let cnt = cc - 1;
      // row r's entry leaves the active part (swapped behind the last active entry)
      const cst = ldI(mcStart, c);
      let arc: f64 = 0;
      for (let k = cst, e = cst + cc; k < e; k++) if (ldI(mcIdx, k) == r) { arc = ldF(mcVal, k); swapEntries(k, cst + cc - 1); break; }
      if (arc != 0 && nL > 0) {
        stamp++;
        for (let k = cst, e = cst + cnt; k < e; k++) { const i = ldI(mcIdx, k); stI(mark, i, stamp); stI(rowAt, i, k - cst); }
        for (let u = 0; u < nL; u++) {
          const i = ldI(list, u), delta = ldF(work, i) * arc;
          if (ldI(mark, i) == stamp) { const at = ldI(mcStart, c) + ldI(rowAt, i); stF(mcVal, at, ldF(mcVal, at) - delta); }
          else {
            if (!addActive(c, cnt, i, -delta) || !addToRow(i, c)) return -2;
            cnt++;
          }
        }
      }
      stI(colCnt, c, cnt); linkCol(c, cnt);
    }
    s++;
  }
  // positions never pivoted (dependent)
  for (let p = 0; p < m; p++) if (ldI(posStep, p) < 0 && ldI(colCnt, p) >= 0) { stI(colCnt, p, -1); stI(cand, kernelDeficient++, p); }
  return kernelDeficient;
}

/**
 * The factors row-wise: U's entries grouped by the step of their row (each with its column's basis
 * position), L's likewise (each with its column's pivot row), for BTRAN in scatter form (rows whose
 * value is zero are skipped). Counting sort by step, entries in step order within a group.
 */
function transpose(): void {
  transposeU();
  transposeOne(lStart, lIdx, lVal, ltStart, ltRow, ltVal, false);
  nLNz = 0; nLtNz = 0;
  for (let t = 0; t < m; t++) {
    if (ldI(lStart, t + 1) > ldI(lStart, t)) stI(lNz, nLNz++, t);
    if (ldI(ltStart, t + 1) > ldI(ltStart, t)) stI(ltNz, nLtNz++, t);
  }
}

/**
 * The steps with L entries (lNz, nLNz of them) and with L row entries (ltNz, nLtNz), ascending:
 * the dense loops of the L stages go over these only (a step without entries changes nothing, so
 * the same operations in the same order; most steps of a basis with many logicals and singleton
 * columns have none: 16% have L entries on the random LP of 8000 rows, 22% on case1354's angle LP).
 */
let nLNz: i32 = 0;
let nLtNz: i32 = 0;

/** The first index of lNz (ascending steps) whose step is at least s. */
function lNzFrom(s: i32): i32 {
  let a = 0, b = nLNz;
  while (a < b) { const h = (a + b) >>> 1; if (ldI(lNz, h) < s) a = h + 1; else b = h; }
  return a;
}

/** The count of ltNz's steps (ascending) at most t. */
function ltNzUpTo(t: i32): i32 {
  let a = 0, b = nLtNz;
  while (a < b) { const h = (a + b) >>> 1; if (ldI(ltNz, h) <= t) a = h + 1; else b = h; }
  return a;
}

/** Room for the updates' entries left in each row of U's row pool at a factorization (when it fits). */
const UR_ROOM: i32 = 4;

/** U row-wise: each row's segment of the pool holds (position, value) of its entries, in the step order of their columns. */
function transposeU(): void {
  for (let i = 0; i < m; i++) stI(urLen, i, 0);
  const nz = ldI(uStart, m);
  for (let k = 0; k < nz; k++) { const i = ldI(uIdx, k); stI(urLen, i, ldI(urLen, i) + 1); }
  const room = nz + UR_ROOM * m <= utCap ? UR_ROOM : 0;
  let at = 0;
  for (let i = 0; i < m; i++) { const c = ldI(urLen, i) + room; stI(urStart, i, at); stI(urCap, i, c); stI(urLen, i, 0); at += c; }
  urTop = at;
  for (let s = 0; s < m; s++) {
    const q = ldI(pivPos, s);
    for (let k = ldI(uStart, s), e = ldI(uStart, s + 1); k < e; k++) {
      const i = ldI(uIdx, k), l = ldI(urLen, i), t = ldI(urStart, i) + l;
      stI(utPos, t, q); stF(utVal, t, ldF(uVal, k)); stI(urLen, i, l + 1);
    }
  }
}

function transposeOne(cs: usize, ci: usize, cv: usize, ts: usize, ti: usize, tv: usize, byPos: bool): void {
  for (let t = 0; t <= m; t++) stI(ts, t, 0);
  const nz = ldI(cs, m);
  for (let k = 0; k < nz; k++) { const t = ldI(rowStep, ldI(ci, k)) + 1; stI(ts, t, ldI(ts, t) + 1); }
  for (let t = 0; t < m; t++) stI(ts, t + 1, ldI(ts, t + 1) + ldI(ts, t));
  for (let s = 0; s < m; s++) {
    const target = byPos ? ldI(pivPos, s) : ldI(pivRow, s);
    for (let k = ldI(cs, s), e = ldI(cs, s + 1); k < e; k++) {
      const t = ldI(rowStep, ldI(ci, k)), at = ldI(ts, t);
      stI(ti, at, target); stF(tv, at, ldF(cv, k)); stI(ts, t, at + 1);
    }
  }
  for (let t = m; t > 0; t--) stI(ts, t, ldI(ts, t - 1));
  stI(ts, 0, 0);
}

let pStamp: i32 = 0;
let rStamp: i32 = 0;
let sStamp: i32 = 0;

/** A fresh stamp for a list by position (pmark), row (rmark) or step (smark). */
function nextStamp(marks: usize, st: i32): i32 {
  if (st < 0x7ffffff0) return st + 1;
  const len = marks == smark ? stepCap : m;
  for (let i = 0; i < len; i++) stI(marks, i, 0);
  return 1;
}

/**
 * Hyper-sparse solves (Hall and McKinnon; Gilbert and Peierls): a right-hand side with few
 * nonzeros reaches few steps of L and U, so the steps are taken from a heap of the reached ones
 * (in ascending or descending order, as the dense loop would take them: the same arithmetic, the
 * same bits) instead of testing all m. Past m / HYPER_SHARE steps the heap costs more than the
 * test: the stage goes on as the dense loop from the step it reached (30 measured against 10 on
 * the case118 day: bench/experiments/lp-profile.mjs).
 */
const HYPER_SHARE: i32 = 30;
let reached: i32 = 0;

/** Marks step s in the current stamp and pushes its key (s ascending, m - 1 - s descending). */
@inline function reach(s: i32, key: i32): void {
  if (ldI(smark, s) != sStamp) { stI(smark, s, sStamp); heapPush(key); }
}

/** FTRAN's L stage (src by row); returns the step from which the dense loop must go on, or m when the heap finished (the reached steps listed in stepList, count in reached). */
function ftranL(src: usize, sIdx: usize, sCnt: i32): i32 {
  reached = 0;
  if (sCnt < 0 || sCnt * HYPER_SHARE > m) return 0;
  sStamp = nextStamp(smark, sStamp); heapN = 0;
  for (let t = 0; t < sCnt; t++) { const s = ldI(lStep, ldI(sIdx, t)); reach(s, s); }
  const limit = m / HYPER_SHARE;
  while (heapN > 0) {
    const s = heapPop(), v = ldF(src, ldI(lRow, s));
    if (v == 0) continue;
    if (reached >= limit) { heapN = 0; return s; }
    stI(stepList, reached++, s);
    for (let k = ldI(lStart, s), e = ldI(lStart, s + 1); k < e; k++) {
      const i = ldI(lIdx, k), t = ldI(lStep, i);
      stF(src, i, ldF(src, i) - ldF(lVal, k) * v);
      reach(t, t);
    }
  }
  return m;
}

/** One step of FTRAN's U stage: solves for step s, zeroes its src row, writes out and lists a nonzero. */
@inline function ftranUStep(src: usize, out: usize, idx: usize, s: i32, cnt: i32, hyper: bool): i32 {
  const r = ldI(pivRow, s);
  if (r < 0) return cnt; // replaced by an update
  const p = ldI(pivPos, s);
  let z = ldF(src, r);
  if (z != 0) {
    stF(src, r, 0);
    z /= ldF(uDiag, s);
    for (let k = ldI(uStart, s), e = ldI(uEnd, s); k < e; k++) {
      const i = ldI(uIdx, k);
      stF(src, i, ldF(src, i) - ldF(uVal, k) * z);
      if (hyper) { const t = ldI(rowStep, i); reach(t, stepCap - 1 - t); }
    }
    if (idx != 0) { stI(idx, cnt++, p); stI(pmark, p, pStamp); }
  }
  stF(out, p, z);
  return cnt;
}

/**
 * Solves B z = a. `src` by row (left all zero), its nonzero rows listed in sIdx (sCnt of them; -1:
 * not listed, solve densely); `out` by basis position: written at every position by a dense solve,
 * only at the reached ones by a hyper-sparse one (the caller keeps it zero elsewhere). With `idx`
 * (non-zero) the positions of out's nonzeros are listed there; returns their count.
 */
export function ftran(src: usize, sIdx: usize, sCnt: i32, out: usize, idx: usize, kind: i32 = 0): i32 {
  if (kind != 0 && ldF(density, kind) > DENSE_SHARE) return ftranDense(src, out, idx, kind);
  const from = ftranL(src, sIdx, sCnt);
  for (let q = from < m ? lNzFrom(from) : nLNz; q < nLNz; q++) {
    const s = ldI(lNz, q), v = ldF(src, ldI(lRow, s));
    if (v == 0) continue;
    for (let k = ldI(lStart, s), e = ldI(lStart, s + 1); k < e; k++) { const i = ldI(lIdx, k); stF(src, i, ldF(src, i) - ldF(lVal, k) * v); }
  }
  if (ft) {
    ftranR(src);
    if (kind == KIND_SPIKE) saveSpike(src, from == m);
  }
  let cnt = 0;
  if (idx != 0) pStamp = nextStamp(pmark, pStamp);
  let down = nSteps - 1;
  if (from == m) {
    // hyper-sparse U stage over the reached steps (and the rows of the row etas), descending
    sStamp = nextStamp(smark, sStamp); heapN = 0;
    for (let t = 0; t < reached; t++) { const s = ldI(rowStep, ldI(lRow, ldI(stepList, t))); reach(s, stepCap - 1 - s); }
    if (ft) for (let e = 0; e < etaCount; e++) { const r = ldI(etaPos, e); if (ldF(src, r) != 0) { const s = ldI(rowStep, r); reach(s, stepCap - 1 - s); } }
    const limit = m / HYPER_SHARE;
    let popped = 0;
    down = -1;
    while (heapN > 0) {
      const s = stepCap - 1 - heapPop();
      cnt = ftranUStep(src, out, idx, s, cnt, true);
      if (++popped > limit) { heapN = 0; down = s - 1; break; }
    }
  }
  for (let s = down; s >= 0; s--) cnt = ftranUStep(src, out, idx, s, cnt, false);
  if (!ft) for (let e = 0; e < etaCount; e++) {
    const p = ldI(etaPos, e), xp = ldF(out, p) / ldF(etaPiv, e);
    stF(out, p, xp);
    if (xp == 0) continue;
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) {
      const i = ldI(etaIdx, k);
      stF(out, i, ldF(out, i) - ldF(etaVal, k) * xp);
      if (idx != 0 && ldI(pmark, i) != pStamp) { stI(pmark, i, pStamp); stI(idx, cnt++, i); }
    }
  }
  if (kind != 0) predict(kind, cnt);
  return cnt;
}

/**
 * Predicted result density of each kind of solve (the entering column, the steepest-edge tau, the
 * flips' column, rho), HiGHS's historical density: 0.95 of the last prediction plus 0.05 of the
 * latest result's. Above DENSE_SHARE a solve goes dense from the start: no heap of reached steps,
 * no marks while it runs, the nonzeros listed by one pass over the result at the end (on the
 * multi-period angle LPs with line rows the results are 80-90% dense, where the heap and the
 * marks cost more than they save).
 */
const DENSE_SHARE: f64 = 0.1;
/** Zeroes the predicted densities (each call starts sparse). */
export function resetDensity(): void {
  for (let k = 0; k < 8; k++) stF(density, k, 0);
}

@inline function predict(kind: i32, cnt: i32): void {
  stF(density, kind, 0.95 * ldF(density, kind) + 0.05 * (<f64>cnt / <f64>max(m, 1)));
}

/** FTRAN without heaps or marks (src by row, nonzeros anywhere); lists out's nonzero positions in idx by one pass. */
function ftranDense(src: usize, out: usize, idx: usize, kind: i32): i32 {
  for (let q = 0; q < nLNz; q++) {
    const s = ldI(lNz, q), v = ldF(src, ldI(lRow, s));
    if (v == 0) continue;
    for (let k = ldI(lStart, s), e = ldI(lStart, s + 1); k < e; k++) { const i = ldI(lIdx, k); stF(src, i, ldF(src, i) - ldF(lVal, k) * v); }
  }
  if (ft) {
    ftranR(src);
    if (kind == KIND_SPIKE) saveSpike(src, false);
  }
  for (let s = nSteps - 1; s >= 0; s--) ftranUStep(src, out, 0, s, 0, false);
  if (!ft) for (let e = 0; e < etaCount; e++) {
    const p = ldI(etaPos, e), xp = ldF(out, p) / ldF(etaPiv, e);
    stF(out, p, xp);
    if (xp == 0) continue;
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) { const i = ldI(etaIdx, k); stF(out, i, ldF(out, i) - ldF(etaVal, k) * xp); }
  }
  let cnt = 0;
  for (let p = 0; p < m; p++) if (ldF(out, p) != 0) stI(idx, cnt++, p);
  predict(kind, cnt);
  return cnt;
}

/** Whether ftranPair may run (default on; off by the test hook lpPairSolves: the same bits either way). */
let pairOn: bool = true;
export function setPairSolves(on: bool): void { pairOn = on; }
/** Profile counter: ftranPair calls. */
export let cntPair: f64 = 0;
/** Whether two solves of these kinds would both run dense with Forrest-Tomlin updates (ftranPair applies). */
export function pairDense(kindA: i32, kindB: i32): bool {
  return pairOn && ft && ldF(density, kindA) > DENSE_SHARE && ldF(density, kindB) > DENSE_SHARE;
}
/** Nonzeros of ftranPair's two results. */
export let pairCntA: i32 = 0;
export let pairCntB: i32 = 0;

@inline function pairAt(i: i32): usize { return pairVec + ((<usize>i) << 4); }

/**
 * Two dense FTRANs in one pass over the factors and the update file (Forrest-Tomlin updates only;
 * pairDense): B z = a and B t = b, a from `srcA` (by row, zeroed as read), b from `srcB` (by row,
 * left as is), interleaved in the f64x2 lanes of pairVec, so each factor entry is loaded once and
 * each scattered update is one 16-byte load and store. Each lane takes ftranDense's operations in
 * its order; at a step where one lane's value is zero the scalar solve skips the step, and here
 * the lane's old values are kept by a select (not x - l * 0, which turns -0 into +0), so both
 * results are ftranDense's bits. Writes outA, outB at every position, lists their nonzeros in
 * idxA, idxB (counts in pairCntA, pairCntB); kindA's spike is saved when it is KIND_SPIKE.
 */
export function ftranPair(srcA: usize, srcB: usize, outA: usize, idxA: usize, kindA: i32, outB: usize, idxB: usize, kindB: i32): void {
  const zero = f64x2.splat(0);
  for (let i = 0; i < m; i++) {
    const at = pairAt(i);
    stF(at, 0, ldF(srcA, i)); stF(at, 1, ldF(srcB, i)); stF(srcA, i, 0);
  }
  for (let q = 0; q < nLNz; q++) {
    const s = ldI(lNz, q), v = v128.load(pairAt(ldI(lRow, s))), live = f64x2.ne(v, zero);
    if (!v128.any_true(live)) continue;
    for (let k = ldI(lStart, s), e = ldI(lStart, s + 1); k < e; k++) {
      const at = pairAt(ldI(lIdx, k)), old = v128.load(at);
      v128.store(at, v128.bitselect(f64x2.sub(old, f64x2.mul(v128.load64_splat(lVal + (<usize>k << 3)), v)), old, live));
    }
  }
  for (let e = 0; e < etaCount; e++) {
    const at = pairAt(ldI(etaPos, e));
    let v = v128.load(at);
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) v = f64x2.sub(v, f64x2.mul(v128.load64_splat(etaVal + (<usize>k << 3)), v128.load(pairAt(ldI(etaIdx, k)))));
    v128.store(at, v);
  }
  if (kindA == KIND_SPIKE) {
    nSpike = 0;
    for (let i = 0; i < m; i++) { const v = ldF(pairAt(i), 0); if (v != 0) { stI(spikeIdx, nSpike, i); stF(spikeVal, nSpike, v); nSpike++; } }
  }
  for (let s = nSteps - 1; s >= 0; s--) {
    const r = ldI(pivRow, s);
    if (r < 0) continue; // replaced by an update
    const p = ldI(pivPos, s), at = pairAt(r);
    let z = v128.load(at);
    const live = f64x2.ne(z, zero);
    if (v128.any_true(live)) {
      v128.store(at, v128.bitselect(zero, z, live));
      z = v128.bitselect(f64x2.div(z, v128.load64_splat(uDiag + (<usize>s << 3))), z, live);
      for (let k = ldI(uStart, s), e = ldI(uEnd, s); k < e; k++) {
        const ai = pairAt(ldI(uIdx, k)), old = v128.load(ai);
        v128.store(ai, v128.bitselect(f64x2.sub(old, f64x2.mul(v128.load64_splat(uVal + (<usize>k << 3)), z)), old, live));
      }
    }
    stF(outA, p, f64x2.extract_lane(z, 0)); stF(outB, p, f64x2.extract_lane(z, 1));
  }
  let ca = 0, cb = 0;
  for (let p = 0; p < m; p++) {
    if (ldF(outA, p) != 0) stI(idxA, ca++, p);
    if (ldF(outB, p) != 0) stI(idxB, cb++, p);
  }
  predict(kindA, ca); predict(kindB, cb);
  pairCntA = ca; pairCntB = cb; cntPair += 1;
}

/** Whether a BTRAN of this kind would run dense with Forrest-Tomlin updates (btranPair applies). */
export function btranDenseNext(kind: i32): bool {
  return pairOn && ft && ldF(density, kind) > DENSE_SHARE;
}
/** btranPair's results: the squared norms and the nonzero counts of the two rows. */
export let pairNormA: f64 = 0;
export let pairNormB: f64 = 0;

@inline function pairOutAt(i: i32): usize { return pairOut + ((<usize>i) << 4); }

/**
 * Two dense BTRANs of unit vectors in one pass (Forrest-Tomlin updates only; btranDenseNext):
 * rows pa and pb of B^-1, interleaved in f64x2 lanes as ftranPair does (each lane btranDense's
 * operations in its order, a zero lane kept by a select), and their squared norms summed over the
 * rows in ascending order (pairNormA, pairNormB: the bits of a sum over a dense solve's nonzero
 * list). The nonzero counts go to the density prediction of `kind`, A's first, and are left in
 * pairCntA, pairCntB (the caller checks that B's solve would still have run dense).
 */
export function btranPair(pa: i32, pb: i32, kind: i32): void {
  const zero = f64x2.splat(0);
  for (let i = 0; i < m; i++) v128.store(pairAt(i), zero);
  stF(pairAt(pa), 0, 1.0); stF(pairAt(pb), 1, 1.0);
  for (let t = 0; t < nSteps; t++) {
    const r = ldI(pivRow, t);
    if (r < 0) continue; // replaced by an update
    const at = pairAt(ldI(pivPos, t));
    let y = v128.load(at);
    const live = f64x2.ne(y, zero);
    if (v128.any_true(live)) {
      v128.store(at, v128.bitselect(zero, y, live));
      y = v128.bitselect(f64x2.div(y, v128.load64_splat(uDiag + (<usize>t << 3))), y, live);
      for (let k = ldI(urStart, r), e = k + ldI(urLen, r); k < e; k++) {
        const aq = pairAt(ldI(utPos, k)), old = v128.load(aq);
        v128.store(aq, v128.bitselect(f64x2.sub(old, f64x2.mul(v128.load64_splat(utVal + (<usize>k << 3)), y)), old, live));
      }
    }
    v128.store(pairOutAt(r), y);
  }
  for (let e = etaCount - 1; e >= 0; e--) {
    const y = v128.load(pairOutAt(ldI(etaPos, e))), live = f64x2.ne(y, zero);
    if (!v128.any_true(live)) continue;
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) {
      const ai = pairOutAt(ldI(etaIdx, k)), old = v128.load(ai);
      v128.store(ai, v128.bitselect(f64x2.sub(old, f64x2.mul(v128.load64_splat(etaVal + (<usize>k << 3)), y)), old, live));
    }
  }
  for (let q = nLtNz - 1; q >= 0; q--) {
    const t = ldI(ltNz, q), y = v128.load(pairOutAt(ldI(lRow, t))), live = f64x2.ne(y, zero);
    if (!v128.any_true(live)) continue;
    for (let k = ldI(ltStart, t), e = ldI(ltStart, t + 1); k < e; k++) {
      const ai = pairOutAt(ldI(ltRow, k)), old = v128.load(ai);
      v128.store(ai, v128.bitselect(f64x2.sub(old, f64x2.mul(v128.load64_splat(ltVal + (<usize>k << 3)), y)), old, live));
    }
  }
  let wa: f64 = 0, wb: f64 = 0, ca = 0, cb = 0;
  for (let i = 0; i < m; i++) {
    const at = pairOutAt(i), a = ldF(at, 0), b = ldF(at, 1);
    if (a != 0) { wa += a * a; ca++; }
    if (b != 0) { wb += b * b; cb++; }
  }
  predict(kind, ca);
  pairNormA = wa; pairNormB = wb; pairCntA = ca; pairCntB = cb; cntPair += 1;
}

/** The density prediction of `kind` after a solve with cnt nonzeros (btranPair's second result, once the caller has checked it). */
export function predictAfter(kind: i32, cnt: i32): void { predict(kind, cnt); }

/** BTRAN without heaps or marks (U and L in scatter form); lists out's nonzero rows in idx by one pass. */
function btranDense(c: usize, out: usize, idx: usize, kind: i32): i32 {
  if (!ft) for (let e = etaCount - 1; e >= 0; e--) {
    const p = ldI(etaPos, e);
    let v = ldF(c, p);
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) v -= ldF(etaVal, k) * ldF(c, ldI(etaIdx, k));
    stF(c, p, v / ldF(etaPiv, e));
  }
  for (let t = 0; t < nSteps; t++) btranUStep(c, out, 0, t, 0, false);
  if (ft) {
    if (kind == KIND_ROW) saveRow(out, 0, -1);
    btranR(out, 0, 0);
  }
  for (let q = nLtNz - 1; q >= 0; q--) btranLStep(out, 0, ldI(ltNz, q), 0, false);
  let cnt = 0;
  for (let i = 0; i < m; i++) if (ldF(out, i) != 0) stI(idx, cnt++, i);
  predict(kind, cnt);
  return cnt;
}

/** One step of BTRAN's U stage (scatter form): solves for step t, zeroes its c position, writes out and lists a nonzero. */
@inline function btranUStep(c: usize, out: usize, idx: usize, t: i32, cnt: i32, hyper: bool): i32 {
  const r = ldI(pivRow, t);
  if (r < 0) return cnt; // replaced by an update
  const p = ldI(pivPos, t);
  let y = ldF(c, p);
  if (y != 0) {
    stF(c, p, 0);
    y /= ldF(uDiag, t);
    for (let k = ldI(urStart, r), e = k + ldI(urLen, r); k < e; k++) {
      const q = ldI(utPos, k);
      stF(c, q, ldF(c, q) - ldF(utVal, k) * y);
      if (hyper) { const s = ldI(posStep, q); reach(s, s); }
    }
    if (idx != 0) { stI(idx, cnt++, r); stI(rmark, r, rStamp); }
  }
  stF(out, r, y);
  return cnt;
}

/** One step of BTRAN's L stage (scatter form over L's rows). */
@inline function btranLStep(out: usize, idx: usize, t: i32, cnt: i32, hyper: bool): i32 {
  const y = ldF(out, ldI(lRow, t));
  if (y == 0) return cnt;
  for (let k = ldI(ltStart, t), e = ldI(ltStart, t + 1); k < e; k++) {
    const i = ldI(ltRow, k);
    stF(out, i, ldF(out, i) - ldF(ltVal, k) * y);
    if (idx != 0 && ldI(rmark, i) != rStamp) { stI(rmark, i, rStamp); stI(idx, cnt++, i); }
    if (hyper) { const s = ldI(lStep, i); reach(s, m - 1 - s); }
  }
  return cnt;
}

/**
 * Solves B^T y = c: `c` by basis position (left all zero), its nonzero positions listed in cIdx
 * (cCnt of them; -1: not listed, solve densely); `out` by row, written at every row by a dense
 * solve, only at the reached ones by a hyper-sparse one (the caller keeps it zero elsewhere). U
 * and L are applied in scatter form over their row-wise copies. `idx` (required for a
 * hyper-sparse solve) lists the rows of out's nonzeros; returns their count.
 */
export function btran(c: usize, cIdx: usize, cCnt: i32, out: usize, idx: usize, kind: i32 = 0): i32 {
  if (kind != 0 && ldF(density, kind) > DENSE_SHARE) return btranDense(c, out, idx, kind);
  let hyper = idx != 0 && cCnt >= 0 && cCnt * HYPER_SHARE <= m;
  if (hyper) { sStamp = nextStamp(smark, sStamp); heapN = 0; for (let t = 0; t < cCnt; t++) { const s = ldI(posStep, ldI(cIdx, t)); reach(s, s); } }
  if (!ft) for (let e = etaCount - 1; e >= 0; e--) {
    const p = ldI(etaPos, e);
    let v = ldF(c, p);
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) v -= ldF(etaVal, k) * ldF(c, ldI(etaIdx, k));
    stF(c, p, v / ldF(etaPiv, e));
    if (hyper && v != 0) { const s = ldI(posStep, p); reach(s, s); }
  }
  let cnt = 0;
  if (idx != 0) rStamp = nextStamp(rmark, rStamp);
  const limit = m / HYPER_SHARE;
  let from = hyper ? nSteps : 0;
  if (hyper) {
    let popped = 0;
    while (heapN > 0) {
      const t = heapPop();
      cnt = btranUStep(c, out, idx, t, cnt, true);
      if (++popped > limit) { heapN = 0; from = t + 1; hyper = false; break; }
    }
  }
  for (let t = from; t < nSteps; t++) cnt = btranUStep(c, out, idx, t, cnt, false);
  if (ft) {
    if (kind == KIND_ROW) saveRow(out, idx, idx != 0 ? cnt : -1);
    cnt = btranR(out, idx, cnt);
  }
  let down = m - 1;
  if (hyper) {
    sStamp = nextStamp(smark, sStamp); heapN = 0;
    for (let k = 0; k < cnt; k++) { const s = ldI(lStep, ldI(idx, k)); reach(s, m - 1 - s); }
    let popped = 0;
    down = -1;
    while (heapN > 0) {
      const t = m - 1 - heapPop();
      cnt = btranLStep(out, idx, t, cnt, true);
      if (++popped > limit) { heapN = 0; down = t - 1; break; }
    }
  }
  for (let q = down >= 0 ? ltNzUpTo(down) - 1 : -1; q >= 0; q--) cnt = btranLStep(out, idx, ldI(ltNz, q), cnt, false);
  if (kind != 0) predict(kind, cnt);
  return cnt;
}

/** Applies the row etas in order (FTRAN, src by row): each row's value less its multipliers times the other rows' values. */
function ftranR(src: usize): void {
  for (let e = 0; e < etaCount; e++) {
    const r = ldI(etaPos, e);
    let v = ldF(src, r);
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) v -= ldF(etaVal, k) * ldF(src, ldI(etaIdx, k));
    stF(src, r, v);
  }
}

/** Applies the row etas transposed, last first (BTRAN, out by row), listing new nonzero rows in idx (when given); returns the count. */
function btranR(out: usize, idx: usize, cnt: i32): i32 {
  for (let e = etaCount - 1; e >= 0; e--) {
    const y = ldF(out, ldI(etaPos, e));
    if (y == 0) continue;
    for (let k = ldI(etaStart, e), f = ldI(etaStart, e + 1); k < f; k++) {
      const i = ldI(etaIdx, k);
      stF(out, i, ldF(out, i) - ldF(etaVal, k) * y);
      if (idx != 0 && ldI(rmark, i) != rStamp) { stI(rmark, i, rStamp); stI(idx, cnt++, i); }
    }
  }
  return cnt;
}

/** Saves the entering column after L and the row etas (the spike, by row) for the update: over the reached rows (hyper) or all rows. */
function saveSpike(src: usize, hyper: bool): void {
  nSpike = 0;
  if (!hyper) {
    for (let i = 0; i < m; i++) { const v = ldF(src, i); if (v != 0) { stI(spikeIdx, nSpike, i); stF(spikeVal, nSpike, v); nSpike++; } }
    return;
  }
  rStamp = nextStamp(rmark, rStamp);
  for (let t = 0; t < reached; t++) spikeAt(src, ldI(lRow, ldI(stepList, t)));
  for (let e = 0; e < etaCount; e++) spikeAt(src, ldI(etaPos, e));
}

@inline function spikeAt(src: usize, i: i32): void {
  if (ldI(rmark, i) == rStamp) return;
  stI(rmark, i, rStamp);
  const v = ldF(src, i);
  if (v != 0) { stI(spikeIdx, nSpike, i); stF(spikeVal, nSpike, v); nSpike++; }
}

/** Saves the leaving row's BTRAN after U (by row; nonzeros listed in idx, or cnt -1: all rows) for the update's row eta. */
function saveRow(out: usize, idx: usize, cnt: i32): void {
  nW = 0;
  if (cnt < 0) {
    for (let i = 0; i < m; i++) { const v = ldF(out, i); if (v != 0) { stI(wIdx, nW, i); stF(wVal, nW, v); nW++; } }
    return;
  }
  for (let t = 0; t < cnt; t++) { const i = ldI(idx, t), v = ldF(out, i); if (v != 0) { stI(wIdx, nW, i); stF(wVal, nW, v); nW++; } }
}

/** Appends (position p, value v) to U's row i, moving the row to the pool's end when it is full (room checked by the caller). */
function addToURow(i: i32, p: i32, v: f64): void {
  let st = ldI(urStart, i);
  const len = ldI(urLen, i);
  if (len == ldI(urCap, i)) {
    const cap = 2 * len + 4;
    for (let k = 0; k < len; k++) { stI(utPos, urTop + k, ldI(utPos, st + k)); stF(utVal, urTop + k, ldF(utVal, st + k)); }
    st = urTop; stI(urStart, i, st); stI(urCap, i, cap); urTop += cap;
  }
  stI(utPos, st + len, p); stF(utVal, st + len, v); stI(urLen, i, len + 1);
}

/**
 * The Forrest-Tomlin update (HiGHS's HFactor::updateFT, our own code) at basis position p, whose
 * entering column has pivot alpha: U's column of p is replaced by the spike (saved by the FTRAN of
 * the entering column) as a new last step, p's row leaves U, and its entries right of the old
 * step become a row eta: the leaving row's BTRAN after U (saved by rho's BTRAN) times minus the
 * old pivot. The new pivot is the old times alpha. False when a file is full (refactorize).
 */
function pushFT(p: i32, alpha: f64): bool {
  const s = ldI(posStep, p), r = ldI(pivRow, s), S = nSteps;
  if (etaCount >= etaMax || S >= stepCap || etaUsed + nW > etaCap || uUsed + nSpike > uCap) return false;
  if (etaUsed + ftWork > etaBudget) return false;
  let need = 0;
  for (let t = 0; t < nSpike; t++) { const i = ldI(spikeIdx, t); if (i != r && ldI(urLen, i) >= ldI(urCap, i)) need += 2 * ldI(urLen, i) + 4; }
  if (urTop + need > utCap) return false;
  const diag = ldF(uDiag, s);
  cntSpike += <f64>nSpike; cntRowEta += <f64>nW;
  // row r leaves U: take its entries out of the columns right of step s
  for (let k = ldI(urStart, r), e = k + ldI(urLen, r); k < e; k++) {
    const t = ldI(posStep, ldI(utPos, k)), last = ldI(uEnd, t) - 1;
    let f = ldI(uStart, t);
    while (ldI(uIdx, f) != r) f++;
    stI(uIdx, f, ldI(uIdx, last)); stF(uVal, f, ldF(uVal, last)); stI(uEnd, t, last);
  }
  stI(urLen, r, 0);
  // column s leaves U: take its entries out of their rows
  for (let k = ldI(uStart, s), e = ldI(uEnd, s); k < e; k++) {
    const i = ldI(uIdx, k), st = ldI(urStart, i), last = st + ldI(urLen, i) - 1;
    let f = st;
    while (ldI(utPos, f) != p) f++;
    stI(utPos, f, ldI(utPos, last)); stF(utVal, f, ldF(utVal, last)); stI(urLen, i, ldI(urLen, i) - 1);
  }
  stI(pivRow, s, -1);
  // the spike is U's new last column
  stI(uStart, S, uUsed);
  for (let t = 0; t < nSpike; t++) {
    const i = ldI(spikeIdx, t), v = ldF(spikeVal, t);
    if (i == r || abs(v) <= DROP) continue;
    stI(uIdx, uUsed, i); stF(uVal, uUsed, v); uUsed++;
    addToURow(i, p, v);
  }
  ftWork += uUsed - ldI(uStart, S);
  stI(uEnd, S, uUsed); stI(uStart, S + 1, uUsed);
  stF(uDiag, S, diag * alpha); stI(pivRow, S, r); stI(pivPos, S, p); stI(rowStep, r, S); stI(posStep, p, S);
  nSteps = S + 1;
  // the row eta
  stI(etaPos, etaCount, r); stI(etaStart, etaCount, etaUsed);
  for (let t = 0; t < nW; t++) {
    const i = ldI(wIdx, t), v = -ldF(wVal, t) * diag;
    if (i == r || abs(v) <= DROP) continue;
    stI(etaIdx, etaUsed, i); stF(etaVal, etaUsed, v); etaUsed++;
  }
  etaCount++;
  stI(etaStart, etaCount, etaUsed);
  etaSum += <f64>(etaUsed + ftWork);
  return true;
}

/** Records the basis change at position p with entering column alpha (= B^-1 a_q, by position, nonzeros listed in idx); false when the file is full. */
export function pushEta(p: i32, alpha: usize, idx: usize, cnt: i32): bool {
  freshClean = false;
  if (ft) return pushFT(p, ldF(alpha, p));
  if (etaCount >= etaMax || etaUsed + cnt > etaCap || etaUsed > etaBudget) return false;
  stI(etaPos, etaCount, p); stF(etaPiv, etaCount, ldF(alpha, p)); stI(etaStart, etaCount, etaUsed);
  for (let t = 0; t < cnt; t++) {
    const i = ldI(idx, t), v = ldF(alpha, i);
    if (i == p || abs(v) <= DROP) continue;
    stI(etaIdx, etaUsed, i); stF(etaVal, etaUsed, v); etaUsed++;
  }
  etaCount++;
  stI(etaStart, etaCount, etaUsed);
  etaSum += <f64>etaUsed;
  return true;
}
