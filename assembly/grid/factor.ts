// The factorized DC network: the layout shared by every grid routine and by the TypeScript side.
//
// Persistence design: the factor lives in ordinary arena columns described by one GridFactor
// header. `factorize` builds it inside one call; TypeScript then copies the columns out to JS typed
// arrays (the arena is reset after every call, as for every other entry point) and copies them back
// in for each later call (a memcpy of O(nnz(L)) bytes, far cheaper than the solve it feeds). So no
// region outlives a call, reset semantics stay untouched, any number of networks can coexist, and
// repeated calls do not grow memory. Core code (e.g. the nodal clearing) may instead factorize
// once inside its own call and reuse the GridFactor for every solve of that call.
import { STATUS_OK, STATUS_BAD_INPUT, STATUS_SINGULAR } from "../abi";
import { ldI, stI, ldF, stF, allocI, allocF, fillI, zeroF } from "./mem";
import { minimumDegreeOrder } from "./order";
import { ldlSymbolic, ldlNumeric } from "./ldl";

/** Header of a factorized network; byte offsets are mirrored in src/grid/layout.ts. */
@unmanaged
export class GridFactor {
  /** System base (MVA): flow_MW = baseMVA * (theta_f - theta_t - shift) / x. */
  baseMVA: f64 = 0; // @0
  nBus: i32 = 0; // @8
  nLine: i32 = 0; // @12
  /** Dimension of the reduced system: buses minus one reference per island. */
  m: i32 = 0; // @16
  nnzL: i32 = 0; // @20
  /** i32[nBus]: in: -1 for a reference bus, >= 0 otherwise; out: position in the factor or -1. */
  busPos: usize = 0; // @24
  /** i32[m]: bus at each factor position. */
  posBus: usize = 0; // @28
  /** i32[m+1], i32[nnzL], f64[nnzL]: strictly lower L by columns (unit diagonal implied). */
  lp: usize = 0; // @32
  li: usize = 0; // @36
  lx: usize = 0; // @40
  /** f64[m]: the diagonal D of L D L^T. */
  d: usize = 0; // @44
  /** i32[nLine] x2, f64[nLine] x2: line ends (bus indices), reactance (p.u.), shift (rad). */
  lineFrom: usize = 0; // @48
  lineTo: usize = 0; // @52
  lineX: usize = 0; // @56
  lineShift: usize = 0; // @60
  /** f64[m]: scratch for solves. */
  work: usize = 0; // @64
}

/** Checks line endpoints and reactances so that a bad header is a status code, not a trap. */
function checkInput(g: GridFactor): bool {
  if (g.nBus < 0 || g.nLine < 0) return false;
  for (let l = 0; l < g.nLine; l++) {
    const f = ldI(g.lineFrom, l), t = ldI(g.lineTo, l);
    if (f < 0 || f >= g.nBus || t < 0 || t >= g.nBus || f == t) return false;
    const x = ldF(g.lineX, l);
    if (!(x != 0) || !isFinite(x) || !isFinite(ldF(g.lineShift, l))) return false;
  }
  return true;
}

/** Numbers the non-reference buses 0..m-1 (reduced index) in busPos; returns m. */
function reduceIndex(g: GridFactor): i32 {
  let m = 0;
  for (let b = 0; b < g.nBus; b++) {
    if (ldI(g.busPos, b) >= 0) stI(g.busPos, b, m++);
  }
  return m;
}

/**
 * Builds the reduced susceptance matrix B' = A^T diag(1/x) A (reference rows and columns removed)
 * as a full symmetric CSC with duplicates summed; returns the column pointer array, sets ai/ax.
 */
