// The PTDF form with the bus injections substituted out: an LP method for the multi-period LP
// whose engine sees no Bus column and no Bus row. In the PTDF form (formulation.ts) a Bus row says
// that the bus's injection column equals the injections of its orders and storage units; that
// column appears only in the island's Balance row and in Line rows. Substituting it there leaves
// an LP over the orders, storage and energy columns whose rows are the Balance rows (one per
// island and period), the Energy and Ramp rows and the Line rows added lazily (a line's PTDF
// entries times each order's and storage unit's injection at its bus): its basis has about
// T x islands + storage and ramp rows + binding lines rows, not T x buses. The solution and duals
// are mapped back to the PTDF form's LP (each injection column the sum of its bus's injections,
// each Bus row's dual from the bus column's zero reduced cost), so the rounding and pricing see
// the LP they were given. The same LP, so the same optimum; see docs/periods.md.
import { GridclearError } from '../errors.js';
import type { GridModel } from '../grid/index.js';
import { LpEngine } from '../lp/engine.js';
import { BasisStatus, type SparseLp } from '../lp/types.js';
import { ColKind, RowKind, type LpSolver, type PeriodsLp } from './formulation.js';
import { columnResting, logicalResting } from './crash.js';
import { boundsOnly, lineShape, violated, type AppendRows, type LazyLineOptions, type LazyLineStats, type WarmLp } from './lazy.js';

/** The substitution of one PTDF-form LP. */
interface Reduction {
  lp: SparseLp;
  /** Original column / row -> reduced (-1: a Bus column / Bus row); reduced -> original. */
  colOf: Int32Array;
  rowOf: Int32Array;
  origCol: Int32Array;
  origRow: Int32Array;
  /** Per original row: the Bus column it defines (-1: not a Bus row) and that column's coefficient in it. */
  busColOfRow: Int32Array;
  busCoef: Float64Array;
  /** Per original column: its Bus row (-1: none) and coefficient there. */
  busRowOfCol: Int32Array;
  busEntry: Float64Array;
  /** Per Bus row: the reduced columns with an entry in it and their coefficients (CSR over original rows). */
  memStart: Int32Array;
  memCol: Int32Array;
  memVal: Float64Array;
}

/** Options of injectionSolver. */
export interface InjectionOptions extends LazyLineOptions {
  /**
   * Substitute a (bus, period)'s injection column only where at most this many columns (orders,
   * storage powers) inject there (default: every one). A bus with many orders keeps its column
   * and row: a Line row then has one entry for it instead of one per order.
   */
  substituteUpTo?: number;
  /**
   * Per round, at most this many overloaded lines per period get their rows, the most overloaded
   * (excess relative to 1 + |bound|) first; doubled every 5 rounds (default: all).
   */
  rowsPerPeriod?: number;
  /** The warm LP of the reduced LP, from its crash basis (default: LpEngine). */
  engine?: (lp: SparseLp, basis: Int32Array) => WarmLp;
}

/**
 * An LpSolver for the PTDF form (`clearPeriods(market, { form: 'ptdf' })`): the bus injections
 * substituted out (see the file comment), the Wasm engine started from a crash basis (every
 * Energy column basic), Line rows added lazily where a solution overloads a line (as
 * lazyLineSolver, from the grid's PTDF rows: `grid` is needed when the network has lines). The
 * tightening re-solves of clearPeriods (bounds only) go on from the last rows and basis.
 * `engine` makes the warm LP of the reduced LP (default: LpEngine from the crash basis).
 */
