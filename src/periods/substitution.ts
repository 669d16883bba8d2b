// The substitution of the PTDF form's bus injections (reduced.ts's injectionSolver): the Bus
// columns and Bus rows of buses with few members taken out of the LP, the members getting the
// bus column's entries; the solution and duals mapped back. Orders left out by sifting
// (sifting.ts) are constants of their Bus rows (`rhs`), moved into the bounds of the rows their
// bus column reaches (`off`). See docs/periods.md.
import { GridclearError } from '../errors.js';
import { BasisStatus, type SparseLp } from '../lp/types.js';
import { ColKind, RowKind, type PeriodsLp } from './formulation.js';
import { columnResting, logicalResting } from './crash.js';
import type { AppendRows } from './lazy.js';
import { IN, OUT_HIGH, type SiftState } from './sifting.js';

/**
 * Where appended rows sit in the engine's LP when Ramp rows are appended too (lazy ramps): the
 * first engine row of each block of Line rows (`addedRows` order), and each appended Ramp row's
 * original row and engine row.
 */
export interface Appended {
  lineFirst: number[];
  rampRow: number[];
  rampAt: number[];
}

/** The substitution of one PTDF-form LP. */
export interface Reduction {
  lp: SparseLp;
  /** Original column / row -> reduced (-1: a Bus column / Bus row, or an order left out); reduced -> original (-1: an elastic column). */
  colOf: Int32Array;
  rowOf: Int32Array;
  origCol: number[];
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
  /** Members brought in later (sifting), per Bus row: (reduced column, coefficient) pairs. */
  extra: Map<number, number[]>;
  /** Per reduced row (the added Line rows too): its bounds in the PTDF form's LP and the constant they lose (the Bus rows' constants). */
  lo0: number[];
  hi0: number[];
  off: number[];
  /**
   * Per original row: the constant that the orders left out (sifting) put into a Bus row
   * (bus column + members = rhs); 0 elsewhere.
   */
  rhs: Float64Array;
}

/**
 * Substitutes the Bus columns out of a PTDF-form LP (each free, with one entry in its Bus row, an
 * equality row at 0). Columns with `st.state` not IN (sifting) are left out, fixed at a bound: their
 * Bus rows' constants (`rhs`) take their injections, and the rows the substituted Bus columns
 * enter take those constants into their bounds.
 */