function assembleB(g: GridFactor, m: i32, out: usize): void {
  const ap = allocI(m + 1), pos = allocI(m);
  fillI(pos, m, 1);
  for (let l = 0; l < g.nLine; l++) {
    const rf = ldI(g.busPos, ldI(g.lineFrom, l)), rt = ldI(g.busPos, ldI(g.lineTo, l));
    if (rf >= 0 && rt >= 0) { stI(pos, rf, ldI(pos, rf) + 1); stI(pos, rt, ldI(pos, rt) + 1); }
  }
  stI(ap, 0, 0);
  for (let j = 0; j < m; j++) stI(ap, j + 1, ldI(ap, j) + ldI(pos, j));
  const cap = ldI(ap, m);
  const ai = allocI(cap), ax = allocF(cap);
  zeroF(ax, cap);
  for (let j = 0; j < m; j++) { const p = ldI(ap, j); stI(ai, p, j); stI(pos, j, p + 1); }
  for (let l = 0; l < g.nLine; l++) {
    const rf = ldI(g.busPos, ldI(g.lineFrom, l)), rt = ldI(g.busPos, ldI(g.lineTo, l));
    const b = 1.0 / ldF(g.lineX, l);
    if (rf >= 0) stF(ax, ldI(ap, rf), ldF(ax, ldI(ap, rf)) + b);
    if (rt >= 0) stF(ax, ldI(ap, rt), ldF(ax, ldI(ap, rt)) + b);
    if (rf >= 0 && rt >= 0) {
      let p = ldI(pos, rf); stI(ai, p, rt); stF(ax, p, -b); stI(pos, rf, p + 1);
      p = ldI(pos, rt); stI(ai, p, rf); stF(ax, p, -b); stI(pos, rt, p + 1);
    }
  }
  sumDuplicates(m, ap, ai, ax, pos);
  store<usize>(out, ap); store<usize>(out, ai, 4); store<usize>(out, ax, 8);
}

/** Merges repeated row indices within each column (parallel lines) in place. */
function sumDuplicates(m: i32, ap: usize, ai: usize, ax: usize, where: usize): void {
  const mark = allocI(m);
  fillI(mark, m, -1);
  let dst = 0, start = 0;
  for (let j = 0; j < m; j++) {
    const end = ldI(ap, j + 1);
    const colStart = dst;
    for (let p = start; p < end; p++) {
      const i = ldI(ai, p);
      if (ldI(mark, i) == j) {
        const q = ldI(where, i);
        stF(ax, q, ldF(ax, q) + ldF(ax, p));
      } else {
        stI(mark, i, j); stI(where, i, dst);
        stI(ai, dst, i); stF(ax, dst, ldF(ax, p)); dst++;
      }
    }
    stI(ap, j, colStart);
    start = end;
  }
  stI(ap, m, dst);
}

/**
 * Factorizes the network once: reduced B', minimum-degree ordering, sparse L D L^T. Allocates
 * the factor columns in the arena and fills the header; returns a status (STATUS_SINGULAR when
 * an island's matrix is singular, e.g. by cancelling negative reactances).
 */
export function factorize(g: GridFactor): i32 {
  if (!checkInput(g)) return STATUS_BAD_INPUT;
  const m = reduceIndex(g);
  g.m = m;
  const mats = heap.alloc(16);
  assembleB(g, m, mats);
  const ap = load<usize>(mats), ai = load<usize>(mats, 4), ax = load<usize>(mats, 8);
  const perm = allocI(m), pinv = allocI(m);
  minimumDegreeOrder(m, ap, ai, perm);
  for (let k = 0; k < m; k++) stI(pinv, ldI(perm, k), k);
  g.lp = allocI(m + 1);
  const parent = allocI(m);
  g.nnzL = ldlSymbolic(m, ap, ai, g.lp, parent, perm, pinv);
  g.li = allocI(g.nnzL); g.lx = allocF(g.nnzL); g.d = allocF(m); g.work = allocF(m);
  const ok = ldlNumeric(m, ap, ai, ax, g.lp, parent, g.li, g.lx, g.d, perm, pinv);
  g.posBus = allocI(m);
  for (let b = 0; b < g.nBus; b++) {
    const r = ldI(g.busPos, b);
    if (r >= 0) { const k = ldI(pinv, r); stI(g.busPos, b, k); stI(g.posBus, k, b); }
  }
  return ok ? STATUS_OK : STATUS_SINGULAR;
}

/** Solves B' y = rhs in place (rhs and y in factor positions): L, D, then L^T. */
export function solve(g: GridFactor, x: usize): void {
  const m = g.m, lp = g.lp, li = g.li, lx = g.lx;
  for (let j = 0; j < m; j++) {
    const xj = ldF(x, j);
    if (xj == 0) continue;
    const end = ldI(lp, j + 1);
    for (let p = ldI(lp, j); p < end; p++) {
      const i = ldI(li, p);
      stF(x, i, ldF(x, i) - ldF(lx, p) * xj);
    }
  }
  for (let j = 0; j < m; j++) stF(x, j, ldF(x, j) / ldF(g.d, j));
  for (let j = m - 1; j >= 0; j--) {
    let s = ldF(x, j);
    const end = ldI(lp, j + 1);
    for (let p = ldI(lp, j); p < end; p++) s -= ldF(lx, p) * ldF(x, ldI(li, p));
    stF(x, j, s);
  }
}
