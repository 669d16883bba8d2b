// Problem data and solver state of one LP call, as module globals over arena columns (no managed
// objects). Variables 0..n-1 are the columns, n..n+m-1 the rows' logicals: row i reads
// A_i x - r_i = 0 with r_i within the row's bounds, so the logical's column is -e_i. Internally the
// engine minimizes (a maximization's costs are negated on the way in) on a scaled copy (scale.ts).
import { allocI, allocF, stI, stF } from "../grid/mem";

/** Capacity of the hyper-sparse CHUZR's candidate set (dual.ts). */
export const CHZ_CAP: i32 = 256;

/** Status of a variable: in the basis, or nonbasic at its lower bound, its upper bound, or at zero (free). */
export const BASIC: i32 = 0;
export const AT_LOWER: i32 = 1;
export const AT_UPPER: i32 = 2;
export const AT_ZERO: i32 = 3;

export let m: i32 = 0;            // rows
export let n: i32 = 0;            // columns
export let nv: i32 = 0;           // n + m
export let nnz: i32 = 0;
// the matrix, scaled in place (input columns), and its row-wise copy
export let colStart: usize = 0;   // i32[n+1]
export let colRow: usize = 0;     // i32[nnz]
export let colVal: usize = 0;     // f64[nnz]
export let rowStart: usize = 0;   // i32[m+1]
export let rowCol: usize = 0;     // i32[nnz]
export let rowVal: usize = 0;     // f64[nnz]
// the merit order of each row's column singletons (dual.ts, "merit order"): a row's entries are
// its other columns first, then [sFirst, end) its singletons, sorted by key costW_j / a_ij (sKey,
// by entry) at each iterate; rowMid: the end of the part pivotRow visits (singletons whose cost a
// shift changed join it within the call)
export let sFirst: usize = 0;     // i32[m]
export let rowMid: usize = 0;     // i32[m]
export let sKey: usize = 0;       // f64[nnz]
export let sMinA: usize = 0;      // f64[m]: least |a_ij| of the row's sorted singletons
export let sRow: usize = 0;       // i32[m]: the pivot row's rows with sorted singletons
export let sCur: usize = 0;       // i32[m]: each one's next entry in ratio order
// parallel columns (dual.ts, "parallel columns"): columns with the same rows and the same values
// bit for bit, or all negated, form a class; PRICE sums the class once, at its representative
// (its lowest column), whose entries come first in each row ([rowStart, repEnd); the other
// members' entries follow in [repEnd, sFirst), both in column order)
export let repOf: usize = 0;      // i32[n]: the class's representative, ~it when the column is its negation
export let cFirst: usize = 0;     // i32[n]: by representative, the index in rho's list of the row where PRICE first reached it
export let repEnd: usize = 0;     // i32[m]
export let memStart: usize = 0;   // i32[n+1]: by representative, its class's members (itself first) at [memStart[r], memStart[r+1]) of memList
export let memList: usize = 0;    // i32[n]: each class's columns in ascending order
export let classHash: usize = 0;  // i32[classHashSize(n)]: open-addressing table of representatives (at load)
export let colScale: usize = 0;   // f64[n]: x = colScale * x'
export let rowScale: usize = 0;   // f64[m]: r' = rowScale * r
// per variable (nv)
export let lo: usize = 0;         // f64: bounds in use (phase 1 replaces them)
export let up: usize = 0;
export let loOrig: usize = 0;     // f64: the scaled bounds of the problem
export let upOrig: usize = 0;
export let cost: usize = 0;       // f64: scaled costs (minimization)
export let costW: usize = 0;      // f64: working costs (perturbed, shifted)
export let x: usize = 0;          // f64: values (basic ones kept current too)
export let d: usize = 0;          // f64: reduced costs
export let stat: usize = 0;       // i32: BASIC / AT_LOWER / AT_UPPER / AT_ZERO
export let pos: usize = 0;        // i32: basis position, -1 when nonbasic
export let alphaRow: usize = 0;   // f64: the pivot row
export let cand: usize = 0;       // i32: ratio test candidates
export let candKey: usize = 0;    // f64: their ratios
export let candHarris: usize = 0; // f64: suffix minima of their Harris bounds
export let heapKey: usize = 0;    // i32: candidate slots, a min-heap by ratio
export let heapHar: usize = 0;    // i32: candidate slots, a min-heap by Harris bound
export let gone: usize = 0;       // i32: 1 for a candidate slot taken from heapKey
export let flipList: usize = 0;   // i32: the flipped variables, then the entering group
export let touched: usize = 0;    // i32: variables the pivot row reaches
export let tmark: usize = 0;      // i32: stamps by variable
// per row / basis position (m)
export let head: usize = 0;       // i32: variable basic at each position
export let weight: usize = 0;     // f64: dual steepest-edge weights per position
export let rho: usize = 0;        // f64: BTRAN result (by row)
export let col: usize = 0;        // f64: FTRAN result (by position)
export let tau: usize = 0;        // f64: FTRAN of rho (steepest-edge update)
export let work: usize = 0;       // f64: scratch by row
export let work2: usize = 0;      // f64: scratch by position
export let mark: usize = 0;       // i32: stamps by row
export let list: usize = 0;       // i32: pattern by row
export let heapI: usize = 0;      // i32: min-heap of pivot indices (factorization)
// sparse vectors: dense values plus the list of their nonzero indices (lu.ts, dual.ts)
export let rhs: usize = 0;        // f64: FTRAN right-hand side by row, all zero between uses
export let pairVec: usize = 0;    // f64x2[rows]: two right-hand sides interleaved by row (lu.ts ftranPair, btranPair)
export let pairOut: usize = 0;    // f64x2[rows]: btranPair's two results interleaved by row
export let cvec: usize = 0;       // f64: BTRAN right-hand side by position, all zero between uses
export let colIdx: usize = 0;     // i32: positions where col (the FTRAN of the entering column) is nonzero
export let rhoIdx: usize = 0;     // i32: rows where rho is nonzero
export let flipIdx: usize = 0;    // i32: positions where the flips' FTRAN is nonzero
export let pmark: usize = 0;      // i32: stamps by position (FTRAN lists)
export let rmark: usize = 0;      // i32: stamps by row (BTRAN lists)
export let infeas: usize = 0;     // f64: squared primal infeasibility of each basic position (0 when within bounds)
export let srcIdx: usize = 0;     // i32: rows of a solve's right-hand side (FTRAN) or positions (BTRAN)
export let stepList: usize = 0;   // i32: steps a hyper-sparse solve reached (between its L and U stages)
export let smark: usize = 0;      // i32: stamps by step (hyper-sparse solves)
export let posStep: usize = 0;    // i32: step of each basis position (inverse of pivPos)
export let tauIdx: usize = 0;     // i32: positions where tau is nonzero
export let flipOut: usize = 0;    // f64: the flips' FTRAN by position (all zero between uses, but at flipIdx)
export let dualY: usize = 0;      // f64: the duals by row (computeDual)
export let infList: usize = 0;    // i32: the basic positions with a nonzero infeasibility (CHUZR's candidates)
export let infWhere: usize = 0;   // i32: each position's index in infList, -1 when absent
export let chzMark: usize = 0;    // i32: stamps by position (hyper-sparse CHUZR: touched since the last CHUZR)
export let chzTouched: usize = 0; // i32: the positions touched since the last CHUZR
export let chzIn: usize = 0;      // i32: 1 for a position in CHUZR's candidate set
export let chzSet: usize = 0;     // i32[CHZ_CAP]: CHUZR's candidate set
export let density: usize = 0;    // f64[8]: predicted result density of each kind of solve (lu.ts)
// the LU factors (lu.ts)
export let luCap: i32 = 0;        // nonzeros the L and U files can hold together
// U's steps: 0..m-1 from the factorization, then one per Forrest-Tomlin update (the replaced
// step dies: pivRow -1); L keeps the factorization's own step of each row (lRow, lStep).
export let stepCap: i32 = 0;      // m + etaMax
export let pivRow: usize = 0;     // i32[stepCap]: pivot row of U step k (-1: replaced by an update)
export let pivPos: usize = 0;     // i32[stepCap]: basis position of U step k
export let rowStep: usize = 0;    // i32[m]: U step of each row (-1 before it is pivoted)
export let uDiag: usize = 0;      // f64[stepCap]
export let uStart: usize = 0;     // i32[stepCap+1]
export let uEnd: usize = 0;       // i32[stepCap]: end of each U column (entries leave by swap with the last)
export let uCap: i32 = 0;         // entries of the U file: luCap + room for the updates' columns
export let lRow: usize = 0;       // i32[m]: pivot row of L step k
export let lStep: usize = 0;      // i32[m]: L step of each row
// the updates' saved partial solves (Forrest-Tomlin): the entering column after L and the row
// etas (the spike, by row), and the leaving row's BTRAN after U (by row)
export let spikeIdx: usize = 0;   // i32[m]
export let spikeVal: usize = 0;   // f64[m]
export let wIdx: usize = 0;       // i32[m]
export let wVal: usize = 0;       // f64[m]
export let lStart: usize = 0;     // i32[m+1]
export let uIdx: usize = 0;       // i32[luCap]: row of each U entry
export let uVal: usize = 0;
export let lIdx: usize = 0;       // i32[luCap]: row of each L entry
export let lVal: usize = 0;
// the factors row-wise, for BTRAN in scatter form: U by row (a segment of a pool per row, moved
// to the pool's end when an update outgrows it), L by the step of each entry's row
export let urStart: usize = 0;    // i32[m]
export let urLen: usize = 0;      // i32[m]
export let urCap: usize = 0;      // i32[m]
export let utCap: i32 = 0;        // entries of the U row pool
export let utPos: usize = 0;      // i32[utCap]: basis position of the entry's column
export let utVal: usize = 0;
export let ltStart: usize = 0;    // i32[m+1]
export let lNz: usize = 0;        // i32[rows]: the steps whose L column has entries, ascending (dense FTRANs skip the others)
export let ltNz: usize = 0;       // i32[rows]: the steps whose L row (ltStart) has entries, ascending (dense BTRANs)
export let ltRow: usize = 0;      // i32[luCap]: pivot row of the entry's column
export let ltVal: usize = 0;
export let order: usize = 0;      // i32[m]: basis positions in the order they are factorized
// The Markowitz factorization's active matrix (lu.ts factorKernel): columns by basis position and
// row patterns, each a segment of a pool that moves to the pool's end when it outgrows its room.
export let mcStart: usize = 0;    // i32[m]
export let mcLen: usize = 0;      // i32[m]
export let mcCap: usize = 0;      // i32[m]
export let mcIdx: usize = 0;      // i32[pool]: row of each entry
export let mcVal: usize = 0;      // f64[pool]
export let mrStart: usize = 0;    // i32[m]
export let mrLen: usize = 0;      // i32[m]
export let mrCap: usize = 0;      // i32[m]
export let mrIdx: usize = 0;      // i32[pool]: position of each entry (active columns only)
export let colCnt: usize = 0;     // i32[m]: active entries of each column (rows without a pivot)
export let colFirst: usize = 0;   // i32[m+1]: first column of each count (-1: none)
export let colNext: usize = 0;    // i32[m]
export let colPrev: usize = 0;    // i32[m]
export let rowFirst: usize = 0;   // i32[m+1]
export let rowNext: usize = 0;    // i32[m]
export let rowPrev: usize = 0;    // i32[m]
export let rowAt: usize = 0;      // i32[m]: offset of a row's entry in the column being updated
export let poolCap: i32 = 0;      // entries of each pool
export let rowCount: usize = 0;   // i32[m]: entries of each row in the columns not yet factorized
// updates since the last factorization: product-form eta columns, or Forrest-Tomlin row etas
export let etaMax: i32 = 0;       // updates the file can hold
export let etaCap: i32 = 0;       // entries
export let etaPos: usize = 0;     // i32[etaMax]: basis position of each update (product form) or its row (Forrest-Tomlin)
export let etaPiv: usize = 0;     // f64[etaMax]: its pivot (product form)
export let etaStart: usize = 0;   // i32[etaMax+1]
export let etaIdx: usize = 0;     // i32[etaCap]
export let etaVal: usize = 0;     // f64[etaCap]