export function reduce(lp: PeriodsLp, upTo: number, st: SiftState, skip?: Uint8Array): Reduction {
  const out = st.state;
  const n = lp.numCols, m = lp.numRows;
  const busColOfRow = new Int32Array(m).fill(-1), busCoef = new Float64Array(m), busRowOfCol = new Int32Array(n).fill(-1), busEntry = new Float64Array(n);
  const bad = (why: string) => new GridclearError('INTERNAL', `injectionSolver: ${why}`);
  busEntries(lp, busColOfRow, busCoef, busRowOfCol, busEntry);
  // members of each Bus row: the other columns with an entry there; a row with at most `upTo` is substituted
  const count = new Int32Array(m);
  for (let j = 0; j < n; j++) if (busRowOfCol[j] >= 0 && lp.colKind[j] !== ColKind.Bus && out[j] === IN) count[busRowOfCol[j]]++;
  const rowOf = new Int32Array(m).fill(-1), origRow: number[] = [];
  for (let i = 0; i < m; i++) {
    if (lp.rowKind[i] === RowKind.Bus) {
      if (busColOfRow[i] < 0 || lp.rowLower[i] !== 0 || lp.rowUpper[i] !== 0) throw bad('a Bus row without its Bus column or not = 0');
      if (count[i] <= upTo) continue;
      busColOfRow[i] = -1; // kept: its column and row stay in the LP
    }
    if (skip?.[i]) continue; // a lazy Ramp row: appended when a solution breaks it
    rowOf[i] = origRow.length; origRow.push(i);
  }
  const colOf = new Int32Array(n).fill(-1), origCol: number[] = [];
  for (let j = 0; j < n; j++) {
    if ((lp.colKind[j] === ColKind.Bus && busColOfRow[busRowOfCol[j]] === j) || out[j] !== IN) continue;
    colOf[j] = origCol.length; origCol.push(j);
  }
  for (let j = 0; j < n; j++) if (busRowOfCol[j] >= 0 && busColOfRow[busRowOfCol[j]] < 0) busRowOfCol[j] = -1; // in a kept row: an ordinary entry
  const memStart = new Int32Array(m + 1);
  for (const j of origCol) if (busRowOfCol[j] >= 0) memStart[busRowOfCol[j] + 1]++;
  for (let i = 0; i < m; i++) memStart[i + 1] += memStart[i];
  const memCol = new Int32Array(memStart[m]), memVal = new Float64Array(memStart[m]), fill = memStart.slice(0, m);
  for (const j of origCol) if (busRowOfCol[j] >= 0) { const k = fill[busRowOfCol[j]]++; memCol[k] = colOf[j]; memVal[k] = busEntry[j]; }
  // reduced columns: own entries outside Bus rows, plus -(a / cb) x the bus column's entries
  const { colStart, rows, vals, w } = reducedColumns(lp, origCol, origRow.length, rowOf, busRowOfCol, busColOfRow, busEntry, busCoef);
  const nr = origCol.length;
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
  // the orders left out: their injections as constants of their Bus rows, moved into the bounds
  const rhs = new Float64Array(m);
  for (let k = 0; k < st.eligible.length; k++) {
    const j = st.eligible[k];
    if (out[j] !== IN) rhs[st.row[j]] -= st.coef[j] * (out[j] === OUT_HIGH ? lp.colUpper[j] : lp.colLower[j]);
  }
  const off: number[] = new Array(red.numRows).fill(0), lo0 = Array.from(red.rowLower), hi0 = Array.from(red.rowUpper);
  const res: Reduction = { lp: red, colOf, rowOf, origCol, origRow: Int32Array.from(origRow), busColOfRow, busCoef, busRowOfCol, busEntry, memStart, memCol, memVal, extra: new Map(), lo0, hi0, off, rhs };
  for (let i = 0; i < m; i++) if (rhs[i] !== 0) shiftRows(lp, res, i, rhs[i], off);
  for (let r = 0; r < red.numRows; r++) { red.rowLower[r] -= off[r]; red.rowUpper[r] -= off[r]; }
  return res;
}

/** Each column's Bus row entry (busRowOfCol, busEntry) and each Bus row's Bus column (busColOfRow, busCoef); checks the shape. */
function busEntries(lp: PeriodsLp, busColOfRow: Int32Array, busCoef: Float64Array, busRowOfCol: Int32Array, busEntry: Float64Array): void {
  const n = lp.numCols, cs = lp.colStart, cr = lp.colRow, cv = lp.colValue, colKind = lp.colKind, rowKind = lp.rowKind;
  const bad = (why: string) => new GridclearError('INTERNAL', `injectionSolver: ${why}`);
  for (let j = 0; j < n; j++) {
    const isBus = colKind[j] === ColKind.Bus;
    if (isBus && (lp.colLower[j] !== -Infinity || lp.colUpper[j] !== Infinity || lp.colCost[j] !== 0)) throw bad('a Bus column that is not free or has a cost');
    for (let e = cs[j]; e < cs[j + 1]; e++) {
      const i = cr[e];
      if (rowKind[i] !== RowKind.Bus) continue;
      if (busRowOfCol[j] >= 0) throw bad('a column in two Bus rows');
      busRowOfCol[j] = i; busEntry[j] = cv[e];
      if (isBus) {
        if (busColOfRow[i] >= 0) throw bad('a Bus row with two Bus columns');
        busColOfRow[i] = j; busCoef[i] = cv[e];
      }
    }
  }
}

