// The LP of a market with blocks: the multi-period LP of its simple part (src/periods/formulation)
// with columns and rows appended, never changed: per block a ratio column r (its profile in the
// Bus rows of its bus) and, when the block may be partly accepted, an acceptance column y with
// rows r - min y >= 0 and r - y <= 0 (an all-or-nothing block uses r as y); a row y_child - y_parent
// <= 0 per linked block; a row sum y <= 1 per exclusive group; a flow column per border and
// period between the Balance rows of its two zones. Branch and bound fixes y; see docs/blocks.md.
import type { GridModel } from '../grid/index.js';
import { pow10 } from '../model/fixed.js';
import { formulate, RowKind, type FormulateOptions, type PeriodsLp, type Tightening } from '../periods/formulation.js';
import type { BasicBlocks } from './normalize.js';

/** Column kinds appended to the periods LP's (ColKind 0..5; until 2026-12-02 Ratio was 5, ColKind.Angle's value). */
export const BlockColKind = { Ratio: 6, Accept: 7, Border: 8 } as const;
/** Row kinds appended to the periods LP's (RowKind 0..4). */
export const BlockRowKind = { MinRatio: 5, MaxRatio: 6, Link: 7, Exclusive: 8, Cut: 9 } as const;

/** The LP of a market with blocks. */
export interface BlocksLp extends PeriodsLp {
  /** Per block: its ratio column and its acceptance column (the same for an all-or-nothing block). */
  ratioCol: Int32Array;
  acceptCol: Int32Array;
  /** Per border and period (k*T + t): its flow column (MW from -> to). */
  borderCol: Int32Array;
}

/** Columns and rows to append to an LP: each column's entries may name old or new rows. */
export interface LpExtension {
  cols: { kind: number; ref: number; t: number; lo: number; hi: number; cost: number; rows: number[]; vals: number[] }[];
  rows: { kind: number; ref: number; t: number; lo: number; hi: number }[];
}

/** A new LP: `lp` with the extension's columns and rows appended (its own arrays are not touched). */
export function appendToLp<L extends PeriodsLp>(lp: L, ext: LpExtension): L {
  const nC = lp.numCols + ext.cols.length, nR = lp.numRows + ext.rows.length;
  const nnz = lp.colStart[lp.numCols] + ext.cols.reduce((s, c) => s + c.rows.length, 0);
  const colStart = new Int32Array(nC + 1), colRow = new Int32Array(nnz), colValue = new Float64Array(nnz);
  colStart.set(lp.colStart);
  colRow.set(lp.colRow.subarray(0, lp.colStart[lp.numCols]));
  colValue.set(lp.colValue.subarray(0, lp.colStart[lp.numCols]));
  let p = lp.colStart[lp.numCols];
  ext.cols.forEach((c, j) => { colRow.set(c.rows, p); colValue.set(c.vals, p); p += c.rows.length; colStart[lp.numCols + j + 1] = p; });
  const cat = <A extends Float64Array | Int32Array | Uint8Array>(a: A, b: number[], C: { new(n: number): A }): A => {
    const out = new C(a.length + b.length);
    out.set(a as never); out.set(b as never, a.length);
    return out;
  };
  return {
    ...lp, numCols: nC, numRows: nR, colStart, colRow, colValue,
    colKind: cat(lp.colKind, ext.cols.map((c) => c.kind), Uint8Array), colRef: cat(lp.colRef, ext.cols.map((c) => c.ref), Int32Array),
    colPeriod: cat(lp.colPeriod, ext.cols.map((c) => c.t), Int32Array), colLower: cat(lp.colLower, ext.cols.map((c) => c.lo), Float64Array),
    colUpper: cat(lp.colUpper, ext.cols.map((c) => c.hi), Float64Array), colCost: cat(lp.colCost, ext.cols.map((c) => c.cost), Float64Array),
    rowKind: cat(lp.rowKind, ext.rows.map((r) => r.kind), Uint8Array), rowRef: cat(lp.rowRef, ext.rows.map((r) => r.ref), Int32Array),
    rowPeriod: cat(lp.rowPeriod, ext.rows.map((r) => r.t), Int32Array), rowLower: cat(lp.rowLower, ext.rows.map((r) => r.lo), Float64Array),
    rowUpper: cat(lp.rowUpper, ext.rows.map((r) => r.hi), Float64Array),
  };
}

