// Lazy line rows: the LP is solved without its Line rows; the rows of the (line, period) pairs the
// solution overloads are added and the LP solved again from the last basis (after appended rows,
// with their logicals basic, the basis stays dual feasible: the dual simplex resumes), until no
// line is overloaded. On a congested day only the binding pairs of T x lines ever become rows.
import { GridclearError } from '../errors.js';
import type { GridModel } from '../grid/index.js';
import type { LpSolution, LpSolver, PeriodsLp } from './formulation.js';

/** Rows to append, by row: row k has entries index/value[start[k] .. start[k+1]) and bounds lower[k] <= . <= upper[k]. */
export interface AppendRows {
  lower: Float64Array;
  upper: Float64Array;
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** Columns to append, by column (see WarmLp.addColumns). */
export interface AppendColumns {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  cost: ArrayLike<number>;
  start: ArrayLike<number>;
  index: ArrayLike<number>;
  value: ArrayLike<number>;
  atUpper?: ArrayLike<boolean | number>;
}

/** What the loop needs of a warm-started LP method (the Wasm engine's LpEngine has it). */
export interface WarmLp {
  /** Solves the current LP from the last basis. */
  solve(): LpSolution;
  /** Appends rows (their duals come after the LP's own rows in rowDual). */
  addRows(rows: AppendRows): void;
  /**
   * Optional: change a column's / an original row's bounds, keeping the basis. With both, a call of
   * the solver on an LP that differs from the last one in bounds only (the tightening re-solves of
   * clearPeriods) goes on from the last LP's rows and basis instead of starting over.
   */
  setColumnBounds?(j: number, lower: number, upper: number): void;
  setRowBounds?(i: number, lower: number, upper: number): void;
  /**
   * Optional: append columns (column k: entries index/value[start[k] .. start[k+1]) over the rows,
   * bounds, cost), nonbasic at their upper bound where `atUpper[k]`, else at their lower (sifting:
   * injectionSolver's `sift`).
   */
  addColumns?(cols: AppendColumns): void;
  /** Optional: start the next solve from this basis (BasisStatus per column, then per row; injectionSolver's `start`). */
  setBasis?(basis: Int32Array): void;
  dispose?(): void;
}

/** Options of lazyLineSolver. */
export interface LazyLineOptions {
  /** Flow excess (MW) over a bound that counts as a violation (default 1e-7). */
  tolerance?: number;
  /** Rounds of adding rows before giving up (default 100). */
  maxRounds?: number;
}

/** Figures of the last lazyLineSolver solve (for tests and benches). */
export interface LazyLineStats {
  rounds: number;
  rowsAdded: number;
}

/**
 * An LpSolver that keeps a warm LP between calls (lazyLineSolver, injectionSolver): `dispose()`
 * disposes of it (an LpEngine hands its Wasm instance back, for the next engine to reuse; the
 * solver itself stays usable and starts over at its next call).
 */
export type WarmSolver = LpSolver & { dispose(): void };

/**
 * An LpSolver for `clearPeriods(market, { lazyLines: true, solver })`: `engine(lp)` makes a warm
 * LP of the LP without its Line rows; violated Line rows are added round by round (ptdf form: the
 * PTDF row over the period's bus columns, needs `grid`; angles form: two entries), and their duals
 * are reported in `lineDual`. `stats` (optional) receives the rounds and rows added.
 */
export function lazyLineSolver(engine: (lp: PeriodsLp) => WarmLp, grid?: GridModel, opts: LazyLineOptions = {}, stats?: LazyLineStats): WarmSolver {
  const tol = opts.tolerance ?? 1e-7, maxRounds = opts.maxRounds ?? 100;
  // the last call's LP, warm LP and appended rows: kept while the next LP differs in bounds only
  let last: { lp: PeriodsLp; w: WarmLp; added: number[]; isRow: Uint8Array } | undefined;
  const drop = () => { last?.w.dispose?.(); last = undefined; };
  const solve = (lp: PeriodsLp): LpSolution => {
    const { T, nL, nB } = lineShape(lp);
    if (nL > 0 && lp.form !== 'angles' && !grid) throw new GridclearError('INVALID_OPTION', 'lazy PTDF line rows need the grid (lazyLineSolver(engine, grid))', { field: 'grid' });
    let w: WarmLp, added: number[], isRow: Uint8Array; // added: (t*nL + l) of each appended row, in order
    if (last && boundsOnly(last.lp, lp) && last.w.setColumnBounds && last.w.setRowBounds) {
      ({ w, added, isRow } = last);
      for (let j = 0; j < lp.numCols; j++) if (lp.colLower[j] !== last.lp.colLower[j] || lp.colUpper[j] !== last.lp.colUpper[j]) w.setColumnBounds!(j, lp.colLower[j], lp.colUpper[j]);
      for (let i = 0; i < lp.numRows; i++) if (lp.rowLower[i] !== last.lp.rowLower[i] || lp.rowUpper[i] !== last.lp.rowUpper[i]) w.setRowBounds!(i, lp.rowLower[i], lp.rowUpper[i]);
      last.lp = lp;
    } else {
      drop();
      w = engine(lp); added = []; isRow = new Uint8Array(T * nL);
      last = { lp, w, added, isRow };
    }
    const ptdf = new Map<number, Float64Array>();
    let iterations = 0, rounds = 0;
    try {
      for (;;) {
        const sol = w.solve();
        iterations += sol.iterations ?? 0;
        if (sol.status !== 'optimal') return { ...sol, rowDual: sol.rowDual.subarray(0, lp.numRows), iterations };
        const rows = violated(lp, sol.x, grid, T, nL, nB, tol, isRow, ptdf);
        if (rows.pairs.length === 0) {
          const lineDual = new Float64Array(T * nL);
          added.forEach((k, r) => { lineDual[k] = sol.rowDual[lp.numRows + r]; });
          if (stats) { stats.rounds = rounds; stats.rowsAdded = added.length; }
          return { status: 'optimal', x: sol.x.subarray(0, lp.numCols), rowDual: sol.rowDual.subarray(0, lp.numRows), lineDual, iterations };
        }
        if (++rounds > maxRounds) throw new GridclearError('INTERNAL', `lazy line rows: still ${rows.pairs.length} overloaded (line, period) pairs after ${maxRounds} rounds`);
        for (const k of rows.pairs) { isRow[k] = 1; added.push(k); }
        w.addRows(rows.rows);
      }
    } catch (e) {
      drop();
      throw e;
    }
  };
  return Object.assign(solve, { dispose: drop });
}

/** True when `b` is `a` with other column or row bounds only (same shape, matrix, costs, line bounds and rows). */
export function boundsOnly(a: PeriodsLp, b: PeriodsLp): boolean {
  if (a === b) return true;
  if (a.numCols !== b.numCols || a.numRows !== b.numRows || a.form !== b.form || a.maximize !== b.maximize) return false;
  const same = (x: ArrayLike<number>, y: ArrayLike<number>, k: number) => {
    if (x === y) return true;
    if (x.length < k || y.length < k) return false;
    for (let i = 0; i < k; i++) if (x[i] !== y[i] && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) return false;
    return true;
  };
  const n = a.numCols, nz = a.colStart[n];
  return same(a.colStart, b.colStart, n + 1) && same(a.colRow, b.colRow, nz) && same(a.colValue, b.colValue, nz) && same(a.colCost, b.colCost, n) &&
    same(a.lineLower, b.lineLower, a.lineLower.length) && a.lineLower.length === b.lineLower.length &&
    same(a.lineUpper, b.lineUpper, a.lineUpper.length) && same(a.lineRow, b.lineRow, a.lineRow.length) && a.lineRow.length === b.lineRow.length &&
    same(a.busCol, b.busCol, a.busCol.length) && a.busCol.length === b.busCol.length && same(a.lineK, b.lineK, a.lineK.length) && a.lineK.length === b.lineK.length;
}

/** Periods, lines and buses of an LP (every period has its Bus rows; rows of other kinds may have period -1). */
export function lineShape(lp: PeriodsLp): { T: number; nL: number; nB: number } {
  let T = 0;
  for (let r = 0; r < lp.numRows; r++) if (lp.rowPeriod[r] >= T) T = lp.rowPeriod[r] + 1;
  return { T, nL: T > 0 ? lp.lineLower.length / T : 0, nB: T > 0 ? lp.busRow.length / T : 0 };
}

/**
 * The (line, period) pairs (t*nL + l) without a row (none in `lp.lineRow`, `isRow` not set) whose
 * flow at x leaves its bounds by more than `tol`, and their rows over the LP's columns. `ptdf`
 * caches the grid's PTDF rows (ptdf form only). `perPeriod`: of each period's, only the most
 * overloaded (excess over the bound relative to 1 + |bound|; ties: the lower line), at most this many.
 */
export function violated(lp: PeriodsLp, x: Float64Array, grid: GridModel | undefined, T: number, nL: number, nB: number, tol: number, isRow: Uint8Array, ptdf: Map<number, Float64Array>, perPeriod = Infinity): { pairs: number[]; rows: AppendRows } {
  const pairs: number[] = [];
  for (let t = 0; t < T; t++) {
    const act = activities(lp, x, grid, t, nL, nB);
    let over: number[] = [];
    for (let l = 0; l < nL; l++) {
      const k = t * nL + l;
      if (isRow[k] || lp.lineRow[k] >= 0 || !(act[l] > lp.lineUpper[k] + tol || act[l] < lp.lineLower[k] - tol)) continue;
      over.push(l);
    }
    if (over.length > perPeriod) {
      const excess = (l: number) => {
        const k = t * nL + l, hi = lp.lineUpper[k], lo = lp.lineLower[k];
        return act[l] > hi ? (act[l] - hi) / (1 + Math.abs(hi)) : (lo - act[l]) / (1 + Math.abs(lo));
      };
      const e = new Map(over.map((l) => [l, excess(l)]));
      over = over.sort((a, b) => e.get(b)! - e.get(a)! || a - b).slice(0, perPeriod).sort((a, b) => a - b);
    }
    for (const l of over) pairs.push(t * nL + l);
  }
  return { pairs, rows: pairRows(lp, grid, pairs, nL, nB, ptdf) };
}

/** The Line rows of the given (line, period) pairs (t*nL + l) over the LP's columns, with their bounds (typed arrays sized once: at most nB entries a row). */
export function pairRows(lp: PeriodsLp, grid: GridModel | undefined, pairs: readonly number[], nL: number, nB: number, ptdf: Map<number, Float64Array>): AppendRows {
  const k = pairs.length, per = lp.form === 'angles' ? 2 : nB;
  const lower = new Float64Array(k), upper = new Float64Array(k), start = new Int32Array(k + 1), index = new Int32Array(k * per), value = new Float64Array(k * per);
  let w = 0;
  for (let q = 0; q < k; q++) {
    const p = pairs[q];
    lower[q] = lp.lineLower[p]; upper[q] = lp.lineUpper[p];
    w = rowEntries(lp, grid, Math.floor(p / nL), p % nL, nB, index, value, w, ptdf);
    start[q + 1] = w;
  }
  return { lower, upper, start, index: w === index.length ? index : index.slice(0, w), value: w === value.length ? value : value.slice(0, w) };
}

/** Each line's Line-row activity in period t at x (its flow minus lineBase). */
function activities(lp: PeriodsLp, x: Float64Array, grid: GridModel | undefined, t: number, nL: number, nB: number): Float64Array {
  // each bus's column value in the period (0 where it has none), in a plain loop (no closure per call)
  const v = new Float64Array(nB), busCol = lp.busCol;
  for (let b = 0; b < nB; b++) { const c = busCol[t * nB + b]; v[b] = c < 0 ? 0 : x[c]; }
  if (lp.form !== 'angles') return grid!.flows(v, { slack: true });
  const out = new Float64Array(nL);
  for (let l = 0; l < nL; l++) out[l] = lp.lineK[l] * (v[lp.lineFrom[l]] - v[lp.lineTo[l]]);
  return out;
}

/** The Line row of (line l, period t) over the LP's columns, written from `w` on; returns the end. */
function rowEntries(lp: PeriodsLp, grid: GridModel | undefined, t: number, l: number, nB: number, index: Int32Array, value: Float64Array, w: number, ptdf: Map<number, Float64Array>): number {
  if (lp.form === 'angles') {
    const f = lp.busCol[t * nB + lp.lineFrom[l]], to = lp.busCol[t * nB + lp.lineTo[l]];
    if (f >= 0) { index[w] = f; value[w++] = lp.lineK[l]; }
    if (to >= 0) { index[w] = to; value[w++] = -lp.lineK[l]; }
    return w;
  }
  let row = ptdf.get(l);
  if (!row) { row = grid!.ptdfRow(l); ptdf.set(l, row); }
  const busCol = lp.busCol, o = t * nB;
  for (let b = 0; b < nB; b++) if (Math.abs(row[b]) > 1e-12) { index[w] = busCol[o + b]; value[w++] = row[b]; }
  return w;
}