export function injectionSolver(grid?: GridModel, opts: InjectionOptions = {}, stats?: LazyLineStats): LpSolver {
  const tol = opts.tolerance ?? 1e-7, maxRounds = opts.maxRounds ?? 100, upTo = opts.substituteUpTo ?? Infinity, perPeriod = opts.rowsPerPeriod ?? Infinity;
  const make = opts.engine ?? ((lp: SparseLp, basis: Int32Array) => new LpEngine(lp, { basis }));
  let last: { lp: PeriodsLp; red: Reduction; w: WarmLp; added: number[]; addedRows: AppendRows[]; isRow: Uint8Array } | undefined;
  const drop = () => { last?.w.dispose?.(); last = undefined; };
  return (lp: PeriodsLp) => {
    if (lp.form !== 'ptdf') throw new GridclearError('INVALID_OPTION', "injectionSolver solves the PTDF form (form: 'ptdf')", { field: 'form', value: lp.form });
    const { T, nL, nB } = lineShape(lp);
    if (nL > 0 && !grid) throw new GridclearError('INVALID_OPTION', 'lazy PTDF line rows need the grid (injectionSolver(grid))', { field: 'grid' });
    if (last && boundsOnly(last.lp, lp) && last.w.setColumnBounds && last.w.setRowBounds && sameBusBounds(last.lp, lp)) {
      const { red, w } = last;
      for (let j = 0; j < lp.numCols; j++) if (red.colOf[j] >= 0 && (lp.colLower[j] !== last.lp.colLower[j] || lp.colUpper[j] !== last.lp.colUpper[j])) w.setColumnBounds!(red.colOf[j], lp.colLower[j], lp.colUpper[j]);
      for (let i = 0; i < lp.numRows; i++) if (red.rowOf[i] >= 0 && (lp.rowLower[i] !== last.lp.rowLower[i] || lp.rowUpper[i] !== last.lp.rowUpper[i])) w.setRowBounds!(red.rowOf[i], lp.rowLower[i], lp.rowUpper[i]);
      last.lp = lp;
    } else {
      drop();
      const red = reduce(lp, upTo);
      last = { lp, red, w: make(red.lp, crash(lp, red)), added: [], addedRows: [], isRow: new Uint8Array(T * nL) };
    }
    const { red, w, added, addedRows, isRow } = last;
    const ptdf = new Map<number, Float64Array>();
    let iterations = 0, rounds = 0;
    try {
      for (;;) {
        const sol = w.solve();
        iterations += sol.iterations ?? 0;
        const x = expand(lp, red, sol.x);
        if (sol.status !== 'optimal') return { status: sol.status, x, rowDual: new Float64Array(lp.numRows), iterations };
        const rows = nL === 0 ? { pairs: [] as number[], rows: undefined } : violated(lp, x, grid, T, nL, nB, tol, isRow, ptdf, perPeriod * 2 ** Math.floor(rounds / 5));
        if (rows.pairs.length === 0) {
          if (stats) { stats.rounds = rounds; stats.rowsAdded = added.length; }
          return { status: 'optimal', x, ...duals(lp, red, sol.rowDual, added, addedRows, T * nL), iterations };
        }
        if (++rounds > maxRounds) throw new GridclearError('INTERNAL', `lazy line rows: still ${rows.pairs.length} overloaded (line, period) pairs after ${maxRounds} rounds`);
        for (const k of rows.pairs) { isRow[k] = 1; added.push(k); }
        addedRows.push(rows.rows!);
        w.addRows(substitute(red, rows.rows!));
      }
    } catch (e) {
      drop();
      throw e;
    }
  };
}

/** True when the Bus columns' and Bus rows' bounds are the same in both LPs (the substitution holds for both). */
function sameBusBounds(a: PeriodsLp, b: PeriodsLp): boolean {
  for (let j = 0; j < a.numCols; j++) if (a.colKind[j] === ColKind.Bus && (a.colLower[j] !== b.colLower[j] || a.colUpper[j] !== b.colUpper[j])) return false;
  for (let i = 0; i < a.numRows; i++) if (a.rowKind[i] === RowKind.Bus && (a.rowLower[i] !== b.rowLower[i] || a.rowUpper[i] !== b.rowUpper[i])) return false;
  return true;
}