let dry: bool = false;
let need: usize = 0;

function takeI(k: i32): usize {
  if (dry) { need += ((<usize>max(k, 1)) << 2) + 32; return 0; }
  return allocI(k);
}

function takeF(k: i32): usize {
  if (dry) { need += ((<usize>max(k, 1)) << 3) + 32; return 0; }
  return allocF(k);
}

/** Allocates every work column of one call (or, dry, only counts the bytes: lpWorkBytes). */
function plan(rows: i32, cols: i32, nz: i32, lu: i32): void {
  const v = rows + cols;
  rowStart = takeI(rows + 1); rowCol = takeI(nz); rowVal = takeF(nz);
  sFirst = takeI(rows); rowMid = takeI(rows); sKey = takeF(nz); sMinA = takeF(rows); sRow = takeI(rows); sCur = takeI(rows);
  repOf = takeI(cols); cFirst = takeI(cols); repEnd = takeI(rows); memStart = takeI(cols + 1); memList = takeI(cols); classHash = takeI(classHashSize(cols));
  colScale = takeF(cols); rowScale = takeF(rows);
  lo = takeF(v); up = takeF(v); loOrig = takeF(v); upOrig = takeF(v); cost = takeF(v); costW = takeF(v);
  x = takeF(v); d = takeF(v); stat = takeI(v); pos = takeI(v); alphaRow = takeF(v);
  cand = takeI(v); candKey = takeF(v); candHarris = takeF(v); touched = takeI(v); tmark = takeI(v);
  heapKey = takeI(v); heapHar = takeI(v); gone = takeI(v); flipList = takeI(v);
  head = takeI(rows); weight = takeF(rows); rho = takeF(rows); col = takeF(rows); tau = takeF(rows);
  work = takeF(rows); work2 = takeF(rows); mark = takeI(rows); list = takeI(rows); heapI = takeI(rows);
  const em = etaUpdates(rows), ec = etaEntries(rows, lu), sc = rows + em;
  pivRow = takeI(sc); pivPos = takeI(sc); rowStep = takeI(rows); uDiag = takeF(sc);
  uStart = takeI(sc + 1); uEnd = takeI(sc); lStart = takeI(rows + 1); order = takeI(rows); rowCount = takeI(rows);
  lRow = takeI(rows); lStep = takeI(rows);
  spikeIdx = takeI(rows); spikeVal = takeF(rows); wIdx = takeI(rows); wVal = takeF(rows);
  const uc = uSize(lu, ec), tc = utSize(rows, lu, ec);
  uIdx = takeI(uc); uVal = takeF(uc); lIdx = takeI(lu); lVal = takeF(lu);
  urStart = takeI(rows); urLen = takeI(rows); urCap = takeI(rows); utPos = takeI(tc); utVal = takeF(tc);
  ltStart = takeI(rows + 1); ltRow = takeI(lu); ltVal = takeF(lu); lNz = takeI(rows); ltNz = takeI(rows);
  rhs = takeF(rows); cvec = takeF(rows); colIdx = takeI(rows); rhoIdx = takeI(rows); flipIdx = takeI(rows);
  pmark = takeI(rows); rmark = takeI(rows); infeas = takeF(rows);
  srcIdx = takeI(rows); stepList = takeI(rows); smark = takeI(rows + em); posStep = takeI(rows); tauIdx = takeI(rows); flipOut = takeF(rows);
  dualY = takeF(rows); infList = takeI(rows); infWhere = takeI(rows); density = takeF(8);
  chzMark = takeI(rows); chzTouched = takeI(rows); chzIn = takeI(rows); chzSet = takeI(CHZ_CAP);
  pairVec = takeF(2 * rows); pairOut = takeF(2 * rows);
  const pc = poolSize(rows, lu);
  mcStart = takeI(rows); mcLen = takeI(rows); mcCap = takeI(rows); mcIdx = takeI(pc); mcVal = takeF(pc);
  mrStart = takeI(rows); mrLen = takeI(rows); mrCap = takeI(rows); mrIdx = takeI(pc); colCnt = takeI(rows);
  colFirst = takeI(rows + 1); colNext = takeI(rows); colPrev = takeI(rows); rowFirst = takeI(rows + 1); rowNext = takeI(rows); rowPrev = takeI(rows); rowAt = takeI(rows);
  etaPos = takeI(em); etaPiv = takeF(em); etaStart = takeI(em + 1); etaIdx = takeI(ec); etaVal = takeF(ec);
}