/** The reduced LP's columns (CSC over reduced rows): each kept column's own entries outside substituted rows, plus -(a / cb) x its bus column's. */
function reducedColumns(lp: PeriodsLp, origCol: number[], mr: number, rowOf: Int32Array, busRowOfCol: Int32Array, busColOfRow: Int32Array, busEntry: Float64Array, busCoef: Float64Array):
  { colStart: Int32Array; rows: Int32Array; vals: Float64Array; w: number } {
  const cs = lp.colStart, cr = lp.colRow, cv = lp.colValue;
  const nr = origCol.length, colStart = new Int32Array(nr + 1), at = new Int32Array(mr).fill(-1);
  let cap = 0;
  for (let c = 0; c < nr; c++) {
    const j = origCol[c];
    cap += cs[j + 1] - cs[j] + (busRowOfCol[j] >= 0 ? cs[busColOfRow[busRowOfCol[j]] + 1] - cs[busColOfRow[busRowOfCol[j]]] : 0);
  }
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
  return { colStart, rows, vals, w };
}

/**
 * Adds to `off` (per reduced row, the constant its bounds lose) what a change `delta` of Bus row i's
 * constant moves: a kept Bus row its own bounds (-delta); a substituted one, delta / (its column's
 * Bus-row entry) times the column's entries in the kept rows (not the Line rows added: the caller's).
 */
export function shiftRows(lp: PeriodsLp, red: Reduction, i: number, delta: number, off: number[]): void {
  const bc = red.busColOfRow[i];
  if (bc < 0) { off[red.rowOf[i]] -= delta; return; }
  for (let e = lp.colStart[bc]; e < lp.colStart[bc + 1]; e++) {
    const r = red.rowOf[lp.colRow[e]];
    if (r >= 0) off[r] += (lp.colValue[e] * delta) / red.busCoef[i];
  }
}