/** Substitutes the Bus columns out of a PTDF-form LP (each free, with one entry in its Bus row, an equality row at 0). */
function reduce(lp: PeriodsLp, upTo: number): Reduction {
  const n = lp.numCols, m = lp.numRows, cs = lp.colStart, cr = lp.colRow, cv = lp.colValue;
  const busColOfRow = new Int32Array(m).fill(-1), busCoef = new Float64Array(m), busRowOfCol = new Int32Array(n).fill(-1), busEntry = new Float64Array(n);
  const bad = (why: string) => new GridclearError('INTERNAL', `injectionSolver: ${why}`);
  for (let j = 0; j < n; j++) {
    const isBus = lp.colKind[j] === ColKind.Bus;
    if (isBus && (lp.colLower[j] !== -Infinity || lp.colUpper[j] !== Infinity || lp.colCost[j] !== 0)) throw bad('a Bus column that is not free or has a cost');
    for (let e = cs[j]; e < cs[j + 1]; e++) {
      const i = cr[e];
      if (lp.rowKind[i] !== RowKind.Bus) continue;
      if (busRowOfCol[j] >= 0) throw bad('a column in two Bus rows');
      busRowOfCol[j] = i; busEntry[j] = cv[e];
      if (isBus) {
        if (busColOfRow[i] >= 0) throw bad('a Bus row with two Bus columns');
        busColOfRow[i] = j; busCoef[i] = cv[e];
      }
    }
  }
  // members of each Bus row: the other columns with an entry there; a row with at most `upTo` is substituted
  const count = new Int32Array(m);
  for (let j = 0; j < n; j++) if (busRowOfCol[j] >= 0 && lp.colKind[j] !== ColKind.Bus) count[busRowOfCol[j]]++;
  const rowOf = new Int32Array(m).fill(-1), origRow: number[] = [];
  for (let i = 0; i < m; i++) {
    if (lp.rowKind[i] === RowKind.Bus) {
      if (busColOfRow[i] < 0 || lp.rowLower[i] !== 0 || lp.rowUpper[i] !== 0) throw bad('a Bus row without its Bus column or not = 0');
      if (count[i] <= upTo) continue;
      busColOfRow[i] = -1; // kept: its column and row stay in the LP
    }
    rowOf[i] = origRow.length; origRow.push(i);
  }
  const colOf = new Int32Array(n).fill(-1), origCol: number[] = [];
  for (let j = 0; j < n; j++) {
    if (lp.colKind[j] === ColKind.Bus && busColOfRow[busRowOfCol[j]] === j) continue;
    colOf[j] = origCol.length; origCol.push(j);
  }
  for (let j = 0; j < n; j++) if (busRowOfCol[j] >= 0 && busColOfRow[busRowOfCol[j]] < 0) busRowOfCol[j] = -1; // in a kept row: an ordinary entry
  const memStart = new Int32Array(m + 1);
  for (const j of origCol) if (busRowOfCol[j] >= 0) memStart[busRowOfCol[j] + 1]++;
  for (let i = 0; i < m; i++) memStart[i + 1] += memStart[i];
  const memCol = new Int32Array(memStart[m]), memVal = new Float64Array(memStart[m]), fill = memStart.slice(0, m);
  for (const j of origCol) if (busRowOfCol[j] >= 0) { const k = fill[busRowOfCol[j]]++; memCol[k] = colOf[j]; memVal[k] = busEntry[j]; }
  // reduced columns: own entries outside Bus rows, plus -(a / cb) x the bus column's entries
  const nr = origCol.length, colStart = new Int32Array(nr + 1), at = new Int32Array(origRow.length).fill(-1);
  let cap = 0;
  for (const j of origCol) cap += cs[j + 1] - cs[j] + (busRowOfCol[j] >= 0 ? cs[busColOfRow[busRowOfCol[j]] + 1] - cs[busColOfRow[busRowOfCol[j]]] : 0);
  const rows = new Int32Array(cap), vals = new Float64Array(cap);
  let w = 0;
  for (let c = 0; c < nr; c++) {
    const j = origCol[c], first = w, br = busRowOfCol[j];
    // own entries outside substituted rows, then the substituted column's times -(a / cb)
    for (let pass = 0; pass < 2; pass++) {
      const src = pass === 0 ? j : br >= 0 ? busColOfRow[br] : -1;
      if (src < 0) break;
      const f = pass === 0 ? 1 : -busEntry[j] / busCoef[br];
      for (let e = cs[src]; e < cs[src + 1]; e++) {
        const r = rowOf[cr[e]];
        if (r < 0) continue;
        if (at[r] >= first) vals[at[r]] += f * cv[e];
        else { at[r] = w; rows[w] = r; vals[w++] = f * cv[e]; }
      }
    }
    colStart[c + 1] = w;
  }
  const pick = (a: Float64Array, idx: number[]) => {
    const out = new Float64Array(idx.length);
    for (let k = 0; k < idx.length; k++) out[k] = a[idx[k]];
    return out;
  };
  const red: SparseLp = {
    numCols: nr, numRows: origRow.length, maximize: lp.maximize, colStart, colRow: rows.slice(0, w), colValue: vals.slice(0, w),
    colLower: pick(lp.colLower, origCol), colUpper: pick(lp.colUpper, origCol), colCost: pick(lp.colCost, origCol),
    rowLower: pick(lp.rowLower, origRow), rowUpper: pick(lp.rowUpper, origRow),
  };
  return { lp: red, colOf, rowOf, origCol: Int32Array.from(origCol), origRow: Int32Array.from(origRow), busColOfRow, busCoef, busRowOfCol, busEntry, memStart, memCol, memVal };
}