/** A row over existing columns, to append: its kind, element and period, bounds and entries. */
export interface RowToAppend {
  kind: number;
  ref: number;
  t: number;
  lo: number;
  hi: number;
  cols: ArrayLike<number>;
  vals: ArrayLike<number>;
}

/**
 * A new LP: `lp` with rows over its columns appended (their entries merged into the columns, after
 * each column's own). The columns no row touches are copied in runs (a line row touches a few
 * Angle columns of the whole LP's hundreds of thousands).
 */
export function appendRows<L extends PeriodsLp>(lp: L, rows: RowToAppend[]): L {
  const n = lp.numCols, add = new Int32Array(n);
  for (const r of rows) for (let e = 0; e < r.cols.length; e++) add[r.cols[e]]++;
  const nnz = lp.colStart[n];
  let extra = 0;
  for (const r of rows) extra += r.cols.length;
  const colStart = new Int32Array(n + 1), colRow = new Int32Array(nnz + extra), colValue = new Float64Array(nnz + extra), fill = new Int32Array(n);
  let shift = 0, src = 0;
  for (let j = 0; j < n; j++) {
    colStart[j + 1] = lp.colStart[j + 1] + shift + add[j];
    if (add[j] === 0) continue;
    // the old entries up to column j's end move by the entries added before column j
    const end = lp.colStart[j + 1];
    colRow.set(lp.colRow.subarray(src, end), src + shift);
    colValue.set(lp.colValue.subarray(src, end), src + shift);
    fill[j] = end + shift;
    src = end;
    shift += add[j];
  }
  colRow.set(lp.colRow.subarray(src, nnz), src + shift);
  colValue.set(lp.colValue.subarray(src, nnz), src + shift);
  rows.forEach((r, i) => { for (let e = 0; e < r.cols.length; e++) { const j = r.cols[e]; colRow[fill[j]] = lp.numRows + i; colValue[fill[j]++] = r.vals[e]; } });
  const cat = <A extends Float64Array | Int32Array | Uint8Array>(a: A, b: number[], C: { new(n: number): A }): A => {
    const out = new C(a.length + b.length);
    out.set(a as never); out.set(b as never, a.length);
    return out;
  };
  return {
    ...lp, numRows: lp.numRows + rows.length, colStart, colRow, colValue,
    rowKind: cat(lp.rowKind, rows.map((r) => r.kind), Uint8Array), rowRef: cat(lp.rowRef, rows.map((r) => r.ref), Int32Array),
    rowPeriod: cat(lp.rowPeriod, rows.map((r) => r.t), Int32Array), rowLower: cat(lp.rowLower, rows.map((r) => r.lo), Float64Array),
    rowUpper: cat(lp.rowUpper, rows.map((r) => r.hi), Float64Array),
  };
}

/**
 * The LP relaxation of a market with blocks (every y in [0, 1]). A DC network is stated in the
 * angle form by default (`opts.form`; `opts.lazyLines` leaves its Line rows out, for a method that
 * adds the violated ones: searchBlocks does); zones and the copper plate have no lines.
 */