/** Slots of the parallel columns' hash table: a power of two, at least twice the columns. */
export function classHashSize(cols: i32): i32 {
  let h = 16;
  while (h < 2 * cols) h <<= 1;
  return h;
}

/** Entries of each pool of the Markowitz factorization's active matrix (past it the left-looking factorization runs instead). */
function poolSize(rows: i32, lu: i32): i32 {
  return lu + 8 * rows + 64;
}

/**
 * Updates kept between factorizations at most (HiGHS's update limit, 100 + m / 100); before that
 * the refactorization by cost (lu.ts refactorDue) and the file sizes trigger it. Until this
 * version 50 for every LP (docs/lp.md, "Refactorization by cost").
 */
export function etaUpdates(rows: i32): i32 {
  return min(min(100 + rows / 100, 1000), max(rows, 1));
}

/**
 * Entries of the U file: the factorization's, then the Forrest-Tomlin updates' columns (half the
 * update file's entries: the spikes are far shorter than the product form's columns, docs/lp.md;
 * a full file asks for a refactorization, as the update file does).
 */
function uSize(lu: i32, ec: i32): i32 {
  return lu + (ec >> 1);
}

/** Entries of U's row pool: U's file, room of 4 per row, and the rows moved when they outgrow their room. */
function utSize(rows: i32, lu: i32, ec: i32): i32 {
  return lu + (ec >> 1) + 8 * rows + 64;
}