/** The crash basis of the reduced LP: every Energy column basic in place of its Energy row's logical, other columns at the bound their cost wants. */
function crash(lp: PeriodsLp, red: Reduction): Int32Array {
  const r = red.lp, n = r.numCols, b = new Int32Array(n + r.numRows);
  for (let c = 0; c < n; c++) b[c] = columnResting(r.colCost[c], r.colLower[c], r.colUpper[c]);
  for (let k = 0; k < lp.busCol.length; k++) {
    const c = red.colOf[lp.busCol[k]], i = red.rowOf[lp.busRow[k]];
    if (c >= 0 && i >= 0) { b[c] = BasisStatus.Basic; b[n + i] = -1; }
  }
  for (let k = 0; k < lp.energyCol.length; k++) {
    const c = red.colOf[lp.energyCol[k]], i = red.rowOf[lp.energyRow[k]];
    if (c >= 0 && i >= 0 && r.colLower[c] < r.colUpper[c]) { b[c] = BasisStatus.Basic; b[n + i] = -1; }
  }
  for (let i = 0; i < r.numRows; i++) {
    b[n + i] = b[n + i] !== -1 ? BasisStatus.Basic : logicalResting(r.rowLower[i], r.rowUpper[i]);
  }
  return b;
}

/** The PTDF form's column values: the reduced columns' and each Bus column the injections of its bus. */
function expand(lp: PeriodsLp, red: Reduction, xr: Float64Array): Float64Array {
  const x = new Float64Array(lp.numCols);
  for (let c = 0; c < red.origCol.length; c++) x[red.origCol[c]] = xr[c];
  for (let i = 0; i < lp.numRows; i++) {
    const bc = red.busColOfRow[i];
    if (bc < 0) continue;
    let s = 0;
    for (let k = red.memStart[i]; k < red.memStart[i + 1]; k++) s += red.memVal[k] * xr[red.memCol[k]];
    x[bc] = -s / red.busCoef[i];
  }
  return x;
}

/** Rows over the PTDF form's Bus columns as rows over the reduced columns. */
function substitute(red: Reduction, rows: AppendRows): AppendRows {
  const k = rows.lower.length, start = [0], index: number[] = [], value: number[] = [], at = new Int32Array(red.lp.numCols).fill(-1);
  for (let r = 0; r < k; r++) {
    const first = index.length;
    for (let e = rows.start[r]; e < rows.start[r + 1]; e++) {
      const j = rows.index[e], br = red.busRowOfCol[j];
      if (red.colOf[j] >= 0) {
        const c = red.colOf[j];
        if (at[c] >= first) value[at[c]] += rows.value[e];
        else { at[c] = index.length; index.push(c); value.push(rows.value[e]); }
        continue;
      }
      const f = -rows.value[e] / red.busCoef[br];
      for (let q = red.memStart[br]; q < red.memStart[br + 1]; q++) {
        const c = red.memCol[q], v = f * red.memVal[q];
        if (at[c] >= first) value[at[c]] += v;
        else { at[c] = index.length; index.push(c); value.push(v); }
      }
    }
    start.push(index.length);
  }
  return { lower: rows.lower, upper: rows.upper, start: Int32Array.from(start), index: Int32Array.from(index), value: Float64Array.from(value) };
}

/**
 * The PTDF form's row duals and line duals from the reduced LP's: the rows kept and the added Line
 * rows as they are; each Bus row's from its Bus column's zero reduced cost,
 * y_bus = -(sum of the column's other entries x their rows' duals) / its coefficient in the Bus row.
 */
function duals(lp: PeriodsLp, red: Reduction, yr: Float64Array, added: number[], addedRows: AppendRows[], pairs: number): { rowDual: Float64Array; lineDual: Float64Array } {
  const rowDual = new Float64Array(lp.numRows), lineDual = new Float64Array(pairs), m = red.lp.numRows;
  for (let r = 0; r < m; r++) rowDual[red.origRow[r]] = yr[r];
  const acc = new Float64Array(lp.numCols);
  for (let r = 0; r < lp.numRows; r++) {
    const bc = red.busColOfRow[r];
    if (bc < 0) continue;
    for (let e = lp.colStart[bc]; e < lp.colStart[bc + 1]; e++) if (red.rowOf[lp.colRow[e]] >= 0) acc[bc] += lp.colValue[e] * yr[red.rowOf[lp.colRow[e]]];
  }
  let r = 0;
  for (const rows of addedRows) {
    for (let k = 0; k < rows.lower.length; k++, r++) {
      const y = yr[m + r];
      lineDual[added[r]] = y;
      for (let e = rows.start[k]; e < rows.start[k + 1]; e++) acc[rows.index[e]] += rows.value[e] * y;
    }
  }
  for (let i = 0; i < lp.numRows; i++) if (red.busColOfRow[i] >= 0) rowDual[i] = -acc[red.busColOfRow[i]] / red.busCoef[i];
  return { rowDual, lineDual };
}