export function formulateBlocks(b: BasicBlocks, grid?: GridModel, tight?: Tightening, opts: FormulateOptions = {}): BlocksLp {
  const m = b.m, T = m.periodIds.length, nB = m.net.busIds.length, nBlocks = b.blockIds.length, nK = b.borderIds.length;
  // borders join the Balance rows of the ptdf form (a network without lines: no PTDF at all)
  const network = b.kind === 'network' && m.net.lineIds.length > 0;
  const base = formulate(m, grid, tight, network ? { form: opts.form ?? 'angles', lazyLines: opts.lazyLines ?? false } : {});
  const qs = Number(pow10(m.qd)), ps = Number(pow10(m.pd)), hs = Number(pow10(m.dd));
  const hours = m.duration.map((h) => Number(h) / hs);
  const ext: LpExtension = { cols: [], rows: [] };
  const col = (kind: number, ref: number, t: number, lo: number, hi: number, cost: number) => { ext.cols.push({ kind, ref, t, lo, hi, cost, rows: [], vals: [] }); return base.numCols + ext.cols.length - 1; };
  const row = (kind: number, ref: number, t: number, lo: number, hi: number) => { ext.rows.push({ kind, ref, t, lo, hi }); return base.numRows + ext.rows.length - 1; };
  const entry = (c: number, r: number, v: number) => { const x = ext.cols[c - base.numCols]; x.rows.push(r); x.vals.push(v); };
  const ratioCol = new Int32Array(nBlocks), acceptCol = new Int32Array(nBlocks), borderCol = new Int32Array(nK * T);
  for (let k = 0; k < nBlocks; k++) {
    const s = b.blockSide[k], price = Number(b.blockPrice[k]) / ps;
    let energy = 0;
    for (let t = 0; t < T; t++) energy += (Number(b.blockQty[k * T + t]) / qs) * hours[t];
    const r = col(BlockColKind.Ratio, k, -1, 0, 1, -s * price * energy);
    for (let t = 0; t < T; t++) {
      const q = Number(b.blockQty[k * T + t]) / qs;
      if (q !== 0) entry(r, base.busRow[t * nB + b.blockBus[k]], -s * q);
    }
    ratioCol[k] = r; acceptCol[k] = r;
    if (b.blockMin[k] < 1_000_000n) {
      const y = col(BlockColKind.Accept, k, -1, 0, 1, 0);
      acceptCol[k] = y;
      const lo = row(BlockRowKind.MinRatio, k, -1, 0, Infinity), hi = row(BlockRowKind.MaxRatio, k, -1, -Infinity, 0);
      entry(r, lo, 1); entry(y, lo, -Number(b.blockMin[k]) / 1e6);
      entry(r, hi, 1); entry(y, hi, -1);
    }
  }
  for (let k = 0; k < nBlocks; k++) {
    const p = b.blockParent[k];
    if (p < 0) continue;
    const r = row(BlockRowKind.Link, k, -1, -Infinity, 0);
    entry(acceptCol[k], r, 1); entry(acceptCol[p], r, -1);
  }
  const members: number[][] = b.groupIds.map(() => []);
  for (let k = 0; k < nBlocks; k++) if (b.blockGroup[k] >= 0) members[b.blockGroup[k]].push(k);
  members.forEach((list, g) => {
    if (list.length < 2) return;
    const r = row(BlockRowKind.Exclusive, g, -1, -Infinity, 1);
    for (const k of list) entry(acceptCol[k], r, 1);
  });
  if (nK > 0) {
    const balance = new Int32Array(T * m.net.islandReference.length).fill(-1);
    for (let i = 0; i < base.numRows; i++) if (base.rowKind[i] === RowKind.Balance) balance[base.rowPeriod[i] * m.net.islandReference.length + base.rowRef[i]] = i;
    const nI = m.net.islandReference.length;
    for (let k = 0; k < nK; k++) {
      for (let t = 0; t < T; t++) {
        const c = col(BlockColKind.Border, k, t, -Number(b.borderRev[k * T + t]) / qs, Number(b.borderCap[k * T + t]) / qs, 0);
        entry(c, balance[t * nI + m.net.busIsland[b.borderFrom[k]]], -1);
        entry(c, balance[t * nI + m.net.busIsland[b.borderTo[k]]], 1);
        borderCol[k * T + t] = c;
      }
    }
  }
  return { ...appendToLp(base, ext), ratioCol, acceptCol, borderCol };
}

/** The LP with the block decisions fixed (1: accepted, y = 1; 0: rejected, y = 0), for the price check. */
export function fixDecisions(lp: BlocksLp, accept: ArrayLike<number>): BlocksLp {
  const colLower = lp.colLower.slice(), colUpper = lp.colUpper.slice();
  for (let k = 0; k < lp.acceptCol.length; k++) colLower[lp.acceptCol[k]] = colUpper[lp.acceptCol[k]] = accept[k] ? 1 : 0;
  return { ...lp, colLower, colUpper };
}