/** The crash basis of the reduced LP: every Energy column basic in place of its Energy row's logical, other columns at the bound their cost wants. */
export function crash(lp: PeriodsLp, red: Reduction): Int32Array {
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

/** The PTDF form's column values: the reduced columns', the orders left out at their bounds, and each Bus column the injections of its bus. */
export function expand(lp: PeriodsLp, red: Reduction, st: SiftState, xr: Float64Array): Float64Array {
  const x = new Float64Array(lp.numCols);
  for (let c = 0; c < red.origCol.length; c++) if (red.origCol[c] >= 0) x[red.origCol[c]] = xr[c];
  for (let k = 0; k < st.eligible.length; k++) {
    const j = st.eligible[k];
    if (st.state[j] !== IN) x[j] = st.state[j] === OUT_HIGH ? lp.colUpper[j] : lp.colLower[j];
  }
  for (let i = 0; i < lp.numRows; i++) {
    const bc = red.busColOfRow[i];
    if (bc < 0) continue;
    let s = 0;
    for (let k = red.memStart[i]; k < red.memStart[i + 1]; k++) s += red.memVal[k] * xr[red.memCol[k]];
    const more = red.extra.get(i);
    if (more) for (let k = 0; k < more.length; k += 2) s += more[k + 1] * xr[more[k]];
    x[bc] = (red.rhs[i] - s) / red.busCoef[i];
  }
  return x;
}

/** Rows over the PTDF form's Bus columns as rows over the reduced columns (`numCols` of them), their bounds less the Bus rows' constants. */
export function substitute(red: Reduction, rows: AppendRows, numCols: number): AppendRows {
  const k = rows.lower.length, at = new Int32Array(numCols).fill(-1), extra = red.extra.size > 0 ? red.extra : undefined;
  const lower = Float64Array.from(rows.lower), upper = Float64Array.from(rows.upper);
  // room for every entry before merging: a kept column's one, a substituted bus column's members
  let cap = 0;
  for (let e = 0; e < rows.start[k]; e++) {
    const j = rows.index[e], br = red.busRowOfCol[j];
    if (red.colOf[j] >= 0) { cap++; continue; }
    cap += red.memStart[br + 1] - red.memStart[br] + ((extra?.get(br)?.length ?? 0) >> 1);
  }
  const start = new Int32Array(k + 1), index = new Int32Array(cap), value = new Float64Array(cap);
  let w = 0;
  for (let r = 0; r < k; r++) {
    const first = w;
    let off = 0;
    for (let e = rows.start[r]; e < rows.start[r + 1]; e++) {
      const j = rows.index[e], br = red.busRowOfCol[j];
      if (red.colOf[j] >= 0) {
        const c = red.colOf[j];
        if (at[c] >= first) value[at[c]] += rows.value[e];
        else { at[c] = w; index[w] = c; value[w++] = rows.value[e]; }
        continue;
      }
      const f = -rows.value[e] / red.busCoef[br], more = extra?.get(br);
      off -= f * red.rhs[br];
      for (let q = red.memStart[br]; q < red.memStart[br + 1]; q++) {
        const c = red.memCol[q], v = f * red.memVal[q];
        if (at[c] >= first) value[at[c]] += v;
        else { at[c] = w; index[w] = c; value[w++] = v; }
      }
      if (more) {
        for (let q = 0; q < more.length; q += 2) {
          const c = more[q], v = f * more[q + 1];
          if (at[c] >= first) value[at[c]] += v;
          else { at[c] = w; index[w] = c; value[w++] = v; }
        }
      }
    }
    start[r + 1] = w;
    red.lo0.push(lower[r]); red.hi0.push(upper[r]); red.off.push(off);
    lower[r] -= off; upper[r] -= off;
  }
  return { lower, upper, start, index: index.slice(0, w), value: value.slice(0, w) };
}

/**
 * The PTDF form's row duals and line duals from the reduced LP's: the rows kept and the added Line
 * and Ramp rows as they are (where `appended` says they sit in the engine's LP); each Bus row's from its Bus column's zero reduced cost,
 * y_bus = -(sum of the column's other entries x their rows' duals) / its coefficient in the Bus row.
 */
export function duals(lp: PeriodsLp, red: Reduction, yr: Float64Array, added: number[], addedRows: AppendRows[], pairs: number, appended: Appended): { rowDual: Float64Array; lineDual: Float64Array } {
  const rowDual = new Float64Array(lp.numRows), lineDual = new Float64Array(pairs), m = red.lp.numRows;
  for (let r = 0; r < m; r++) rowDual[red.origRow[r]] = yr[r];
  const acc = new Float64Array(lp.numCols);
  for (let r = 0; r < lp.numRows; r++) {
    const bc = red.busColOfRow[r];
    if (bc < 0) continue;
    for (let e = lp.colStart[bc]; e < lp.colStart[bc + 1]; e++) if (red.rowOf[lp.colRow[e]] >= 0) acc[bc] += lp.colValue[e] * yr[red.rowOf[lp.colRow[e]]];
  }
  let r = 0;
  for (let b = 0; b < addedRows.length; b++) {
    const rows = addedRows[b], at = appended.lineFirst[b];
    for (let k = 0; k < rows.lower.length; k++, r++) {
      const y = yr[at + k];
      lineDual[added[r]] = y;
      for (let e = rows.start[k]; e < rows.start[k + 1]; e++) acc[rows.index[e]] += rows.value[e] * y;
    }
  }
  for (let i = 0; i < lp.numRows; i++) if (red.busColOfRow[i] >= 0) rowDual[i] = -acc[red.busColOfRow[i]] / red.busCoef[i];
  for (let q = 0; q < appended.rampRow.length; q++) rowDual[appended.rampRow[q]] = yr[appended.rampAt[q]];
  return { rowDual, lineDual };
}