/** Entries of the update file: as much as the LU's own file, at least room for a few full columns. */
function etaEntries(rows: i32, lu: i32): i32 {
  return max(lu, 4 * rows + 64);
}

/** Bytes of work columns one call of these sizes allocates (the caller reserves them first). */
export function workBytes(rows: i32, cols: i32, nz: i32, lu: i32): f64 {
  dry = true; need = 0;
  plan(rows, cols, nz, lu);
  dry = false;
  return <f64>need;
}

/** Sets the sizes and allocates the work columns of one call. */
export function allocWork(rows: i32, cols: i32, nz: i32, lu: i32): void {
  m = rows; n = cols; nv = rows + cols; nnz = nz; luCap = lu; poolCap = poolSize(rows, lu);
  etaMax = etaUpdates(rows); etaCap = etaEntries(rows, lu);
  stepCap = rows + etaMax; uCap = uSize(lu, etaCap); utCap = utSize(rows, lu, etaCap);
  plan(rows, cols, nz, lu);
  clearWork();
}

/** Zeroes the marks and the sparse vectors that must start each call at zero (a resident engine's next call too: lpResolve). */
export function clearWork(): void {
  for (let i = 0; i < stepCap; i++) stI(smark, i, 0);
  for (let i = 0; i < m; i++) {
    stF(rhs, i, 0); stF(cvec, i, 0); stI(pmark, i, 0); stI(rmark, i, 0); stI(chzMark, i, 0); stI(chzIn, i, 0);
    stF(col, i, 0); stF(tau, i, 0); stF(flipOut, i, 0); stF(rho, i, 0);
  }
}

/** Points the engine at the caller's matrix columns (scaled in place). */
export function setMatrix(cs: usize, cr: usize, cv: usize): void {
  colStart = cs; colRow = cr; colVal = cv;
}
